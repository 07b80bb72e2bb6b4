package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func showCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "show one card: front, back, state and history",
		ArgsUsage: "CARD",
		Description: `Shows a card's front and back, its scheduling state and its review history.
CARD is the id that list prints, story/kind/key, or a prefix or glob that
names one card.

Example:
   starcards show webhook-drop-rate/followup/why-not-escalate`,
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON"}},
		Action: runShow,
	}
}

// cardArg resolves the CARD argument: an id, or a prefix or glob naming
// one card.
func cardArg(c *cli.Context, db *store.DB) (starcards.CardID, error) {
	if c.NArg() != 1 {
		return starcards.CardID{}, errorWithHint(c.Command.Name+" needs one card id", "starcards list shows the card ids (story/kind/key)")
	}
	arg := c.Args().First()
	if !isPattern(arg) {
		if _, err := starcards.ParseCardID(arg); err != nil && !strings.Contains(arg, "/") {
			if ok, _ := db.HasStory(arg); !ok {
				return starcards.CardID{}, errorWithHint(err.Error(), "starcards list shows the card ids (story/kind/key)")
			}
		}
	}
	return oneCard(db, arg)
}

// notFound words a missing card for the user.
func notFound(id starcards.CardID, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errorWithHint(fmt.Sprintf("no card %s in the collection", id), "starcards list shows the card ids")
	}
	return err
}

func runShow(c *cli.Context) error {
	db, err := openRO(c)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := cardArg(c, db)
	if err != nil {
		return err
	}
	cs, err := db.Card(id)
	if err != nil {
		return notFound(id, err)
	}
	history, err := db.CardReviews(id)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil { // read all; print without the lock
		return err
	}
	return printCardInfo(c, cs, history)
}
