package format

import (
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// EscapeMarkdown makes s safe in a Markdown table cell or list item: the
// characters that would end a cell or start emphasis, code, a link or HTML
// are escaped, and a line break becomes a space.
func EscapeMarkdown(s string) string { return mdEscaper.Replace(s) }

var mdEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "`", "\\`", "*", `\*`, "<", `\<`, "[", `\[`, "\n", " ")

// writeMarkdown writes a GitHub-flavoured Markdown table, columns padded
// to their width; bold cells in **, marks after them; then the notes.
func writeMarkdown(w io.Writer, t *Table) error {
	aligns := make([]tw.Align, len(t.Header))
	for i := range aligns {
		aligns[i] = tw.AlignLeft
		if t.align(i) == Right {
			aligns[i] = tw.AlignRight
		}
	}
	tab := tablewriter.NewTable(w, tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}))
	head := make([]string, len(t.Header))
	for i, h := range t.Header {
		head[i] = EscapeMarkdown(h)
	}
	tab.Header(head)
	for _, r := range t.Rows {
		row := make([]string, len(r))
		for i, c := range r {
			text := EscapeMarkdown(c.Text)
			if c.Bold {
				text = "**" + text + "**"
			}
			row[i] = text + EscapeMarkdown(c.Marks)
		}
		if err := tab.Append(row); err != nil {
			return err
		}
	}
	if err := tab.Render(); err != nil {
		return err
	}
	if t.Notes != "" {
		_, err := io.WriteString(w, "\n"+t.Notes+"\n")
		return err
	}
	return nil
}
