package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "add or update stories from story files",
		ArgsUsage: "FILE... | PACKAGE.apkg",
		Description: `Reads each story file (.yaml, .yml or .json; Markdown as .md; a STAR
walkthrough page copied from the web as .txt) and adds its cards to the
collection. Coaching findings (see lint) follow on stderr. Importing an
edited file again keeps every card's progress: a card's identity is
story/kind/key, never its text. Cards no longer in the file are retired —
kept with their history, no longer scheduled.

A file unchanged since it was imported is skipped (its findings are not
repeated: lint lists them); when nothing changed, nothing is written and no
backup is taken. If any file has an error, nothing is imported. A story's id belongs to the
file it was first imported from: a story with the same id from another file
is refused unless --replace is given (the new file's story then takes over
the cards and their progress). An import is written into a copy of the
collection that takes its place once complete: the collection as it was
is kept as the import's backup, and an import that fails or is
interrupted changes nothing.

The report names the cards added, changed and retired. A follow-up or quiz
without an "id:" is keyed by its question: reword the question and it
becomes a new card (a warning says so, and how to keep the progress). A
changed card keeps its progress; --reset-changed starts again the cards
whose answer changed a lot.

An Anki package (.apkg or .colpkg) exported from Anki brings back the
progress made there on the cards starcards exported: each Anki review
joins the review log (once: a second import adds nothing), cards reviewed
last in Anki take Anki's schedule, and suspension and burying follow
Anki's. Other notes are ignored. The collection is backed up first.

Examples:
   starcards import stories/*.yaml
   starcards import ~/Downloads/STAR.apkg
   starcards import --reset-changed my-story.yaml`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "reset-changed", Usage: "start again as new the cards whose answer changed a lot (fewer than half its words kept)"},
			&cli.BoolFlag{Name: "replace", Usage: "let a story replace the story of the same id imported from another file"},
		},
		Action: runImport,
	}
}

// importMemory is the soft limit of the Go runtime's memory during an
// import (debug.SetMemoryLimit). An import's live heap is 30 MB for 1,000
// files; a limit of 128 MiB (not 100) halves the collections that reach
// it, 8 % of the import's time, and 3,334 files peak at 113 MB of heap.
const importMemory = 128 << 20

func runImport(c *cli.Context) error {
	if c.NArg() == 0 {
		return errorWithHint("import needs at least one story file", "starcards new my-story.yaml writes a template to start from")
	}
	if args := c.Args().Slice(); slices.ContainsFunc(args, isAnkiPackage) {
		if len(args) != 1 {
			return errorWithHint("an Anki package is imported alone", "starcards import progress.apkg")
		}
		return runAnkiImport(c, args[0])
	}
	// Parsing many files makes much short-lived garbage; collect it less
	// often (a short-lived command, memory is returned at exit), but never
	// let the heap grow past importMemory: what an import holds at once is
	// a few batches (see importRun), whatever its size.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemory))
	// The principles are checked once the collection is open (its settings
	// name the catalogue): opening it twice would double a wait for a lock.
	files, err := readStoryFiles(c, c.Args().Slice())
	if err != nil {
		return err
	}
	results, err := importFiles(c, files, c.Bool("reset-changed"))
	if err != nil {
		return err
	}
	w := c.App.Writer
	for _, r := range results {
		fmt.Fprint(w, safe(r.String()))
		if len(r.Similar) > 0 {
			fmt.Fprintf(c.App.ErrWriter, "starcards: warning: %s has the same question or title as %s already in the collection (a copy under another id?)\n",
				safe(r.ID), safe(strings.Join(r.Similar, ", ")))
			fmt.Fprintf(c.App.ErrWriter, "starcards: hint: if it is the same story, starcards remove %s (or give the file that id and import it with --replace)\n", safe(r.ID))
		}
	}
	printFindings(c, files)
	return nil
}

