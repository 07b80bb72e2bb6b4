package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/store"
	"github.com/starcards/starcards/store/atomicfile"
	"github.com/urfave/cli/v2"
)

func backupCommand() *cli.Command {
	return &cli.Command{
		Name:  "backup",
		Usage: "back up the collection now, or list its backups",
		Description: `Writes a consistent copy of the collection to the backups directory beside
it. Backups are also taken on their own: before import, remove, a schema
upgrade, restore and check --repair, and at the first write of each study
day. The newest ones are kept (starcards config set backups N; default 10).

Examples:
   starcards backup
   starcards backup list
   starcards restore collection-20261102T090000Z-daily.db`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return errorWithHint(fmt.Sprintf("unknown backup subcommand %q", safe(c.Args().First())), "starcards backup, or starcards backup list")
			}
			db, err := openRW(c)
			if err != nil {
				return err
			}
			defer db.Close()
			name, err := takeBackupNamed(db, "manual")
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "wrote %s\n", safe(name))
			return nil
		},
		Subcommands: []*cli.Command{{
			Name:  "list",
			Usage: "list the collection's backups, oldest first",
			Description: `Lists the backups kept beside the collection, oldest first: the date,
size, and number of cards and reviews of each.

Example:
   starcards backup list`,
			Action: func(c *cli.Context) error {
				if c.NArg() > 0 {
					return errorf("backup list takes no arguments")
				}
				path, err := dbPath(c)
				if err != nil {
					return err
				}
				backups, err := listBackups(path)
				if err != nil {
					return err
				}
				if len(backups) == 0 {
					fmt.Fprintf(c.App.Writer, "no backups in %s yet\n", safe(backupDir(path)))
					return nil
				}
				rows := make([][]string, len(backups))
				for i, b := range backups {
					cards, reviews := "?", "?"
					if db, err := store.Open(b.path, store.Options{ReadOnly: true}, now()); err == nil {
						if n, m, err := db.Counts(); err == nil {
							cards, reviews = fmt.Sprint(n), fmt.Sprint(m)
						}
						db.Close()
					}
					rows[i] = []string{safe(b.name), b.at.In(time.Local).Format("2006-01-02 15:04"), byteSize(b.size), cards, reviews, b.reason}
				}
				fmt.Fprintf(c.App.Writer, "backups in %s:\n", safe(backupDir(path)))
				return writeTable(c.App.Writer, []string{"backup", "date", "size", "cards", "reviews", "taken"}, rows)
			},
		}},
	}
}

func restoreCommand() *cli.Command {
	return &cli.Command{
		Name:      "restore",
		Usage:     "replace the collection with one of its backups",
		ArgsUsage: "BACKUP",
		Description: `Puts a backup (a name from starcards backup list, or a file) in the
collection's place. The current collection is backed up first, and the
backup must open and pass starcards check before anything is replaced.

Example:
   starcards restore collection-20261102T090000Z-daily.db`,
		Action: runRestore,
	}
}

func runRestore(c *cli.Context) error {
	if c.NArg() != 1 {
		return errorWithHint("restore needs one backup", "starcards backup list shows them")
	}
	path, err := dbPath(c)
	if err != nil {
		return err
	}
	arg := c.Args().First()
	src := arg
	if _, err := os.Stat(src); err != nil {
		src = filepath.Join(backupDir(path), filepath.Base(arg))
		if _, err := os.Stat(src); err != nil {
			return errorWithHint(fmt.Sprintf("%s: no such backup", safe(arg)), "starcards backup list shows them")
		}
	}
	if abs, err := filepath.Abs(src); err == nil {
		if cur, err := filepath.Abs(path); err == nil && abs == cur {
			return errorf("%s is the collection itself", safe(arg))
		}
	}
	bk, err := store.Open(src, store.Options{ReadOnly: true}, now())
	if err != nil {
		return fmt.Errorf("%s: %w", safe(arg), err)
	}
	rep, err := bk.Check(now())
	cards, reviews, _ := bk.Counts()
	bk.Close()
	if err != nil {
		return err
	}
	if bad := rep.Damaged(); len(bad) > 0 {
		return errorWithHint(fmt.Sprintf("%s fails check (%s: %s); nothing restored", safe(arg), plural(len(bad), "problem"), safe(bad[0].String())),
			"choose another backup: starcards backup list")
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return fileError(err)
	}
	var saved string
	db, err := openRW(c)
	switch {
	case err == nil:
		defer db.Close()
		if saved, err = takeBackupNamed(db, "restore"); err != nil {
			return err
		}
	case errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrNotCollection), errors.Is(err, store.ErrEmptyFile):
		// The collection cannot be opened: keep its bytes as they are
		// beside the backups, then put the backup in its place.
		if saved, err = copyDamaged(path); err != nil {
			return err
		}
	default:
		return err
	}
	// The lock is held while the file is replaced; a process waiting for
	// it finds the new file when it gets it.
	if err := atomicfile.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("restore %s: %w", safe(arg), err)
	}
	fmt.Fprintf(c.App.Writer, "restored %s (%d cards, %d reviews); the collection before it is in %s\n", safe(filepath.Base(src)), cards, reviews, safe(saved))
	return nil
}

