package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/export"
	"github.com/starcards/starcards/export/ankipkg"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

// isAnkiPackage reports whether name is an Anki package by its extension.
func isAnkiPackage(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".apkg" || ext == ".colpkg"
}

// runAnkiImport pulls the progress made in Anki back from a package
// exported there: reviews into the log, schedules, suspension and burying.
// It writes in one transaction, after a backup, or not at all.
func runAnkiImport(c *cli.Context, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return errorf("%s: %v", name, unwrapPath(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return errorf("%s: %v", name, unwrapPath(err))
	}
	if fi.IsDir() {
		return errorf("%s: is a directory", name)
	}
	pkg, err := ankipkg.Read(f, fi.Size(), "")
	if err != nil {
		switch {
		case errors.Is(err, ankipkg.ErrNotPackage), errors.Is(err, ankipkg.ErrDamaged), errors.Is(err, ankipkg.ErrTooNew):
			return errorf("%s: %v", name, err)
		}
		return err
	}
	// Work it out on a read-only collection first: a pull that changes
	// nothing, or fails, leaves the file byte-identical.
	res, err := pullFrom(c, name, pkg, false)
	if err != nil {
		return err
	}
	if res.Changed() {
		// Again under the write lock, from what the collection holds now.
		if res, err = pullFrom(c, name, pkg, true); err != nil {
			return err
		}
	}
	describePull(c.App.Writer, name, res.Report)
	return nil
}

// pullFrom merges pkg into the collection's state; with write, it backs the
// collection up and writes the changes in one transaction.
func pullFrom(c *cli.Context, name string, pkg *ankipkg.Package, write bool) (*ankipkg.Result, error) {
	db, cfg, err := openConfig(c, write)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	in, err := pullInput(db, cfg, pkg)
	if err != nil {
		return nil, err
	}
	res, err := ankipkg.Pull(in)
	if err != nil {
		if errors.Is(err, ankipkg.ErrNoneOurs) {
			return nil, errorWithHint(fmt.Sprintf("%s: %v", name, err), "in Anki, export the STAR deck starcards made, with scheduling")
		}
		return nil, err
	}
	if !write || !res.Changed() {
		return res, nil
	}
	backup, err := takeBackupNamed(db, "anki")
	if err != nil {
		return nil, errorf("back up the collection before the import: %v", err)
	}
	if err := db.AddHistory(res.States, res.Reviews); err != nil {
		return nil, err
	}
	fmt.Fprintf(c.App.ErrWriter, "backup: %s\n", backup)
	return res, nil
}

// pullInput gathers what Pull needs from the collection.
func pullInput(db *store.DB, cfg starcards.Config, pkg *ankipkg.Package) (ankipkg.Input, error) {
	in := ankipkg.Input{Package: pkg, Config: cfg, Now: now(), Cards: map[starcards.CardID]starcards.Schedule{}}
	infos, err := db.Stories()
	if err != nil {
		return in, err
	}
	col := export.Collection{Config: cfg}
	for _, si := range infos {
		col.Stories = append(col.Stories, si.Story)
	}
	cards, err := db.AllCards()
	if err != nil {
		return in, err
	}
	for _, cs := range cards {
		if !cs.Retired {
			col.Cards = append(col.Cards, cs)
			in.Cards[cs.Card.ID] = cs.Schedule
		}
	}
	if in.Keys, err = export.Keys(col); err != nil {
		return in, err
	}
	// Only the history of cards the package has matters.
	inPkg := map[starcards.CardID]bool{}
	for _, c := range pkg.Cards {
		if id, ok := in.Keys[export.AnkiKey{GUID: c.GUID, Ord: c.Ord}]; ok {
			inPkg[id] = true
		}
	}
	err = db.Reviews(time.Time{}, func(r starcards.Review) bool {
		if inPkg[r.Card] {
			in.Reviews = append(in.Reviews, r)
		}
		return true
	})
	return in, err
}

func describePull(w io.Writer, name string, r ankipkg.Report) {
	fmt.Fprintf(w, "%s: Anki package, %s: %s of ours\n", name, r.Format, pullCount(r.Cards, "card"))
	line := func(n int, noun, rest string) {
		if n > 0 {
			fmt.Fprintf(w, "  %s %s\n", pullCount(n, noun), rest)
		}
	}
	if r.Reviews == 0 && r.Updated == 0 && r.Suspended+r.Unsuspended+r.Buried == 0 {
		fmt.Fprintln(w, "  nothing new: the collection already has everything in it")
	}
	line(r.Reviews, "review", "added to the log")
	line(r.Known, "review", "already in the log")
	line(r.Updated, "card", "now scheduled as in Anki")
	line(r.Suspended, "card", "suspended")
	line(r.Unsuspended, "card", "unsuspended")
	line(r.Buried, "card", "buried or unburied")
	line(r.Foreign, "card", "of other notes ignored")
	line(r.Missing, "card", "of ours not in the package")
}

// pullCount is "1 card", "2 cards".
func pullCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