// printFindings prints the coaching findings of files after an import, the
// first few of them: they never block it.
func printFindings(c *cli.Context, files []*storyFile) {
	const shown = 10
	n := 0
	for _, sf := range files {
		for _, f := range sf.findings {
			if n < shown {
				fmt.Fprintln(c.App.ErrWriter, "lint: "+safe(f.String()))
			}
			n++
		}
	}
	if n > shown {
		fmt.Fprintf(c.App.ErrWriter, "lint: %d more findings; starcards lint FILE... lists them all\n", n-shown)
	}
}

// importResult is what importing one story did, card by card.
type importResult struct {
	store.StoryReport
	added, changed, retired []starcards.CardID
	reset                   []starcards.CardID // changed a lot, reset to new (--reset-changed)
	reworded                []string           // warnings: progress lost to a reworded item
	hint                    string             // a hint after the report (the sample, once)
	skipped                 bool               // the file is as imported: nothing read or written
}

// String is the report: the counts, then (for a story already in the
// collection) the cards by name, then the warnings.
func (r importResult) String() string {
	var b strings.Builder
	if r.skipped {
		// Nothing was written: say so, rather than "updated".
		fmt.Fprintf(&b, "%s (unchanged): %s\n", r.ID, plural(r.Unchanged, "card"))
	} else {
		b.WriteString(describeImport(r.StoryReport) + "\n")
	}
	if !r.New {
		list := func(what string, ids []starcards.CardID) {
			const most = 10
			for i, id := range ids {
				if i == most {
					fmt.Fprintf(&b, "  %-8s … and %d more\n", "", len(ids)-most)
					break
				}
				fmt.Fprintf(&b, "  %-8s %s\n", what, id)
			}
		}
		list("added", r.added)
		list("changed", r.changed)
		list("retired", r.retired)
		list("reset", r.reset)
	}
	for _, w := range r.reworded {
		b.WriteString("warning: " + w + "\n")
	}
	if r.hint != "" {
		b.WriteString("hint: " + r.hint + "\n")
	}
	return b.String()
}

// importFiles imports story files and reports, per story, which cards were
// added, changed and retired, in argument order. With reset, the cards
// whose text changed a lot start again as new. Files not parsed yet are
// parsed here, in batches (see importRun): an import of thousands of files
// never holds them all parsed at once.
//
// An import is all or nothing. It is written into a copy of the collection
// that takes the collection's place once complete (store.Rewrite): the
// collection as it was becomes the import's backup, and an import that
// fails anywhere, or is killed, changes nothing and leaves nothing behind.
// A first import, with no collection yet, builds it aside with the sample
// and the stories (store.Create).
//
// A file whose content the collection already holds as imported from it
// (marked unchanged) is skipped: its records are not written again. When
// every file is unchanged the collection is not even opened for writing:
// nothing is committed and no backup is taken.
func importFiles(c *cli.Context, all []*storyFile, reset bool) ([]importResult, error) {
	run := &importRun{files: all, reset: reset, replace: c.Bool("replace")}
	if !slices.ContainsFunc(all, func(sf *storyFile) bool { return sf.unchanged.ID == "" }) {
		return run.unchanged()
	}
	path, err := dbPath(c)
	if err != nil {
		return nil, err
	}
	var db *store.DB
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		var created bool
		var writeErr error
		db, created, err = store.Create(path, writeOptions(), now(), func(fresh *store.DB) error {
			if err := addSample(fresh); err != nil {
				return err
			}
			writeErr = run.write(fresh, fresh)
			return writeErr
		})
		if err != nil {
			if writeErr != nil {
				return nil, writeErr
			}
			return nil, openError(path, err)
		}
		if created {
			return run.results, db.Close()
		}
		// Another process made the collection meanwhile: import into it.
		db.Close()
	}
	if db, err = openRW(c); err != nil {
		return nil, err
	}
	defer db.Close()
	// Under the write lock, look again: another process may have imported
	// meanwhile.
	if err := markUnchanged(db, all); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(all, func(sf *storyFile) bool { return sf.unchanged.ID == "" }) {
		return run.unchanged()
	}
	cfg, err := db.Config()
	if err != nil {
		return nil, err
	}
	keep, err := newBackupName(db.Path(), "import")
	if err != nil {
		return nil, err
	}
	// The files are parsed while the collection is copied.
	if err := run.start(db); err != nil {
		return nil, err
	}
	defer run.stop()
	if err := db.Rewrite(keep, run.finish); err != nil {
		return nil, err
	}
	run.stop()
	pruneBackups(db.Path(), cfg.BackupsKept)
	return run.results, db.Close()
}

