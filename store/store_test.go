package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	bolt "go.etcd.io/bbolt"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// MustOpen opens a new collection in a temporary directory and checks its
// consistency when the test ends.
func MustOpen(tb testing.TB) *DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "collection.db")
	db, err := Open(path, Options{}, t0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.bolt.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		}); err != nil {
			tb.Errorf("consistency check: %v", err)
		}
		if err := checkIndexes(db); err != nil {
			tb.Errorf("queue indexes: %v", err)
		}
		if rep, err := db.Check(t0.AddDate(1, 0, 0)); err != nil || len(rep.Damaged()) > 0 {
			tb.Errorf("check: %v %v", rep.Damaged(), err)
		}
		db.Close()
	})
	return db
}

func storyImport(tb testing.TB, src string) StoryImport {
	tb.Helper()
	s, err := decks.Parse([]byte(src), "test.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return StoryImport{Story: s, Cards: decks.Cards(s), Hash: "h", Source: "test.yaml"}
}

const storyV1 = `id: s
title: T
sections:
  situation: {example: I noticed it., phrases: [I noticed]}
  action: {example: I fixed it.}
followups:
  - {id: why, question: Why?, strong: Because.}
  - {id: how, question: How?, strong: Carefully.}
`

// Edited: action text changed, follow-ups reordered and one removed, result added.
const storyV2 = `id: s
title: T
sections:
  situation: {example: I noticed it., phrases: [I noticed]}
  action: {example: I fixed it myself.}
  result: {example: Zero drops.}
followups:
  - {id: how, question: How?, strong: Carefully.}
`

func TestImportReports(t *testing.T) {
	db := MustOpen(t)
	rep, err := db.Import([]StoryImport{storyImport(t, storyV1)}, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := []StoryReport{{ID: "s", New: true, Added: 6}} // outline, phrase, two sections, two mistakes
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("first import = %+v, want %+v", rep, want)
	}
	// Give a card progress, then edit the story: progress must survive.
	id := starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "action"}
	after := starcards.Schedule{State: starcards.StateReview, Due: t0.Add(72 * time.Hour), Stability: 3, Difficulty: 5, Reps: 1, LastReview: t0}
	if err := db.Answer(starcards.Review{Card: id, Time: t0, Rating: starcards.Good, After: after}); err != nil {
		t.Fatal(err)
	}
	rep, err = db.Import([]StoryImport{storyImport(t, storyV2)}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want = []StoryReport{{ID: "s", Added: 1, Updated: 2, Retired: 1, Unchanged: 3}} // the outline changes with the section
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("re-import = %+v, want %+v", rep, want)
	}
	cs, err := db.Card(id)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Schedule != after {
		t.Errorf("edited card's schedule = %+v, want %+v kept", cs.Schedule, after)
	}
	if cs.Card.Field("Example") != "I fixed it myself." {
		t.Errorf("edited card text = %q, want the new text", cs.Card.Field("Example"))
	}
	retired, err := db.Card(starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "why"})
	if err != nil || !retired.Retired {
		t.Errorf("removed follow-up: retired=%v err=%v, want retired", retired.Retired, err)
	}
	// Same file again: nothing changes.
	rep, _ = db.Import([]StoryImport{storyImport(t, storyV2)}, t0.Add(2*time.Hour))
	if want := []StoryReport{{ID: "s", Unchanged: 6}}; !reflect.DeepEqual(rep, want) {
		t.Errorf("unchanged re-import = %+v, want %+v", rep, want)
	}
	// Back to v1: the retired follow-up returns, the result is retired.
	rep, _ = db.Import([]StoryImport{storyImport(t, storyV1)}, t0.Add(3*time.Hour))
	if want := []StoryReport{{ID: "s", Added: 1, Updated: 2, Retired: 1, Unchanged: 3}}; !reflect.DeepEqual(rep, want) {
		t.Errorf("revert import = %+v, want %+v", rep, want)
	}
}

