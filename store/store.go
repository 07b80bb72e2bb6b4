package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
	defer func() {
		// bbolt can panic on a damaged file; that is bad input, not a bug.
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("%w: %v", ErrNotCollection, r)
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

// Close releases the collection.
func (db *DB) Close() error { return db.bolt.Close() }

// Path returns the collection's file name.
func (db *DB) Path() string { return db.bolt.Path() }

// view runs fn in a read transaction, turning a panic from a damaged file
// into ErrCorrupt.
func (db *DB) view(fn func(*bolt.Tx) error) (err error) {
	defer recoverCorrupt(&err)
	return db.bolt.View(fn)
}

func (db *DB) update(fn func(*bolt.Tx) error) (err error) {
	if db.readOnly {
		return ErrReadOnly
	}
	defer recoverCorrupt(&err)
	return db.bolt.Update(fn)
}

func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %v", ErrCorrupt, r)
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
	sb, cb, schb := tx.Bucket(bucketStories), tx.Bucket(bucketCards), tx.Bucket(bucketSched)
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

	keep := make(map[string]bool, len(si.Cards))
	for _, c := range si.Cards {
		key := []byte(c.ID.String())
		keep[string(key)] = true
		old := cb.Get(key)
		crec := cardRecord{V: 1, Card: c, Added: now, Updated: now}
		sched := schedRecord{storySeq: rec.Seq, ord: uint32(c.Ord), facet: c.Facet}
		switch {
		case old == nil:
			rep.Added++
		default:
			var prev cardRecord
			if err := json.Unmarshal(old, &prev); err != nil {
				return rep, fmt.Errorf("%w: card %s: %v", ErrCorrupt, key, err)
			}
			crec.Added, crec.Updated = prev.Added, prev.Updated
			sr, err := decodeSched(schb.Get(key))
			if err != nil {
				return rep, err
			}
			sched.sched = sr.sched
			switch {
			case sr.retired:
				rep.Added++
				crec.Updated = now
			case !sameCard(prev.Card, c):
				rep.Updated++
				crec.Updated = now
			default:
				rep.Unchanged++
			}
		}
		v, err := json.Marshal(crec)
		if err != nil {
			return rep, err
		}
		if err := cb.Put(key, v); err != nil {
			return rep, err
		}
		if err := schb.Put(key, sched.encode()); err != nil {
			return rep, err
		}
	}
	n, err := retireStoryCards(tx, id, keep)
	rep.Retired = n
	return rep, err
}

