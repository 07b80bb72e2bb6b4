package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Problem is one thing Check found.
type Problem struct {
	Where string // what it concerns: "card s/section/task", "review log", "file"
	What  string
	// Warning marks what is worth knowing but is not damage (an answer
	// logged with a clock that was wrong).
	Warning bool
	// Derived marks damage to data Repair rebuilds from the rest (the
	// indexes, the story outlines).
	Derived bool
}

func (p Problem) String() string { return p.Where + ": " + p.What }

// CheckReport is what Check found.
type CheckReport struct {
	Problems []Problem
	Stories  int
	Cards    int
	Reviews  int
}

// Damaged returns the problems that are not warnings.
func (r CheckReport) Damaged() []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Check reads the whole collection and reports what is wrong with it:
// bbolt's own consistency check, then the store's invariants — every record
// passes its checksum and decodes; the schema version is known; every
// schedule, order entry and review-log entry refers to a card; each card's
// latest answer agrees with its state; the history index matches the
// log; the indexes match the schedules; due
// times, stabilities and difficulties are in range; no answer is logged in
// the future (after now) or out of order. It changes nothing. The error is
// for a collection it could not read at all.
func (db *DB) Check(now time.Time) (CheckReport, error) {
	var rep CheckReport
	err := db.view(func(tx *bolt.Tx) error {
		rep = checkTx(tx, now)
		return nil
	})
	if err != nil {
		rep.Problems = append(rep.Problems, Problem{Where: "file", What: err.Error()})
	}
	return rep, nil
}

