package main

import (
	"fmt"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func listCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list the collection's cards",
		Description: `Lists every card with its state and when it is due, in story order.

Examples:
   starcards list
   starcards list --story webhook-drop-rate --kind followup
   starcards list --json | jq '.[] | select(.state == "review")'`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "story", Usage: "only the cards of story `ID`"},
			&cli.StringSliceFlag{Name: "kind", Usage: "only cards of kind `K` (section, phrase, mistake, followup, quiz, reflection, angle); repeatable"},
			&cli.BoolFlag{Name: "all", Usage: "include retired cards"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		},
		Action: runList,
	}
}

// cardFilter selects cards by story and kinds.
type cardFilter struct {
	story string
	kinds []starcards.Kind
}

func parseFilter(c *cli.Context) (cardFilter, error) {
	f := cardFilter{story: c.String("story")}
	for _, k := range c.StringSlice("kind") {
		kind, err := starcards.ParseKind(k)
		if err != nil {
			return f, errorf("--kind: %v", err)
		}
		f.kinds = append(f.kinds, kind)
	}
	return f, nil
}

func (f cardFilter) match(id starcards.CardID) bool {
	if f.story != "" && id.Story != f.story {
		return false
	}
	if len(f.kinds) == 0 {
		return true
	}
	for _, k := range f.kinds {
		if id.Kind == k {
			return true
		}
	}
	return false
}

// checkStory returns an error if the filter names a story the collection lacks.
func checkStory(f cardFilter, db *store.DB) error {
	if f.story == "" {
		return nil
	}
	if ok, err := db.HasStory(f.story); ok || err != nil {
		return err
	}
	return errorWithHint(fmt.Sprintf("no story %q in the collection", f.story), "starcards list shows the card ids; the story id is their first part")
}

type cardJSON struct {
	ID        string    `json:"id"`
	Story     string    `json:"story"`
	Kind      string    `json:"kind"`
	Key       string    `json:"key"`
	State     string    `json:"state"`
	Due       time.Time `json:"due,omitzero"`
	Suspended bool      `json:"suspended,omitempty"`
	Leech     bool      `json:"leech,omitempty"`
	Retired   bool      `json:"retired,omitempty"`
	Front     string    `json:"front,omitempty"`
	Back      string    `json:"back,omitempty"`
}

func toJSON(cs starcards.CardState, text bool) cardJSON {
	j := cardJSON{
		ID: cs.Card.ID.String(), Story: cs.Card.ID.Story, Kind: string(cs.Card.ID.Kind), Key: cs.Card.ID.Key,
		State: cs.Schedule.State.String(), Suspended: cs.Schedule.Suspended, Leech: cs.Schedule.Leech, Retired: cs.Retired,
	}
	if cs.Schedule.State != starcards.StateNew {
		j.Due = cs.Schedule.Due
	}
	if text {
		j.Front, j.Back = cs.Card.Front, cs.Card.Back
	}
	return j
}

func runList(c *cli.Context) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}
	db, err := openRO(c)
	if err != nil {
		return err
	}
	defer db.Close()
	all, err := db.AllCards()
	if err != nil {
		return err
	}
	if err := checkStory(f, db); err != nil {
		return err
	}
	at := now()
	var cards []starcards.CardState
	for _, cs := range all {
		if f.match(cs.Card.ID) && (!cs.Retired || c.Bool("all")) {
			cards = append(cards, cs)
		}
	}
	if c.Bool("json") {
		out := make([]cardJSON, len(cards))
		for i, cs := range cards {
			out[i] = toJSON(cs, true)
		}
		return writeJSON(c.App.Writer, out)
	}
	if len(cards) == 0 {
		fmt.Fprintln(c.App.Writer, "no cards")
		return nil
	}
	rows := make([][]string, len(cards))
	for i, cs := range cards {
		rows[i] = []string{cs.Card.ID.String(), stateLabel(cs, at), dueLabel(cs.Schedule), oneLine(cs.Card.Front, 48)}
	}
	if err := writeTable(c.App.Writer, []string{"card", "state", "due", "front"}, rows); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%d cards\n", len(cards))
	return nil
}
