package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DB is an open collection.
type DB struct {
	bolt     *bolt.DB
	readOnly bool
}

// initialMmapSize is the size of the first memory map of the collection.
const initialMmapSize = 256 << 20

// importFillPercent is how full Import packs the pages it splits.
const importFillPercent = 0.9

// allocSize is how much the collection file grows at a time.
const allocSize = 4 << 20

// Options configure Open.
type Options struct {
	// ReadOnly opens the collection with a shared lock and no writes; the
	// file is left byte-identical. The file must exist.
	ReadOnly bool
	// Timeout is how long to wait for another process's lock; default 1s.
	Timeout time.Duration
	// NoSync skips fsync on commit (bulk benchmarks and tests only).
	NoSync bool
}

// Open opens the collection at path, creating it (and its directory) unless
// opts.ReadOnly. It returns ErrLocked when another process holds it,
// ErrSchemaTooNew for a newer collection and ErrNotCollection for a file
// that is not one. now stamps a new collection's creation time.
func Open(path string, opts Options, now time.Time) (db *DB, err error) {
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	if err := checkSize(path); err != nil {
		return nil, err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		// bbolt can panic on a damaged file; that is bad input, not a bug.
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: the file cannot be read (damaged or truncated)", ErrCorrupt)
		}
	}()
	b, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  opts.Timeout,
		ReadOnly: opts.ReadOnly,
		NoSync:   opts.NoSync,
		// A large first mapping saves remapping (and re-reading every node)
		// while a big import grows the file. It reserves address space only.
		InitialMmapSize: initialMmapSize,
	})
	if err == nil {
		// With a large mapping bbolt would grow the file by its default
		// 16 MiB at once; grow it in small steps so a collection of a few
		// stories stays a small file.
		b.AllocSize = allocSize
	}
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
	db = &DB{bolt: b, readOnly: opts.ReadOnly}
	if opts.ReadOnly {
		err = db.view(func(tx *bolt.Tx) error {
			v, err := version(tx)
			switch {
			case err != nil:
				return err
			case v > schemaVersion:
				return fmt.Errorf("%w (collection schema %d, this program knows %d)", ErrSchemaTooNew, v, schemaVersion)
			case v < schemaVersion:
				return fmt.Errorf("collection needs an upgrade: run any command that writes, e.g. starcards import")
			}
			return nil
		})
	} else {
		err = db.update(func(tx *bolt.Tx) error { return migrate(tx, now) })
	}
	if err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
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
		return nil // bbolt creates it, or reports the error
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

// Close releases the collection.
func (db *DB) Close() error { return db.bolt.Close() }

// Path returns the collection's file name.
func (db *DB) Path() string { return db.bolt.Path() }

// view runs fn in a read transaction, turning a panic from a damaged file
// into ErrCorrupt.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	return db.bolt.View(fn)
}

func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	if db.readOnly {
		return ErrReadOnly
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	return db.bolt.Update(fn)
}

// recoverCorrupt turns a panic from reading a damaged file into ErrCorrupt.
// The file is memory-mapped: with SetPanicOnFault a read past the end of a
// truncated file is such a panic rather than a crash.
func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: a damaged page (%v)", ErrCorrupt, r)
	}
}

// Created returns when the collection was made.
func (db *DB) Created() (time.Time, error) {
	var t time.Time
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		t, err = time.Parse(time.RFC3339, string(tx.Bucket(bucketMeta).Get(keyCreated)))
		return err
	})
	return t, err
}

// Empty reports whether the collection holds no story, retired or not.
func (db *DB) Empty() (bool, error) {
	empty := true
	err := db.view(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketStories).Cursor().First()
		empty = k == nil
		return nil
	})
	return empty, err
}

// StoryImport is one story to import with the cards generated from it.
type StoryImport struct {
	Story  *starcards.Story
	Cards  []starcards.Card
	Hash   string // hash of the source file
	Source string // file name it came from
}

// StoryReport says what an import did to one story's cards.
type StoryReport struct {
	ID        string
	New       bool // the story was not in the collection
	Added     int  // cards new to the collection (or back from retirement)
	Updated   int  // cards whose text changed; their progress is kept
	Retired   int  // cards no longer in the story; kept with their history
	Unchanged int
}

