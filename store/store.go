package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

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
	if db.replaced {
		return ErrReplaced
	}
	if hook := db.beforeWrite; hook != nil {
		db.beforeWrite = nil
		if err := hook(db); err != nil {
			return err
		}
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
	Source string // file name it came from (an absolute path, or a label)
	// Replace lets the story take the place of a story of the same id
	// imported from another source; without it Import refuses with a
	// *SourceError.
	Replace bool
	// Reset names cards of the story that start again as new: their
	// schedule is cleared in the import's own transaction.
	Reset []starcards.CardID
}

// SourceError is returned by Import for a story whose id already belongs
// to a story imported from another source file. It matches ErrOtherSource.
type SourceError struct {
	ID     string
	Source string // the file being imported
	Owner  string // the file the collection's story came from
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("story %s is already imported from %s", e.ID, e.Owner)
}

// Unwrap returns ErrOtherSource.
func (e *SourceError) Unwrap() error { return ErrOtherSource }

// StoryReport says what an import did to one story's cards.
type StoryReport struct {
	ID        string
	New       bool // the story was not in the collection
	Added     int  // cards new to the collection (or back from retirement)
	Updated   int  // cards whose text changed; their progress is kept
	Retired   int  // cards no longer in the story; kept with their history
	Unchanged int
	// Similar lists the other stories in the collection whose question or
	// title is the same as this new story's (a copy under another id?).
	Similar []string
}

// Import adds or updates stories and their cards in one transaction: either
// every story is imported or none is. Cards keep their scheduling state
// across imports (identity is story/kind/key); cards no longer generated are
// retired, never deleted.
func (db *DB) Import(stories []StoryImport, now time.Time) ([]StoryReport, error) {
	return db.NewImporter(now).Import(stories)
}

// An Importer imports stories into a collection in batches, each batch in
// one transaction, as Import does, keeping what the batches share (the
// index of the titles and questions the similar-story check goes by) from
// one batch to the next. Only one process writes a collection at a time,
// so that index stays true between batches.
type Importer struct {
	db      *DB
	now     time.Time
	similar map[string][]string // normalised title or question → story ids
}

// NewImporter returns an Importer of stories into db, imported at now.
func (db *DB) NewImporter(now time.Time) *Importer {
	return &Importer{db: db, now: now.UTC().Truncate(time.Second)}
}

// Import imports one batch of stories in one transaction: all of them or
// none.
func (im *Importer) Import(stories []StoryImport) ([]StoryReport, error) {
	var reports []StoryReport
	err := im.db.update(func(tx *bolt.Tx) error {
		reports = reports[:0]
		// Imports mostly append (new stories take the next sequence, cards
		// of one story arrive together): pack pages fuller than bbolt's
		// default half, for a smaller file and a faster commit.
		for _, name := range [][]byte{bucketStories, bucketOutline, bucketCards, bucketSched, bucketOrder, bucketFresh} {
			tx.Bucket(name).FillPercent = importFillPercent
		}
		for _, si := range stories {
			r, err := importStory(tx, si, im.now)
			if err != nil {
				var se *SourceError
				if errors.As(err, &se) {
					return err
				}
				return fmt.Errorf("import story %s: %w", si.Story.ID, err)
			}
			if r.New {
				if im.similar == nil {
					if im.similar, err = similarIndex(tx); err != nil {
						return err
					}
				}
				r.Similar = findSimilar(im.similar, si.Story)
				for _, k := range []string{fold(si.Story.Title), fold(si.Story.Question)} {
					if k != "" {
						im.similar[k] = append(im.similar[k], si.Story.ID)
					}
				}
			}
			reports = append(reports, r)
		}
		return nil
	})
	if err != nil {
		// The index may name stories of the batch that was not written:
		// the next batch reads it again.
		im.similar = nil
		return nil, err
	}
	return reports, nil
}

