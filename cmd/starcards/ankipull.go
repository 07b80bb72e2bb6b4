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
	db, cfg, err := openConfig(c, true)
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := pullInput(db, cfg, pkg)
	if err != nil {
		return err
	}
	res, err := ankipkg.Pull(in)
	if err != nil {
		if errors.Is(err, ankipkg.ErrNoneOurs) {
			return errorWithHint(fmt.Sprintf("%s: %v", name, err), "export a package from the Anki deck starcards made (STAR::…), with scheduling")
		}
		return err
	}
	if res.Changed() {
		backup, err := backupCollection(db, now())
		if err != nil {
			return errorf("back up the collection before the import: %v", err)
		}
		if err := db.AddHistory(res.States, res.Reviews); err != nil {
			return err
		}
		fmt.Fprintf(c.App.ErrWriter, "backup: %s\n", backup)
	}
	describePull(c.App.Writer, name, res.Report)
	return nil
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
	err = db.Reviews(time.Time{}, func(r starcards.Review) bool {
		if _, ok := in.Cards[r.Card]; ok {
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

// backupCollection copies the collection file, which db holds locked, to
// backups/ next to it before a risky write, and returns the copy's path.
//
// It is the hook the store's automatic backups will replace.
var backupCollection = func(db *store.DB, at time.Time) (string, error) {
	src := db.Path()
	dir := filepath.Join(filepath.Dir(src), "backups")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+"-"+at.UTC().Format("20060102T150405Z")+"-before-anki.db")
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	err = writeFileAtomic(name, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
	return name, err
}