// Import adds or updates stories and their cards in one transaction: either
// every story is imported or none is. Cards keep their scheduling state
// across imports (identity is story/kind/key); cards no longer generated are
// retired, never deleted.
func (db *DB) Import(stories []StoryImport, now time.Time) ([]StoryReport, error) {
	now = now.UTC().Truncate(time.Second)
	var reports []StoryReport
	err := db.update(func(tx *bolt.Tx) error {
		reports = reports[:0]
		// Imports mostly append (new stories take the next sequence, cards
		// of one story arrive together): pack pages fuller than bbolt's
		// default half, for a smaller file and a faster commit.
		for _, name := range [][]byte{bucketStories, bucketOutline, bucketCards, bucketSched, bucketOrder, bucketFresh} {
			tx.Bucket(name).FillPercent = importFillPercent
		}
		for _, si := range stories {
			r, err := importStory(tx, si, now)
			if err != nil {
				return fmt.Errorf("import story %s: %w", si.Story.ID, err)
			}
			reports = append(reports, r)
		}
		return nil
	})
	return reports, err
}

func importStory(tx *bolt.Tx, si StoryImport, now time.Time) (StoryReport, error) {
	sb, cb := tx.Bucket(bucketStories), tx.Bucket(bucketCards)
	id := si.Story.ID
	rep := StoryReport{ID: id}
	var rec storyRecord
	if v := sb.Get([]byte(id)); v != nil {
		if err := json.Unmarshal(v, &rec); err != nil {
			return rep, fmt.Errorf("%w: story %s: %v", ErrCorrupt, id, err)
		}
	} else {
		seq, err := sb.NextSequence()
		if err != nil {
			return rep, err
		}
		rep.New = true
		rec.Seq = uint32(seq)
	}
	rec.V, rec.Story, rec.Hash, rec.Source, rec.Imported, rec.Retired = 1, *si.Story, si.Hash, si.Source, now, false
	v, err := json.Marshal(rec)
	if err != nil {
		return rep, err
	}
	if err := sb.Put([]byte(id), v); err != nil {
		return rep, err
	}
	if err := putOutline(tx, rec); err != nil {
		return rep, err
	}

	// Take the story's cards out of their order, then put them back where
	// the new version of the story puts them: cards may have moved.
	old, err := takeStoryCards(tx, rec.Seq)
	if err != nil {
		return rep, err
	}
	byID := make(map[string]int, len(old))
	for i, r := range old {
		byID[r.id] = i
	}
	kept := make([]bool, len(old))
	type kv struct {
		key   string
		value []byte
	}
	contents := make([]kv, 0, len(si.Cards))
	for _, c := range si.Cards {
		key := c.ID.String()
		crec := cardRecord{Card: c, Added: now, Updated: now}
		sr := schedRecord{id: key, facet: c.Facet}
		if i, ok := byID[key]; ok {
			kept[i] = true
			prev, err := decodeCard([]byte(key), cb.Get([]byte(key)))
			if err != nil {
				return rep, err
			}
			crec.Added, crec.Updated = prev.Added, prev.Updated
			sr.sched = old[i].sched
			switch {
			case old[i].retired:
				rep.Added++
				crec.Updated = now
			case !sameCard(prev.Card, c):
				rep.Updated++
				crec.Updated = now
			default:
				rep.Unchanged++
			}
		} else {
			rep.Added++
		}
		contents = append(contents, kv{key, crec.encode()})
		if err := putSched(tx, orderKey(rec.Seq, uint32(c.Ord)), sr); err != nil {
			return rep, err
		}
	}
	// In key order, bbolt appends to its pages instead of splitting them.
	slices.SortFunc(contents, func(a, b kv) int { return strings.Compare(a.key, b.key) })
	for _, c := range contents {
		if err := cb.Put([]byte(c.key), c.value); err != nil {
			return rep, err
		}
	}
	// Cards no longer generated are retired, after the live ones.
	next := uint32(retiredOrd)
	for i, r := range old {
		if kept[i] {
			continue
		}
		if !r.retired {
			rep.Retired++
			r.retired = true
		}
		if err := putSched(tx, orderKey(rec.Seq, next), r); err != nil {
			return rep, err
		}
		next++
	}
	return rep, nil
}

