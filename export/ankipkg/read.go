package ankipkg

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"
	_ "modernc.org/sqlite" // database/sql driver "sqlite", CGO-free
)

// Format is the layout of a package's collection.
type Format int

// The package formats, by the collection file they hold.
const (
	Legacy1 Format = 1 // collection.anki2: schema 11, Anki before 2.1.28
	Legacy2 Format = 2 // collection.anki21: schema 11, Anki 2.1.28 and later ("legacy" exports)
	Latest  Format = 3 // collection.anki21b: zstd-compressed schema 18, Anki 2.1.50 and later
)

func (f Format) String() string {
	switch f {
	case Legacy1:
		return "legacy format (collection.anki2)"
	case Legacy2:
		return "legacy format (collection.anki21)"
	case Latest:
		return "new format (collection.anki21b)"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// entryName is the collection's name inside a package of format f.
func (f Format) entryName() string {
	return [...]string{Legacy1: "collection.anki2", Legacy2: "collection.anki21", Latest: "collection.anki21b"}[f]
}

// Package is what a package holds of interest to starcards: the
// collection's day timing, note guids, cards and review log.
type Package struct {
	Format Format
	Timing Timing
	Cards  []Card   // in id order
	Revlog []Revlog // in id (time) order
}

// Timing is how the collection numbers days.
type Timing struct {
	// Crt is col.crt: the collection's creation, unix seconds.
	Crt int64
	// CreationOffset is the creationOffset setting, minutes west of UTC,
	// and HasOffset whether it is set. With it, day n is the n-th local
	// calendar day after Crt's; without it, day n starts n×86400 s after
	// Crt.
	CreationOffset int
	HasOffset      bool
	// Rollover is the hour the study day starts (default 4).
	Rollover int
}

// Card is one row of the cards table, with its note's guid.
type Card struct {
	ID, NoteID int64
	GUID       string
	Ord        int
	Type       int   // 0 new, 1 learning, 2 review, 3 relearning
	Queue      int   // 0 new, 1 learning, 2 review, 3 day-learning, 4 preview, −1 suspended, −2/−3 buried
	Due        int64 // day number, unix seconds (queue 1) or new position
	Ivl        int64 // days
	Factor     int64
	Reps       int64
	Lapses     int64
	ODue, ODid int64 // original due and deck of a card in a filtered deck
	Mod        int64 // unix seconds
	// Stability and Difficulty are the FSRS memory state of the data
	// column, HasMemory whether it holds one; LastReview its lrt (unix
	// seconds, 0 if absent).
	Stability, Difficulty float64
	HasMemory             bool
	LastReview            int64
}

// Revlog is one row of the review log.
type Revlog struct {
	ID      int64 // the review's time, epoch milliseconds; unique
	CardID  int64
	Ease    int   // 1–4 the button; 0 manual
	Ivl     int64 // days if > 0, −seconds if < 0
	LastIvl int64
	Factor  int64
	TimeMs  int64
	Type    int // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
}

// Rated reports whether the row is an answer that affects scheduling, as
// Anki counts them: a button pressed, and not a cram review in a filtered
// deck that does not reschedule.
func (r Revlog) Rated() bool {
	return r.Ease >= 1 && r.Ease <= 4 && r.Type <= 3 && !(r.Type == 3 && r.Factor == 0)
}

// Limits on what Read accepts.
const (
	maxCollection = 1 << 30 // bytes of the uncompressed collection
	maxMeta       = 1 << 10
)

// Read reads an Anki package (.apkg or .colpkg) of size bytes from r. The
// collection is unpacked into a scratch file in tempDir ("" means
// os.TempDir()), removed before Read returns.
//
// Read returns an error wrapping [ErrNotPackage] if r is not a zip holding
// an Anki collection, [ErrTooNew] for a format it does not know, and
// [ErrDamaged] if the package or its collection cannot be read.
func Read(r io.ReaderAt, size int64, tempDir string) (*Package, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		// A zip's first bytes are a local file header: with them, the
		// archive is cut short or corrupt rather than something else.
		var magic [4]byte
		if n, _ := r.ReadAt(magic[:], 0); n == 4 && string(magic[:]) == "PK\x03\x04" {
			return nil, fmt.Errorf("%w: the zip archive is cut short or corrupt", ErrDamaged)
		}
		return nil, fmt.Errorf("%w (not a zip archive)", ErrNotPackage)
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		entries[f.Name] = f
	}
	// As Anki: the meta entry's version names the collection file; without
	// meta, collection.anki21 if present, else collection.anki2.
	format := Format(0)
	if f := entries["meta"]; f != nil {
		b, err := readEntry(f, maxMeta)
		if err != nil {
			return nil, fmt.Errorf("%w: meta: %v", ErrDamaged, err)
		}
		version, err := metaVersion(b)
		if err != nil {
			return nil, fmt.Errorf("%w: meta: %v", ErrDamaged, err)
		}
		if version < int(Legacy1) || version > int(Latest) {
			return nil, fmt.Errorf("%w (package version %d)", ErrTooNew, version)
		}
		format = Format(version)
		if entries[format.entryName()] == nil {
			return nil, fmt.Errorf("%w: meta names %s, which is missing", ErrDamaged, format.entryName())
		}
	} else {
		for _, f := range []Format{Legacy2, Legacy1, Latest} {
			if entries[f.entryName()] != nil {
				format = f
				break
			}
		}
	}
	if format == 0 {
		return nil, fmt.Errorf("%w (no collection inside)", ErrNotPackage)
	}
	dir := tempDir
	if dir == "" {
		dir = os.TempDir()
	}
	tmp, err := os.CreateTemp(dir, "starcards-anki-*.db")
	if err != nil {
		return nil, fmt.Errorf("create scratch file: %w", err)
	}
	path := tmp.Name()
	defer func() {
		for _, name := range []string{path, path + "-journal", path + "-wal", path + "-shm"} {
			os.Remove(name)
		}
	}()
	if err := unpack(tmp, entries[format.entryName()], format == Latest); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, format.entryName(), err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("write scratch file: %w", err)
	}
	pkg, err := readCollection(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDamaged, format.entryName(), err)
	}
	pkg.Format = format
	return pkg, nil
}

