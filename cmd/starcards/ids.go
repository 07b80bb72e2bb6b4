package main

import (
	"fmt"
	"path"
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/store"
)

// plural returns "1 card" or "n cards".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// unknownID refuses an id the collection lacks, suggesting the one meant.
func unknownID(what, id string, known []string) error {
	msg := fmt.Sprintf("no %s %q in the collection", what, id)
	if s := didYouMean(id, known); s != "" {
		return errorWithHint(msg, "did you mean "+s+"?")
	}
	if what == "story" {
		return errorWithHint(msg, "starcards list --stories shows the story ids")
	}
	return errorWithHint(msg, "starcards list shows the card ids (story/kind/key)")
}

// isPattern reports whether a card argument is a glob.
func isPattern(arg string) bool { return strings.ContainsAny(arg, "*?[") }

// matchCards resolves card arguments against the collection's live cards:
// an exact id, a glob ("webhook-drop-rate/reflection/*", matched with
// path.Match so * stays within one part) or a prefix of whole parts
// ("webhook-drop-rate/reflection", "webhook-drop-rate"). Each argument must
// match at least one card; an unknown one gets a "did you mean". The ids
// come back in collection order, each once.
func matchCards(db *store.DB, args []string) ([]starcards.CardID, error) {
	all, err := db.AllCards()
	if err != nil {
		return nil, err
	}
	var live []starcards.CardState
	for _, cs := range all {
		if !cs.Retired {
			live = append(live, cs)
		}
	}
	chosen := map[starcards.CardID]bool{}
	for _, arg := range args {
		n := 0
		for _, cs := range live {
			if matchCard(arg, cs.Card.ID.String()) {
				chosen[cs.Card.ID] = true
				n++
			}
		}
		if n > 0 {
			continue
		}
		if isPattern(arg) {
			if _, err := path.Match(arg, ""); err != nil {
				return nil, errorf("bad pattern %q: %v", arg, err)
			}
			return nil, errorWithHint(fmt.Sprintf("no card matches %q", arg), "starcards list shows the card ids (story/kind/key)")
		}
		// A retired card is named, not matched: say so.
		for _, cs := range all {
			if cs.Card.ID.String() == arg {
				return nil, errorf("card %s is retired (its story no longer has it)", arg)
			}
		}
		ids := make([]string, len(live))
		for i, cs := range live {
			ids[i] = cs.Card.ID.String()
		}
		err := unknownID("card", arg, ids)
		if _, perr := starcards.ParseCardID(arg); perr != nil && strings.Count(arg, "/") == 2 {
			// A malformed id (an unknown kind): say what is wrong with it.
			_, hints := describe(err)
			return nil, errorWithHint(perr.Error(), hints...)
		}
		return nil, err
	}
	var out []starcards.CardID
	for _, cs := range live {
		if chosen[cs.Card.ID] {
			out = append(out, cs.Card.ID)
		}
	}
	return out, nil
}

// matchCard reports whether the card id matches the argument arg: equal, a
// glob match, or arg is a prefix of whole parts.
func matchCard(arg, id string) bool {
	if arg == id {
		return true
	}
	if isPattern(arg) {
		ok, _ := path.Match(arg, id)
		return ok
	}
	return strings.HasPrefix(id, strings.TrimSuffix(arg, "/")+"/")
}

// oneCard resolves a card argument that must name exactly one card (show,
// grade): an id, or a prefix or glob that matches only one.
func oneCard(db *store.DB, arg string) (starcards.CardID, error) {
	if id, err := starcards.ParseCardID(arg); err == nil && !isPattern(arg) {
		if _, err := db.Card(id); err == nil {
			return id, nil
		}
	}
	ids, err := matchCards(db, []string{arg})
	if err != nil {
		return starcards.CardID{}, err
	}
	if len(ids) > 1 {
		names := make([]string, 0, 3)
		for _, id := range ids[:min(3, len(ids))] {
			names = append(names, id.String())
		}
		more := ""
		if len(ids) > len(names) {
			more = "…"
		}
		// list --search matches text, not globs: a glob's outer stars go.
		return starcards.CardID{}, errorWithHint(fmt.Sprintf("%q matches %d cards (%s%s): name one", arg, len(ids), strings.Join(names, ", "), more),
			"starcards list --search "+strings.Trim(arg, "*")+" lists them")
	}
	return ids[0], nil
}