func TestStatesOrder(t *testing.T) {
	db := MustOpen(t)
	// "b" imported before "a": collection order follows import order.
	b := storyImport(t, "id: b\ntitle: B\nsections: {task: {example: x}, action: {example: y}}\n")
	a := storyImport(t, "id: a\ntitle: A\nsections: {task: {example: x}}\n")
	if _, err := db.Import([]StoryImport{b, a}, t0); err != nil {
		t.Fatal(err)
	}
	states, err := db.States()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range states {
		got = append(got, s.Card.ID.String())
	}
	want := []string{"b/outline/story", "b/section/task", "b/section/action", "a/section/task"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("States order = %v, want %v", got, want)
	}
}

func TestAnswerUndo(t *testing.T) {
	db := MustOpen(t)
	if _, err := db.Import([]StoryImport{storyImport(t, storyV1)}, t0); err != nil {
		t.Fatal(err)
	}
	id := starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "why"}
	after := starcards.Schedule{State: starcards.StateLearning, Due: t0.Add(10 * time.Minute), Stability: 2.3, Difficulty: 6.4, Reps: 1, LastReview: t0}
	r := starcards.Review{Card: id, Time: t0, Rating: starcards.Good, Duration: 4200 * time.Millisecond, After: after}
	if err := db.Answer(r); err != nil {
		t.Fatal(err)
	}
	// A stale Before is a conflict, and changes nothing.
	if err := db.Answer(r); !errors.Is(err, ErrConflict) {
		t.Fatalf("second answer with stale Before: err = %v, want ErrConflict", err)
	}
	log, err := db.ReviewsSince(time.Time{})
	if err != nil || len(log) != 1 || !reflect.DeepEqual(log[0], r) {
		t.Fatalf("log = %+v (err %v), want [%+v]", log, err, r)
	}
	var outlines []ReviewOutline
	db.ReviewOutlines(time.Time{}, func(r ReviewOutline) bool { outlines = append(outlines, r); return true })
	wantOutline := ReviewOutline{
		Card: r.Card, Time: r.Time, Rating: r.Rating, Duration: r.Duration,
		BeforeState: r.Before.State, BeforeScheduledDays: r.Before.ScheduledDays,
	}
	if len(outlines) != 1 || !reflect.DeepEqual(outlines[0], wantOutline) {
		t.Errorf("ReviewOutlines = %+v, want [%+v]", outlines, wantOutline)
	}
	hist, _ := db.CardReviews(id)
	if len(hist) != 1 {
		t.Errorf("CardReviews = %d entries, want 1", len(hist))
	}
	undone, err := db.Undo()
	if err != nil || !reflect.DeepEqual(undone, r) {
		t.Fatalf("Undo = %+v, %v; want %+v", undone, err, r)
	}
	cs, _ := db.Card(id)
	if cs.Schedule != (starcards.Schedule{}) {
		t.Errorf("after undo schedule = %+v, want new", cs.Schedule)
	}
	if _, err := db.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("Undo on empty log: %v, want ErrNothingToUndo", err)
	}
}

func TestRemoveStory(t *testing.T) {
	db := MustOpen(t)
	db.Import([]StoryImport{storyImport(t, storyV1)}, t0)
	n, err := db.RemoveStory("s", t0)
	if err != nil || n != 6 {
		t.Fatalf("RemoveStory = %d, %v; want 6 retired", n, err)
	}
	if _, err := db.RemoveStory("nope", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("RemoveStory(nope) = %v, want ErrNotFound", err)
	}
	stories, _ := db.Stories()
	if len(stories) != 1 || !stories[0].Retired {
		t.Errorf("stories = %+v, want one retired", stories)
	}
}

