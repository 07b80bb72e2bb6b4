package main

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/scheduler/stats"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:  "stats",
		Usage: "study statistics: readiness per story and principle, retention, forecast, heatmap",
		Description: `Shows what a candidate looks at every morning: cards by kind and state,
today's work, true retention (young and mature), the due forecast, a review
heatmap of the last 26 weeks, the streak, readiness per story (mean recall
now, weakest cards) and per Leadership Principle, and — with an interview
date set (starcards plan set --interview YYYY-MM-DD) — each story's
predicted recall on that day. Read-only.

Examples:
   starcards stats
   starcards stats --story webhook-drop-rate --days 30
   starcards stats --json | jq '.stories[] | {id, readiness}'`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "story", Usage: "only story `ID`"},
			&cli.IntFlag{Name: "days", Usage: "forecast `N` days ahead", Value: 14},
			&cli.BoolFlag{Name: "json", Usage: "print the figures as one JSON object (fields in docs/stats-json.md)"},
		},
		Action: runStats,
	}
}

// readMemory is the soft limit of the Go runtime's memory for a command
// that reads the whole collection and keeps most of what it reads until it
// exits (stats): see collectLate. stats allocates about 75 MB for 100k
// cards and a million log entries, nearly all of it live to the end, so
// it never reaches the limit below some 300k cards; past it, the
// collector runs as the heap nears the limit, which costs more than the
// default would. (list streams: it makes garbage, and collecting late
// only grows its heap.)
const readMemory = 256 << 20

// collectLate turns the garbage collector off until the heap nears limit
// (debug.SetMemoryLimit), for a command that keeps most of what it
// allocates until it exits: each collection before that would only mark
// what stays, and slow the reading while it marks. For stats on 100k
// cards it saves a quarter of the time and 40 % of the CPU. It returns
// the function that restores the settings.
func collectLate(limit int64) (restore func()) {
	gc := debug.SetGCPercent(-1)
	ml := debug.SetMemoryLimit(limit)
	return func() {
		debug.SetMemoryLimit(ml)
		debug.SetGCPercent(gc)
	}
}

func runStats(c *cli.Context) error {
	days := c.Int("days")
	if days < 1 || days > 3650 {
		return errorf("--days must be between 1 and 3650, got %d", days)
	}
	color, err := useColor(c, c.App.Writer)
	if err != nil {
		return err
	}
	defer collectLate(readMemory)()
	db, cfg, err := openConfig(c, false)
	if err != nil {
		return err
	}
	defer db.Close()
	// The cards' states are read while the log is (see stats.Input.LoadCards).
	cards := loadStates(db)
	defer cards.wait()
	story := c.String("story")
	if err := checkStory(starcards.Filter{Stories: nonEmpty(story)}, db); err != nil {
		return err
	}
	outlines, err := db.StoryOutlines()
	if err != nil {
		return err
	}
	// Statistics read a story's id, title, principles, role and angle
	// principles, and of each answer the fields of a review outline.
	stories := make([]starcards.Story, len(outlines))
	for i, o := range outlines {
		stories[i] = starcards.Story{ID: o.ID, Title: o.Title, Principles: o.Principles, Role: o.Role}
		for _, p := range o.AnglePrinciples {
			stories[i].Angles = append(stories[i].Angles, starcards.Angle{Principle: p})
		}
	}
	var readErr error
	log := func(yield func(stats.Answer) bool) {
		readErr = db.ScanLog(time.Time{}, func(e *store.LogEntry) bool {
			return yield(stats.Answer{
				Time: e.Time, Rating: e.Rating, Duration: e.Duration, Spoken: e.Spoken,
				BeforeState: e.BeforeState, BeforeScheduledDays: e.BeforeScheduledDays, Card: e,
			})
		})
	}
	ids := make([]string, len(outlines))
	for i, o := range outlines {
		ids[i] = o.ID
	}
	targets, err := db.StoryTargets(ids)
	if err != nil {
		return err
	}
	at := now()
	in := stats.Input{
		Stories: stories, LoadCards: cards.wait, Log: log, Config: cfg,
		Now: at, Story: story, Days: days, Targets: targets, Catalogue: decks.Catalogue(cfg.Principles),
	}
	if in.Later, err = laterStories(db); err != nil {
		return err
	}
	p, err := activePlan(db, cfg, at)
	if err != nil {
		return err
	}
	line := ""
	if !p.IsZero() {
		in.Interview = p.Interview
		today, err := db.ReviewsSince(starcards.DayStart(at, cfg.DayStartHour))
		if err != nil {
			return err
		}
		if in.Plan, err = planFor(db, cards.wait(), today, cfg, at); err != nil {
			return err
		}
	}
	report := stats.Compute(in)
	if cards.err != nil {
		return cards.err
	}
	if readErr != nil {
		return readErr
	}
	if !p.IsZero() {
		var track *scheduler.Track
		if line, track, err = planTrack(db, cfg); err != nil {
			return err
		}
		report.Plan = track
	}
	if err := db.Close(); err != nil { // read all; print without the lock
		return err
	}
	if c.Bool("json") {
		return writeJSON(c.App.Writer, report)
	}
	if line != "" {
		fmt.Fprintln(c.App.Writer, line+".")
	}
	return stats.Render(c.App.Writer, report, stats.RenderOptions{Color: color, Width: outputWidth(c.App.Writer)})
}

// nonEmpty returns []string{s}, or nil for "".
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// statesLoad is the collection's cards' states being read by another
// goroutine.
type statesLoad struct {
	done   chan struct{}
	states []starcards.CardState
	err    error
}

// loadStates starts reading the states of db's cards.
func loadStates(db *store.DB) *statesLoad {
	l := &statesLoad{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.states, l.err = db.States()
	}()
	return l
}

// wait returns the states once read; on an error, nil and the error in err.
func (l *statesLoad) wait() []starcards.CardState {
	<-l.done
	return l.states
}
