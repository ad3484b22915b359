package reports

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wagescope/wagescope/internal/browsertest"
)

// TestBrowserPages opens the site built from the fake reader in headless
// Chromium, from file://: no console errors, no network, no dialogs, every
// chart drawn with data, and the hostile title shown as text.
func TestBrowserPages(t *testing.T) {
	b := browsertest.New(t)
	dir, _, _ := build(t, newFake())

	tests := []struct {
		page   string
		charts []string // element ids that must be among the drawn charts
		h1     string   // text the <h1> must contain
	}{
		{page: "index.html", h1: "wagescope"},
		{page: "occupation/29-2010.html", charts: []string{"chart_wages_29_2010", "chart_areas_states_29_2010"}, h1: "(SOC 29-2010)"},
		{page: "occupation/99-9999.html", charts: []string{"chart_wages_99_9999"}, h1: hostile},
	}
	for _, tc := range tests {
		t.Run(tc.page, func(t *testing.T) {
			p := b.Open(t, filepath.Join(dir, filepath.FromSlash(tc.page)))
			r := p.Result(t)
			p.Screenshot(t, "")

			// console errors, network requests, dialogs, charts not drawn with data
			for _, problem := range r.Problems() {
				t.Error(problem)
			}
			for _, id := range tc.charts {
				if _, ok := r.Chart(id); !ok {
					t.Errorf("no chart %s among %+v", id, r.Charts)
				}
			}
			ids := make([]string, len(r.Charts))
			for i, c := range r.Charts {
				ids[i] = c.ID
			}
			t.Logf("%d charts: %s", len(r.Charts), strings.Join(ids, " "))
			h1 := browsertest.Eval[string](t, p, `(document.querySelector("h1") || {}).textContent || ""`)
			if !strings.Contains(h1, tc.h1) {
				t.Errorf("<h1> text = %q, want it to contain %q", h1, tc.h1)
			}
			// The hostile strings are text: none became a <script> element of its own.
			if n := browsertest.Eval[int](t, p, `Array.from(document.scripts).filter(function (s) { return /^alert\(\d\)$/.test(s.textContent.trim()); }).length`); n != 0 {
				t.Errorf("%d injected <script> elements", n)
			}
		})
	}
}