// copyDamaged copies a collection that cannot be opened into the backups
// directory as it is, and returns the copy's path.
func copyDamaged(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fileError(err)
	}
	dir := backupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("keep the damaged collection: %w", err)
	}
	name := filepath.Join(dir, backupPrefix(path)+now().UTC().Format(backupTimeFormat)+"-damaged.db")
	if err := atomicfile.WriteFile(name, data, 0o600); err != nil {
		return "", fmt.Errorf("keep the damaged collection: %w", err)
	}
	return name, nil
}

// backupDir returns where the backups of the collection at path are kept.
func backupDir(path string) string { return filepath.Join(filepath.Dir(path), "backups") }

// backupFile is one backup: <collection>-<UTC time>-<reason>[-n].db.
type backupFile struct {
	name, path string
	at         time.Time
	reason     string
	size       int64
	mod        time.Time
}

const backupTimeFormat = "20060102T150405Z"

func backupPrefix(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + "-"
}

// listBackups returns the backups of the collection at path, oldest first.
func listBackups(path string) ([]backupFile, error) {
	dir := backupDir(path)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fileError(err)
	}
	prefix := backupPrefix(path)
	var out []backupFile
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || !strings.HasSuffix(name, ".db") || len(rest) < len(backupTimeFormat)+4 || !e.Type().IsRegular() {
			continue
		}
		at, err := time.Parse(backupTimeFormat, rest[:len(backupTimeFormat)])
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		reason := strings.TrimSuffix(strings.TrimPrefix(rest[len(backupTimeFormat):], "-"), ".db")
		if r, n, ok := strings.Cut(reason, "-"); ok && strings.Trim(n, "0123456789") == "" {
			reason = r
		}
		out = append(out, backupFile{name: name, path: filepath.Join(dir, name), at: at, reason: reason, size: info.Size(), mod: info.ModTime()})
	}
	slices.SortFunc(out, func(a, b backupFile) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.mod.Compare(b.mod)
	})
	return out, nil
}

// takeBackup backs up the open collection, for the reason given.
func takeBackup(db *store.DB, reason string) error {
	_, err := takeBackupNamed(db, reason)
	return err
}

// takeBackupNamed backs up the open collection into its backups directory
// and keeps only the newest (config backups) of them. It returns the new
// backup's path.
func takeBackupNamed(db *store.DB, reason string) (string, error) {
	cfg, err := db.Config()
	if err != nil {
		return "", err
	}
	name, err := newBackupName(db.Path(), reason)
	if err != nil {
		return "", err
	}
	err = atomicfile.Write(name, 0o600, func(w io.Writer) error {
		_, err := db.Backup(w)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("back up the collection: %w", err)
	}
	return name, pruneBackups(db.Path(), cfg.BackupsKept)
}

// newBackupName returns the name of a new backup of the collection at path,
// taken now for the reason given, making the backups directory if need be:
// <collection>-<UTC time>-<reason>[-n].db, a name not taken yet.
func newBackupName(path, reason string) (string, error) {
	dir := backupDir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("back up the collection: %w", err)
	}
	base := filepath.Join(dir, backupPrefix(path)+now().UTC().Format(backupTimeFormat)+"-"+reason)
	name := base + ".db"
	for n := 2; ; n++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
		name = fmt.Sprintf("%s-%d.db", base, n)
	}
}

// pruneBackups removes all but the newest kept (at least one) backups of
// the collection at path.
func pruneBackups(path string, kept int) error {
	backups, err := listBackups(path)
	if err != nil {
		return err
	}
	for i := 0; i < len(backups)-max(kept, 1); i++ {
		os.Remove(backups[i].path)
	}
	return nil
}

// dailyBackup backs up the collection unless a backup was taken since the
// current study day started: run before the first write of each command.
func dailyBackup(db *store.DB) error {
	cfg, err := db.Config()
	if err != nil {
		return err
	}
	start := starcards.DayStart(now(), cfg.DayStartHour)
	backups, err := listBackups(db.Path())
	if err != nil {
		return err
	}
	for _, b := range backups {
		if !b.at.Before(start.Truncate(time.Second)) {
			return nil
		}
	}
	return takeBackup(db, "daily")
}

// byteSize formats a file size: 12 KiB, 3.4 MiB.
func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
