package frontend

import (
	"slices"
	"strconv"
	"strings"
)

// Content codings the server keeps precompressed copies for, best first.
const (
	encBrotli = "br"
	encGzip   = "gzip"
)

// negotiate picks the content coding for a request's Accept-Encoding value
// among the codings available (a subset of br, gzip; identity is always
// available). It returns "" for identity. The highest q-value wins; on a tie
// brotli beats gzip, which beats identity. A coding with q=0 is refused, "*"
// stands for every coding not named, and identity, unless named, is
// acceptable but least preferred.
func negotiate(acceptEncoding string, available []string) string {
	if acceptEncoding == "" || len(available) == 0 {
		return ""
	}
	q := map[string]float64{}
	star := -1.0
	for _, part := range strings.Split(acceptEncoding, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || strings.ToLower(strings.TrimSpace(k)) != "q" {
				continue
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1 {
				f = 0
			}
			weight = f
		}
		if name == "*" {
			star = weight
			continue
		}
		if name == "x-gzip" {
			name = encGzip
		}
		q[name] = weight
	}
	weightOf := func(coding string) float64 {
		if w, ok := q[coding]; ok {
			return w
		}
		if star >= 0 {
			return star
		}
		if coding == "identity" {
			return 0.001 // acceptable unless refused, but least preferred
		}
		return 0
	}
	best, bestQ := "", weightOf("identity")
	for _, coding := range []string{encGzip, encBrotli} { // ascending preference
		if !slices.Contains(available, coding) {
			continue
		}
		if w := weightOf(coding); w > 0 && w >= bestQ {
			best, bestQ = coding, w
		}
	}
	return best
}