// sampleStory is the id of the built-in sample if it is the only live
// story of the collection, else "". The user's first import of a story of
// their own while it is so says how to take the sample out.
func sampleStory(db *store.DB) (string, error) {
	live, only, err := db.LiveFrom(sampleSource)
	if err != nil || !only || len(live) == 0 {
		return "", err // (the user has imported before)
	}
	return live[len(live)-1], nil
}

// sampleHintText is that hint.
func sampleHintText(sample string) string {
	return fmt.Sprintf("your first own story is in; the built-in sample %s is still there: starcards remove %s takes it out (its history is kept)", sample, sample)
}

// sourceError words a *store.SourceError for the user, naming both files;
// other errors are returned as they are.
func sourceError(err error, files map[string]*storyFile) error {
	var se *store.SourceError
	if !errors.As(err, &se) || files[se.ID] == nil {
		return err
	}
	owner := se.Owner
	if wd, err := os.Getwd(); err == nil && filepath.IsAbs(owner) {
		if rel, err := filepath.Rel(wd, owner); err == nil && !strings.HasPrefix(rel, "..") {
			owner = rel
		}
	}
	return errorWithHint(fmt.Sprintf("%s: story id %q is already imported from %s", idPos(files[se.ID]), se.ID, owner),
		"give this story another id, or import it with --replace to let it take over that story's cards")
}

// sourceName is the file name kept with a story: absolute, so that edit
// finds it from any directory.
func sourceName(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return name
}

// compareImport names the cards an import adds, changes and retires, by
// comparing the story's new cards with what the collection holds: old and
// oldStory are this story's cards there, by id and in collection order.
// The caller fills in the store's report.
func compareImport(sf *storyFile, old map[starcards.CardID]starcards.CardState, oldStory []starcards.CardState) importResult {
	var r importResult
	seen := map[starcards.CardID]bool{}
	for _, card := range sf.cards {
		seen[card.ID] = true
		prev, ok := old[card.ID]
		switch {
		case !ok || prev.Retired:
			r.added = append(r.added, card.ID)
		case prev.Card.Front != card.Front || prev.Card.Back != card.Back:
			r.changed = append(r.changed, card.ID)
			if prev.Schedule.State != starcards.StateNew && changedALot(prev.Card.Back, card.Back) {
				r.reset = append(r.reset, card.ID)
			}
		}
	}
	for _, cs := range oldStory {
		if id := cs.Card.ID; !cs.Retired && !seen[id] {
			r.retired = append(r.retired, id)
		}
	}
	slices.SortFunc(r.retired, func(a, b starcards.CardID) int { return old[a].Card.Ord - old[b].Card.Ord })
	r.reworded = reworded(sf.story, r.added, r.retired, old)
	return r
}

