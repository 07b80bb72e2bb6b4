package main

import (
	"fmt"
	"io"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/export"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

// runExportTSV writes the text import file as export.TSV would for the
// Collection runExport reads, but streamed: the cards are read one at a
// time and written as they come (to standard output through a spool, so
// that the collection is closed before printing), and of the stories only
// what the notes are made from is kept. Memory does not grow with the
// collection's text.
func runExportTSV(c *cli.Context) error {
	out, f, err := exportTarget(c, "tsv")
	if err != nil {
		return err
	}
	db, _, err := openConfig(c, false)
	if err != nil {
		return err
	}
	defer db.Close()
	infos, err := exportStories(db, f)
	if err != nil {
		return err
	}
	stories := map[string]*starcards.Story{}
	for _, si := range infos {
		if !si.Retired && f.MatchStory(si.Story.ID) {
			stories[si.Story.ID] = export.StoryOutline(&si.Story)
		}
	}
	infos = nil // the stories' text is not needed any more
	n := 0
	write := func(w io.Writer) error {
		t := export.NewTSVWriter(w)
		var werr error
		err := exportEach(db, f, func(cs *starcards.CardState) bool {
			if cs.Retired || !f.Match(cs.Card.ID) {
				return true
			}
			n++
			werr = t.Write(cs, stories[cs.Card.ID.Story])
			return werr == nil
		})
		switch {
		case err != nil:
			return err
		case werr != nil:
			return werr
		case n == 0:
			return errorf("nothing to export: no cards match")
		}
		return t.Flush()
	}
	if out == "-" {
		sp := newSpool(c.App.Writer)
		defer sp.discard()
		if err := write(sp); err != nil {
			return err
		}
		// Everything is read: printing, which may block on the reader of
		// the output, goes on without the collection's lock.
		if err := db.Close(); err != nil {
			return err
		}
		return sp.flush()
	}
	if err := writeFileAtomic(out, write); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s: %d cards from %d stories\n", safe(out), n, len(stories))
	return nil
}

// exportEach calls fn for the cards f selects (and maybe others), with
// their text, in collection order, until fn returns false: those of
// exportCards, but for the whole collection one at a time from a cursor.
func exportEach(db *store.DB, f starcards.Filter, fn func(cs *starcards.CardState) bool) error {
	if f.All() {
		return db.EachCard(fn)
	}
	cards, err := exportCards(db, f)
	if err != nil {
		return err
	}
	for i := range cards {
		if !fn(&cards[i]) {
			break
		}
	}
	return nil
}