func checkTx(tx *bolt.Tx, now time.Time) CheckReport {
	var rep CheckReport
	add := func(p Problem) {
		// Errors of the decoders already name the record.
		p.What = strings.TrimPrefix(p.What, p.Where+": ")
		rep.Problems = append(rep.Problems, p)
	}
	// bbolt's own check runs in a goroutine of its own, where a damaged
	// page is a crash no recover can catch. So first walk every page it
	// would read here, where a panic or fault becomes ErrCorrupt: only a
	// file that survives the walk is handed to tx.Check.
	if err := walkPages(tx); err != nil {
		add(Problem{Where: "file", What: "damaged pages: " + err.Error() + "; restore a backup (starcards backup list)"})
		return rep
	}
	for err := range tx.Check() {
		add(Problem{Where: "file", What: err.Error()})
	}
	v, err := version(tx)
	if err != nil || v != schemaVersion {
		add(Problem{Where: "meta", What: fmt.Sprintf("schema version %d, this program knows %d (%v)", v, schemaVersion, err)})
		return rep
	}

	// Stories and their outlines.
	seqs := map[uint32]string{}
	tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
		rep.Stories++
		rec, err := decodeStory(k, v)
		if err != nil {
			add(Problem{Where: "story " + string(k), What: err.Error()})
			return nil
		}
		seqs[rec.Seq] = rec.Story.ID
		want := briefValue(rec)
		if got := tx.Bucket(bucketOutline).Get(k); !bytes.Equal(got, want) {
			add(Problem{Where: "story " + string(k), What: "its outline does not match the story", Derived: true})
		}
		return nil
	})
	tx.Bucket(bucketOutline).ForEach(func(k, _ []byte) error {
		if tx.Bucket(bucketStories).Get(k) == nil {
			add(Problem{Where: "story " + string(k), What: "an outline without a story", Derived: true})
		}
		return nil
	})

	// Card contents.
	cards := map[string]bool{}
	tx.Bucket(bucketCards).ForEach(func(k, v []byte) error {
		rep.Cards++
		if _, err := decodeCard(k, v); err != nil {
			add(Problem{Where: "card " + string(k), What: err.Error()})
		}
		cards[string(k)] = true
		return nil
	})

	// Schedules, the order index and the queue indexes.
	scheds := map[string]schedRecord{}
	wantIdx := map[string][]byte{}
	order := tx.Bucket(bucketOrder)
	tx.Bucket(bucketSched).ForEach(func(k, v []byte) error {
		r, err := decodeSched(v)
		if err != nil {
			add(Problem{Where: fmt.Sprintf("schedule %x", k), What: err.Error()})
			return nil
		}
		where := "card " + r.id
		scheds[r.id] = r
		if !cards[r.id] {
			add(Problem{Where: where, What: "a schedule without a card"})
		}
		if len(k) != 8 || seqs[binary.BigEndian.Uint32(k)] == "" {
			add(Problem{Where: where, What: "its schedule belongs to no story"})
		}
		if got, err := unseal(order.Get([]byte(r.id))); err != nil || !bytes.Equal(got, k) {
			add(Problem{Where: where, What: "the order index does not point at its schedule", Derived: true})
		}
		if p := rangeProblem(r.sched); p != "" {
			add(Problem{Where: where, What: p})
		}
		switch {
		case r.retired || r.sched.Suspended:
		case r.sched.State == starcards.StateNew:
			wantIdx["fresh/"+string(k)] = v
		default:
			wantIdx["due/"+string(dueKey(r, k))] = v
		}
		return nil
	})
	for id := range cards {
		if _, ok := scheds[id]; !ok && order.Get([]byte(id)) == nil {
			add(Problem{Where: "card " + id, What: "a card without a schedule"})
		}
	}
	order.ForEach(func(k, _ []byte) error {
		if _, ok := scheds[string(k)]; !ok && cards[string(k)] {
			return nil // reported above, as a card without a schedule
		}
		if _, ok := scheds[string(k)]; !ok {
			add(Problem{Where: "card " + string(k), What: "an order entry without a schedule", Derived: true})
		}
		return nil
	})
	indexed := 0
	for _, name := range []string{"fresh", "due"} {
		tx.Bucket([]byte(name)).ForEach(func(k, v []byte) error {
			indexed++
			if want, ok := wantIdx[name+"/"+string(k)]; !ok || !bytes.Equal(want, v) {
				add(Problem{Where: "queue index", What: fmt.Sprintf("a %s entry %x matches no schedule", name, k), Derived: true})
			}
			return nil
		})
	}
	if indexed < len(wantIdx) {
		add(Problem{Where: "queue index", What: fmt.Sprintf("%d cards are missing from the queue indexes", len(wantIdx)-indexed), Derived: true})
	}

	// The review log and its sequence index.
	type entry struct {
		seq uint64
		r   starcards.Review
	}
	latest := map[string]entry{}
	var bySeq []entry
	log, idx, hist := tx.Bucket(bucketRevlog), tx.Bucket(bucketRevseq), tx.Bucket(bucketHistory)
	if hist == nil {
		add(Problem{Where: "review log", What: "the history index is missing", Derived: true})
	}
	log.ForEach(func(k, v []byte) error {
		rep.Reviews++
		r, err := decodeReview(k, v)
		if err != nil {
			add(Problem{Where: fmt.Sprintf("review-log entry %d", reviewSeqOf(k)), What: err.Error()})
			return nil
		}
		seq := reviewSeq(k)
		where := fmt.Sprintf("review-log entry %d (%s, %s)", seq, r.Card, r.Time.Format(time.RFC3339))
		if !cards[r.Card.String()] {
			add(Problem{Where: where, What: "an answer to a card the collection lacks"})
		}
		if r.Time.After(now) {
			add(Problem{Where: where, What: "logged in the future", Warning: true})
		}
		if got, err := unseal(idx.Get(k[8:])); err != nil || !bytes.Equal(got, k) {
			add(Problem{Where: where, What: "missing from the sequence index", Derived: true})
		}
		if hist != nil && hist.Get(historyKey(r.Card.String(), k)) == nil {
			add(Problem{Where: where, What: "missing from the card's history index", Derived: true})
		}
		e := entry{seq, r}
		bySeq = append(bySeq, e)
		if l, ok := latest[r.Card.String()]; !ok || seq > l.seq {
			latest[r.Card.String()] = e
		}
		return nil
	})
	if n := idx.Stats().KeyN; n > len(bySeq) {
		add(Problem{Where: "review log", What: fmt.Sprintf("the sequence index has %d entries, the log %d", n, len(bySeq)), Derived: true})
	}
	// Every history entry must name an answer to its card: with each
	// answer found in the index above, equal counts mean no stray entry.
	if hist != nil && hist.Stats().KeyN != len(bySeq) {
		hist.ForEach(func(k, v []byte) error {
			if !historyEntryOK(log, k, v) {
				add(Problem{Where: "review log", What: fmt.Sprintf("the history index entry %x names no answer to its card", k), Derived: true})
			}
			return nil
		})
	}
	sort.Slice(bySeq, func(i, j int) bool { return bySeq[i].seq < bySeq[j].seq })
	for i := 1; i < len(bySeq); i++ {
		if bySeq[i].r.Time.Before(bySeq[i-1].r.Time) {
			e := bySeq[i]
			add(Problem{
				Where: fmt.Sprintf("review-log entry %d (%s, %s)", e.seq, e.r.Card, e.r.Time.Format(time.RFC3339)),
				What:  "answered before the answer logged ahead of it (the clock went back)", Warning: true,
			})
		}
	}
	for id, e := range latest {
		r, ok := scheds[id]
		if !ok || r.sched.LastReview.IsZero() {
			continue // reset since, or reported above
		}
		a, s := e.r.After, r.sched
		switch {
		case s.LastReview.Before(e.r.Time.Truncate(time.Second)):
			add(Problem{Where: "card " + id, What: fmt.Sprintf("its state is older than its latest answer (entry %d)", e.seq)})
		case a.LastReview.Equal(s.LastReview) && a.Reps == s.Reps &&
			(a.State != s.State || !a.Due.Equal(s.Due) || a.Lapses != s.Lapses ||
				math.Float64bits(a.Stability) != math.Float64bits(s.Stability) || math.Float64bits(a.Difficulty) != math.Float64bits(s.Difficulty)):
			// The same review, as the state and the log entry record it.
			// (A history brought in from Anki may end in Anki's own
			// schedule: another review count or last review.)
			add(Problem{Where: "card " + id, What: fmt.Sprintf("its state disagrees with its latest answer (entry %d)", e.seq)})
		}
	}
	return rep
}

