package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

// dbPath returns the collection file: --db, STARCARDS_DB, then
// $XDG_DATA_HOME/starcards/collection.db, then ~/.local/share/….
func dbPath(c *cli.Context) (string, error) {
	if p := c.String("db"); p != "" {
		return p, nil
	}
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "starcards", "collection.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errorWithHint("cannot find the home directory for the collection", "set --db, STARCARDS_DB or XDG_DATA_HOME")
	}
	return filepath.Join(home, ".local", "share", "starcards", "collection.db"), nil
}

// openRW opens the collection for writing. A collection that does not
// exist yet is built aside with the built-in sample story and put in place
// whole. Before a migration, and before the first write of each study day,
// it takes a backup.
func openRW(c *cli.Context) (*store.DB, error) {
	path, err := dbPath(c)
	if err != nil {
		return nil, err
	}
	opts := writeOptions()
	var db *store.DB
	fresh := false
	if _, statErr := os.Lstat(path); errors.Is(statErr, fs.ErrNotExist) {
		fresh = true
		db, _, err = store.Create(path, opts, now(), addSample)
	} else {
		db, err = store.Open(path, opts, now())
	}
	if err != nil {
		return nil, openError(path, err)
	}
	if !fresh {
		// Cards made by an older card layout are remade (decks.CardsVersion).
		if err := upgradeCards(db, c.App.ErrWriter); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// writeOptions are the options of every open for writing: a backup before a
// migration, and one at the first write of each study day.
func writeOptions() store.Options {
	return store.Options{
		BeforeMigrate: func(db *store.DB, from, to uint64) error { return takeBackup(db, "upgrade") },
		BeforeWrite:   dailyBackup,
	}
}

// openRO opens the collection read-only, leaving the file byte-identical. A
// collection that does not exist yet is created first (with the sample), so
// that a first command has something to show. The DB holds the
// collection's shared lock until closed: callers close it once they have
// read what they need, before printing, so that a blocked output (a pager,
// a full pipe) never keeps a writer out.
func openRO(c *cli.Context) (*store.DB, error) {
	path, err := dbPath(c)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		db, err := openRW(c)
		if err != nil {
			return nil, err
		}
		db.Close()
	}
	db, err := store.Open(path, store.Options{ReadOnly: true}, now())
	if errors.Is(err, store.ErrNeedsUpgrade) {
		// A collection of an earlier version is upgraded once, as Anki
		// does, by the first command that opens it, after a backup (the
		// migration hook takes one); then it is read as usual.
		rw, rwErr := openRW(c)
		if rwErr != nil {
			return nil, rwErr
		}
		rw.Close()
		db, err = store.Open(path, store.Options{ReadOnly: true}, now())
	}
	if err != nil {
		return nil, openError(path, err)
	}
	return db, nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, store.ErrLocked):
		return err
	case errors.Is(err, store.ErrSchemaTooNew), errors.Is(err, store.ErrNotCollection), errors.Is(err, store.ErrCorrupt),
		errors.Is(err, store.ErrEmptyFile), errors.Is(err, store.ErrNotRegular), errors.Is(err, store.ErrNeedsUpgrade):
		return fmt.Errorf("%s: %w", path, err)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return errorf("cannot open collection %s: %v", path, pe.Err)
	}
	return fmt.Errorf("open collection %s: %w", path, err)
}

func addSample(db *store.DB) error {
	s := decks.Sample()
	_, err := db.Import([]store.StoryImport{{
		Story:  s,
		Cards:  decks.Cards(s),
		Hash:   hashOf(decks.SampleYAML),
		Source: sampleSource,
	}}, now())
	if err != nil {
		return err
	}
	return db.SetCardsVersion(decks.CardsVersion)
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// openConfig opens the collection — for writing if write, else read-only —
// and reads its settings. The caller closes the DB.
func openConfig(c *cli.Context, write bool) (*store.DB, starcards.Config, error) {
	open := openRO
	if write {
		open = openRW
	}
	db, err := open(c)
	if err != nil {
		return nil, starcards.Config{}, err
	}
	cfg, err := collectionConfig(db)
	if err != nil {
		db.Close()
		return nil, cfg, err
	}
	return db, cfg, nil
}

// collectionConfig returns the collection's settings.
func collectionConfig(db *store.DB) (starcards.Config, error) {
	return db.Config()
}

// outlineReview is a review outline as the domain review the statistics and
// rehearsal code read: the fields of the outline, the others zero.
func outlineReview(o store.ReviewOutline) starcards.Review {
	return starcards.Review{
		Card: o.Card, Time: o.Time, Rating: o.Rating, Duration: o.Duration, Spoken: o.Spoken,
		Before: starcards.Schedule{State: o.BeforeState, ScheduledDays: o.BeforeScheduledDays},
	}
}
