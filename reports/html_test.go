package reports

import (
	"encoding/json"
	"github.com/sfbench/sfbench/record"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pageOf writes the report of the committed small run and returns its
// folder and its page.
func pageOf(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	if _, err := Write("testdata/small", dir, Options{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	return dir, string(b)
}

// TestHTMLReportIsSelfContained: the page holds every table and figure of
// the report, fetches nothing (no link, no external source, figures as
// data URLs), and carries the charts' data for every problem.
func TestHTMLReportIsSelfContained(t *testing.T) {
	_, page := pageOf(t)
	for _, want := range []string{`id="table"`, `id="ranking"`, `id="targets"`, `id="convergence"`, `id="lr-sensitivity"`,
		`id="performance-profile"`, `id="rates"`, `<img class="static has-charts" src="data:image/png;base64,`, "<strong>97.3 ± 0.0</strong>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<link", `src="http`, `href="http`, "@import", "url(http"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page fetches something: %q", bad)
		}
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="sfbench-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no chart data")
	}
	var d chartData
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("chart data: %v", err)
	}
	if len(d.Curves) != 3 || len(d.Rates) != 3 {
		t.Fatalf("%d convergence and %d sensitivity charts, want 3 each", len(d.Curves), len(d.Rates))
	}
	for _, c := range append(d.Curves, d.Rates...) {
		cm, ok := c.Metrics[c.Metric]
		if !ok || len(cm.Series) != 3 || len(cm.Series[0].X) == 0 || len(cm.Series[0].X) != len(cm.Series[0].Y) {
			t.Errorf("%s: the reported metric %s has no usable series: %+v", c.Title, c.Metric, cm)
		}
	}
}

// browser is a headless Chromium to open pages with: SFBENCH_BROWSER, or
// one on PATH.
func browser() string {
	if b := os.Getenv("SFBENCH_BROWSER"); b != "" {
		return b
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestHTMLReportInBrowser opens the page in a headless Chromium (where one
// is installed; .ci/run installs Debian's): the script drew a chart per
// problem and figure kind and marked the page rendered, no error occurred
// (the page counts them; Chromium's console log is read too), and a
// screenshot is kept (SFBENCH_ARTIFACTS, default out/browser at the top
// of the project).
func TestHTMLReportInBrowser(t *testing.T) {
	b := browser()
	if b == "" {
		t.Skip("no Chromium installed (apt-get install chromium, or set SFBENCH_BROWSER)")
	}
	dir, _ := pageOf(t)
	url := "file://" + filepath.Join(dir, HTMLFile)
	args := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--virtual-time-budget=10000"}
	run := func(extra ...string) (string, string) {
		cmd := exec.Command(b, append(append(args, extra...), url)...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		done := make(chan error, 1)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v\n%s", b, err, errOut.String())
			}
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			t.Fatalf("%s did not finish in 2 minutes", b)
		}
		return out.String(), errOut.String()
	}
	dom, log := run("--dump-dom")
	body := regexp.MustCompile(`<body[^>]*>`).FindString(dom)
	attr := func(name string) string {
		m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if attr("data-rendered") != "yes" {
		t.Errorf("the page's script did not finish: %s", body)
	}
	if n, _ := strconv.Atoi(attr("data-charts")); n != 6 {
		t.Errorf("%s charts drawn, want 6 (3 problems × 2 figures)", attr("data-charts"))
	}
	if attr("data-errors") != "0" {
		t.Errorf("%s errors on the page", attr("data-errors"))
	}
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") && (strings.Contains(l, "Uncaught") || strings.Contains(l, "rror")) {
			t.Errorf("console: %s", l)
		}
	}
	art := os.Getenv("SFBENCH_ARTIFACTS")
	if art == "" {
		art = filepath.Join("..", "out", "browser")
	}
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	shot, err := filepath.Abs(filepath.Join(art, "report.png"))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(shot)
	run("--window-size=1280,2400", "--screenshot="+shot)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Errorf("no screenshot: %v", err)
	}
	t.Logf("screenshot: %s", shot)
}

// TestChartsOfOtherPoints: metrics recorded at the suite's other
// evaluation points (eval: {at: [x, y]}) become metrics of their own in
// the page's charts ("y:train_loss"), curves and final values alike.
func TestChartsOfOtherPoints(t *testing.T) {
	var recs []record.Record
	for seed := range 2 {
		r := curveRec("p", "sf", "sf-sgd", nil, 0.1, seed, 100, 1.0, 0.5)
		for i := range r.Curve {
			r.Curve[i].At = map[string]record.Metrics{"y": {"train_loss": r.Curve[i].Metrics["train_loss"] * 2}}
		}
		r.FinalAt = r.Curve[len(r.Curve)-1].At
		recs = append(recs, r)
	}
	d := chartsOf(Analyze(recs), Options{})
	for _, c := range []chart{d.Curves[0], d.Rates[0]} {
		m, ok := c.Metrics[AtPoint("y", "train_loss")]
		if !ok || len(m.Series) != 1 || m.Series[0].Y[len(m.Series[0].Y)-1] != 1.0 {
			t.Errorf("%s chart: y:train_loss %+v (metrics %v)", c.XLabel, m, c.Metrics)
		}
	}
}