// sourceConflict returns a *SourceError if si may not update rec: a story
// belongs to its source file. The one exception is the same content as a
// story from no file (the built-in sample, written out by new
// --from-sample): that file takes the story over.
func sourceConflict(rec storyRecord, si StoryImport) error {
	takeover := si.Hash != "" && rec.Hash == si.Hash && !filepath.IsAbs(rec.Source)
	if !si.Replace && !sameSource(rec.Source, si.Source) && !takeover {
		return &SourceError{ID: si.Story.ID, Source: si.Source, Owner: rec.Source}
	}
	return nil
}

// CheckSources returns the *SourceError Import would return for stories,
// without writing: a caller can refuse before it backs up.
func (db *DB) CheckSources(stories []StoryImport) error {
	return db.view(func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketStories)
		for _, si := range stories {
			v := sb.Get([]byte(si.Story.ID))
			if v == nil {
				continue
			}
			rec, err := decodeStory([]byte(si.Story.ID), v)
			if err != nil {
				return err
			}
			if err := sourceConflict(rec, si); err != nil {
				return err
			}
		}
		return nil
	})
}

func importStory(tx *bolt.Tx, si StoryImport, now time.Time) (StoryReport, error) {
	sb, cb := tx.Bucket(bucketStories), tx.Bucket(bucketCards)
	id := si.Story.ID
	rep := StoryReport{ID: id}
	var rec storyRecord
	if v := sb.Get([]byte(id)); v != nil {
		var err error
		if rec, err = decodeStory([]byte(id), v); err != nil {
			return rep, err
		}
		if err := sourceConflict(rec, si); err != nil {
			return rep, err
		}
	} else {
		seq, err := sb.NextSequence()
		if err != nil {
			return rep, err
		}
		rep.New = true
		rec.Seq = uint32(seq)
	}
	rec.Story, rec.Hash, rec.Source, rec.Imported, rec.Retired = toStoryDoc(si.Story), si.Hash, si.Source, now, false
	v, err := rec.encode()
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
	var reset map[string]bool
	if len(si.Reset) > 0 {
		reset = make(map[string]bool, len(si.Reset))
		for _, id := range si.Reset {
			reset[id.String()] = true
		}
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
			if reset[key] {
				sr.sched = starcards.Schedule{}
			}
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
	if err := tx.Bucket(bucketOrder).Put([]byte(r.id), seal(append([]byte(nil), key...))); err != nil {
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
	v := tx.Bucket(bucketOrder).Get([]byte(id))
	if v == nil {
		return nil, schedRecord{}, fmt.Errorf("card %s: %w", id, ErrNotFound)
	}
	key, err := unseal(v)
	if err != nil || len(key) != 8 {
		return nil, schedRecord{}, fmt.Errorf("card %s: %w: bad order record", id, ErrCorrupt)
	}
	sv := tx.Bucket(bucketSched).Get(key)
	if sv == nil {
		return nil, schedRecord{}, fmt.Errorf("card %s: %w: its order record points at no schedule", id, ErrCorrupt)
	}
	r, err := decodeSched(sv)
	if err == nil && r.id != id {
		err = fmt.Errorf("%w: the order record points at card %s", ErrCorrupt, r.id)
	}
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
		rec, err := decodeStory([]byte(id), v)
		if err != nil {
			return err
		}
		rec.Retired = true
		if v, err = rec.encode(); err != nil {
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
			rec, err := decodeStory(k, v)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
			return nil
		})
	})
	sort.Slice(recs, func(i, j int) bool { return recs[i].Seq < recs[j].Seq })
	out := make([]StoryInfo, len(recs))
	for i, r := range recs {
		out[i] = StoryInfo{Story: r.Story.story(), Hash: r.Hash, Source: r.Source, Imported: r.Imported, Retired: r.Retired}
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
		out = make([]starcards.CardState, 0, b.Stats().KeyN) // a walk of the pages, not the keys
		c := b.Cursor()
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
// It is EachCard's cards in a slice.
func (db *DB) AllCards() ([]starcards.CardState, error) {
	n := 0
	if err := db.view(func(tx *bolt.Tx) error { n = tx.Bucket(bucketSched).Stats().KeyN; return nil }); err != nil {
		return nil, err
	}
	out := make([]starcards.CardState, 0, n)
	err := db.EachCard(func(cs *starcards.CardState) bool {
		out = append(out, *cs)
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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
		return appendReview(tx, r)
	})
}

// appendReview adds r to the review log under the time it was given and
// the next sequence number, to the sequence index and to the card's
// history index: the log keeps the real answer times, whatever the clock
// said, Undo goes by sequence and show by card.
func appendReview(tx *bolt.Tx, r starcards.Review) error {
	key, err := appendLog(tx, r)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketHistory).Put(historyKey(r.Card.String(), key), historyValue)
}