// takeStoryCards removes and returns the schedule records of the story with
// sequence seq, in order.
func takeStoryCards(tx *bolt.Tx, seq uint32) ([]schedRecord, error) {
	schb := tx.Bucket(bucketSched)
	prefix := orderKey(seq, 0)[:4]
	var out []schedRecord
	var keys [][]byte
	c := schb.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		r, err := decodeSched(v)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		keys = append(keys, append([]byte(nil), k...))
	}
	for i, k := range keys {
		if err := schb.Delete(k); err != nil {
			return nil, err
		}
		if err := unindex(tx, k, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// putSched stores a new schedule record under key and indexes it.
func putSched(tx *bolt.Tx, key []byte, r schedRecord) error {
	v := r.encode()
	if err := tx.Bucket(bucketSched).Put(key, v); err != nil {
		return err
	}
	if err := tx.Bucket(bucketOrder).Put([]byte(r.id), key); err != nil {
		return err
	}
	return index(tx, key, r, v)
}

// updateSched replaces the record under key, old, with r, keeping the
// indexes in step.
func updateSched(tx *bolt.Tx, key []byte, old, r schedRecord) error {
	if err := unindex(tx, key, old); err != nil {
		return err
	}
	v := r.encode()
	if err := tx.Bucket(bucketSched).Put(key, v); err != nil {
		return err
	}
	return index(tx, key, r, v)
}

// The queue indexes hold a copy of the schedule records a study queue can
// draw from, so that building it reads only those: bucketDue the cards in
// (re)learning or review by due time, bucketFresh the new cards in
// collection order. Retired and suspended cards are in neither.

func dueKey(r schedRecord, key []byte) []byte {
	b := make([]byte, 0, 16)
	b = binary.BigEndian.AppendUint64(b, encTime(r.sched.Due))
	return append(b, key...)
}

func index(tx *bolt.Tx, key []byte, r schedRecord, v []byte) error {
	switch {
	case r.retired || r.sched.Suspended:
		return nil
	case r.sched.State == starcards.StateNew:
		return tx.Bucket(bucketFresh).Put(key, v)
	}
	return tx.Bucket(bucketDue).Put(dueKey(r, key), v)
}

func unindex(tx *bolt.Tx, key []byte, r schedRecord) error {
	switch {
	case r.retired || r.sched.Suspended:
		return nil
	case r.sched.State == starcards.StateNew:
		return tx.Bucket(bucketFresh).Delete(key)
	}
	return tx.Bucket(bucketDue).Delete(dueKey(r, key))
}

// getSched returns a card's order key and schedule record.
func getSched(tx *bolt.Tx, id string) ([]byte, schedRecord, error) {
	key := tx.Bucket(bucketOrder).Get([]byte(id))
	if key == nil {
		return nil, schedRecord{}, fmt.Errorf("card %s: %w", id, ErrNotFound)
	}
	r, err := decodeSched(tx.Bucket(bucketSched).Get(key))
	if err != nil {
		return nil, r, fmt.Errorf("card %s: %w", id, err)
	}
	return append([]byte(nil), key...), r, nil
}

// sameCard reports whether two versions of a card have the same content; a
// card that only moved within its story is the same card.
func sameCard(a, b starcards.Card) bool {
	return a.Answer == b.Answer && bytes.Equal(appendContent(nil, a), appendContent(nil, b))
}

// RemoveStory retires a story and all its cards; their history is kept and
// importing the story again brings them back. It returns how many cards it
// retired, or ErrNotFound.
func (db *DB) RemoveStory(id string, now time.Time) (int, error) {
	var n int
	err := db.update(func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketStories)
		v := sb.Get([]byte(id))
		if v == nil {
			return fmt.Errorf("story %q: %w", id, ErrNotFound)
		}
		var rec storyRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%w: story %s: %v", ErrCorrupt, id, err)
		}
		rec.Retired = true
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := sb.Put([]byte(id), v); err != nil {
			return err
		}
		if err := putOutline(tx, rec); err != nil {
			return err
		}
		cards, err := takeStoryCards(tx, rec.Seq)
		if err != nil {
			return err
		}
		next := uint32(retiredOrd)
		for _, r := range cards {
			if !r.retired {
				n++
				r.retired = true
			}
			if err := putSched(tx, orderKey(rec.Seq, next), r); err != nil {
				return err
			}
			next++
		}
		return nil
	})
	return n, err
}