// reworded warns of list items (follow-ups, quizzes) whose key is a slug of
// their question: rewording the question made a new card and retired the
// old one with its progress. It pairs each retired card that had progress
// with an added card of the same kind whose item has no explicit id.
func reworded(s *starcards.Story, added, retired []starcards.CardID, old map[starcards.CardID]starcards.CardState) []string {
	if len(added) == 0 || !slices.ContainsFunc(retired, func(id starcards.CardID) bool { return old[id].Schedule.State != starcards.StateNew }) {
		return nil // no progress lost (a new story, say): no item keys to work out
	}
	implicit := map[starcards.CardID]bool{}
	for _, f := range s.Followups {
		if f.ID == "" {
			implicit[starcards.CardID{Story: s.ID, Kind: starcards.KindFollowup, Key: decks.FollowupKey(f)}] = true
		}
	}
	for _, q := range s.Quizzes {
		if q.ID == "" {
			implicit[starcards.CardID{Story: s.ID, Kind: starcards.KindQuiz, Key: decks.QuizKey(q)}] = true
		}
	}
	used := map[starcards.CardID]bool{}
	var out []string
	for _, gone := range retired {
		if old[gone].Schedule.State == starcards.StateNew {
			continue
		}
		for _, id := range added {
			if id.Kind == gone.Kind && implicit[id] && !used[id] {
				used[id] = true
				out = append(out, fmt.Sprintf("%s lost its progress: its question was reworded, so it is now %s; "+
					"to keep the progress, give the item \"id: %s\" in the story file and import again", gone, id, gone.Key))
				break
			}
		}
	}
	return out
}

// changedALot reports whether a card's answer changed so much that its
// progress no longer says anything: fewer than half of the words of the
// longer text are shared.
func changedALot(before, after string) bool {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(s)) {
			m[strings.Trim(w, ".,;:!?\"'()“”‘’")] = true
		}
		return m
	}
	a, b := words(before), words(after)
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return 2*shared < max(len(a), len(b))
}

// readStoryFiles reads story files and marks those the collection already
// holds as they are (see unchangedFiles); importFiles parses the others.
func readStoryFiles(c *cli.Context, names []string) ([]*storyFile, error) {
	files := make([]*storyFile, len(names))
	errs := make([]error, len(names))
	// A few files at a time: each costs several system calls, which on a
	// virtual machine take longer than reading the bytes.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var data []byte
				if data, errs[i] = readLimited(names[i]); errs[i] == nil {
					files[i] = &storyFile{name: names[i], data: data}
				}
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	// The first error in argument order, as reading one by one would stop.
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	unchangedFiles(c, files)
	return files, nil
}

// unchangedFiles marks the files whose content the collection holds as
// imported from them, looking with a read-only open that writes nothing.
// A collection it cannot read that way (none yet, an older schema, a
// lock) skips nothing: the import proper reports what is wrong.
func unchangedFiles(c *cli.Context, files []*storyFile) {
	path, err := dbPath(c)
	if err != nil {
		return
	}
	if _, err := os.Lstat(path); err != nil {
		return
	}
	// No wait for a lock: a locked collection is waited for once, by the
	// import proper.
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: time.Millisecond}, now())
	if err != nil {
		return
	}
	defer db.Close()
	markUnchanged(db, files)
}

// markUnchanged sets or clears each file's unchanged story from db.
func markUnchanged(db *store.DB, files []*storyFile) error {
	src := make([]store.SourceFile, len(files))
	for i, sf := range files {
		src[i] = store.SourceFile{Source: sourceName(sf.name), Hash: hashOf(sf.data)}
	}
	same, err := db.Unchanged(src)
	if err != nil {
		return err
	}
	for i, sf := range files {
		sf.unchanged = same[i]
	}
	return nil
}

// unchangedResult is the report of an import that skipped an unchanged
// file: every card unchanged, as importing it would have said.
func unchangedResult(sf *storyFile) importResult {
	return importResult{StoryReport: store.StoryReport{ID: sf.unchanged.ID, Unchanged: sf.unchanged.Cards}, skipped: true}
}

// idPos names where a story file gives its id: file:line:col, or the file.
func idPos(sf *storyFile) string {
	if p, ok := sf.pos["id"]; ok {
		return fmt.Sprintf("%s:%d:%d", sf.name, p.Line, p.Col)
	}
	return sf.name
}

func describeImport(r store.StoryReport) string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(r.Added, "added")
	add(r.Updated, "updated")
	add(r.Retired, "retired")
	add(r.Unchanged, "unchanged")
	if len(parts) == 0 {
		parts = []string{"no cards"}
	}
	verb := "updated"
	if r.New {
		verb = "new story"
	}
	return fmt.Sprintf("%s (%s): %s", r.ID, verb, strings.Join(parts, ", "))
}
