package stats

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/starcards/starcards"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./stats -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test ./stats -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		opts RenderOptions
	}{
		{"render.golden", fixture(), RenderOptions{}},
		{"render-color.golden", fixture(), RenderOptions{Color: true}},
		{"render-empty.golden", Input{Config: starcards.DefaultConfig(), Now: fixtureNow}, RenderOptions{}},
		{"render-story.golden", func() Input { in := fixture(); in.Story = "mentoring-new-hires"; in.Days = 7; return in }(), RenderOptions{Width: 100}},
		{"render-50.golden", func() Input {
			in := fixture()
			in.Catalogue = []string{"Ownership", "Think Big", "Frugality"}
			return in
		}(), RenderOptions{Width: 50}},
		{"render-empty-50.golden", Input{Config: starcards.DefaultConfig(), Now: fixtureNow}, RenderOptions{Width: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, Compute(tt.in), tt.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
			width := tt.opts.Width
			if width == 0 {
				width = 80
			}
			for i, line := range strings.Split(ansi.ReplaceAllString(b.String(), ""), "\n") {
				if n := utf8.RuneCountInString(line); n > width {
					t.Errorf("line %d is %d columns, want at most %d: %q", i+1, n, width, line)
				}
			}
		})
	}
}

// TestRenderColorSameText checks that colour only adds ANSI sequences: the
// text reads the same with NO_COLOR.
func TestRenderColorSameText(t *testing.T) {
	r := Compute(fixture())
	var plain, color bytes.Buffer
	if err := Render(&plain, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Render(&color, r, RenderOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Fatalf("plain output has ANSI sequences")
	}
	if !strings.Contains(color.String(), "\x1b[38;5;") {
		t.Fatalf("colour output has no 256-colour sequences")
	}
	if got := ansi.ReplaceAllString(color.String(), ""); got != plain.String() {
		t.Fatalf("colour output without ANSI sequences differs from plain output:\n%s", got)
	}
}

func TestRenderZeroReport(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, Report{}, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "no data") {
		t.Fatalf("zero report rendered without \"no data\":\n%s", b.String())
	}
}

type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(b []byte) (int, error) {
	if w.n <= 0 {
		return 0, errFull
	}
	w.n--
	return len(b), nil
}

func TestRenderWriteError(t *testing.T) {
	r := Compute(fixture())
	for _, n := range []int{0, 5, 50} {
		if err := Render(&failWriter{n}, r, RenderOptions{}); !errors.Is(err, errFull) {
			t.Errorf("after %d writes: err=%v, want %v", n, err, errFull)
		}
	}
}

// TestReportJSON pins the `stats --json` object of the fixture collection.
func TestReportJSON(t *testing.T) {
	r := Compute(fixture())
	r.Heatmap.Days = r.Heatmap.Days[len(r.Heatmap.Days)-3:] // keep the golden file short
	golden(t, "report.json", portableJSON(t, r))
}

// portableJSON returns v as indented JSON with every number rounded to six
// decimals, so the golden files do not depend on how a platform rounds the
// last bit of a float (arm64 fuses multiply-adds).
func portableJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	var round func(any) any
	round = func(v any) any {
		switch v := v.(type) {
		case float64:
			return math.Round(v*1e6) / 1e6
		case []any:
			for i := range v {
				v[i] = round(v[i])
			}
		case map[string]any:
			for k := range v {
				v[k] = round(v[k])
			}
		}
		return v
	}
	b, err = json.MarshalIndent(round(tree), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestInfo(t *testing.T) {
	in := fixture()
	var cs starcards.CardState
	for _, c := range in.Cards {
		if c.Card.ID.String() == "webhook-drop-rate/section/k00" {
			cs = c
		}
	}
	var history []starcards.Review
	for r := range in.Reviews {
		if r.Card == cs.Card.ID {
			history = append(history, r)
		}
	}
	ci := Info(cs, history, fixtureNow)
	if ci.Card != "webhook-drop-rate/section/k00" || ci.State != "relearning" || ci.Reps != uint64(len(history)) {
		t.Fatalf("Card, State, Reps=%s, %s, %d, want webhook-drop-rate/section/k00, relearning, %d", ci.Card, ci.State, ci.Reps, len(history))
	}
	if ci.Lapses == 0 || len(ci.History) != len(history) || ci.LastReview.Location() != zone {
		t.Fatalf("Lapses, len(History), zone=%d, %d, %v", ci.Lapses, len(ci.History), ci.LastReview.Location())
	}
	if want := 12.0 * 0; ci.Seconds <= want {
		t.Fatalf("Seconds=%v, want > 0", ci.Seconds)
	}
	var b bytes.Buffer
	if err := RenderInfo(&b, ci); err != nil {
		t.Fatal(err)
	}
	golden(t, "info.golden", b.Bytes())
	golden(t, "info.json", portableJSON(t, ci))
}

func TestInfoNewCard(t *testing.T) {
	cs := card("s1", starcards.KindQuiz, "q", starcards.Schedule{})
	ci := Info(cs, nil, fixtureNow)
	if ci.Retrievability != 0 || !ci.Due.IsZero() || ci.History == nil {
		t.Fatalf("Retrievability, Due, History=%v, %v, %v, want 0, zero, []", ci.Retrievability, ci.Due, ci.History)
	}
	var b bytes.Buffer
	if err := RenderInfo(&b, ci); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "not answered yet") {
		t.Fatalf("new card info lacks \"not answered yet\":\n%s", b.String())
	}
	j, _ := json.Marshal(ci)
	for _, k := range []string{`"due"`, `"first_review"`, `"buried_until"`} {
		if bytes.Contains(j, []byte(k)) {
			t.Errorf("JSON of a new card has %s: %s", k, j)
		}
	}
}

func TestRelative(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "now"}, {30 * time.Second, "now"}, {10 * time.Minute, "in 10m"}, {-3 * time.Hour, "3h ago"}, {50 * time.Hour, "in 2d"},
	}
	for _, tt := range tests {
		if got := relative(tt.d); got != tt.want {
			t.Errorf("relative(%v)=%q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestHeatmapOneAnswer: a single answer is "1 answer", not "1 answers".
func TestHeatmapOneAnswer(t *testing.T) {
	h := Heatmap{
		Weeks: 1, Start: "2026-11-30", End: "2026-12-01", Max: 1, Answers: 1, ActiveDays: 1,
		Days: []HeatmapDay{{Date: "2026-11-30"}, {Date: "2026-12-01", Answers: 1, Level: 4}},
	}
	var b bytes.Buffer
	p := newPrinter(&b, RenderOptions{})
	p.heatmap(h, Streak{Current: 1, Longest: 1, StudiedToday: true})
	out := b.String()
	for _, want := range []string{" 1 answer a day\n", "(50.0%), 1 answer, "} {
		if !strings.Contains(out, want) {
			t.Errorf("heatmap lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "1 answers") {
		t.Errorf("heatmap says \"1 answers\":\n%s", out)
	}
}