// appendLog adds r to the review log and the sequence index, not to the
// history index, and returns its log key.
func appendLog(tx *bolt.Tx, r starcards.Review) ([]byte, error) {
	log := tx.Bucket(bucketRevlog)
	seq, err := log.NextSequence()
	if err != nil {
		return nil, err
	}
	key := reviewKey(r.Time, seq)
	if err := log.Put(key, encodeReview(r)); err != nil {
		return nil, err
	}
	return key, tx.Bucket(bucketRevseq).Put(key[8:], seal(key))
}

// Undo takes back the last answer in the review log: the card gets its state
// from before the answer and the entry is deleted, in one transaction. It
// returns the review it undid, or ErrNothingToUndo.
func (db *DB) Undo() (starcards.Review, error) {
	var r starcards.Review
	err := db.update(func(tx *bolt.Tx) error {
		log, idx := tx.Bucket(bucketRevlog), tx.Bucket(bucketRevseq)
		seqKey, sv := idx.Cursor().Last()
		if seqKey == nil {
			return ErrNothingToUndo
		}
		k, err := unseal(sv)
		if err != nil || len(k) != 16 || !bytes.Equal(k[8:], seqKey) {
			return fmt.Errorf("%w: bad review sequence record", ErrCorrupt)
		}
		k = append([]byte(nil), k...)
		v := log.Get(k)
		if v == nil {
			return fmt.Errorf("%w: the latest answer is missing from the review log", ErrCorrupt)
		}
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
		if err := idx.Delete(append([]byte(nil), seqKey...)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketHistory).Delete(historyKey(r.Card.String(), k)); err != nil {
			return err
		}
		return log.Delete(k)
	})
	return r, err
}

// SetSchedule replaces a card's scheduling state without a review-log entry
// (suspend, unsuspend, bury, reset). It returns ErrNotFound for a card the
// collection lacks.
func (db *DB) SetSchedule(id starcards.CardID, s starcards.Schedule) error {
	return db.ChangeSchedules([]starcards.CardID{id}, func(starcards.CardState) starcards.Schedule { return s })
}

