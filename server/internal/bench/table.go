package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Row is one line of the bench table.
type Row struct {
	Metric string // what was measured
	Unit   string // ms, KiB, req/s, ...
	Values Sample // one value per run
	Target string // the goal it is held to, if any ("<= 16 ms")
	Note   string // anything the figure needs to be read right
}

// Table collects rows and prints them aligned.
type Table struct {
	Title string
	Rows  []Row
}

// Add appends a row.
func (t *Table) Add(r Row) { t.Rows = append(t.Rows, r) }

// Print writes the table: median, spread (min–max) and run count per row.
func (t *Table) Print(w io.Writer) {
	fmt.Fprintf(w, "\n%s\n%s\n", t.Title, strings.Repeat("=", len(t.Title)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tmedian\tmin–max\truns\tunit\ttarget\tnote")
	for _, r := range t.Rows {
		spread := format(r.Values.Min()) + "–" + format(r.Values.Max())
		if len(r.Values) <= 1 {
			spread = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n",
			r.Metric, format(r.Values.Median()), spread, len(r.Values), r.Unit, r.Target, r.Note)
	}
	tw.Flush()
}
