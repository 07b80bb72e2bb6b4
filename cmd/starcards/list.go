package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func listCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list the collection's cards (or stories)",
		Description: `Lists every card with its state and when it is due, in story order, fitted
to the terminal (or $COLUMNS, else 80 columns); --wide adds each card's
front and never cuts a column. With --stories, the stories with their card
counts and source files.

--search TEXT keeps the cards whose id, front, back or fields contain TEXT
(ignoring case).

Examples:
   starcards list
   starcards list --stories
   starcards list --story webhook-drop-rate --kind followup
   starcards list --search '0.3%'
   starcards list --json | jq '.[] | select(.state == "review")'`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "story", Usage: "only the cards of story `ID`"},
			&cli.StringSliceFlag{Name: "kind", Usage: "only cards of kind `K` (outline, section, order, number, phrase, mistake, followup, quiz, reflection, angle); repeatable"},
			&cli.BoolFlag{Name: "all", Usage: "include retired cards (and removed stories)"},
			&cli.BoolFlag{Name: "stories", Usage: "list the stories instead of the cards"},
			&cli.StringFlag{Name: "search", Usage: "only cards whose id, front, back or fields contain `TEXT`"},
			&cli.BoolFlag{Name: "wide", Usage: "full ids and the card's front; no column cut to fit"},
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

