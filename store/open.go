package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/starcards/starcards/store/atomicfile"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DB is an open collection.
type DB struct {
	bolt     *bolt.DB
	readOnly bool
	// beforeWrite, if set, runs once before the first write transaction.
	beforeWrite func(*DB) error
	// replaced is set once a Rewrite has put another file in the
	// collection's place: writes through this DB would be lost.
	replaced bool
}

// initialMmapSize is the size of the first memory map of the collection.
const initialMmapSize = 256 << 20

// importFillPercent is how full Import packs the pages it splits.
const importFillPercent = 0.9

// allocSize is how much the collection file grows at a time.
const allocSize = 4 << 20

// DefaultTimeout is how long Open waits for another process's lock.
const DefaultTimeout = 3 * time.Second

// Options configure Open.
type Options struct {
	// ReadOnly opens the collection with a shared lock and no writes; the
	// file is left byte-identical.
	ReadOnly bool
	// Timeout is how long to wait for another process's lock; default
	// DefaultTimeout (3 s).
	Timeout time.Duration
	// NoSync skips fsync on commit (bulk benchmarks and tests only).
	NoSync bool
	// BeforeMigrate, if set, is called with the collection open (and
	// locked) before an older collection is migrated: the caller's chance
	// to back it up. An error stops the open and changes nothing.
	BeforeMigrate func(db *DB, from, to uint64) error
	// BeforeWrite, if set, is called once, before the first transaction
	// that writes (a daily backup, say). An error stops that write.
	BeforeWrite func(db *DB) error
}

// Open opens the collection at path. A missing collection is created, empty,
// as [Create] does, unless opts.ReadOnly (then the error is a
// *fs.PathError matching fs.ErrNotExist). It returns [ErrNotRegular] for a
// directory, FIFO or device, [ErrEmptyFile] for an empty file,
// [ErrLocked] when another process holds it, [ErrSchemaTooNew] for a newer
// collection, [ErrNeedsUpgrade] for an older one opened read-only,
// [ErrNotCollection] for a file that is not one and [ErrCorrupt] for a
// damaged one. A read-write open writes nothing unless the collection
// needs a migration: a command that fails leaves the file byte-identical.
func Open(path string, opts Options, now time.Time) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	var db *DB
	for try := 0; ; try++ {
		before, err := checkFile(path)
		if err != nil {
			if _, lerr := os.Lstat(path); errors.Is(err, fs.ErrNotExist) && errors.Is(lerr, fs.ErrNotExist) && !opts.ReadOnly {
				db, _, err := Create(path, opts, now, nil)
				return db, err
			}
			return nil, err
		}
		if db, err = openBolt(path, opts); err != nil {
			return nil, err
		}
		// A collection replaced (restored) while this process waited for
		// its lock: the lock is on the old file. Open the new one.
		if after, err := os.Stat(path); err == nil && os.SameFile(before, after) || try == 3 {
			break
		}
		db.bolt.Close()
	}
	v, err := db.version()
	if err == nil {
		switch {
		case v > schemaVersion:
			err = fmt.Errorf("%w (collection schema %d, this program knows %d)", ErrSchemaTooNew, v, schemaVersion)
		case v < schemaVersion && opts.ReadOnly:
			err = fmt.Errorf("%w (collection schema %d, this program writes %d)", ErrNeedsUpgrade, v, schemaVersion)
		case v < schemaVersion:
			if opts.BeforeMigrate != nil {
				err = opts.BeforeMigrate(db, v, schemaVersion)
			}
			if err == nil {
				err = db.update(func(tx *bolt.Tx) error { return migrate(tx, now) })
			}
		}
	}
	if err != nil {
		db.bolt.Close()
		return nil, err
	}
	db.beforeWrite = opts.BeforeWrite
	return db, nil
}

// checkFile refuses what bbolt must not be given: a file that is not a
// regular file (a FIFO would block the open forever), an empty one (bbolt
// would make a database of it), and a truncated one.
func checkFile(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		case fi.Mode()&fs.ModeDevice != 0:
			what = "a device"
		case fi.Mode()&fs.ModeSocket != 0:
			what = "a socket"
		}
		return nil, fmt.Errorf("%w: it is %s", ErrNotRegular, what)
	}
	if fi.Size() == 0 {
		return nil, ErrEmptyFile
	}
	return fi, checkSize(path)
}

