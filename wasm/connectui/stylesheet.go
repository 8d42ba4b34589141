package connectui

import _ "embed"

// Stylesheet is the CSS of the component form and its pickers, for class
// names with [DefaultClassPrefix]: serve it as a file (a page with a
// strict Content-Security-Policy allows no inline styles) and link it.
// Theme it with its custom properties (--pd-color-accent, --pd-radius,
// --pd-space, --pd-font, ...), light and dark.
//
//go:embed form.css
var Stylesheet string
