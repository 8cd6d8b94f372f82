package reports

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sfbench/sfbench/internal/selection"
	"github.com/sfbench/sfbench/reports/format"
	"github.com/sfbench/sfbench/reports/plot"
)

// HTMLFile is the self-contained report page Write writes beside
// RESULTS.md: every table and figure of the report in one file that opens
// offline (no network, nothing fetched), with interactive charts drawn by
// a small script embedded in the page, and the PNG figures as the view
// without script.
const HTMLFile = "report.html"

var (
	//go:embed assets/report.js
	reportJS string
	//go:embed assets/report.css
	reportCSS string
	//go:embed assets/report.html.tmpl
	reportTmpl string
)

var pageTemplate = template.Must(template.New("report").Parse(reportTmpl))

// PageCSS is the style sheet of the report pages, for other pages of
// sfbench to look the same (the summary of several suites).
func PageCSS() template.CSS { return template.CSS(reportCSS) }

// page is what the template shows.
type page struct {
	Title, Description, Environment string
	Source                          string
	Table                           template.HTML
	Ranking                         template.HTML
	Targets                         template.HTML
	TargetsNote                     string
	Scores                          template.HTML
	ScoresHeading                   string
	Figures                         []pageFigure
	Rates                           template.HTML
	RatesNote                       string
	Warnings                        []string
	CurvesNote                      string
	Data                            template.JS
	CSS                             template.CSS
	Script                          template.JS
}

// pageFigure is one figure of the page: its static image and, when it has
// an interactive view, the charts' kind.
type pageFigure struct {
	ID, Heading, Caption string
	PNG                  template.URL // data: URL of the figure as PNG
	Charts               string       // "curves", "rates" or "" (static only)
}

// chartData is the page's data: per figure kind, one chart per problem.
type chartData struct {
	Curves []chart `json:"curves"`
	Rates  []chart `json:"rates"`
}

// chart is one problem's interactive chart: per metric, its series.
type chart struct {
	Title   string                 `json:"title"`
	XLabel  string                 `json:"xlabel"`
	LogX    bool                   `json:"logx"`
	Metric  string                 `json:"metric"` // shown first: the reported one
	Point   string                 `json:"point"`  // the point Metric is of; metrics at others are named point:metric
	Metrics map[string]chartMetric `json:"metrics"`
}

type chartMetric struct {
	YLabel string        `json:"ylabel"`
	LogY   bool          `json:"logy"`
	Series []chartSeries `json:"series"`
}

// chartSeries is a plot.Series for the page, with its style.
type chartSeries struct {
	Label    string    `json:"label"`
	Color    string    `json:"color"`
	Dash     bool      `json:"dash"`
	X        []float64 `json:"x"`
	Y        []float64 `json:"y"`
	Lo       []float64 `json:"lo"`
	Hi       []float64 `json:"hi"`
	Diverged []float64 `json:"diverged"`
	Unstable []float64 `json:"unstable"`
}

// writeHTML writes the report page: figures are the report's, their PNG
// files in dir (or rendered there for the page when the report wrote
// other formats).
func writeHTML(w io.Writer, a *Analysis, t *Table, targets []TargetRow, src string, figures []figure, dir string, opt Options) error {
	p := page{Title: "sfbench results: " + a.Suite, Description: strings.TrimSpace(a.Description), Source: src,
		CSS: template.CSS(reportCSS), Script: template.JS(reportJS)}
	p.Environment = a.runsAndEnvironment()
	var err error
	html := func(t *format.Table) template.HTML {
		var b bytes.Buffer
		if err == nil {
			err = format.HTML.Write(&b, t)
		}
		return template.HTML(b.String()) // format.HTML escapes every text
	}
	p.Table = html(t.Grid())
	p.Ranking = html(RankingTable(a))
	if len(targets) > 0 {
		tt := TargetsTable(a, targets)
		p.TargetsNote, tt.Notes = tt.Notes, ""
		p.Targets = html(tt)
		if len(a.Optimizers) > 1 {
			p.Scores, p.ScoresHeading = html(ScoresTable(a, targets, "")), scoresHeading
		}
	}
	rates, warnings := ratesTable(a)
	p.Rates, p.RatesNote, p.Warnings = html(rates), SelectionRule, warnings
	if a.HasGrid() {
		p.RatesNote += " " + GridRule
	}
	if err != nil {
		return err
	}
	for _, f := range figures {
		png, err := figurePNG(f, dir)
		if err != nil {
			return err
		}
		pf := pageFigure{ID: strings.TrimSuffix(f.name, filepath.Ext(f.name)), Heading: figureTitle(f.name), Caption: f.caption,
			PNG: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}
		switch strings.TrimSuffix(f.name, filepath.Ext(f.name)) {
		case strings.TrimSuffix(ConvergencePNG, ".png"):
			pf.Charts = "curves"
		case strings.TrimSuffix(SensitivityPNG, ".png"):
			pf.Charts = "rates"
		}
		p.Figures = append(p.Figures, pf)
	}
	if a.choiceRuns() > ExtraCurveRuns {
		p.CurvesNote = fmt.Sprintf("The selected rates hold %d runs, more than %d: the convergence charts show the reported metric only.",
			a.choiceRuns(), ExtraCurveRuns)
	}
	data, err := json.Marshal(chartsOf(a, opt))
	if err != nil {
		return err
	}
	// Inside <script>, "</" must not appear: json.Marshal escapes <, > and &.
	p.Data = template.JS(data)
	return pageTemplate.Execute(w, p)
}

