package main

import (
	"errors"
	"fmt"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func removeCommand() *cli.Command {
	return &cli.Command{
		Name:      "remove",
		Usage:     "retire a story's cards (their history is kept)",
		ArgsUsage: "STORY",
		Description: `Retires every card of a story: they are no longer scheduled, but their review
history stays, and importing the story again brings them back with it.

Example:
   starcards remove webhook-drop-rate`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errorWithHint("remove needs one story id", "starcards list shows the card ids; the story id is their first part")
			}
			id := c.Args().First()
			db, err := openRW(c)
			if err != nil {
				return err
			}
			defer db.Close()
			if ok, err := db.HasStory(id); err != nil || !ok {
				if err != nil {
					return err
				}
				return checkStory(starcards.Filter{Stories: []string{id}}, db)
			}
			if err := takeBackup(db, "remove"); err != nil {
				return err
			}
			n, err := db.RemoveStory(id, now())
			if errors.Is(err, store.ErrNotFound) {
				return checkStory(starcards.Filter{Stories: []string{id}}, db)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "%s: %d cards retired (history kept; import the story again to bring them back)\n", safe(id), n)
			return nil
		},
	}
}
