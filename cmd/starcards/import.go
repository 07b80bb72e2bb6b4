package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "add or update stories from story files",
		ArgsUsage: "FILE...",
		Description: `Reads each story file (.yaml, .yml or .json; Markdown as .md; a STAR
walkthrough page copied from the web as .txt) and adds its cards to the
collection. Coaching findings (see lint) follow on stderr. Importing an
edited file again keeps every card's progress: a card's identity is
story/kind/key, never its text. Cards no longer in the file are retired —
kept with their history, no longer scheduled.

If any file has an error, nothing is imported.

Example:
   starcards import stories/*.yaml`,
		Action: runImport,
	}
}

func runImport(c *cli.Context) error {
	if c.NArg() == 0 {
		return errorWithHint("import needs at least one story file", "starcards new my-story.yaml writes a template to start from")
	}
	// Parsing many files makes much short-lived garbage; collect it less
	// often (a short-lived command, memory is returned at exit).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	files, err := readStoryFiles(c.Args().Slice())
	if err != nil {
		return err
	}
	ids := map[string]*storyFile{}
	for _, sf := range files {
		if prev, ok := ids[sf.story.ID]; ok {
			return errorf("%s: duplicate story id %q (also in %s)", idPos(sf), sf.story.ID, prev.name)
		}
		ids[sf.story.ID] = sf
	}
	db, err := openRW(c)
	if err != nil {
		return err
	}
	defer db.Close()
	cfg, err := collectionConfig(db)
	if err != nil {
		return err
	}
	// Cards are made for the user's level; a key phrase missing from its
	// example is an error for a new story, a warning for one already in
	// the collection.
	if err := makeCards(db, files, cardOptions(cfg)); err != nil {
		return err
	}
	imports := make([]store.StoryImport, len(files))
	for i, sf := range files {
		imports[i] = store.StoryImport{Story: sf.story, Cards: sf.cards, Hash: hashOf(sf.data), Source: sf.name}
	}
	reports, err := db.Import(imports, now())
	if err != nil {
		return err
	}
	w := c.App.Writer
	for _, r := range reports {
		fmt.Fprintln(w, describeImport(r))
	}
	// Coaching findings never block an import: they are printed after it,
	// the first few of them.
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
	return nil
}

// makeCards generates the cards of each story file with opts and lints it,
// on every core, as a new story or, if db holds it, as an imported one.
func makeCards(db *store.DB, files []*storyFile, opts decks.Options) error {
	imported := make([]bool, len(files))
	for i, sf := range files {
		has, err := db.HasStory(sf.story.ID)
		if err != nil {
			return err
		}
		imported[i] = has
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				sf := files[i]
				sf.cards = decks.CardsFor(sf.story, opts)
				sf.findings = lint.CheckWith(sf.story, sf.pos, sf.name, lint.Options{Imported: imported[i]})
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return nil
}

// readStoryFiles reads and parses story files on every core; the error, if
// any, is the first in argument order.
func readStoryFiles(names []string) ([]*storyFile, error) {
	files := make([]*storyFile, len(names))
	errs := make([]error, len(names))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				files[i], errs[i] = readStoryFile(names[i])
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
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