// historyEntryOK reports whether the history-index entry k, v names an
// answer in log to the card it is filed under.
func historyEntryOK(log *bolt.Bucket, k, v []byte) bool {
	if len(k) < 2+16 || !bytes.Equal(v, historyValue) {
		return false
	}
	n := int(binary.BigEndian.Uint16(k))
	if len(k) != 2+n+16 {
		return false
	}
	lk := k[2+n:]
	r, err := decodeReviewOutline(lk, log.Get(lk))
	return err == nil && r.Card.String() == string(k[2:2+n])
}

func reviewSeqOf(k []byte) uint64 {
	if len(k) != 16 {
		return 0
	}
	return reviewSeq(k)
}

// rangeProblem says what is out of range in a schedule, or "".
func rangeProblem(s starcards.Schedule) string {
	finite := func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
	switch {
	case !finite(s.Stability) || s.Stability < 0 || s.Stability > 1e6:
		return fmt.Sprintf("stability %g out of range", s.Stability)
	case !finite(s.Difficulty) || s.Difficulty < 0 || s.Difficulty > 10:
		return fmt.Sprintf("difficulty %g out of range", s.Difficulty)
	case s.State == starcards.StateNew:
		return ""
	case s.Due.IsZero() || s.LastReview.IsZero():
		return "a card in " + s.State.String() + " without a due time or last review"
	case s.Due.Before(s.LastReview):
		return "due before its last review"
	case s.Due.Sub(s.LastReview) > 101*365*24*time.Hour:
		return "due more than 100 years after its last review"
	}
	return ""
}

// RepairReport says what Repair did.
type RepairReport struct {
	Rebuilt []string // what was rebuilt
	// Remaining is what Check finds after the repair.
	Remaining CheckReport
}

// Repair rebuilds what can be derived from the rest of the collection — the
// order index, the queue indexes, the review-log sequence index, the
// history index and the story outlines — and restores a damaged schedule from its intact copy in
// a queue index, in one transaction. It then checks the collection again;
// what it could not fix is in the report's Remaining.
func (db *DB) Repair(now time.Time) (RepairReport, error) {
	var rep RepairReport
	err := db.update(func(tx *bolt.Tx) error {
		var err error
		rep.Rebuilt, err = repairTx(tx)
		return err
	})
	if err != nil {
		return rep, err
	}
	rep.Remaining, err = db.Check(now)
	return rep, err
}