// StoryInfo is a story as the collection holds it.
type StoryInfo struct {
	Story    starcards.Story
	Hash     string
	Source   string
	Imported time.Time
	Retired  bool
}

// Stories returns the collection's stories in the order they were first
// imported, retired ones included.
func (db *DB) Stories() ([]StoryInfo, error) {
	var recs []storyRecord
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
			var rec storyRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("%w: story %s: %v", ErrCorrupt, k, err)
			}
			recs = append(recs, rec)
			return nil
		})
	})
	sort.Slice(recs, func(i, j int) bool { return recs[i].Seq < recs[j].Seq })
	out := make([]StoryInfo, len(recs))
	for i, r := range recs {
		out[i] = StoryInfo{Story: r.Story, Hash: r.Hash, Source: r.Source, Imported: r.Imported, Retired: r.Retired}
	}
	return out, err
}

// States returns every card's scheduling state in collection order (stories
// in the order first imported, then card order; a story's retired cards
// after its live ones). The cards carry only ID, Ord and Facet — no text;
// use Cards for that. It is the fast path that queue building and
// statistics read.
func (db *DB) States() ([]starcards.CardState, error) {
	var out []starcards.CardState
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSched)
		n := 0
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			n++
		}
		out = make([]starcards.CardState, 0, n)
		for k, v := c.First(); k != nil; k, v = c.Next() {
			r, err := decodeSched(v)
			if err != nil {
				return err
			}
			id, err := parseCardID(r.id)
			if err != nil {
				return err
			}
			out = append(out, starcards.CardState{
				Card:     starcards.Card{ID: id, Ord: int(binary.BigEndian.Uint32(k[4:]) &^ retiredOrd), Facet: r.facet},
				Schedule: r.sched,
				Retired:  r.retired,
			})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Cards returns the full cards (with text) and states of the given ids, in
// the same order. A missing id is ErrNotFound.
func (db *DB) Cards(ids []starcards.CardID) ([]starcards.CardState, error) {
	out := make([]starcards.CardState, len(ids))
	err := db.view(func(tx *bolt.Tx) error {
		for i, id := range ids {
			cs, err := getCard(tx, id)
			if err != nil {
				return err
			}
			out[i] = cs
		}
		return nil
	})
	return out, err
}

// Card returns one card with its text and state, or ErrNotFound.
func (db *DB) Card(id starcards.CardID) (starcards.CardState, error) {
	cs, err := db.Cards([]starcards.CardID{id})
	if err != nil {
		return starcards.CardState{}, err
	}
	return cs[0], nil
}

// AllCards returns every card with its text and state, in collection order.
func (db *DB) AllCards() ([]starcards.CardState, error) {
	states, err := db.States()
	if err != nil {
		return nil, err
	}
	err = db.view(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bucketCards)
		for i := range states {
			key := []byte(states[i].Card.ID.String())
			rec, err := decodeCard(key, cb.Get(key))
			if err != nil {
				return err
			}
			states[i].Card = rec.Card
		}
		return nil
	})
	return states, err
}

func getCard(tx *bolt.Tx, id starcards.CardID) (starcards.CardState, error) {
	key := []byte(id.String())
	v := tx.Bucket(bucketCards).Get(key)
	if v == nil {
		return starcards.CardState{}, fmt.Errorf("card %s: %w", id, ErrNotFound)
	}
	rec, err := decodeCard(key, v)
	if err != nil {
		return starcards.CardState{}, err
	}
	_, sr, err := getSched(tx, id.String())
	if err != nil {
		return starcards.CardState{}, err
	}
	return starcards.CardState{Card: rec.Card, Schedule: sr.sched, Retired: sr.retired}, nil
}

