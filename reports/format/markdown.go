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

// writeMarkdown writes a GitHub-flavoured Markdown table in the table's
// layout: bold cells in **, marks after them; then the notes.
func writeMarkdown(w io.Writer, t *Table) error {
	head := make([]string, len(t.Header))
	for i, h := range t.Header {
		head[i] = EscapeMarkdown(h)
	}
	rows := make([][]string, len(t.Rows))
	for j, r := range t.Rows {
		rows[j] = make([]string, len(r))
		for i, c := range r {
			text := EscapeMarkdown(c.Text)
			if c.Bold {
				text = "**" + text + "**"
			}
			rows[j][i] = text + EscapeMarkdown(c.Marks)
		}
	}
	var err error
	if t.Markdown == Padded {
		err = writePadded(w, head, rows)
	} else {
		err = writeRows(w, t, head, rows)
	}
	if err == nil && t.Notes != "" {
		_, err = io.WriteString(w, "\n"+t.Notes+"\n")
	}
	return err
}

// writeRows writes the rows as they are, under a rule that gives the
// columns' alignment in the AlignedRows layout.
func writeRows(w io.Writer, t *Table, head []string, rows [][]string) error {
	var b strings.Builder
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|")
	for i := range head {
		switch {
		case t.Markdown != AlignedRows:
			b.WriteString("---|")
		case t.align(i) == Right:
			b.WriteString("--:|")
		default:
			b.WriteString(":--|")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writePadded pads the columns to their widest cell (tablewriter's
// Markdown renderer: header centred, cells left-aligned). Widths are
// counted narrow whatever the locale (tablewriter would count ±, — and ‡
// as two columns under RUNEWIDTH_EASTASIAN or a CJK LANG), so the file is
// the same on every machine.
func writePadded(w io.Writer, head []string, rows [][]string) error {
	tab := tablewriter.NewTable(w, tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithEastAsian(tw.Off))
	tab.Header(head)
	for _, r := range rows {
		if err := tab.Append(r); err != nil {
			return err
		}
	}
	return tab.Render()
}
