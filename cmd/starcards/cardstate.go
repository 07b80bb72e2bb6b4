package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

// cardStateCommand builds suspend, unsuspend, bury and reset: each changes
// the scheduling state of the cards named, without a review-log entry.
func cardStateCommand(name, usage, example string, change func(s *starcards.Schedule, cfg starcards.Config, at time.Time)) *cli.Command {
	return &cli.Command{
		Name:        name,
		Usage:       usage,
		ArgsUsage:   "CARD...",
		Description: usage + ".\n\nExample:\n   starcards " + name + " " + example,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return errorWithHint(name+" needs at least one card id", "starcards list shows the card ids (story/kind/key)")
			}
			ids := make([]starcards.CardID, c.NArg())
			for i, arg := range c.Args().Slice() {
				id, err := starcards.ParseCardID(arg)
				if err != nil {
					return err
				}
				ids[i] = id
			}
			db, err := openRW(c)
			if err != nil {
				return err
			}
			defer db.Close()
			cfg, err := db.Config()
			if err != nil {
				return err
			}
			at := now()
			// One transaction: every card changes, or (a card is missing)
			// none does.
			states := make([]starcards.Schedule, 0, len(ids))
			err = db.ChangeSchedules(ids, func(cs starcards.CardState) starcards.Schedule {
				s := cs.Schedule
				change(&s, cfg, at)
				states = append(states, s)
				return s
			})
			if errors.Is(err, store.ErrNotFound) {
				for _, id := range ids {
					if _, err := db.Card(id); err != nil {
						return notFound(id, err)
					}
				}
			}
			if err != nil {
				return err
			}
			for i, s := range states {
				fmt.Fprintf(c.App.Writer, "%s: %s\n", safe(ids[i].String()), stateLabel(starcards.CardState{Schedule: s}, at))
			}
			return nil
		},
	}
}

func suspendCommand() *cli.Command {
	return cardStateCommand("suspend", "suspend cards: they are not scheduled until unsuspended",
		"webhook-drop-rate/quiz/top-disqualifier",
		func(s *starcards.Schedule, _ starcards.Config, _ time.Time) { s.Suspended = true })
}

func unsuspendCommand() *cli.Command {
	return cardStateCommand("unsuspend", "unsuspend cards (leeches too)",
		"webhook-drop-rate/quiz/top-disqualifier",
		func(s *starcards.Schedule, _ starcards.Config, _ time.Time) { s.Suspended = false })
}

func buryCommand() *cli.Command {
	return cardStateCommand("bury", "bury cards until the next study day starts",
		"webhook-drop-rate/section/action",
		func(s *starcards.Schedule, cfg starcards.Config, at time.Time) {
			s.BuriedUntil = starcards.NextDayStart(at, cfg.DayStartHour).UTC()
		})
}

func resetCommand() *cli.Command {
	return cardStateCommand("reset", "reset cards to new; their review history is kept",
		"webhook-drop-rate/section/action",
		func(s *starcards.Schedule, _ starcards.Config, _ time.Time) { *s = starcards.Schedule{} })
}
