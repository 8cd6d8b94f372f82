package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// writeText aligns the columns with spaces (two between columns), for a
// terminal; bold is not shown. The notes follow.
func writeText(w io.Writer, t *Table) error {
	bw := bufio.NewWriter(w)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Header, "\t"))
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = c.Text + c.Marks
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if t.Notes != "" {
		fmt.Fprintf(bw, "\n%s\n", t.Notes)
	}
	return bw.Flush()
}