func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errors.New("too large")
	}
	return b, nil
}

// unpack copies the collection entry f to w, decompressing zstd.
func unpack(w io.Writer, f *zip.File, compressed bool) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var src io.Reader = rc
	if compressed {
		zr, err := zstd.NewReader(rc, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxCollection))
		if err != nil {
			return err
		}
		defer zr.Close()
		src = zr
	}
	n, err := io.Copy(w, io.LimitReader(src, maxCollection+1))
	if err != nil {
		return err
	}
	if n > maxCollection {
		return fmt.Errorf("larger than %d MiB", maxCollection>>20)
	}
	return nil
}

// metaVersion reads PackageMetadata.version (field 1, varint) from the
// protobuf meta entry, skipping fields it does not know.
func metaVersion(b []byte) (int, error) {
	version := 0
	for len(b) > 0 {
		key, n := uvarint(b)
		if n <= 0 {
			return 0, errors.New("bad protobuf")
		}
		b = b[n:]
		field, wire := key>>3, key&7
		switch wire {
		case 0:
			v, n := uvarint(b)
			if n <= 0 {
				return 0, errors.New("bad protobuf")
			}
			b = b[n:]
			if field == 1 {
				if v > 1<<20 {
					return 0, errors.New("bad version")
				}
				version = int(v)
			}
		case 1, 5:
			size := 8
			if wire == 5 {
				size = 4
			}
			if len(b) < size {
				return 0, errors.New("bad protobuf")
			}
			b = b[size:]
		case 2:
			l, n := uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return 0, errors.New("bad protobuf")
			}
			b = b[n+int(l):]
		default:
			return 0, errors.New("bad protobuf")
		}
	}
	return version, nil
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, -1
}