func TestConfig(t *testing.T) {
	db := MustOpen(t)
	cfg, err := db.Config()
	if err != nil || !reflect.DeepEqual(cfg, starcards.DefaultConfig()) {
		t.Fatalf("fresh Config = %+v, %v; want defaults", cfg, err)
	}
	cfg.NewPerDay = 5
	cfg.Fuzz = false
	cfg.Level = "Senior SDE"
	if err := db.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Config()
	if !reflect.DeepEqual(got, cfg) {
		t.Errorf("Config = %+v, want %+v", got, cfg)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("Locked", func(t *testing.T) {
		path := filepath.Join(dir, "locked.db")
		db, err := Open(path, Options{}, t0)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		start := time.Now()
		_, err = Open(path, Options{Timeout: 100 * time.Millisecond}, t0)
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("second Open = %v, want ErrLocked", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("lock wait did not time out")
		}
	})
	t.Run("NotCollection", func(t *testing.T) {
		path := filepath.Join(dir, "text.db")
		os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 500), 0o600)
		if _, err := Open(path, Options{}, t0); !errors.Is(err, ErrNotCollection) {
			t.Errorf("Open(text file) = %v, want ErrNotCollection", err)
		}
	})
	t.Run("ForeignBolt", func(t *testing.T) {
		path := filepath.Join(dir, "foreign.db")
		b, _ := bolt.Open(path, 0o600, nil)
		b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
		b.Close()
		if _, err := Open(path, Options{}, t0); !errors.Is(err, ErrNotCollection) {
			t.Errorf("Open(foreign bolt) = %v, want ErrNotCollection", err)
		}
	})
	t.Run("Truncated", func(t *testing.T) {
		path := filepath.Join(dir, "cut.db")
		db, _ := Open(path, Options{}, t0)
		s := decks.Sample()
		db.Import([]StoryImport{{Story: s, Cards: decks.Cards(s)}}, t0)
		db.Close()
		if err := os.Truncate(path, 20000); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			if _, err := Open(path, Options{ReadOnly: ro}, t0); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Open(truncated, readonly=%v) = %v, want ErrCorrupt", ro, err)
			}
		}
	})
	t.Run("SchemaTooNew", func(t *testing.T) {
		path := filepath.Join(dir, "new.db")
		db, _ := Open(path, Options{}, t0)
		db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(schemaVersion+1)) })
		db.Close()
		for _, ro := range []bool{false, true} {
			if _, err := Open(path, Options{ReadOnly: ro}, t0); !errors.Is(err, ErrSchemaTooNew) {
				t.Errorf("Open(newer, readonly=%v) = %v, want ErrSchemaTooNew", ro, err)
			}
		}
	})
}

// TestMigrationFromEmpty builds the layout before migration 1 — an empty
// bbolt file — by hand and checks that Open brings it to the current schema.
func TestMigrationFromEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := Open(path, Options{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.bolt.View(func(tx *bolt.Tx) error {
		v, _ := version(tx)
		if v != schemaVersion {
			t.Errorf("version = %d, want %d", v, schemaVersion)
		}
		for _, name := range [][]byte{bucketMeta, bucketStories, bucketOutline, bucketCards, bucketSched, bucketOrder, bucketDue, bucketFresh, bucketRevlog, bucketConfig} {
			if tx.Bucket(name) == nil {
				t.Errorf("bucket %s missing", name)
			}
		}
		return nil
	})
	if c, err := db.Created(); err != nil || !c.Equal(t0) {
		t.Errorf("Created = %v, %v; want %v", c, err, t0)
	}
}

// TestReadOnlyUnchanged checks that reading a collection opened read-only
// leaves the file byte-identical.
func TestReadOnlyUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db, _ := Open(path, Options{}, t0)
	db.Import([]StoryImport{storyImport(t, storyV1)}, t0)
	db.Close()
	before, _ := os.ReadFile(path)
	ro, err := Open(path, Options{ReadOnly: true}, t0)
	if err != nil {
		t.Fatal(err)
	}
	ro.States()
	ro.AllCards()
	ro.Stories()
	ro.Config()
	ro.ReviewsSince(time.Time{})
	if err := ro.SetConfig(starcards.DefaultConfig()); !errors.Is(err, ErrReadOnly) {
		t.Errorf("SetConfig on read-only = %v, want ErrReadOnly", err)
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("read-only use changed the file")
	}
	// A read-only reader may share the file with another reader.
	r1, err1 := Open(path, Options{ReadOnly: true}, t0)
	r2, err2 := Open(path, Options{ReadOnly: true}, t0)
	if err1 != nil || err2 != nil {
		t.Errorf("two readers: %v, %v", err1, err2)
	} else {
		r1.Close()
		r2.Close()
	}
}

