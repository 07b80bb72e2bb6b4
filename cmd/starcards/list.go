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
		Usage: "list the collection's cards (or stories)",
		Description: `Lists every card with its state and when it is due, in story order; with
--stories, the stories with their card counts and source files.

Examples:
   starcards list
   starcards list --stories
   starcards list --story webhook-drop-rate --kind followup
   starcards list --json | jq '.[] | select(.state == "review")'`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "story", Usage: "only the cards of story `ID`"},
			&cli.StringSliceFlag{Name: "kind", Usage: "only cards of kind `K` (section, phrase, mistake, followup, quiz, reflection, angle); repeatable"},
			&cli.BoolFlag{Name: "all", Usage: "include retired cards (and removed stories)"},
			&cli.BoolFlag{Name: "stories", Usage: "list the stories instead of the cards"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		},
		Action: runList,
	}
}

// parseFilter reads --story and --kind. A command whose --story is
// repeatable gets every value.
func parseFilter(c *cli.Context) (starcards.Filter, error) {
	var f starcards.Filter
	switch v := c.Value("story").(type) {
	case cli.StringSlice:
		f.Stories = c.StringSlice("story")
	case string:
		if v != "" {
			f.Stories = []string{v}
		}
	}
	for _, k := range c.StringSlice("kind") {
		kind, err := starcards.ParseKind(k)
		if err != nil {
			return f, errorf("--kind: %v", err)
		}
		f.Kinds = append(f.Kinds, kind)
	}
	return f, nil
}

// checkStory returns an error if the filter names a story the collection lacks.
func checkStory(f starcards.Filter, db *store.DB) error {
	for _, story := range f.Stories {
		ok, err := db.HasStory(story)
		if err != nil {
			return err
		}
		if !ok {
			return errorWithHint(fmt.Sprintf("no story %q in the collection", story), "starcards list shows the card ids; the story id is their first part")
		}
	}
	return nil
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
	if c.Bool("stories") {
		return listStories(c, db, all, f)
	}
	at := now()
	var cards []starcards.CardState
	for _, cs := range all {
		if f.Match(cs.Card.ID) && (!cs.Retired || c.Bool("all")) {
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

type storyJSON struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Principles []string  `json:"principles"`
	Cards      int       `json:"cards"`
	Retired    int       `json:"retired_cards"`
	Source     string    `json:"source"`
	Imported   time.Time `json:"imported"`
	Removed    bool      `json:"removed,omitempty"`
}

// listStories prints the stories with their live and retired card counts.
func listStories(c *cli.Context, db *store.DB, cards []starcards.CardState, f starcards.Filter) error {
	infos, err := db.Stories()
	if err != nil {
		return err
	}
	live, retired := map[string]int{}, map[string]int{}
	for _, cs := range cards {
		if cs.Retired {
			retired[cs.Card.ID.Story]++
		} else {
			live[cs.Card.ID.Story]++
		}
	}
	var out []storyJSON
	for _, si := range infos {
		s := si.Story
		if (si.Retired && !c.Bool("all")) || !f.MatchStory(s.ID) {
			continue
		}
		out = append(out, storyJSON{ID: s.ID, Title: s.Title, Principles: s.Principles, Cards: live[s.ID], Retired: retired[s.ID],
			Source: si.Source, Imported: si.Imported, Removed: si.Retired})
	}
	if c.Bool("json") {
		if out == nil {
			out = []storyJSON{}
		}
		return writeJSON(c.App.Writer, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.App.Writer, "no stories")
		return nil
	}
	rows := make([][]string, len(out))
	for i, s := range out {
		state := fmt.Sprint(s.Cards)
		if s.Retired > 0 {
			state += fmt.Sprintf(" (+%d retired)", s.Retired)
		}
		if s.Removed {
			state += ", removed"
		}
		rows[i] = []string{s.ID, oneLine(s.Title, 40), state, oneLine(s.Source, 30)}
	}
	return writeTable(c.App.Writer, []string{"story", "title", "cards", "source"}, rows)
}
