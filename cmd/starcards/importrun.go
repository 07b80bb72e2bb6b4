package main

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
	"github.com/starcards/starcards/store"
)

// An import is written in batches of about batchBytes of story files (at
// most batchFiles files), each in one transaction of the copy the import
// writes (see importFiles). Files are parsed and their cards made on every
// core, at most importAhead files ahead of the batch being written: an
// import holds a few batches in memory, whatever its size.
const (
	batchBytes  = 512 << 10
	batchFiles  = 128
	importAhead = 2 * batchFiles
)

// importRun is one import of story files: what it imports and, once
// written, its report for each file, in argument order.
type importRun struct {
	files          []*storyFile
	reset, replace bool
	results        []importResult

	// Set by start, for finish.
	src       *store.DB
	sample    string        // the built-in sample's id, if it is alone
	prep      []*prepared   // by file, for the files not unchanged
	tokens    chan struct{} // one per file prepared and not yet written
	stopFeed  chan struct{}
	stopped   bool
	preparing sync.WaitGroup
}

// unchanged reports every file as skipped unchanged.
func (r *importRun) unchanged() ([]importResult, error) {
	r.results = make([]importResult, len(r.files))
	for i, sf := range r.files {
		r.results[i] = unchangedResult(sf)
	}
	return r.results, nil
}

// prepared is a story file made ready to import: parsed, linted, its
// cards made and compared with what the collection holds of its story.
type prepared struct {
	ready  chan struct{} // closed once the fields below are set
	err    error
	result importResult
}

// write imports the files not marked unchanged, reading the collection
// as it was from src and writing into dst (the copy that will take its
// place, or src itself for a new collection). The first error in argument
// order stops it; the caller throws dst away then.
func (r *importRun) write(src, dst *store.DB) error {
	if err := r.start(src); err != nil {
		return err
	}
	defer r.stop()
	return r.finish(dst)
}

// start prepares the files not marked unchanged (see prepare) on every
// core, in order, at most importAhead files ahead of finish, which writes
// them. src is the collection as it was; it must stay open until stop.
func (r *importRun) start(src *store.DB) error {
	cfg, err := collectionConfig(src)
	if err != nil {
		return err
	}
	// Cards are made for the user's level; a key phrase missing from its
	// example is an error for a new story, a warning for one already in
	// the collection.
	opts, err := collectionCardOptions(src, cfg)
	if err != nil {
		return err
	}
	if r.sample, err = sampleStory(src); err != nil {
		return err
	}
	catalogue := decks.Catalogue(cfg.Principles)
	r.src = src
	r.prep = make([]*prepared, len(r.files))
	var todo []int
	for i, sf := range r.files {
		if sf.unchanged.ID == "" {
			r.prep[i] = &prepared{ready: make(chan struct{})}
			todo = append(todo, i)
		}
	}
	r.tokens = make(chan struct{}, importAhead)
	r.stopFeed, r.stopped = make(chan struct{}), false
	jobs := make(chan int)
	r.preparing.Add(1)
	go func() {
		defer r.preparing.Done()
		defer close(jobs)
		for _, i := range todo {
			select {
			case r.tokens <- struct{}{}:
			case <-r.stopFeed:
				return
			}
			select {
			case jobs <- i:
			case <-r.stopFeed:
				return
			}
		}
	}()
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		r.preparing.Add(1)
		go func() {
			defer r.preparing.Done()
			for i := range jobs {
				p := r.prep[i]
				p.result, p.err = r.prepare(src, r.files[i], opts, catalogue)
				close(p.ready)
			}
		}()
	}
	return nil
}

// stop ends the preparing and waits for it: src is no longer read.
func (r *importRun) stop() {
	if r.stopFeed != nil && !r.stopped {
		r.stopped = true
		close(r.stopFeed)
		r.preparing.Wait()
	}
}