// figurePNG is the figure as PNG: the report's file if it wrote one, else
// rendered to a temporary file in dir and removed.
func figurePNG(f figure, dir string) ([]byte, error) {
	base := strings.TrimSuffix(f.name, filepath.Ext(f.name))
	if filepath.Ext(f.name) == ".png" {
		return os.ReadFile(filepath.Join(dir, f.name))
	}
	tmp := filepath.Join(dir, base+".png.tmp.png")
	defer os.Remove(tmp)
	if err := f.render(tmp, plot.Options{Title: f.title}); err != nil {
		return nil, fmt.Errorf("%s: %w", base+".png", err)
	}
	return os.ReadFile(tmp)
}

// chartsOf builds the interactive charts: convergence per problem (the
// metrics whose curves were kept) and sensitivity per problem (every final
// metric).
func chartsOf(a *Analysis, opt Options) chartData {
	pal := plot.NewPalette(a.Optimizers...)
	style := func(s plot.Series) chartSeries {
		return chartSeries{Label: s.Label, Color: hexColor(pal.Color(s.Label)), Dash: pal.Dashed(s.Label),
			X: finiteOr(s.X), Y: finiteOr(s.Y), Lo: finiteOr(s.Lo), Hi: finiteOr(s.Hi),
			Diverged: finiteOr(s.Diverged), Unstable: finiteOr(s.Unstable)}
	}
	var d chartData
	for _, p := range a.Problems {
		curves := chart{Title: p, XLabel: "step", Point: a.EvalAt, Metrics: map[string]chartMetric{}}
		rates := chart{Title: p, XLabel: "learning rate", LogX: true, Point: a.EvalAt, Metrics: map[string]chartMetric{}}
		for _, o := range a.Optimizers {
			c := a.Choice(p, o)
			if c == nil {
				continue
			}
			if curves.Metric == "" {
				curves.Metric, rates.Metric = c.Metric, c.Metric
			}
			for _, m := range c.Group.Metrics() {
				label := strings.Replace(MetricLabel(m, selection.GoalOf(m)), " % ", " ", 1)
				if c.Group.HasCurve(m) {
					cm := curves.Metrics[m]
					cm.YLabel, cm.LogY = label, logScale(m)
					cm.Series = append(cm.Series, style(metricCurveSeries(o, c, m, opt)))
					curves.Metrics[m] = cm
				}
				rm := rates.Metrics[m]
				rm.YLabel, rm.LogY = label, logScale(m)
				rm.Series = append(rm.Series, style(rateSeries(a, c, m, opt)))
				rates.Metrics[m] = rm
			}
		}
		if curves.Metric == "" {
			continue
		}
		d.Curves = append(d.Curves, curves)
		d.Rates = append(d.Rates, rates)
	}
	return d
}

// finiteOr is v with non-finite values (which JSON cannot hold) as null's
// stand-in: they never occur in series, which keep finite values only, but
// a page must not fail on one.
func finiteOr(v []float64) []float64 {
	out := make([]float64, 0, len(v))
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			x = 0
		}
		out = append(out, x)
	}
	return out
}

func hexColor(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// RankingTable ranks the optimizers on every problem by the selection
// rule (fewest failed seeds, then the best mean) and averages the ranks:
// which optimizer does well across data sets, not only on one.
func RankingTable(a *Analysis) *format.Table {
	t := &format.Table{Header: []string{"optimizer", "mean rank", "best or tied", "problems"},
		Align: []format.Align{format.Left, format.Right, format.Right, format.Right},
		Notes: "Rank 1 is the best on a problem (fewest failed seeds, then the best mean; ties share the better rank); " +
			"best or tied counts the bold entries of the table."}
	sum, n, best := map[string]float64{}, map[string]int{}, map[string]int{}
	for _, p := range a.Problems {
		var cs []*Choice
		for _, o := range a.Optimizers {
			if c := a.Choice(p, o); c != nil && c.Stats.N > 0 {
				cs = append(cs, c)
			}
		}
		for _, c := range cs {
			rank := 1
			for _, d := range cs {
				if selection.Better(d.Stats, c.Stats, c.Goal) {
					rank++
				}
			}
			sum[c.Optimizer] += float64(rank)
			n[c.Optimizer]++
			if c.Best {
				best[c.Optimizer]++
			}
		}
	}
	order := slices.Clone(a.Optimizers)
	slices.SortStableFunc(order, func(x, y string) int {
		mx, my := mean(sum[x], n[x]), mean(sum[y], n[y])
		switch {
		case mx < my || !math.IsNaN(mx) && math.IsNaN(my):
			return -1
		case mx > my || math.IsNaN(mx) && !math.IsNaN(my):
			return 1
		}
		return 0
	})
	for _, o := range order {
		m := "—"
		if n[o] > 0 {
			m = fmt.Sprintf("%.2f", mean(sum[o], n[o]))
		}
		t.Rows = append(t.Rows, format.Plain(o, m, fmt.Sprint(best[o]), fmt.Sprint(n[o])))
	}
	return t
}

func mean(sum float64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}
