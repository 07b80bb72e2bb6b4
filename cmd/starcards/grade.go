package main

import (
	"fmt"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
	"github.com/urfave/cli/v2"
)

func gradeCommand() *cli.Command {
	return &cli.Command{
		Name:      "grade",
		Usage:     "answer one card without a session",
		ArgsUsage: "CARD RATING",
		Description: `Records an answer to one card, as review would: RATING is 1-4 or again,
hard, good, easy. For scripts and editor integrations.

Example:
   starcards grade webhook-drop-rate/section/result good`,
		Action: runGrade,
	}
}

func runGrade(c *cli.Context) error {
	if c.NArg() != 2 {
		return errorWithHint("grade needs a card id and a rating", "starcards grade webhook-drop-rate/section/result good")
	}
	rating, err := starcards.ParseRating(c.Args().Get(1))
	if err != nil {
		return err
	}
	db, cfg, err := openConfig(c, true)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := oneCard(db, c.Args().Get(0))
	if err != nil {
		return err
	}
	sc, err := scheduler.New(cfg)
	if err != nil {
		return fmt.Errorf("collection settings: %w", err)
	}
	cs, err := db.Card(id)
	if err != nil {
		return notFound(id, err)
	}
	if cs.Retired {
		return errorf("card %s is retired (its story no longer has it)", id)
	}
	at := now()
	// Under a study plan the answer is capped and balanced like a review's.
	if p, err := activePlan(db, cfg, at); err != nil {
		return err
	} else if !p.IsZero() {
		states, today, _, err := loadDay(db, at, scheduler.Options{})
		if err != nil {
			return err
		}
		pl, err := planFor(db, states, today, cfg, at)
		if err != nil {
			return err
		}
		sc = sc.WithPlanner(pl)
	}
	after := sc.Answer(id, cs.Schedule, rating, at)
	if err := db.Answer(starcards.Review{Card: id, Time: at.UTC(), Rating: rating, Before: cs.Schedule, After: after}); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: %s → %s, due %s (in %s)\n", safe(id.String()), rating, after.State, dueLabel(after), scheduler.FormatInterval(after.Due.Sub(at)))
	if after.Leech && after.Suspended && !cs.Schedule.Suspended {
		fmt.Fprintf(c.App.Writer, "%s is a leech (%d lapses) and is now suspended\n", safe(id.String()), after.Lapses)
	}
	return nil
}