// readCollection reads the SQLite collection at path, read-only.
func readCollection(path string) (pkg *Package, err error) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	pkg = &Package{}
	var ver int64
	var conf string
	if err := db.QueryRowContext(ctx, `select crt, ver, cast(conf as text) from col`).Scan(&pkg.Timing.Crt, &ver, &conf); err != nil {
		return nil, fmt.Errorf("col: %w", err)
	}
	if ver < 11 || ver > 18 {
		return nil, fmt.Errorf("schema version %d is not one Anki writes (11–18)", ver)
	}
	if err := readTiming(ctx, db, ver, conf, &pkg.Timing); err != nil {
		return nil, err
	}
	guids := map[int64]string{}
	rows, err := db.QueryContext(ctx, `select id, guid from notes`)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	for rows.Next() {
		var id int64
		var guid string
		if err := rows.Scan(&id, &guid); err != nil {
			rows.Close()
			return nil, fmt.Errorf("notes: %w", err)
		}
		guids[id] = guid
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	rows, err = db.QueryContext(ctx, `select id, nid, ord, type, queue, due, cast(ivl as integer), factor, reps, lapses, odue, odid, cast(mod as integer), cast(data as text) from cards order by id`)
	if err != nil {
		return nil, fmt.Errorf("cards: %w", err)
	}
	for rows.Next() {
		var c Card
		var data string
		if err := rows.Scan(&c.ID, &c.NoteID, &c.Ord, &c.Type, &c.Queue, &c.Due, &c.Ivl, &c.Factor, &c.Reps, &c.Lapses, &c.ODue, &c.ODid, &c.Mod, &data); err != nil {
			rows.Close()
			return nil, fmt.Errorf("cards: %w", err)
		}
		guid, ok := guids[c.NoteID]
		if !ok {
			continue // Anki drops cards whose note is missing
		}
		c.GUID = guid
		if c.Type < 0 || c.Type > 3 || c.Queue < -3 || c.Queue > 4 {
			rows.Close()
			return nil, fmt.Errorf("cards: card %d has type %d, queue %d", c.ID, c.Type, c.Queue)
		}
		parseData(&c, data)
		pkg.Cards = append(pkg.Cards, c)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("cards: %w", err)
	}
	rows, err = db.QueryContext(ctx, `select id, cid, ease, cast(ivl as integer), cast(lastIvl as integer), factor, time, type from revlog order by id`)
	if err != nil {
		return nil, fmt.Errorf("revlog: %w", err)
	}
	for rows.Next() {
		var r Revlog
		if err := rows.Scan(&r.ID, &r.CardID, &r.Ease, &r.Ivl, &r.LastIvl, &r.Factor, &r.TimeMs, &r.Type); err != nil {
			rows.Close()
			return nil, fmt.Errorf("revlog: %w", err)
		}
		pkg.Revlog = append(pkg.Revlog, r)
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("revlog: %w", err)
	}
	return pkg, nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// readTiming reads rollover and creationOffset: from the config table in
// schema 14 and later, else from the JSON in col.conf.
func readTiming(ctx context.Context, db *sql.DB, ver int64, conf string, t *Timing) error {
	t.Rollover = 4
	values := map[string]json.RawMessage{}
	if ver >= 14 {
		rows, err := db.QueryContext(ctx, `select KEY, val from config where KEY in ('rollover', 'creationOffset')`)
		if err != nil {
			return fmt.Errorf("config: %w", err)
		}
		for rows.Next() {
			var key string
			var val []byte
			if err := rows.Scan(&key, &val); err != nil {
				rows.Close()
				return fmt.Errorf("config: %w", err)
			}
			values[key] = bytes.Clone(val)
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	} else if strings.TrimSpace(conf) != "" {
		var all map[string]json.RawMessage
		if err := json.Unmarshal([]byte(conf), &all); err != nil {
			return fmt.Errorf("col.conf: %w", err)
		}
		values["rollover"], values["creationOffset"] = all["rollover"], all["creationOffset"]
	}
	var n int
	if v := values["rollover"]; v != nil && json.Unmarshal(v, &n) == nil && n >= 0 && n <= 23 {
		t.Rollover = n
	}
	if v := values["creationOffset"]; v != nil && json.Unmarshal(v, &n) == nil && n >= -24*60 && n <= 24*60 {
		t.CreationOffset, t.HasOffset = n, true
	}
	return nil
}

// parseData reads the FSRS memory state and last review from cards.data;
// invalid JSON counts as empty, as Anki treats it.
func parseData(c *Card, data string) {
	if data == "" {
		return
	}
	var v struct {
		S   *float64 `json:"s"`
		D   *float64 `json:"d"`
		Lrt *int64   `json:"lrt"`
	}
	if json.Unmarshal([]byte(data), &v) != nil {
		return
	}
	if v.S != nil && v.D != nil && *v.S > 0 && *v.D > 0 {
		c.Stability, c.Difficulty, c.HasMemory = *v.S, *v.D, true
	}
	if v.Lrt != nil && *v.Lrt > 0 {
		c.LastReview = *v.Lrt
	}
}