// openBolt opens the bbolt file, passing the turnstile first so that a
// waiting writer is not starved by a stream of readers.
func openBolt(path string, opts Options) (db *DB, err error) {
	release, waited, err := turnstile(path, opts.Timeout, !opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	defer release()
	wait := max(opts.Timeout-waited, time.Millisecond) // bbolt waits forever on 0
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		// bbolt can panic on a damaged file; that is bad input, not a bug.
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: the file cannot be read (damaged or truncated)", ErrCorrupt)
		}
	}()
	b, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  wait,
		ReadOnly: opts.ReadOnly,
		NoSync:   opts.NoSync,
		// A large first mapping saves remapping (and re-reading every node)
		// while a big import grows the file. It reserves address space only.
		InitialMmapSize: initialMmapSize,
	})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, ErrLocked
		case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
			return nil, ErrNotCollection
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrNotCollection, err)
	}
	// With a large mapping bbolt would grow the file by its default 16 MiB
	// at once; grow it in small steps so a collection of a few stories
	// stays a small file.
	b.AllocSize = allocSize
	return &DB{bolt: b, readOnly: opts.ReadOnly}, nil
}

func (db *DB) version() (uint64, error) {
	var v uint64
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		v, err = version(tx)
		return err
	})
	return v, err
}

// Create makes a new collection at path, with its schema and whatever fill
// writes into it, and returns it open for writing. The collection is built
// under a temporary name beside path and linked into place only once
// complete, so a crash leaves either no collection or a whole one. If path
// exists, or another process creates it meanwhile, Create opens that one
// instead (what fill wrote is discarded) and reports created false.
func Create(path string, opts Options, now time.Time, fill func(*DB) error) (db *DB, created bool, err error) {
	if _, err := os.Lstat(path); err == nil {
		db, err := Open(path, opts, now)
		return db, false, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return nil, false, err
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName)
	// bbolt makes a database of an empty file it opens for writing. Its
	// commits are not synced one by one: Link syncs the file once, before
	// it has its name (a first import writes many transactions here).
	b, err := bolt.Open(tmpName, 0o600, &bolt.Options{NoSync: true, InitialMmapSize: initialMmapSize})
	if err != nil {
		return nil, false, err
	}
	b.AllocSize = allocSize
	fresh := &DB{bolt: b}
	err = fresh.update(func(tx *bolt.Tx) error { return migrate(tx, now) })
	if err == nil && fill != nil {
		err = fill(fresh)
	}
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, false, err
	}
	if err := atomicfile.Link(tmpName, path); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return nil, false, err
		}
		db, err := Open(path, opts, now)
		return db, false, err
	}
	db, err = Open(path, opts, now)
	return db, err == nil, err
}

// checkSize refuses a bbolt file shorter than its own meta page says it is
// (a truncated copy, a full disk): bbolt would fault reading past its end,
// and could do so while holding the file's lock. It reads the two meta pages
// as bbolt lays them out (page header, then magic, version, page size,
// flags, root bucket, freelist, high-water page id, transaction id, in the
// machine's byte order) and leaves any other damage to bbolt.
func checkSize(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // bbolt reports the error
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	const magic = 0xED0CDAED
	var need, txid uint64
	read := func(off int64) (pageSize uint32) {
		buf := make([]byte, 72)
		if _, err := f.ReadAt(buf, off); err != nil || binary.NativeEndian.Uint32(buf[16:]) != magic {
			return 0
		}
		if t := binary.NativeEndian.Uint64(buf[64:]); t >= txid {
			pageSize = binary.NativeEndian.Uint32(buf[24:])
			txid, need = t, binary.NativeEndian.Uint64(buf[56:])*uint64(pageSize)
		}
		return binary.NativeEndian.Uint32(buf[24:])
	}
	if ps := read(0); ps > 0 {
		read(int64(ps))
	}
	if need > uint64(fi.Size()) {
		return fmt.Errorf("%w: the file is %d bytes, its pages need %d (truncated?)", ErrCorrupt, fi.Size(), need)
	}
	return nil
}