func repairTx(tx *bolt.Tx) ([]string, error) {
	if v, err := version(tx); err != nil || v != schemaVersion {
		return nil, fmt.Errorf("%w: schema version %d", ErrCorrupt, v)
	}
	var done []string
	// Schedules damaged beyond their checksum, restored from an index copy.
	copies := map[string][]byte{}
	for _, name := range [][]byte{bucketFresh, bucketDue} {
		tx.Bucket(name).ForEach(func(k, v []byte) error {
			if _, err := decodeSched(v); err == nil {
				key := k
				if len(k) == 16 {
					key = k[8:]
				}
				copies[string(key)] = append([]byte(nil), v...)
			}
			return nil
		})
	}
	sched := tx.Bucket(bucketSched)
	var restore [][2][]byte
	sched.ForEach(func(k, v []byte) error {
		if _, err := decodeSched(v); err != nil {
			if c, ok := copies[string(k)]; ok {
				restore = append(restore, [2][]byte{append([]byte(nil), k...), c})
			}
		}
		return nil
	})
	for _, kv := range restore {
		if err := sched.Put(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	if len(restore) > 0 {
		done = append(done, fmt.Sprintf("%d schedules restored from the queue index", len(restore)))
	}

	// The order and queue indexes, from the schedules.
	for _, name := range [][]byte{bucketOrder, bucketDue, bucketFresh} {
		if err := tx.DeleteBucket(name); err != nil {
			return nil, err
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	err := sched.ForEach(func(k, v []byte) error {
		r, err := decodeSched(v)
		if err != nil {
			return nil // left for Check to report
		}
		if err := tx.Bucket(bucketOrder).Put([]byte(r.id), seal(append([]byte(nil), k...))); err != nil {
			return err
		}
		return index(tx, k, r, v)
	})
	if err != nil {
		return nil, err
	}
	done = append(done, "the order and queue indexes")

	// The review-log sequence index, from the log's keys.
	if err := tx.DeleteBucket(bucketRevseq); err != nil {
		return nil, err
	}
	idx, err := tx.CreateBucket(bucketRevseq)
	if err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketRevlog).ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return nil
		}
		return idx.Put(k[8:], seal(append([]byte(nil), k...)))
	})
	if err != nil {
		return nil, err
	}
	done = append(done, "the review-log sequence index")

	// The history index, from the log.
	if err := tx.DeleteBucket(bucketHistory); err != nil && !errors.Is(err, bolterrors.ErrBucketNotFound) {
		return nil, err
	}
	if _, err := tx.CreateBucket(bucketHistory); err != nil {
		return nil, err
	}
	if err := putHistory(tx, historyKeys(tx)); err != nil {
		return nil, err
	}
	done = append(done, "the history index")

	// The story outlines, from the stories.
	if err := tx.DeleteBucket(bucketOutline); err != nil {
		return nil, err
	}
	if _, err := tx.CreateBucket(bucketOutline); err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
		rec, err := decodeStory(k, v)
		if err != nil {
			return nil
		}
		return putOutline(tx, rec)
	})
	if err != nil {
		return nil, err
	}
	return append(done, "the story outlines"), nil
}

// Backup writes a consistent copy of the whole collection to w, from one
// read transaction: it does not block readers, and writers only wait for
// their commit. It returns the bytes written.
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	if f, ok := w.(*os.File); ok {
		w = copyWriter{f}
	}
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Counts returns how many cards (retired ones included) and review-log
// entries the collection holds.
func (db *DB) Counts() (cards, reviews int, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		cards = tx.Bucket(bucketCards).Stats().KeyN
		reviews = tx.Bucket(bucketRevlog).Stats().KeyN
		return nil
	})
	return cards, reviews, err
}

// walkPages reads every key and value of every bucket, nested buckets
// included, so that every branch, leaf and overflow page bbolt's check would
// visit has been read once in this goroutine. A panic (a damaged page
// header, an element pointing outside the file) is returned as ErrCorrupt.
func walkPages(tx *bolt.Tx) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverCorrupt(&err)
	var sum byte
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			for _, c := range k {
				sum ^= c
			}
			if v == nil {
				if nb := b.Bucket(k); nb != nil {
					return walk(nb)
				}
				return nil
			}
			for _, c := range v {
				sum ^= c
			}
			return nil
		})
	}
	err = tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(b) })
	_ = sum
	return err
}