// finish writes the prepared files into dst in batches, in argument
// order, and fills in the results.
func (r *importRun) finish(dst *store.DB) error {
	src, prep, tokens, sample := r.src, r.prep, r.tokens, r.sample
	im := dst.NewImporter(now())
	ids := make(map[string]*storyFile, len(r.files)) // story id → file, for errors
	r.results = make([]importResult, len(r.files))
	var batch []int
	size := 0
	own := false // a story other than the sample is imported
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		imports := make([]store.StoryImport, len(batch))
		for j, i := range batch {
			sf := r.files[i]
			imports[j] = store.StoryImport{Story: sf.story, Cards: sf.cards, Hash: hashOf(sf.data), Source: sourceName(sf.name), Replace: r.replace}
			if r.reset {
				// In the import's own transaction: all of it or none.
				imports[j].Reset = r.results[i].reset
			}
		}
		// The collection as it was says whose a story is.
		if err := src.CheckSources(imports); err != nil {
			return sourceError(err, ids)
		}
		reports, err := im.Import(imports)
		if err != nil {
			return sourceError(err, ids)
		}
		for j, i := range batch {
			res := &r.results[i]
			res.StoryReport = reports[j]
			if res.New {
				// The report of a new story names no cards.
				res.added, res.changed, res.retired = nil, nil, nil
			}
			// Written: only the findings and the bytes are kept (a write
			// thrown away is done again from them).
			sf := r.files[i]
			sf.story, sf.cards, sf.warnings, sf.pos = nil, nil, nil, nil
			<-tokens
		}
		batch, size = batch[:0], 0
		return nil
	}
	for i, sf := range r.files {
		var id string
		p := prep[i] // nil for a file marked unchanged
		if p == nil {
			id = sf.unchanged.ID
			r.results[i] = unchangedResult(sf)
		} else {
			<-p.ready // sf is the worker's until then
			if p.err != nil {
				return p.err
			}
			id = sf.story.ID
			r.results[i] = p.result
		}
		if prev, ok := ids[id]; ok {
			return errorf("%s: duplicate story id %q (also in %s)", idPos(sf), id, prev.name)
		}
		ids[id] = sf
		if p == nil {
			continue
		}
		own = own || id != sample
		batch = append(batch, i)
		size += len(sf.data)
		if size >= batchBytes || len(batch) >= batchFiles {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if sample != "" && own && len(r.results) > 0 {
		r.results[len(r.results)-1].hint = sampleHintText(sample)
	}
	return nil
}

// prepare makes one story file ready to import: it parses the file (unless
// it is parsed already), refuses placeholders, makes the story's cards with
// opts, lints it (as a new story, or as one src holds) and compares its
// cards with those src holds.
func (r *importRun) prepare(src *store.DB, sf *storyFile, opts decks.Options, catalogue []string) (importResult, error) {
	if sf.story == nil {
		parsed, err := parseStoryFile(sf.name, sf.data)
		if err != nil {
			return importResult{}, err
		}
		sf.story, sf.pos, sf.warnings = parsed.story, parsed.pos, parsed.warnings
	}
	if err := placeholderError(sf); err != nil {
		return importResult{}, err
	}
	before, err := src.StoryCards([]string{sf.story.ID})
	if err != nil {
		return importResult{}, err
	}
	oldStory, imported := before[sf.story.ID]
	sf.cards = decks.CardsFor(sf.story, opts)
	// (No placeholder findings: placeholderError refused any.)
	findings := pageFindings(sf, lint.CheckWith(sf.story, sf.pos, sf.name, lint.Options{Imported: imported}))
	sf.findings = sortFindings(append(findings, lint.Principles(sf.story, sf.pos, sf.name, catalogue)...))
	old := make(map[starcards.CardID]starcards.CardState, len(oldStory))
	for _, cs := range oldStory {
		old[cs.Card.ID] = cs
	}
	res := compareImport(sf, old, oldStory)
	if n := len(res.reset); n > 0 && !r.reset {
		res.reset = nil
		res.reworded = append(res.reworded, fmt.Sprintf("%s: the answer of %s changed a lot but keeps its progress; "+
			"starcards import --reset-changed starts such cards again", sf.story.ID, plural(n, "card")))
	}
	return res, nil
}
