package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/export"
	"github.com/starcards/starcards/store"
	"github.com/starcards/starcards/store/atomicfile"
	"github.com/urfave/cli/v2"
)

func exportCommand() *cli.Command {
	filterFlags := []cli.Flag{
		&cli.StringSliceFlag{Name: "story", Usage: "only story `ID`; repeatable"},
		&cli.StringSliceFlag{Name: "kind", Usage: "only cards of kind `K`; repeatable"},
		&cli.BoolFlag{Name: "force", Usage: "overwrite the output file if it exists"},
	}
	return &cli.Command{
		Name:  "export",
		Usage: "export the collection for Anki (.apkg or text)",
		Description: `Writes the collection's cards for Anki: apkg writes a package Anki imports
as it is (note types, decks, tags, optionally the scheduling); tsv writes
Anki's text-import format. Both take --story and --kind to export part of
the collection, and refuse to overwrite a file without --force.

Examples:
   starcards export apkg -o star.apkg
   starcards export tsv -o star.txt`,
		Subcommands: []*cli.Command{
			{
				Name:  "apkg",
				Usage: "write an Anki package",
				Description: `Writes an Anki package (legacy schema 11, imports in Anki 2.1.55 and later):
one note type per card kind, phrase cards as cloze notes, a deck
STAR::<story title> per story, tags for story, principle, kind and level.
Note ids and guids come from the cards' identity, so importing a later
export updates the same notes instead of duplicating them.

With --with-scheduling the cards keep their FSRS state and review history:
tick "Import any learning progress" in Anki's import dialog to keep it.

The file is written under a temporary name and renamed: a failed export
leaves nothing behind. An existing file is refused unless --force is
given, and then replaced only on success.

Examples:
   starcards export apkg -o star.apkg
   starcards export apkg --with-scheduling --story webhook-drop-rate -o webhook.apkg`,
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE`"},
					&cli.BoolFlag{Name: "with-scheduling", Usage: "include FSRS state and review history"},
				}, filterFlags...),
				Action: func(c *cli.Context) error {
					return runExport(c, "apkg", func(w io.Writer, col export.Collection) error {
						return export.Apkg(w, col, export.Options{WithScheduling: c.Bool("with-scheduling"), Now: now(), TempDir: tempDirFor(c.String("output"))})
					})
				},
			},
			{
				Name:  "tsv",
				Usage: "write an Anki text-import file",
				Description: `Writes Anki's text-import format: #separator, #html, #guid column,
#notetype column, #deck column and #tags column headers, one line per note,
fields HTML-escaped. The note types must exist in Anki (import an .apkg once).
Use -o - for standard output; an existing file needs --force.

Example:
   starcards export tsv -o star.txt`,
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (- for standard output)"},
				}, filterFlags...),
				Action: func(c *cli.Context) error {
					return runExportTSV(c)
				},
			},
		},
	}
}

func tempDirFor(out string) string {
	if out == "" || out == "-" {
		return ""
	}
	return filepath.Dir(out)
}

// exportTarget checks an export's output and filter flags.
func exportTarget(c *cli.Context, format string) (out string, f starcards.Filter, err error) {
	out = c.String("output")
	if out == "" {
		return "", f, errorWithHint("export "+format+" needs -o FILE", "starcards export "+format+" -o star."+map[string]string{"apkg": "apkg", "tsv": "txt"}[format])
	}
	if out == "-" && format == "apkg" {
		return "", f, errorf("an .apkg cannot go to standard output: give -o FILE.apkg")
	}
	if fi, err := os.Stat(out); out != "-" && err == nil && fi.IsDir() {
		return "", f, errorf("%s: is a directory; give -o a file name", out)
	}
	if _, err := os.Stat(out); out != "-" && err == nil && !c.Bool("force") {
		return "", f, errorWithHint(fmt.Sprintf("%s already exists", out), "use --force to overwrite it, or choose another name")
	}
	f, err = parseFilter(c)
	return out, f, err
}

// exportStories returns the stories' records, failing for a story of f
// the collection lacks.
func exportStories(db *store.DB, f starcards.Filter) ([]store.StoryInfo, error) {
	infos, err := db.Stories()
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, si := range infos {
		known[si.Story.ID] = true
	}
	for _, id := range f.Stories {
		if !known[id] {
			var ids []string
			for id := range known {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			return nil, unknownID("story", id, ids)
		}
	}
	return infos, nil
}

func runExport(c *cli.Context, format string, write func(io.Writer, export.Collection) error) error {
	out, f, err := exportTarget(c, format)
	if err != nil {
		return err
	}
	db, cfg, err := openConfig(c, false)
	if err != nil {
		return err
	}
	defer db.Close()
	infos, err := exportStories(db, f)
	if err != nil {
		return err
	}
	col := export.Collection{Config: cfg}
	for _, si := range infos {
		if !si.Retired && f.MatchStory(si.Story.ID) {
			col.Stories = append(col.Stories, si.Story)
		}
	}
	cards, err := exportCards(db, f)
	if err != nil {
		return err
	}
	keep := map[starcards.CardID]bool{}
	for _, cs := range cards {
		id := cs.Card.ID
		if cs.Retired || !f.Match(id) {
			continue
		}
		col.Cards = append(col.Cards, cs)
		keep[id] = true
	}
	if len(col.Cards) == 0 {
		return errorf("nothing to export: no cards match")
	}
	if c.Bool("with-scheduling") {
		add := func(r starcards.Review) bool {
			if keep[r.Card] {
				col.Reviews = append(col.Reviews, r)
			}
			return true
		}
		var err error
		if f.All() || len(keep) > historyLookups {
			err = db.Reviews(time.Time{}, add)
		} else {
			// A few cards (one story): their histories, not the whole log.
			ids := make([]starcards.CardID, 0, len(col.Cards))
			for _, cs := range col.Cards {
				ids = append(ids, cs.Card.ID)
			}
			err = db.ReviewsOf(ids, add)
		}
		if err != nil {
			return err
		}
	}
	// Everything is read: writing the export, to a pipe or a file, goes on
	// without the collection's lock.
	if err := db.Close(); err != nil {
		return err
	}
	if out == "-" {
		return write(c.App.Writer, col)
	}
	if err := writeFileAtomic(out, func(w io.Writer) error { return write(w, col) }); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s: %d cards from %d stories\n", safe(out), len(col.Cards), len(col.Stories))
	return nil
}

// writeFileAtomic writes a file atomically (see atomicfile.Write): a
// failure leaves nothing behind and an existing file is replaced only on
// success. Errors name the file or directory for the user.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return errorf("%s: no such directory", safe(dir))
	}
	var werr error
	err := atomicfile.Write(name, 0o644, func(w io.Writer) error {
		werr = write(w)
		return werr
	})
	switch {
	case err == nil:
		return nil
	case werr != nil:
		return werr
	case errors.Is(err, fs.ErrPermission):
		return errorf("%s: permission denied", safe(dir))
	}
	return errorf("write %s: %v", safe(name), unwrapPath(err))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// exportCards returns the cards f selects, with their text, in collection
// order (and maybe others). For the whole collection it reads every card;
// for a filter it reads the states alone (no text) to find the cards, then
// the text of those only: a one-story export of 100,000 cards reads 30.
// historyLookups is how many cards an export reads the histories of
// through the history index; for more it reads the whole log in one pass.
const historyLookups = 10_000

func exportCards(db *store.DB, f starcards.Filter) ([]starcards.CardState, error) {
	if f.All() {
		return db.AllCards()
	}
	states, err := db.States()
	if err != nil {
		return nil, err
	}
	var ids []starcards.CardID
	for _, cs := range states {
		if !cs.Retired && f.Match(cs.Card.ID) {
			ids = append(ids, cs.Card.ID)
		}
	}
	return db.Cards(ids)
}