// Answer records an answer in one transaction: the card's new state
// (r.After) and the review-log entry. The card's stored state must still be
// r.Before, else ErrConflict: another process answered it meanwhile.
func (db *DB) Answer(r starcards.Review) error {
	r.Time = r.Time.UTC()
	return db.update(func(tx *bolt.Tx) error {
		key, sr, err := getSched(tx, r.Card.String())
		if err != nil {
			return err
		}
		if !bytes.Equal(putSchedule(nil, sr.sched, false), putSchedule(nil, r.Before, false)) {
			return fmt.Errorf("card %s: %w", r.Card, ErrConflict)
		}
		next := sr
		next.sched = r.After
		if err := updateSched(tx, key, sr, next); err != nil {
			return err
		}
		log := tx.Bucket(bucketRevlog)
		seq, err := log.NextSequence()
		if err != nil {
			return err
		}
		// A clock that went backwards must not put the entry before earlier
		// ones: the log stays in answer order, so Undo takes back this one.
		at := r.Time
		if last, _ := log.Cursor().Last(); last != nil {
			if prev := time.UnixMilli(int64(binary.BigEndian.Uint64(last))); at.Before(prev) {
				at = prev
			}
		}
		return log.Put(reviewKey(at, seq), encodeReview(r))
	})
}

// Undo takes back the last answer in the review log: the card gets its state
// from before the answer and the entry is deleted, in one transaction. It
// returns the review it undid, or ErrNothingToUndo.
func (db *DB) Undo() (starcards.Review, error) {
	var r starcards.Review
	err := db.update(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketRevlog)
		k, v := log.Cursor().Last()
		if k == nil {
			return ErrNothingToUndo
		}
		var err error
		if r, err = decodeReview(k, v); err != nil {
			return err
		}
		key, sr, err := getSched(tx, r.Card.String())
		if err != nil {
			return err
		}
		prev := sr
		prev.sched = r.Before
		if err := updateSched(tx, key, sr, prev); err != nil {
			return err
		}
		return log.Delete(k)
	})
	return r, err
}

// SetSchedule replaces a card's scheduling state without a review-log entry
// (suspend, unsuspend, bury, reset).
func (db *DB) SetSchedule(id starcards.CardID, s starcards.Schedule) error {
	return db.update(func(tx *bolt.Tx) error {
		key, sr, err := getSched(tx, id.String())
		if err != nil {
			return err
		}
		next := sr
		next.sched = s
		return updateSched(tx, key, sr, next)
	})
}

// Reviews calls fn for every review-log entry at or after since, oldest
// first, until fn returns false. The review is decoded inside the read
// transaction; fn must not call other DB methods that write.
func (db *DB) Reviews(since time.Time, fn func(starcards.Review) bool) error {
	return db.scanReviews(since, decodeReview, fn)
}

// scanReviews decodes the log entries at or after since with decode and
// passes them to fn until it returns false.
func (db *DB) scanReviews(since time.Time, decode func(k, v []byte) (starcards.Review, error), fn func(starcards.Review) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRevlog).Cursor()
		start := make([]byte, 8)
		if !since.IsZero() && since.UnixMilli() > 0 {
			start = reviewKey(since, 0)[:8]
		}
		for k, v := c.Seek(start); k != nil; k, v = c.Next() {
			r, err := decode(k, v)
			if err != nil {
				return err
			}
			if !fn(r) {
				return nil
			}
		}
		return nil
	})
}

// ReviewsSince returns the review-log entries at or after since, oldest first.
func (db *DB) ReviewsSince(since time.Time) ([]starcards.Review, error) {
	var out []starcards.Review
	err := db.Reviews(since, func(r starcards.Review) bool { out = append(out, r); return true })
	return out, err
}

// CardReviews returns one card's review history, oldest first.
func (db *DB) CardReviews(id starcards.CardID) ([]starcards.Review, error) {
	var out []starcards.Review
	want := id.String()
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRevlog).ForEach(func(k, v []byte) error {
			// Cheap check on the id at the end of the record before decoding.
			if !bytes.HasSuffix(v, []byte(want)) {
				return nil
			}
			r, err := decodeReview(k, v)
			if err != nil {
				return err
			}
			if r.Card == id {
				out = append(out, r)
			}
			return nil
		})
	})
	return out, err
}

