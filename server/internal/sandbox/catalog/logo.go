package catalog

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Logo draws the app's logo: a rounded square in the app's colour with its
// initials, as a standalone SVG document.
func (a *App) Logo() []byte {
	fg := "#FFFFFF"
	if luminance(a.Color) > 0.6 {
		fg = "#1A1A1A"
	}
	init := Initials(a.Name)
	size := 30
	if utf8.RuneCountInString(init) == 1 {
		size = 34
	}
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="%s">`+
		`<rect width="64" height="64" rx="14" fill="%s"/>`+
		`<text x="32" y="32" dy="0.35em" text-anchor="middle" font-family="system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif" font-size="%d" font-weight="600" fill="%s">%s</text></svg>`,
		html.EscapeString(a.Name), a.Color, size, fg, html.EscapeString(init))
}

// Initials returns up to two letters for a name: the first letters of its
// first two words ("Google Sheets" -> "GS"), else its first letter and the
// next one ("Slack" -> "Sl"). Text in parentheses is ignored.
func Initials(name string) string {
	if i := strings.IndexByte(name, '('); i > 0 {
		name = name[:i]
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	switch {
	case len(words) == 0:
		return "?"
	case len(words) >= 2:
		a, _ := utf8.DecodeRuneInString(words[0])
		b, _ := utf8.DecodeRuneInString(words[1])
		return string(unicode.ToUpper(a)) + string(unicode.ToUpper(b))
	}
	r := []rune(words[0])
	if len(r) == 1 {
		return string(unicode.ToUpper(r[0]))
	}
	return string(unicode.ToUpper(r[0])) + string(unicode.ToLower(r[1]))
}

// luminance returns the relative luminance (0..1) of a #rrggbb colour.
func luminance(hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return 0
	}
	r, g, b := float64(v>>16&0xff), float64(v>>8&0xff), float64(v&0xff)
	return (0.2126*r + 0.7152*g + 0.0722*b) / 255
}