// ChangeSchedules replaces the scheduling state of each card in ids with
// change's version of it, in one transaction: every card changes or none
// does. It returns an error matching ErrNotFound (naming the card) if any
// card is missing.
func (db *DB) ChangeSchedules(ids []starcards.CardID, change func(starcards.CardState) starcards.Schedule) error {
	return db.update(func(tx *bolt.Tx) error {
		for _, id := range ids {
			key, sr, err := getSched(tx, id.String())
			if err != nil {
				return err
			}
			next := sr
			next.sched = change(starcards.CardState{Card: starcards.Card{ID: id, Facet: sr.facet}, Schedule: sr.sched, Retired: sr.retired})
			if err := updateSched(tx, key, sr, next); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reviews calls fn for every review-log entry at or after since, oldest
// first, until fn returns false. The review is decoded inside the read
// transaction; fn must not call other DB methods that write.
func (db *DB) Reviews(since time.Time, fn func(starcards.Review) bool) error {
	return scanLog(db, since, decodeReview, fn)
}

// scanLog decodes the log entries at or after since with decode and
// passes them to fn until it returns false. The zero since means all.
func scanLog[R any](db *DB, since time.Time, decode func(k, v []byte) (R, error), fn func(R) bool) error {
	return eachLogEntry(db, since, func(k, v []byte) (bool, error) {
		r, err := decode(k, v)
		if err != nil {
			return false, err
		}
		return fn(r), nil
	})
}

// eachLogEntry calls fn with the key and value of each log entry at or
// after since (the zero time means all), oldest first, until fn returns
// false or an error, which eachLogEntry returns.
func eachLogEntry(db *DB, since time.Time, fn func(k, v []byte) (bool, error)) error {
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRevlog).Cursor()
		start := make([]byte, 8)
		if !since.IsZero() {
			start = reviewKey(since, 0)[:8]
		}
		for k, v := c.Seek(start); k != nil; k, v = c.Next() {
			if more, err := fn(k, v); err != nil || !more {
				return err
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

// CardReviews returns one card's review history, oldest first. It reads
// the card's history index and only that card's log entries, whatever the
// size of the log.
func (db *DB) CardReviews(id starcards.CardID) ([]starcards.Review, error) {
	var out []starcards.Review
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		out, err = cardReviews(tx, id, out)
		return err
	})
	return out, err
}

// cardReviews appends the card's answers to out, oldest first.
func cardReviews(tx *bolt.Tx, id starcards.CardID, out []starcards.Review) ([]starcards.Review, error) {
	log := tx.Bucket(bucketRevlog)
	prefix := historyPrefix(id.String())
	c := tx.Bucket(bucketHistory).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		lk := k[len(prefix):]
		v := log.Get(lk)
		if len(lk) != 16 || v == nil {
			return out, fmt.Errorf("card %s: %w: its history index names an answer the review log lacks", id, ErrCorrupt)
		}
		r, err := decodeReview(lk, v)
		if err != nil {
			return out, err
		}
		if r.Card != id {
			return out, fmt.Errorf("card %s: %w: its history index names an answer to %s", id, ErrCorrupt, r.Card)
		}
		out = append(out, r)
	}
	return out, nil
}

// Config returns the collection's settings: the defaults for any never set.
func (db *DB) Config() (starcards.Config, error) {
	cfg := starcards.DefaultConfig()
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketConfig).Get(keySettings)
		if v == nil {
			return nil
		}
		var err error
		cfg, err = decodeConfig(v)
		return err
	})
	return cfg, err
}

// SetConfig stores the collection's settings. The caller validates them.
func (db *DB) SetConfig(cfg starcards.Config) error {
	v, err := encodeConfig(cfg)
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
		tx.Bucket(bucketRevlog).FillPercent = 1 // keys arrive in time order
		tx.Bucket(bucketRevseq).FillPercent = 1
		hist := make([][]byte, 0, len(reviews))
		for _, r := range reviews {
			key, err := appendLog(tx, r)
			if err != nil {
				return err
			}
			hist = append(hist, historyKey(r.Card.String(), key))
		}
		return putHistory(tx, hist)
	})
}

// putHistory adds keys to the history index, in key order: a card's
// entries then land side by side, without a page split for each.
func putHistory(tx *bolt.Tx, keys [][]byte) error {
	slices.SortFunc(keys, bytes.Compare)
	b := tx.Bucket(bucketHistory)
	for _, k := range keys {
		if err := b.Put(k, historyValue); err != nil {
			return err
		}
	}
	return nil
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

func putOutline(tx *bolt.Tx, rec storyRecord) error {
	return tx.Bucket(bucketOutline).Put([]byte(rec.Story.ID), briefValue(rec))
}

// briefValue returns the outline record of a story.
func briefValue(rec storyRecord) []byte {
	var b storyBrief
	b.Story.ID, b.Story.Title, b.Story.Question, b.Story.Principles, b.Story.Role = rec.Story.ID, rec.Story.Title, rec.Story.Question, rec.Story.Principles, rec.Story.Role
	for _, a := range rec.Story.Angles {
		b.Story.Angles = append(b.Story.Angles, struct{ Principle string }{a.Principle})
	}
	b.Seq, b.Retired = rec.Seq, rec.Retired
	v, err := json.Marshal(b)
	if err != nil {
		panic(err) // strings, slices and numbers always marshal
	}
	return seal(v)
}

// StoryOutline is what statistics read of a story: no text.
type StoryOutline struct {
	ID         string
	Title      string
	Principles []string
	Role       string
	// AnglePrinciples are the principles the story has angles for.
	AnglePrinciples []string
}

// StoryOutlines returns the outlines of the live (not retired) stories in
// the order they were first imported, read without decoding every story's
// text.
func (db *DB) StoryOutlines() ([]StoryOutline, error) {
	var briefs []storyBrief
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutline).ForEach(func(k, v []byte) error {
			b, err := decodeBrief(k, v)
			if err != nil {
				return err
			}
			if !b.Retired {
				briefs = append(briefs, b)
			}
			return nil
		})
	})
	sort.Slice(briefs, func(i, j int) bool { return briefs[i].Seq < briefs[j].Seq })
	out := make([]StoryOutline, len(briefs))
	for i, b := range briefs {
		o := StoryOutline{ID: b.Story.ID, Title: b.Story.Title, Principles: b.Story.Principles, Role: b.Story.Role}
		for _, a := range b.Story.Angles {
			o.AnglePrinciples = append(o.AnglePrinciples, a.Principle)
		}
		out[i] = o
	}
	return out, err
}

