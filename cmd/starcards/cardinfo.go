package main

import (
	"fmt"
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler/stats"
	"github.com/urfave/cli/v2"
)

// printCardInfo prints a card's text, state and history (show).
func printCardInfo(c *cli.Context, cs starcards.CardState, history []starcards.Review) error {
	info := stats.Info(cs, history, now())
	w := c.App.Writer
	if c.Bool("json") {
		return writeJSON(w, struct {
			Card cardJSON       `json:"card"`
			Info stats.CardInfo `json:"info"`
		}{toJSON(cs, true), info})
	}
	fmt.Fprintf(w, "%s  (%s)\n\n", safe(cs.Card.ID.String()), stateLabel(cs, now()))
	fmt.Fprintln(w, safe(cs.Card.Front))
	fmt.Fprintln(w, strings.Repeat("─", 40))
	fmt.Fprintln(w, safe(cs.Card.Back))
	fmt.Fprintln(w)
	return stats.RenderInfo(w, info)
}