// Config returns the collection's settings: the defaults for any never set.
func (db *DB) Config() (starcards.Config, error) {
	cfg := starcards.DefaultConfig()
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketConfig).Get(keySettings)
		if v == nil {
			return nil
		}
		rec := configRecord{Config: cfg}
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%w: settings: %v", ErrCorrupt, err)
		}
		cfg = rec.Config
		return nil
	})
	return cfg, err
}

// SetConfig stores the collection's settings. The caller validates them.
func (db *DB) SetConfig(cfg starcards.Config) error {
	v, err := json.Marshal(configRecord{V: 1, Config: cfg})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketConfig).Put(keySettings, v) })
}

// AddHistory writes cards' states and review-log entries in one
// transaction, without the checks of Answer: for bringing in a history kept
// elsewhere (and for building large collections in benchmarks). states maps
// card ids to their new states; every card must exist.
func (db *DB) AddHistory(states map[starcards.CardID]starcards.Schedule, reviews []starcards.Review) error {
	return db.update(func(tx *bolt.Tx) error {
		for id, s := range states {
			key, sr, err := getSched(tx, id.String())
			if err != nil {
				return err
			}
			next := sr
			next.sched = s
			if err := updateSched(tx, key, sr, next); err != nil {
				return err
			}
		}
		log := tx.Bucket(bucketRevlog)
		log.FillPercent = 1 // keys arrive in time order
		for _, r := range reviews {
			seq, err := log.NextSequence()
			if err != nil {
				return err
			}
			if err := log.Put(reviewKey(r.Time, seq), encodeReview(r)); err != nil {
				return err
			}
		}
		return nil
	})
}

// HasStory reports whether the collection has a story with this id, retired
// or not.
func (db *DB) HasStory(id string) (bool, error) {
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketStories).Get([]byte(id)) != nil
		return nil
	})
	return found, err
}

// storyBrief is the outline of a story kept beside its record: what
// statistics read, without the story's text.
type storyBrief struct {
	Story struct {
		ID         string
		Title      string
		Principles []string
		Role       string
		Angles     []struct{ Principle string }
	} `json:"story"`
	Seq     uint32 `json:"seq"`
	Retired bool   `json:"retired,omitempty"`
}

func putOutline(tx *bolt.Tx, rec storyRecord) error {
	var b storyBrief
	b.Story.ID, b.Story.Title, b.Story.Principles, b.Story.Role = rec.Story.ID, rec.Story.Title, rec.Story.Principles, rec.Story.Role
	for _, a := range rec.Story.Angles {
		b.Story.Angles = append(b.Story.Angles, struct{ Principle string }{a.Principle})
	}
	b.Seq, b.Retired = rec.Seq, rec.Retired
	v, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketOutline).Put([]byte(rec.Story.ID), v)
}

// StoryOutlines returns the live (not retired) stories in the order they
// were first imported, with only their ID, Title, Principles, Role and the
// Principle of each angle filled in: what statistics need, read without
// building every story's text.
func (db *DB) StoryOutlines() ([]starcards.Story, error) {
	var briefs []storyBrief
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutline).ForEach(func(k, v []byte) error {
			var b storyBrief
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("%w: story %s: %v", ErrCorrupt, k, err)
			}
			if !b.Retired {
				briefs = append(briefs, b)
			}
			return nil
		})
	})
	sort.Slice(briefs, func(i, j int) bool { return briefs[i].Seq < briefs[j].Seq })
	out := make([]starcards.Story, len(briefs))
	for i, b := range briefs {
		s := starcards.Story{ID: b.Story.ID, Title: b.Story.Title, Principles: b.Story.Principles, Role: b.Story.Role}
		for _, a := range b.Story.Angles {
			s.Angles = append(s.Angles, starcards.Angle{Principle: a.Principle})
		}
		out[i] = s
	}
	return out, err
}

// ReviewOutlines is Reviews reading only what statistics need of each
// entry: Card, Time, Rating, Duration, Before.State and
// Before.ScheduledDays; the other fields are left zero. It decodes a large
// review log several times faster than Reviews.
func (db *DB) ReviewOutlines(since time.Time, fn func(starcards.Review) bool) error {
	return db.scanReviews(since, decodeReviewOutline, fn)
}
