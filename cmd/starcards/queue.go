package main

import (
	"slices"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

// laterStories returns the stories whose new cards the day's queue takes
// only after every other story's (scheduler.Options.Later): the built-in
// sample, never edited, once the collection holds a story of the user's
// own. It reads the story outlines, and the stories themselves only when
// the sample is there beside others.
func laterStories(db *store.DB) ([]string, error) {
	outlines, err := db.StoryOutlines()
	if err != nil {
		return nil, err
	}
	sample := decks.Sample().ID
	if len(outlines) < 2 || !slices.ContainsFunc(outlines, func(o store.StoryOutline) bool { return o.ID == sample }) {
		return nil, nil
	}
	infos, err := db.Stories()
	if err != nil {
		return nil, err
	}
	var later []string
	own := false
	for _, si := range infos {
		switch {
		case si.Retired:
		case si.Source == sampleSource && si.Story.ID == sample:
			later = append(later, si.Story.ID)
		default:
			own = true
		}
	}
	if !own {
		return nil, nil
	}
	return later, nil
}
