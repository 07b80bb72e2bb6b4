package stats

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/tw"
)

// tableSeed seeds TestBoxTableMatchesTablewriter's random tables.
var tableSeed = uint64(1)

// TestBigReportMatchesTablewriter: a report of thousands of stories, whose
// large tables boxTable draws, renders byte for byte as with tablewriter
// alone.
func TestBigReportMatchesTablewriter(t *testing.T) {
	r := Compute(benchInput(30_000, 100_000))
	if len(r.Stories) < bigTable {
		t.Fatalf("%d stories, want at least %d", len(r.Stories), bigTable)
	}
	for _, opts := range []RenderOptions{{}, {Color: true}, {Width: 120}} {
		var got, want strings.Builder
		if err := Render(&got, r, opts); err != nil {
			t.Fatal(err)
		}
		defer func(n int) { bigTable = n }(bigTable)
		bigTable = math.MaxInt
		if err := Render(&want, r, opts); err != nil {
			t.Fatal(err)
		}
		bigTable = 200
		if got.String() != want.String() {
			t.Errorf("%+v: the report differs from tablewriter's (%d bytes, want %d)", opts, got.Len(), want.Len())
		}
	}
	// The large tables are boxTable's: the stories and a principle's list.
	var rows [][]string
	var lines []string
	for _, s := range r.Stories {
		rows = append(rows, []string{s.ID, pct(s.Readiness) + " "})
		lines = append(lines, s.ID+" "+pct(s.Readiness))
	}
	var b strings.Builder
	if !boxTable(&b, []string{"STORY", "READINESS"}, nil, rows, nil) || !boxTable(&b, []string{"P", "STORIES"}, nil, [][]string{{"p", strings.Join(lines, "\n")}}, nil) {
		t.Errorf("boxTable declined the report's large tables")
	}
}

// TestBoxTableMatchesTablewriter: boxTable draws what tablewriter draws
// with the options of printer.table, byte for byte, or declines: random
// tables of padded, multi-line, blank and non-ASCII cells, with and
// without header and footer. Most tables of non-blank cells it draws.
func TestBoxTableMatchesTablewriter(t *testing.T) {
	type table struct {
		header, footer []string
		align          []tw.Align
		rows           [][]string
	}
	// words[:blank] have text on every line.
	const blank = 13
	words := []string{
		"a", "story-0001", "  padded ", "95.4%*", "74.2% ", "x\ny", "é", "naïve café", "中文", "Ünïcödé~", "🙂", "1/2", "long " + strings.Repeat("w", 40),
		"", " ", "a\n\nb", "\nx", "tab\there",
	}
	rng := rand.New(rand.NewPCG(tableSeed, 2))
	drawn, plain := 0, 0
	for i := range 400 {
		n := 1 + rng.IntN(5)
		pool := len(words)
		if i%2 == 0 {
			pool = blank
		}
		cells := func() []string {
			out := make([]string, n)
			for i := range out {
				out[i] = words[rng.IntN(pool)]
			}
			return out
		}
		var tb table
		for range n {
			tb.align = append(tb.align, []tw.Align{tw.AlignLeft, tw.AlignRight}[rng.IntN(2)])
		}
		if i%2 == 0 || rng.IntN(3) > 0 {
			tb.header = cells()
		}
		if i%2 == 1 && rng.IntN(3) == 0 {
			tb.footer = cells()
		}
		for range 1 + rng.IntN(6) {
			tb.rows = append(tb.rows, cells())
		}
		var want, got strings.Builder
		if err := writerTable(&want, tb.header, tb.align, tb.rows, tb.footer); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			plain++
		}
		if !boxTable(&got, tb.header, tb.align, tb.rows, tb.footer) {
			if got.Len() > 0 {
				t.Errorf("table %d: boxTable declined but wrote %q", i, got.String())
			}
			continue
		}
		drawn++
		if got.String() != want.String() {
			t.Errorf("table %d (seed %d) differs from tablewriter:\n%s\nwant:\n%s", i, tableSeed, got.String(), want.String())
		}
	}
	if drawn < plain {
		t.Errorf("boxTable drew %d tables, want at least the %d of non-blank cells", drawn, plain)
	}
}

// TestBoxTableDeclines: a table boxTable cannot draw as tablewriter does
// is left to tablewriter.
func TestBoxTableDeclines(t *testing.T) {
	for _, tc := range []struct {
		name           string
		header, footer []string
		rows           [][]string
	}{
		{"Tab", []string{"A", "B"}, nil, [][]string{{"a\tb", "c"}}},
		{"Escape", []string{"A"}, nil, [][]string{{"\x1b[1mbold\x1b[0m"}}},
		{"C1", []string{"A"}, nil, [][]string{{"a\u0085b"}}},
		{"Ragged", []string{"A", "B"}, nil, [][]string{{"a"}}},
		{"EmptyCell", []string{"A", "B"}, nil, [][]string{{"a", ""}}},
		{"BlankLine", []string{"A"}, nil, [][]string{{"a\n \nb"}}},
		{"NoHeader", nil, nil, [][]string{{"a"}}},
		{"Footer", []string{"A"}, []string{"total"}, [][]string{{"a"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if boxTable(&b, tc.header, nil, tc.rows, tc.footer) || b.Len() > 0 {
				t.Errorf("boxTable drew %q", b.String())
			}
		})
	}
}
