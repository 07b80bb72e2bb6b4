package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/starcards/starcards/cmd/internal/gencoll"
	"github.com/starcards/starcards/decks"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr, time.Now))
}

// run parses args, writes the collection and returns the exit code.
func run(args []string, stderr io.Writer, clock func() time.Time) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stories := fs.Int("stories", 3334, "number of stories (about 30 cards each)")
	reviews := fs.Int("reviews", 1_000_000, "number of review-log entries")
	seed := fs.Uint64("seed", 1, "random seed")
	nowFlag := fs.String("now", "", "steady-state time: RFC 3339, a date, or a duration before now (default now)")
	out := fs.String("o", "", "collection file to write (required)")
	force := fs.Bool("f", false, "replace an existing file")
	yamlDir := fs.String("yaml", "", "write the stories as story files into this directory instead of a collection")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gen: "+format+"\n", a...)
		return 1
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q", fs.Arg(0))
	}
	if *yamlDir != "" {
		if err := writeStories(*yamlDir, *stories); err != nil {
			return fail("%v", err)
		}
		return 0
	}
	if *out == "" {
		return fail("-o FILE is required")
	}
	now, err := parseNow(*nowFlag, clock())
	if err != nil {
		return fail("%v", err)
	}
	if _, err := os.Stat(*out); err == nil && !*force {
		return fail("%s exists (-f replaces it)", *out)
	}
	start := time.Now()
	sum, err := gencoll.Write(*out, gencoll.Options{Stories: *stories, Reviews: *reviews, Seed: *seed, Now: now})
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stderr, "gen: %s: %d cards (%d studied), %d reviews over %.0f days to %s, seed %d, in %.1fs\n",
		*out, sum.Cards, sum.Studied, sum.Reviews, sum.Days, now.Format(time.RFC3339), *seed, time.Since(start).Seconds())
	return 0
}

// writeStories writes the n generated story files into dir, creating it.
func writeStories(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("story-%04d.yaml", i))
		if err := os.WriteFile(name, decks.GenerateStory(i), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// parseNow reads -now: empty for now, an RFC 3339 time, a date, or a
// duration before now.
func parseNow(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(strings.TrimPrefix(s, "-")); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("-now %q: want an RFC 3339 time, a date (2006-01-02) or a duration (720h)", s)
}
