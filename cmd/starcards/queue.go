package main

import (
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

// laterStories returns the stories whose new cards the day's queue takes
// only after every other story's (scheduler.Options.Later): the built-in
// sample, never edited (an import of it names its file), once the
// collection holds a live story of the user's own. It reads the sample's
// record and, with it live, outlines until it finds another story: a few
// key lookups whatever the collection's size.
func laterStories(db *store.DB) ([]string, error) {
	sample := decks.Sample().ID
	si, ok, err := db.Story(sample)
	if err != nil || !ok || si.Retired || si.Source != sampleSource {
		return nil, err
	}
	if own, err := db.HasLiveStoryBesides(sample); err != nil || !own {
		return nil, err
	}
	return []string{sample}, nil
}
