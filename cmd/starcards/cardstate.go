package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/urfave/cli/v2"
)

// cardStateCommand builds suspend, unsuspend, bury and reset: each changes
// the scheduling state of the cards named, without a review-log entry.
func cardStateCommand(name, usage, example string, change func(s *starcards.Schedule, cfg starcards.Config, at time.Time)) *cli.Command {
	return &cli.Command{
		Name:        name,
		Usage:       usage,
		ArgsUsage:   "CARD...",
		Description: usage + ".\n\nCARD is a card id (story/kind/key), a prefix of whole parts (a story id,\nor story/kind) or a glob; quote globs from the shell.\n\nExamples:\n   starcards " + name + " " + example + "\n   starcards " + name + " '" + globExample(example) + "'",
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return errorWithHint(name+" needs at least one card id", "starcards list shows the card ids (story/kind/key)")
			}
			// Resolve every argument first, read-only: all or nothing, and
			// a refusal leaves the file as it was.
			ro, err := openRO(c)
			if err != nil {
				return err
			}
			ids, err := matchCards(ro, c.Args().Slice())
			ro.Close()
			if err != nil {
				return err
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
			// One transaction: every card changes or none does.
			states := make([]starcards.Schedule, 0, len(ids))
			err = db.ChangeSchedules(ids, func(cs starcards.CardState) starcards.Schedule {
				s := cs.Schedule
				change(&s, cfg, at)
				states = append(states, s)
				return s
			})
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

// globExample turns an example card id into a glob over its kind.
func globExample(id string) string {
	if i := strings.LastIndex(id, "/"); i >= 0 {
		return id[:i+1] + "*"
	}
	return id
}
