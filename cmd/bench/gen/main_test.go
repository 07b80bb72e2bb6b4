package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

var testNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return testNow }

func TestRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "c.db")
	var stderr bytes.Buffer
	if code := run([]string{"-stories", "3", "-reviews", "400", "-seed", "5", "-o", out}, &stderr, clock); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !regexp.MustCompile(`^gen: .*c\.db: 93 cards \(\d+ studied\), 400 reviews over \d+ days to 2026-11-02T09:00:00Z, seed 5, in `).MatchString(stderr.String()) {
		t.Errorf("summary %q", stderr.String())
	}
	db, err := store.Open(out, store.Options{ReadOnly: true}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	var last time.Time
	db.Reviews(time.Time{}, func(r starcards.Review) bool { n++; last = r.Time; return true })
	if n != 400 || !last.Before(testNow) || last.Before(testNow.AddDate(0, 0, -3)) {
		t.Errorf("%d reviews, the last at %v; want 400, the last just before %v", n, last, testNow)
	}
}

func TestRunYAML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "stories")
	var stderr bytes.Buffer
	if code := run([]string{"-stories", "3", "-yaml", dir}, &stderr, clock); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(names) != 3 || filepath.Base(names[2]) != "story-0002.yaml" {
		t.Fatalf("wrote %v, want story-0000.yaml to story-0002.yaml", names)
	}
	data, _ := os.ReadFile(names[1])
	if want := decks.GenerateStory(1); !bytes.Equal(data, want) {
		t.Errorf("story-0001.yaml is not decks.GenerateStory(1)")
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	exists := filepath.Join(dir, "exists.db")
	os.WriteFile(exists, []byte("x"), 0o600)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"NoOutput", []string{"-stories", "1"}, "gen: -o FILE is required\n"},
		{"Exists", []string{"-o", exists}, "gen: " + exists + " exists (-f replaces it)\n"},
		{"BadNow", []string{"-now", "yesterday", "-o", filepath.Join(dir, "a.db")}, `gen: -now "yesterday": want an RFC 3339 time, a date (2006-01-02) or a duration (720h)` + "\n"},
		{"TooMany", []string{"-stories", "1", "-reviews", "1000000", "-o", filepath.Join(dir, "b.db")}, "gen: too many reviews for the cards: more than 50 years of study\n"},
		{"Argument", []string{"-o", filepath.Join(dir, "c.db"), "extra"}, "gen: unexpected argument \"extra\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tc.args, &stderr, clock); code != 1 {
				t.Fatalf("exit %d, want 1 (%s)", code, stderr.String())
			}
			if got := stderr.String(); got != tc.want {
				t.Errorf("stderr %q, want %q", got, tc.want)
			}
		})
	}
	if data, _ := os.ReadFile(exists); string(data) != "x" {
		t.Error("an existing file was changed")
	}
	for _, name := range []string{"a.db", "b.db", "b.db.tmp"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s left behind", name)
		}
	}
}

func TestParseNow(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "2026-11-02T09:00:00Z"},
		{"2026-10-01T12:30:00+02:00", "2026-10-01T10:30:00Z"},
		{"2026-10-01", "2026-10-01T00:00:00Z"},
		{"720h", "2026-10-03T09:00:00Z"},
		{"-24h", "2026-11-01T09:00:00Z"},
	} {
		got, err := parseNow(tc.in, testNow)
		if err != nil {
			t.Errorf("parseNow(%q): %v", tc.in, err)
			continue
		}
		if s := got.UTC().Format(time.RFC3339); s != tc.want {
			t.Errorf("parseNow(%q)=%s, want %s", tc.in, s, tc.want)
		}
	}
	if _, err := parseNow("soon", testNow); err == nil || !strings.Contains(err.Error(), "soon") {
		t.Errorf("parseNow(soon): err=%v", err)
	}
}

// FuzzParseNow checks that -now never panics and that what it accepts is
// a time.
func FuzzParseNow(f *testing.F) {
	for _, s := range []string{"", "2026-10-01", "2026-10-01T12:30:00+02:00", "720h", "-24h", "soon", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseNow(s, testNow)
		if err == nil && got.IsZero() && s != "0001-01-01" && !strings.HasPrefix(s, "0001-01-01T") {
			t.Fatalf("parseNow(%q) = zero time, no error", s)
		}
	})
}
