package decks

import (
	"errors"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration // 0: refused
	}{
		{"30s", 30 * time.Second},
		{"1m30s", 90 * time.Second},
		{"2m", 2 * time.Minute},
		{"2 min", 2 * time.Minute},
		{"2 MIN", 2 * time.Minute},
		{"90 seconds", 90 * time.Second},
		{"90", 90 * time.Second},
		{"1 min 30 s", 90 * time.Second},
		{"1 minute and 30 seconds", 90 * time.Second},
		{"2m 30s", 150 * time.Second},
		{"1.5 minutes", 90 * time.Second},
		{"1:30", 90 * time.Second},
		{"1h", time.Hour},
		{"2.5-3 minutes", 3 * time.Minute},
		{"2.5–3 min", 3 * time.Minute},
		{"2 to 3 min", 3 * time.Minute},
		{"2m-3m", 3 * time.Minute},
		{"0.4s", 0},
		{"0.6s", time.Second},
		{"", 0},
		{"0s", 0},
		{"-5s", 0},
		{"61m", 0},
		{"2 h", 0},
		{"30s1m", 0},
		{"1m1m", 0},
		{"soon", 0},
		{"30 parsecs", 0},
		{"1:3", 0},
		{"1:60", 0},
		{"1..5m", 0},
		{".5m", 0},
		{"a-3 min", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if tc.want == 0 {
				if err == nil || !errors.Is(err, ErrDuration) {
					t.Fatalf("ParseDuration(%q) = %v, %v; want ErrDuration", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

// FuzzParseDuration checks that no input panics the duration parser, that
// what it accepts is within (0, MaxDuration] in whole seconds, and that the
// encoder's spelling of it reads back the same.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"30s", "1m30s", "2 min", "90", "1:30", "2.5-3 minutes", "1 minute and 30 seconds", "1h", "-", "1e9s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !errors.Is(err, ErrDuration) {
				t.Fatalf("error %v does not wrap ErrDuration", err)
			}
			return
		}
		if d <= 0 || d > MaxDuration || d%time.Second != 0 {
			t.Fatalf("ParseDuration(%q) = %v: out of range", s, d)
		}
		back, err := ParseDuration(formatDuration(d))
		if err != nil || back != d {
			t.Fatalf("formatDuration(%v) = %q reads back as %v, %v", d, formatDuration(d), back, err)
		}
	})
}

// TestDurationAgrees: every format reads a time with the one parser: the
// same spelling gives the same target in YAML, in a Markdown heading, on a
// page's Target line and as a level time.
func TestDurationAgrees(t *testing.T) {
	for _, in := range []string{"30s", "1m30s", "2m", "2 min", "90 seconds", "90", "1:30", "2.5-3 minutes", "1 minute 30 seconds"} {
		t.Run(in, func(t *testing.T) {
			want, err := ParseDuration(in)
			if err != nil {
				t.Fatal(err)
			}
			y, err := Parse([]byte("id: s\ntitle: T\nsections:\n  task:\n    target: "+in+"\n    example: x\nlevels:\n  - level: L5\n    time: "+in+"\n"), "s.yaml")
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := ParseMarkdown([]byte("---\nid: s\ntitle: T\n---\n## Task ("+in+")\nx\n## Levels\n### L5\nTime: "+in+"\n"), "s.md")
			if err != nil {
				t.Fatal(err)
			}
			pg, err := ParsePage([]byte("Tell Me About a Time T - Amazon LP STAR Walkthrough\n⏱ Target: "+in+"\nT\nStrong Example\nx.\nL5\n\nFocus.\n\nReflection: r\n⏱ Keep to "+in+".\n"), "s.txt")
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range map[string]*starcards.Story{"YAML": y, "Markdown": m, "page": pg.Story} {
				if got := s.Sections[0].Target; got != want {
					t.Errorf("%s target %v, want %v", name, got, want)
				}
				if len(s.Levels) != 1 || s.Levels[0].Time != want {
					t.Errorf("%s level time %+v, want %v", name, s.Levels, want)
				}
			}
		})
	}
}