// checkStory returns an error if the filter names a story the collection
// lacks, with a "did you mean" for a near miss.
func checkStory(f starcards.Filter, db *store.DB) error {
	for _, story := range f.Stories {
		ok, err := db.HasStory(story)
		if err != nil {
			return err
		}
		if ok {
			continue
		}
		infos, err := db.Stories()
		if err != nil {
			return err
		}
		var ids []string
		for _, si := range infos {
			if !si.Retired {
				ids = append(ids, si.Story.ID)
			}
		}
		return unknownID("story", story, ids)
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
	Buried    bool      `json:"buried,omitempty"`
	BuriedTil time.Time `json:"buried_until,omitzero"`
	Leech     bool      `json:"leech,omitempty"`
	Retired   bool      `json:"retired,omitempty"`
	Front     string    `json:"front,omitempty"`
	Back      string    `json:"back,omitempty"`
}

func toJSON(cs starcards.CardState, text bool) cardJSON { return toJSONAt(cs, text, now()) }

// toJSONAt is toJSON with the time read: a card buried past at is shown
// buried.
func toJSONAt(cs starcards.CardState, text bool, at time.Time) cardJSON {
	j := cardJSON{
		ID: cs.Card.ID.String(), Story: cs.Card.ID.Story, Kind: string(cs.Card.ID.Kind), Key: cs.Card.ID.Key,
		State: cs.Schedule.State.String(), Suspended: cs.Schedule.Suspended, Leech: cs.Schedule.Leech, Retired: cs.Retired,
	}
	if cs.Schedule.State != starcards.StateNew {
		j.Due = cs.Schedule.Due
	}
	if b := cs.Schedule.BuriedUntil; b.After(at) {
		j.Buried, j.BuriedTil = true, b
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
	if err := checkStory(f, db); err != nil {
		return err
	}
	if c.Bool("stories") {
		return listStories(c, db, f)
	}
	search := strings.ToLower(c.String("search"))
	keep := func(cs *starcards.CardState) bool {
		return f.Match(cs.Card.ID) && (!cs.Retired || c.Bool("all")) && (search == "" || cardContains(cs.Card, search))
	}
	if c.Bool("json") {
		return listJSON(c, db, keep)
	}
	at := now()
	wide := c.Bool("wide")
	// The table's rows are made as the cards are read: no card is held.
	rows := newCardRows(at, wide, len(f.Stories) == 1)
	if search == "" && !wide {
		// The table shows no text: the states alone.
		states, err := db.States()
		if err != nil {
			return err
		}
		for i := range states {
			if keep(&states[i]) {
				rows.add(&states[i])
			}
		}
	} else {
		err := db.EachCardInPlace(func(cs *starcards.CardState) bool {
			if keep(cs) {
				// A card of the id and (--wide) the front as the table
				// shows it, in strings of their own: the card's strings
				// are the collection's bytes, valid during the call.
				id, _ := starcards.ParseCardID(cs.Card.ID.String())
				k := starcards.CardState{Card: starcards.Card{ID: id}, Schedule: cs.Schedule, Retired: cs.Retired}
				if wide {
					k.Card.Front = strings.Clone(oneLine(cs.Card.Front, wideFront))
				}
				rows.add(&k)
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	// Everything is read: let writers in before printing, which may block
	// on a slow or stopped reader of the output.
	if err := db.Close(); err != nil {
		return err
	}
	n := len(rows.t.rows)
	if n == 0 {
		fmt.Fprintln(c.App.Writer, "no cards")
		return nil
	}
	color, err := useColor(c, c.App.Writer)
	if err != nil {
		return err
	}
	rows.colors(palette.New(color))
	width := outputWidth(c.App.Writer)
	if wide {
		width = 0
	}
	if err := rows.t.write(c.App.Writer, width); err != nil {
		return err
	}
	fmt.Fprintln(c.App.Writer, plural(n, "card"))
	return nil
}

// listJSON prints the cards keep selects as a JSON array, byte for byte
// what writeJSONArray writes for their toJSON values, read one at a time
// from the collection and spooled until it is closed.
func listJSON(c *cli.Context, db *store.DB, keep func(cs *starcards.CardState) bool) error {
	out := newSpool(c.App.Writer)
	defer out.discard()
	bw := bufio.NewWriterSize(out, 64<<10)
	var buf []byte
	n := 0
	var werr error
	// In place: each card is written out before the next is read.
	err := db.EachCardInPlace(func(cs *starcards.CardState) bool {
		if !keep(cs) {
			return true
		}
		buf = buf[:0]
		if n == 0 {
			buf = append(buf, "[\n  "...)
		} else {
			buf = append(buf, ",\n  "...)
		}
		at := now() // per card, as toJSON reads it
		var ok bool
		if buf, ok = appendCardJSON(buf, cs, at); !ok {
			var enc []byte
			if enc, werr = json.MarshalIndent(toJSONAt(*cs, true, at), "  ", "  "); werr != nil {
				return false
			}
			buf = append(buf, escapeJSON(string(enc))...)
		}
		n++
		_, werr = bw.Write(buf)
		return werr == nil
	})
	if err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	if n == 0 {
		bw.WriteString("[]\n")
	} else {
		bw.WriteString("\n]\n")
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	// Everything is read: let writers in before printing, which may block
	// on a slow or stopped reader of the output.
	if err := db.Close(); err != nil {
		return err
	}
	return out.flush()
}

// cardContains reports whether a card's id, front, back or fields contain
// the lower-case text.
func cardContains(card starcards.Card, text string) bool {
	if strings.Contains(strings.ToLower(card.ID.String()), text) ||
		strings.Contains(strings.ToLower(card.Front), text) ||
		strings.Contains(strings.ToLower(card.Back), text) {
		return true
	}
	for _, f := range card.Fields {
		if strings.Contains(strings.ToLower(f), text) {
			return true
		}
	}
	return false
}

// wideFront is the most of a card's front a --wide table shows, in runes.
const wideFront = 1000

// cardTable lays out cards for list and due: the story (left out when one
// story is listed) and kind/key, the state, and when the card is due; wide
// gives the full id and the front instead.
func cardTable(cards []starcards.CardState, at time.Time, wide, oneStory bool, p palette.Palette) *table {
	r := newCardRows(at, wide, oneStory)
	for i := range cards {
		r.add(&cards[i])
	}
	r.colors(p)
	return r.t
}

// cardRows builds a cardTable one card at a time.
type cardRows struct {
	t              *table
	at             time.Time
	wide, oneStory bool
}

func newCardRows(at time.Time, wide, oneStory bool) *cardRows {
	t := &table{}
	switch {
	case wide:
		t.header = []string{"card", "state", "due", "front"}
		t.flex = []int{0, 0, 0, 1}
	case oneStory:
		t.header = []string{"card", "state", "due"}
		t.flex = []int{1, 0, 0}
	default:
		t.header = []string{"story", "card", "state", "due"}
		t.flex = []int{2, 1, 0, 0}
	}
	return &cardRows{t: t, at: at, wide: wide, oneStory: oneStory}
}

// colors paints the state column with p.
func (r *cardRows) colors(p palette.Palette) {
	stateCol := len(r.t.header) - 2
	if r.wide {
		stateCol = 1
	}
	r.t.paint = func(_, col int, s string) string {
		if col != stateCol {
			return s
		}
		switch strings.TrimSpace(s) {
		case "new":
			return p.Info(s)
		case "learning", "relearning":
			return p.Warn(s)
		case "review":
			return p.Good(s)
		}
		return p.Dim(s)
	}
}

// add adds the row of cs. The row may share the strings of cs.
func (r *cardRows) add(cs *starcards.CardState) {
	t, at := r.t, r.at
	id := cs.Card.ID
	short := string(id.Kind) + "/" + id.Key
	state, due := shortState(*cs, at), shortDue(cs.Schedule, at)
	switch {
	case r.wide:
		t.rows = append(t.rows, []string{id.String(), stateLabel(*cs, at), dueLabel(cs.Schedule), oneLine(cs.Card.Front, wideFront)})
	case r.oneStory:
		t.rows = append(t.rows, []string{short, state, due})
	default:
		t.rows = append(t.rows, []string{safe(id.Story), short, state, due})
	}
}

// shortState is stateLabel in at most 10 columns: a suspended leech is
// "leech".
func shortState(cs starcards.CardState, at time.Time) string {
	if cs.Schedule.Suspended && cs.Schedule.Leech && !cs.Retired {
		return "leech"
	}
	return stateLabel(cs, at)
}

// shortDue is when a card is due in at most 11 columns: "-" for a new
// card, the time for today ("today 14:05"), else the date.
func shortDue(s starcards.Schedule, at time.Time) string {
	if s.State == starcards.StateNew || s.Due.IsZero() {
		return "-"
	}
	due := s.Due.In(time.Local)
	if y, m, d := due.Date(); y == at.Year() && m == at.Month() && d == at.Day() {
		return due.Format("today 15:04")
	}
	return due.Format("2006-01-02")
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
func listStories(c *cli.Context, db *store.DB, f starcards.Filter) error {
	cards, err := db.States()
	if err != nil {
		return err
	}
	infos, err := db.Stories()
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
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
		out = append(out, storyJSON{
			ID: s.ID, Title: s.Title, Principles: s.Principles, Cards: live[s.ID], Retired: retired[s.ID],
			Source: si.Source, Imported: si.Imported, Removed: si.Retired,
		})
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
	t := &table{header: []string{"story", "title", "cards", "source"}, flex: []int{1, 2, 0, 3}}
	for _, s := range out {
		state := fmt.Sprint(s.Cards)
		if s.Retired > 0 {
			state += fmt.Sprintf(" (+%d retired)", s.Retired)
		}
		if s.Removed {
			state += ", removed"
		}
		t.rows = append(t.rows, []string{safe(s.ID), oneLine(s.Title, 1000), state, oneLine(displayPath(s.Source), 1000)})
	}
	width := outputWidth(c.App.Writer)
	if c.Bool("wide") {
		width = 0
	}
	return t.write(c.App.Writer, width)
}

// displayPath shows a story's source file relative to the current
// directory when it lies below it.
func displayPath(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
