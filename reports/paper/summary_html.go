package paper

import (
	"bytes"
	"html/template"
	"io"
	"strings"

	"github.com/sfbench/sfbench/record"
	"github.com/sfbench/sfbench/reports"
	"github.com/sfbench/sfbench/reports/format"
)

// summaryPage is the summary as one self-contained HTML page: the claims
// checklist with its evidence, and per suite its table and a link to the
// suite's own report page (which holds its figures).
type summaryPage struct {
	Title, Compute string
	CSS            template.CSS
	Claims         []Claim
	Suites         []summarySuite
	Protocol       any
}

type summarySuite struct {
	Name, Description, Compute string
	Table                      template.HTML
	Report, Results            string // links, relative to the page
}

var summaryTemplate = template.Must(template.New("summary").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sfbench">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body data-rendered="yes" data-errors="0">
<header>
<h1>{{.Title}}</h1>
<p class="env">{{.Compute}}</p>
<nav><a href="#protocol">Protocol</a>{{if .Claims}} · <a href="#claims">Claims</a>{{end}}{{range .Suites}} · <a href="#{{.Name}}">{{.Name}}</a>{{end}}</nav>
</header>
<main>
<section id="protocol">
<h2>Protocol</h2>
<ul>{{range .Protocol.Terms}}<li><strong>{{.Term}}</strong>{{.Text}}</li>{{end}}</ul>
<p>{{.Protocol.Differs}}</p>
</section>
{{if .Claims}}<section id="claims">
<h2>Claims checklist</h2>
<table>
<thead><tr><th>claim</th><th>verdict</th><th>decided by</th></tr></thead>
<tbody>
{{range .Claims}}<tr><td>{{.Text}}</td><td><strong>{{.Verdict}}</strong></td><td>{{with .Evidence}}{{index . 0}}{{end}} ({{.Suite}})</td></tr>
{{end}}</tbody>
</table>
{{range .Claims}}{{if gt (len .Evidence) 1}}<details><summary>{{.Text}} — {{.Verdict}}</summary>
<ul>{{range slice .Evidence 1}}<li>{{.}}</li>{{end}}</ul>
{{if and .Caveat (ne .Verdict "reproduced") (ne .Verdict "not measured")}}<p class="notes">What might explain it: {{.Caveat}}</p>{{end}}
</details>
{{end}}{{end}}</section>
{{end}}{{range .Suites}}<section id="{{.Name}}">
<h2>{{.Name}}</h2>
<p>{{.Description}}</p>
<p class="env">{{.Compute}}.</p>
{{.Table}}
<p>Figures, selected rates and interactive charts: <a href="{{.Report}}">{{.Report}}</a> (also as <a href="{{.Results}}">{{.Results}}</a>).</p>
</section>
{{end}}</main>
</body>
</html>
`))

// writeSummaryHTML writes the summary page to out.
func writeSummaryHTML(out, title, compute string, claims []Claim, order []*reports.Analysis, folder map[*reports.Analysis]string) error {
	p := summaryPage{Title: title, Compute: compute, CSS: reports.PageCSS(), Claims: claims, Protocol: protocol}
	for _, a := range order {
		var tb bytes.Buffer
		if err := format.HTML.Write(&tb, reports.BuildTable(a).Grid()); err != nil {
			return err
		}
		var tt timeTotals
		tt.add(a)
		dir := folder[a]
		p.Suites = append(p.Suites, summarySuite{Name: a.Suite, Description: strings.TrimSpace(a.Description), Compute: tt.String(),
			Table:  template.HTML(tb.String()), // format.HTML escapes every text
			Report: dir + "/" + reports.HTMLFile, Results: dir + "/" + reports.ResultsFile})
	}
	return record.WriteAtomic(out, func(w io.Writer) error { return summaryTemplate.Execute(w, p) })
}