func TestImportAtomic(t *testing.T) {
	db := MustOpen(t)
	good := storyImport(t, storyV1)
	bad := storyImport(t, "id: x\ntitle: X\nsections: {task: {example: y}}\n")
	bad.Cards[0].ID.Key = strings.Repeat("k", bolt.MaxKeySize) // bbolt refuses the Put
	if _, err := db.Import([]StoryImport{good, bad}, t0); err == nil {
		t.Fatal("import with an oversized key succeeded")
	}
	if empty, _ := db.Empty(); !empty {
		t.Error("a failed import left stories behind")
	}
	if states, _ := db.States(); len(states) != 0 {
		t.Errorf("a failed import left %d cards behind", len(states))
	}
}

func TestStoryOutlines(t *testing.T) {
	db := MustOpen(t)
	s := decks.Sample()
	db.Import([]StoryImport{{Story: s, Cards: decks.Cards(s)}, storyImport(t, storyV1)}, t0)
	db.RemoveStory("s", t0)
	got, err := db.StoryOutlines()
	if err != nil || len(got) != 1 {
		t.Fatalf("StoryOutlines = %d stories, %v; want the sample only", len(got), err)
	}
	o := got[0]
	var angles []string
	for _, a := range s.Angles {
		angles = append(angles, a.Principle)
	}
	want := StoryOutline{ID: s.ID, Title: s.Title, Principles: s.Principles, Role: s.Role, AnglePrinciples: angles}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("outline = %+v, want %+v", o, want)
	}
}

// TestAnswerClockBackwards checks that an answer given with a clock that went
// backwards still goes to the end of the log, so Undo takes it back.
func TestAnswerClockBackwards(t *testing.T) {
	db := MustOpen(t)
	db.Import([]StoryImport{storyImport(t, storyV1)}, t0)
	a := starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "why"}
	b := starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "how"}
	after := starcards.Schedule{State: starcards.StateLearning, Due: t0.Add(time.Hour), LastReview: t0, Reps: 1}
	if err := db.Answer(starcards.Review{Card: a, Time: t0, Rating: starcards.Good, After: after}); err != nil {
		t.Fatal(err)
	}
	if err := db.Answer(starcards.Review{Card: b, Time: t0.Add(-time.Hour), Rating: starcards.Hard, After: after}); err != nil {
		t.Fatal(err)
	}
	r, err := db.Undo()
	if err != nil || r.Card != b {
		t.Errorf("Undo after a backwards clock took back %v (%v), want %v", r.Card, err, b)
	}
}

// checkIndexes rebuilds the queue indexes from the schedule records and
// compares them with the stored ones.
func checkIndexes(db *DB) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		want := map[string]string{}
		err := tx.Bucket(bucketSched).ForEach(func(k, v []byte) error {
			r, err := decodeSched(v)
			if err != nil {
				return err
			}
			switch {
			case r.retired || r.sched.Suspended:
			case r.sched.State == starcards.StateNew:
				want["fresh/"+string(k)] = string(v)
			default:
				want["due/"+string(dueKey(r, k))] = string(v)
			}
			if got, _ := unseal(tx.Bucket(bucketOrder).Get([]byte(r.id))); !bytes.Equal(got, k) {
				return fmt.Errorf("order index of %s = %x, want %x", r.id, got, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		got := map[string]string{}
		tx.Bucket(bucketFresh).ForEach(func(k, v []byte) error { got["fresh/"+string(k)] = string(v); return nil })
		tx.Bucket(bucketDue).ForEach(func(k, v []byte) error { got["due/"+string(k)] = string(v); return nil })
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%d index entries, want %d (or their values differ)", len(got), len(want))
		}
		return nil
	})
}

func TestCardRecordRoundTrip(t *testing.T) {
	for _, c := range decks.Cards(decks.Sample()) {
		rec := cardRecord{Card: c, Added: t0, Updated: t0.Add(time.Hour)}
		key := []byte(c.ID.String())
		v := rec.encode()
		got, err := decodeCard(key, v)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if !reflect.DeepEqual(got, rec) {
			t.Fatalf("%s: decoded %+v, want %+v", key, got, rec)
		}
		// Every truncation is an error, never a panic.
		for n := 0; n < len(v); n++ {
			if _, err := decodeCard(key, v[:n]); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%s cut to %d bytes: err = %v, want ErrCorrupt", key, n, err)
			}
		}
	}
}
