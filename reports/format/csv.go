package format

import (
	"encoding/csv"
	"io"
)

// writeCSV writes the header and the rows as CSV (RFC 4180): the cells'
// text and marks, no emphasis.
func writeCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Header)
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = c.Text + c.Marks
		}
		cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}
