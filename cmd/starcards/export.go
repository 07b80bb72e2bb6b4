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
					return runExport(c)
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
			return nil, unknownStory(db, id)
		}
	}
	return infos, nil
}

// runExport writes the .apkg, streamed from the collection as it is
// written (runApkgExport).
func runExport(c *cli.Context) error {
	out, f, err := exportTarget(c, "apkg")
	if err != nil {
		return err
	}
	db, cfg, err := openConfig(c, false)
	if err != nil {
		return err
	}
	defer db.Close()
	return runApkgExport(c, db, cfg, f, out)
}

// unknownStory is the error for a --story id the collection lacks, with
// the ids it has.
func unknownStory(db *store.DB, id string) error {
	infos, err := db.Stories()
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(infos))
	for _, si := range infos {
		ids = append(ids, si.Story.ID)
	}
	slices.Sort(ids)
	return unknownID("story", id, ids)
}

// runApkgExport writes the .apkg from the collection as it goes (see
// export.ApkgFrom): the cards' states first, then their text, then their
// reviews, never all of it in memory. A --story export reads those
// stories' cards and histories only.
func runApkgExport(c *cli.Context, db *store.DB, cfg starcards.Config, f starcards.Filter, out string) error {
	src := &storeSource{db: db, cfg: cfg, f: f}
	stories := 0
	if len(f.Stories) > 0 {
		seen := map[string]bool{}
		for _, id := range f.Stories {
			if seen[id] {
				continue
			}
			seen[id] = true
			states, found, err := db.StoryStates(id)
			if err != nil {
				return err
			}
			if !found {
				return unknownStory(db, id)
			}
			info, _, err := db.Story(id)
			if err != nil {
				return err
			}
			if !info.Retired {
				stories++
			}
			src.add(states)
		}
	} else {
		outlines, err := db.StoryOutlines()
		if err != nil {
			return err
		}
		stories = len(outlines)
		states, err := db.States()
		if err != nil {
			return err
		}
		src.total = len(states)
		src.add(states)
	}
	n := len(src.states)
	if n == 0 {
		return errorf("nothing to export: no cards match")
	}
	opts := export.Options{WithScheduling: c.Bool("with-scheduling"), Now: now(), TempDir: tempDirFor(out)}
	if err := writeFileAtomic(out, func(w io.Writer) error { return export.ApkgFrom(w, src, opts) }); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s: %d cards from %d stories\n", safe(out), n, stories)
	return nil
}

// storeSource is the collection as export.ApkgFrom reads it.
type storeSource struct {
	db     *store.DB
	cfg    starcards.Config
	f      starcards.Filter
	states []starcards.CardState // the cards to export, without text, until States
	ids    []starcards.CardID    // their ids, for reading their histories
	total  int                   // cards in the collection; 0 if not counted
}

// add keeps the states of the cards f selects (in states' own array).
func (s *storeSource) add(states []starcards.CardState) {
	if s.states == nil {
		s.states = states[:0]
	}
	for _, cs := range states {
		if !cs.Retired && s.f.Match(cs.Card.ID) {
			s.states = append(s.states, cs)
		}
	}
}

func (s *storeSource) Config() starcards.Config { return s.cfg }

// Len is the number of cards States gives.
func (s *storeSource) Len() int { return len(s.states) }

// States gives the states once: the export keeps what it needs of them.
func (s *storeSource) States(fn func(*starcards.CardState) error) error {
	if !s.historyScan() {
		s.ids = make([]starcards.CardID, len(s.states))
		for i := range s.states {
			s.ids[i] = s.states[i].Card.ID
		}
	}
	for i := range s.states {
		if err := fn(&s.states[i]); err != nil {
			return err
		}
	}
	s.states = nil
	return nil
}

// historyScan reports whether Reviews reads the whole log: for the whole
// collection or a large part of it (reading a card's history through the
// index costs a few times what the same entries cost in one pass).
func (s *storeSource) historyScan() bool {
	return s.f.All() || s.total > 0 && len(s.states)*4 > s.total
}

// Story gives the live stories f selects, as the in-memory export has them.
func (s *storeSource) Story(id string) (*starcards.Story, error) {
	if !s.f.MatchStory(id) {
		return nil, nil
	}
	info, found, err := s.db.Story(id)
	if err != nil || !found || info.Retired {
		return nil, err
	}
	return &info.Story, nil
}

func (s *storeSource) Cards(ids []starcards.CardID, fn func(*starcards.Card) error) error {
	return s.db.CardTexts(ids, fn)
}

// Reviews reads the whole log in one pass for the whole collection or a
// large part of it, else the exported cards' histories through the
// history index: a --story export costs what its cards were answered.
func (s *storeSource) Reviews(fn func(card []byte, r *starcards.Review) error) error {
	var err error
	var serr error
	if s.ids == nil {
		serr = s.db.ScanReviews(time.Time{}, func(card []byte, r *starcards.Review) bool {
			err = fn(card, r)
			return err == nil
		})
	} else {
		var key []byte
		serr = s.db.ReviewsOf(s.ids, func(r starcards.Review) bool {
			key = r.Card.Append(key[:0])
			err = fn(key, &r)
			return err == nil
		})
	}
	if serr != nil {
		return serr
	}
	return err
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