// ReviewOutlines is Reviews reading only what statistics need of each
// entry. It decodes a large review log several times faster than Reviews.
func (db *DB) ReviewOutlines(since time.Time, fn func(ReviewOutline) bool) error {
	return scanLog(db, since, decodeReviewOutline, fn)
}

// SourceFile is a story file as an import reads it: its source name (as
// in StoryImport) and the hash of its content.
type SourceFile struct {
	Source string
	Hash   string
}

// UnchangedStory is a live story imported from a file with the content it
// has now: importing it again would change nothing.
type UnchangedStory struct {
	ID    string
	Cards int // its live cards
}

// Unchanged returns, for each file, the live story the collection holds as
// imported from that source with that hash, or a zero UnchangedStory (ID
// "") if there is none. It reads no story's text and writes nothing: an
// import skips the unchanged files before parsing them.
func (db *DB) Unchanged(files []SourceFile) ([]UnchangedStory, error) {
	out := make([]UnchangedStory, len(files))
	want := make(map[string]bool, len(files))
	for _, f := range files {
		if f.Hash != "" {
			want[f.Hash] = true
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	err := db.view(func(tx *bolt.Tx) error {
		byHash := map[string][]storyHead{}
		err := tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
			h, err := decodeStoryHead(k, v)
			if err != nil {
				return err
			}
			if want[h.Hash] && !h.Retired {
				byHash[h.Hash] = append(byHash[h.Hash], h)
			}
			return nil
		})
		if err != nil {
			return err
		}
		sched := tx.Bucket(bucketSched).Cursor()
		for i, f := range files {
			for _, h := range byHash[f.Hash] {
				if !sameSource(h.Source, f.Source) {
					continue
				}
				out[i].ID = h.ID
				prefix := orderKey(h.Seq, 0)[:4]
				for k, _ := sched.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && binary.BigEndian.Uint32(k[4:]) < retiredOrd; k, _ = sched.Next() {
					out[i].Cards++
				}
				break
			}
		}
		return nil
	})
	return out, err
}

// ReviewsOf calls fn for every review-log entry of the given cards, oldest
// first (the order of Reviews), until fn returns false. It reads the
// cards' history index and only their entries: for a few cards of a large
// collection it costs what they were answered, not the log.
func (db *DB) ReviewsOf(ids []starcards.CardID, fn func(starcards.Review) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		var keys [][]byte
		hist := tx.Bucket(bucketHistory).Cursor()
		for _, id := range ids {
			prefix := historyPrefix(id.String())
			for k, _ := hist.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = hist.Next() {
				keys = append(keys, k[len(prefix):])
			}
		}
		slices.SortFunc(keys, bytes.Compare)
		keys = slices.CompactFunc(keys, bytes.Equal) // an id given twice
		log := tx.Bucket(bucketRevlog)
		for _, k := range keys {
			v := log.Get(k)
			if len(k) != 16 || v == nil {
				return fmt.Errorf("%w: the history index names an answer the review log lacks", ErrCorrupt)
			}
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