// sameCard reports whether two versions of a card have the same content; a
// card that only moved within its story is the same card.
func sameCard(a, b starcards.Card) bool {
	a.Ord, b.Ord = 0, 0
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// retireStoryCards retires the story's cards whose keys are not in keep and
// returns how many it retired.
func retireStoryCards(tx *bolt.Tx, story string, keep map[string]bool) (int, error) {
	schb := tx.Bucket(bucketSched)
	prefix := []byte(story + "/")
	var retire [][]byte
	c := schb.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if keep[string(k)] {
			continue
		}
		sr, err := decodeSched(v)
		if err != nil {
			return 0, err
		}
		if !sr.retired {
			retire = append(retire, append([]byte(nil), k...))
		}
	}
	for _, k := range retire {
		sr, _ := decodeSched(schb.Get(k))
		sr.retired = true
		if err := schb.Put(k, sr.encode()); err != nil {
			return 0, err
		}
	}
	return len(retire), nil
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
		n, err = retireStoryCards(tx, id, nil)
		return err
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
// in the order first imported, then card order). The cards carry only ID,
// Ord and Facet — no text; use Cards for that. It is the fast path that
// queue building and statistics read.
func (db *DB) States() ([]starcards.CardState, error) {
	var out []starcards.CardState
	var seqs []uint32
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSched).ForEach(func(k, v []byte) error {
			id, err := parseCardKey(k)
			if err != nil {
				return err
			}
			r, err := decodeSched(v)
			if err != nil {
				return fmt.Errorf("card %s: %w", k, err)
			}
			out = append(out, starcards.CardState{
				Card:     starcards.Card{ID: id, Ord: int(r.ord), Facet: r.facet},
				Schedule: r.sched,
				Retired:  r.retired,
			})
			seqs = append(seqs, r.storySeq)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Sort(byOrder{out, seqs})
	return out, nil
}

type byOrder struct {
	s    []starcards.CardState
	seqs []uint32
}

func (b byOrder) Len() int { return len(b.s) }
func (b byOrder) Less(i, j int) bool {
	if b.seqs[i] != b.seqs[j] {
		return b.seqs[i] < b.seqs[j]
	}
	return b.s[i].Card.Ord < b.s[j].Card.Ord
}

func (b byOrder) Swap(i, j int) {
	b.s[i], b.s[j] = b.s[j], b.s[i]
	b.seqs[i], b.seqs[j] = b.seqs[j], b.seqs[i]
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
			var rec cardRecord
			key := states[i].Card.ID.String()
			if err := json.Unmarshal(cb.Get([]byte(key)), &rec); err != nil {
				return fmt.Errorf("%w: card %s: %v", ErrCorrupt, key, err)
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
	var rec cardRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return starcards.CardState{}, fmt.Errorf("%w: card %s: %v", ErrCorrupt, id, err)
	}
	sr, err := decodeSched(tx.Bucket(bucketSched).Get(key))
	if err != nil {
		return starcards.CardState{}, fmt.Errorf("card %s: %w", id, err)
	}
	return starcards.CardState{Card: rec.Card, Schedule: sr.sched, Retired: sr.retired}, nil
}

// Answer records an answer in one transaction: the card's new state
// (r.After) and the review-log entry. The card's stored state must still be
// r.Before, else ErrConflict: another process answered it meanwhile.
func (db *DB) Answer(r starcards.Review) error {
	r.Time = r.Time.UTC()
	return db.update(func(tx *bolt.Tx) error {
		schb := tx.Bucket(bucketSched)
		key := []byte(r.Card.String())
		v := schb.Get(key)
		if v == nil {
			return fmt.Errorf("card %s: %w", r.Card, ErrNotFound)
		}
		sr, err := decodeSched(v)
		if err != nil {
			return err
		}
		if !bytes.Equal(putSchedule(nil, sr.sched, false), putSchedule(nil, r.Before, false)) {
			return fmt.Errorf("card %s: %w", r.Card, ErrConflict)
		}
		sr.sched = r.After
		if err := schb.Put(key, sr.encode()); err != nil {
			return err
		}
		log := tx.Bucket(bucketRevlog)
		seq, err := log.NextSequence()
		if err != nil {
			return err
		}
		return log.Put(reviewKey(r.Time, seq), encodeReview(r))
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
		key := []byte(r.Card.String())
		schb := tx.Bucket(bucketSched)
		sr, err := decodeSched(schb.Get(key))
		if err != nil {
			return fmt.Errorf("card %s: %w", r.Card, err)
		}
		sr.sched = r.Before
		if err := schb.Put(key, sr.encode()); err != nil {
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
		schb := tx.Bucket(bucketSched)
		key := []byte(id.String())
		v := schb.Get(key)
		if v == nil {
			return fmt.Errorf("card %s: %w", id, ErrNotFound)
		}
		sr, err := decodeSched(v)
		if err != nil {
			return err
		}
		sr.sched = s
		return schb.Put(key, sr.encode())
	})
}

// Reviews calls fn for every review-log entry at or after since, oldest
// first, until fn returns false. The review is decoded inside the read
// transaction; fn must not call other DB methods that write.
func (db *DB) Reviews(since time.Time, fn func(starcards.Review) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRevlog).Cursor()
		start := make([]byte, 8)
		if !since.IsZero() && since.UnixMilli() > 0 {
			start = reviewKey(since, 0)[:8]
		}
		for k, v := c.Seek(start); k != nil; k, v = c.Next() {
			r, err := decodeReview(k, v)
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
