package e2e

import (
	"context"
	"fmt"
	"testing"
)

// searchApps types q into the picker's search field and waits until the
// list shows its results, want's option first.
func searchApps(t *testing.T, ctx context.Context, q, want string) {
	t.Helper()
	typeText(t, ctx, "app-search", q)
	waitJS(t, ctx, fmt.Sprintf(`(() => {
		const o = [...document.querySelectorAll("#app-listbox [role=option]")];
		return !document.getElementById("app-search-status").innerText.includes("Searching") &&
			o.length > 0 && o.length < 10 && o[0].id === "app-option-" + %s })()`, jsString(want)),
		"the results for "+q)
}

// pickWithMouse clicks the app's option with the mouse and waits for the
// Connect button to name it.
func pickWithMouse(t *testing.T, ctx context.Context, slug, name string) {
	t.Helper()
	mouseClick(t, ctx, byID("app-option-"+slug), "the "+slug+" option")
	waitText(t, ctx, "#connect-button", "Connect "+name)
	waitJS(t, ctx, byID("app-option-"+slug)+`.getAttribute("aria-selected") === "true"`, "the "+slug+" option to be marked chosen")
	// The mark may take the row to two lines: the list still shows it whole.
	waitJS(t, ctx, `(() => {
		const row = `+byID("app-option-"+slug)+`, list = row.closest("[role=listbox]");
		const r = row.getBoundingClientRect(), l = list.getBoundingClientRect();
		const top = l.top + list.clientTop;
		return r.top >= top - 1 && r.bottom <= top + list.clientHeight + 1;
	})()`, "the chosen "+slug+" option whole in its list")
}

// TestPWAPicksTheClickedSearchResult clicks apps with the mouse before and
// after searches: each click picks the app under the pointer, not the one
// the list held there before the search.
func TestPWAPicksTheClickedSearchResult(t *testing.T) {
	s := startPWAStack(t)
	ctx := openPWA(t, s)
	pickWithMouse(t, ctx, "notion", "Notion")

	searchApps(t, ctx, "github", "github")
	pickWithMouse(t, ctx, "github", "GitHub")

	searchApps(t, ctx, "stri", "stripe")
	pickWithMouse(t, ctx, "stripe", "Stripe")
}
