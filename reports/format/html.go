package format

import (
	"html"
	"io"
	"strings"
)

// writeHTML writes an HTML table (a fragment, no page around it): bold
// cells in <strong>, marks in <sup>, numbers right-aligned by a class, the
// notes as a paragraph after it. Every text is escaped.
func writeHTML(w io.Writer, t *Table) error {
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr>")
	for i, h := range t.Header {
		b.WriteString("<th" + alignClass(t.align(i)) + ">" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range r {
			text := html.EscapeString(c.Text)
			if c.Bold {
				text = "<strong>" + text + "</strong>"
			}
			if m := strings.TrimLeft(c.Marks, " "); m != "" {
				text += "<sup>" + html.EscapeString(m) + "</sup>"
			}
			b.WriteString("<td" + alignClass(t.align(i)) + ">" + text + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	if t.Notes != "" {
		b.WriteString("<p class=\"notes\">" + html.EscapeString(t.Notes) + "</p>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func alignClass(a Align) string {
	if a == Right {
		return ` class="num"`
	}
	return ""
}
