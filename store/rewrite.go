package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/starcards/starcards/store/atomicfile"
	bolt "go.etcd.io/bbolt"
)

// ErrReplaced is returned by the writing methods of a DB whose collection
// a Rewrite replaced: the DB still reads the collection as it was (the
// file kept as the backup), and writes to it would be lost.
var ErrReplaced = errors.New("collection was replaced by a rewrite; open it again")

// rewritePattern names the copy a rewrite writes beside the collection.
func rewritePattern(path string) string { return "." + filepath.Base(path) + ".rewrite-*" }

// Rewrite writes a new version of the collection beside it and puts it in
// the collection's place in one rename: a consistent copy of the
// collection (as Backup writes it), into which fill writes through a DB of
// its own, in as many transactions as it likes. Until the rename the
// collection itself is not written, so a write that fails (an error from
// fill, a full disk) or is killed changes nothing; an import too large for
// one transaction is all or nothing this way. Before the rename the copy
// is synced, and the collection as it was is kept under the name keep (a
// hard link, or a copy where the file system has none): the backup costs
// no second copy. On an error nothing is kept and the copy is removed.
//
// db must be open for writing; its lock is held throughout, so no other
// process writes the collection meanwhile. After Rewrite has returned nil
// db reads the collection as it was and refuses writes with ErrReplaced:
// close it, and open the collection again to go on. Copies that a killed
// rewrite left behind are removed first.
func (db *DB) Rewrite(keep string, fill func(cp *DB) error) (err error) {
	if db.readOnly {
		return ErrReadOnly
	}
	if db.replaced {
		return ErrReplaced
	}
	path := db.Path()
	// The new file replaces the file itself, not a symbolic link to it.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	// No other writer runs while db holds the lock: any copy there is left
	// over from a rewrite that was killed.
	if stale, _ := filepath.Glob(filepath.Join(dir, rewritePattern(path))); len(stale) > 0 {
		for _, f := range stale {
			os.Remove(f)
		}
	}
	tmp, err := os.CreateTemp(dir, rewritePattern(path))
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	if fi, err := os.Stat(path); err == nil {
		tmp.Chmod(fi.Mode().Perm())
	}
	if _, err := db.Backup(tmp); err != nil {
		tmp.Close()
		return err
	}
	// Sync the copy while fill writes into it: the final sync then has only
	// fill's pages left to write.
	synced := make(chan error, 1)
	go func() {
		err := tmp.Sync()
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		synced <- err
	}()
	err = db.fillCopy(name, fill)
	if serr := <-synced; err == nil {
		err = serr
	}
	if err != nil {
		return err
	}
	if err := db.keepAs(path, keep); err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(keep)
		return err
	}
	db.replaced = true
	return atomicfile.SyncDir(dir)
}

// fillCopy opens the copy at name, lets fill write into it without a sync
// at each commit, and syncs it once at the end.
func (db *DB) fillCopy(name string, fill func(*DB) error) (err error) {
	b, err := bolt.Open(name, 0o600, &bolt.Options{NoSync: true, InitialMmapSize: initialMmapSize})
	if err != nil {
		return err
	}
	b.AllocSize = allocSize
	cp := &DB{bolt: b}
	defer func() {
		if cerr := b.Close(); err == nil {
			err = cerr
		}
	}()
	if err := fill(cp); err != nil {
		return err
	}
	if cp.replaced {
		return errors.New("rewrite: fill rewrote the copy")
	}
	return b.Sync()
}

// keepAs gives the collection as it is, the file at path, the further
// name keep, which must not exist: a hard link where the file system has
// them, else a copy.
func (db *DB) keepAs(path, keep string) error {
	kdir := filepath.Dir(keep)
	if err := os.MkdirAll(kdir, 0o700); err != nil {
		return err
	}
	err := os.Link(path, keep)
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	if err != nil {
		// No hard links here (or across these directories): copy it.
		err = atomicfile.Write(keep, 0o600, func(w io.Writer) error {
			_, err := db.Backup(w)
			return err
		})
		if err != nil {
			return fmt.Errorf("keep the collection as %s: %w", keep, err)
		}
		return nil
	}
	return atomicfile.SyncDir(kdir)
}
