package main

import (
	"fmt"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
	"github.com/starcards/starcards/scheduler"
	"github.com/urfave/cli/v2"
)

func dueCommand() *cli.Command {
	return &cli.Command{
		Name:  "due",
		Usage: "what is due today: counts per state and the cards",
		Description: `Counts the cards left to study today (new, learning, review, within the
daily limits) and lists those a review would show now, in order. Read-only.

Examples:
   starcards due
   starcards due --json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "story", Usage: "only the cards of story `ID`"},
			&cli.StringSliceFlag{Name: "kind", Usage: "only cards of kind `K`; repeatable"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		},
		Action: runDue,
	}
}

type dueJSON struct {
	Now      time.Time  `json:"now"`
	DayEnds  time.Time  `json:"day_ends"`
	New      int        `json:"new"`
	Learning int        `json:"learning"`
	Review   int        `json:"review"`
	Total    int        `json:"total"`
	Cards    []cardJSON `json:"cards"`
}

func runDue(c *cli.Context) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}
	db, err := openRO(c)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkStory(f, db); err != nil {
		return err
	}
	at := now()
	opt := scheduler.Options{Filter: f}
	if opt.Later, err = laterStories(db); err != nil {
		return err
	}
	states, today, cfg, err := loadDay(db, at, opt)
	if err != nil {
		return err
	}
	if opt.Plan, err = planFor(db, states, today, cfg, at); err != nil {
		return err
	}
	counts := scheduler.DayCounts(states, today, cfg, at, opt)
	q := scheduler.BuildQueue(states, today, cfg, at, opt)
	cards, err := db.Cards(q.Cards)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil { // read all; print without the lock
		return err
	}
	out := dueJSON{
		Now: at, DayEnds: starcards.NextDayStart(at, cfg.DayStartHour),
		New: counts.New, Learning: counts.Learning, Review: counts.Review, Total: counts.Total(),
		Cards: make([]cardJSON, len(cards)),
	}
	for i, cs := range cards {
		out.Cards[i] = toJSON(cs, false)
	}
	w := c.App.Writer
	if c.Bool("json") {
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "Due today: %d cards (%d new · %d learning · %d review)\n", out.Total, out.New, out.Learning, out.Review)
	if len(cards) == 0 {
		return nil
	}
	color, err := useColor(c, w)
	if err != nil {
		return err
	}
	return cardTable(cards, at, false, len(f.Stories) == 1, palette.New(color)).write(w, outputWidth(w))
}
