package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	bolt "go.etcd.io/bbolt"
)

// readPathDB returns a collection of three stories imported out of id
// order, one with a retired card, whose ids are prefixes of each other
// ("a", "a-b", "ab"), and a log of spoken and plain answers to their cards.
func readPathDB(t *testing.T) (*DB, []starcards.Review) {
	t.Helper()
	db := MustOpen(t)
	var imports []StoryImport
	for _, id := range []string{"ab", "a", "a-b"} {
		imports = append(imports, storyImport(t, fmt.Sprintf("id: %s\ntitle: T %s\nsections:\n  situation: {target: 30s, example: I noticed it., phrases: [I noticed]}\n  action: {target: 1m, example: I fixed it.}\nfollowups:\n  - {id: why, question: Why?, strong: Because.}\n", id, id)))
	}
	if _, err := db.Import(imports, t0); err != nil {
		t.Fatal(err)
	}
	// Retire a's follow-up.
	if _, err := db.Import([]StoryImport{storyImport(t, "id: a\ntitle: T a\nsections:\n  situation: {target: 30s, example: I noticed it., phrases: [I noticed]}\n  action: {target: 1m, example: I fixed it.}\n")}, t0); err != nil {
		t.Fatal(err)
	}
	states, err := db.States()
	if err != nil {
		t.Fatal(err)
	}
	var log []starcards.Review
	at := t0
	for i, cs := range states {
		if cs.Retired {
			continue
		}
		at = at.Add(time.Duration(i+1) * time.Hour)
		after := starcards.Schedule{State: starcards.StateLearning, Due: at.Add(time.Minute), LastReview: at, Reps: 1, ScheduledDays: uint64(i)}
		r := starcards.Review{Card: cs.Card.ID, Time: at, Rating: starcards.Rating(1 + i%4), Duration: time.Duration(i) * time.Second, Spoken: i%3 == 0, Before: cs.Schedule, After: after}
		if err := db.Answer(r); err != nil {
			t.Fatal(err)
		}
		log = append(log, r)
	}
	return db, log
}

// TestScanLog: ScanLog reads each entry as ReviewOutlines does, its card
// decoded on demand, from since on, and stops when fn returns false.
func TestScanLog(t *testing.T) {
	db, log := readPathDB(t)
	for _, since := range []time.Time{{}, log[3].Time} {
		var want []ReviewOutline
		if err := db.ReviewOutlines(since, func(o ReviewOutline) bool { want = append(want, o); return true }); err != nil {
			t.Fatal(err)
		}
		var got []ReviewOutline
		err := db.ScanLog(since, func(e *LogEntry) bool {
			id := e.CardID()
			if !e.InStory(id.Story) || e.InStory(id.Story+"x") || e.InStory(id.Story[:len(id.Story)-1]) {
				t.Errorf("%s: InStory disagrees with the id", id)
			}
			got = append(got, ReviewOutline{
				Card: id, Time: e.Time, Rating: e.Rating, Duration: e.Duration, Spoken: e.Spoken,
				BeforeState: e.BeforeState, BeforeScheduledDays: e.BeforeScheduledDays,
			})
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("since %v: ScanLog read\n%+v\nwant\n%+v", since, got, want)
		}
	}
	n := 0
	db.ScanLog(time.Time{}, func(*LogEntry) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("ScanLog went on after fn returned false: %d calls", n)
	}
}

// TestScanReviews: ScanReviews gives each entry as Reviews does, the card's
// id as bytes in place of Card, from since on, and stops when fn returns
// false.
func TestScanReviews(t *testing.T) {
	db, log := readPathDB(t)
	for _, since := range []time.Time{{}, log[3].Time} {
		want, err := db.ReviewsSince(since)
		if err != nil {
			t.Fatal(err)
		}
		var got []starcards.Review
		err = db.ScanReviews(since, func(card []byte, r *starcards.Review) bool {
			if r.Card != (starcards.CardID{}) {
				t.Errorf("ScanReviews set Card: %v", r.Card)
			}
			id, err := starcards.ParseCardID(string(card))
			if err != nil {
				t.Errorf("ScanReviews gave card %q: %v", card, err)
			}
			g := *r
			g.Card = id
			got = append(got, g)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("since %v: ScanReviews read\n%+v\nwant\n%+v", since, got, want)
		}
	}
	n := 0
	db.ScanReviews(time.Time{}, func([]byte, *starcards.Review) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("ScanReviews went on after fn returned false: %d calls", n)
	}
}

// FuzzDecodeLogEntry: a log entry decodes for ScanLog exactly when its
// outline decodes, to the same fields, and fails with the same error.
func FuzzDecodeLogEntry(f *testing.F) {
	id := starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "task"}
	r := starcards.Review{Card: id, Time: t0, Rating: starcards.Good, Duration: time.Second, Spoken: true, Before: starcards.Schedule{State: starcards.StateReview, ScheduledDays: 9}}
	f.Add(reviewKey(t0, 1), unsealed(encodeReview(r)), false)
	r.Spoken, r.Card.Key = false, "a/b"
	f.Add(reviewKey(t0, 2), unsealed(encodeReview(r)), true)
	f.Fuzz(func(t *testing.T, key, p []byte, raw bool) {
		b := p
		if !raw {
			b = seal(p)
		}
		var e LogEntry
		err := decodeLogEntry(key, b, &e)
		o, oerr := decodeReviewOutline(key, b)
		if (err == nil) != (oerr == nil) || err != nil && err.Error() != oerr.Error() {
			t.Fatalf("decodeLogEntry: %v, decodeReviewOutline: %v", err, oerr)
		}
		if err != nil {
			return
		}
		got := ReviewOutline{Card: e.CardID(), Time: e.Time, Rating: e.Rating, Duration: e.Duration, Spoken: e.Spoken, BeforeState: e.BeforeState, BeforeScheduledDays: e.BeforeScheduledDays}
		if got != o || !e.InStory(o.Card.Story) {
			t.Fatalf("entry %+v, outline %+v", got, o)
		}
	})
}

// TestStoryTargets: the targets read out of the records are the sections'
// targets added up, for text that looks like a target key too.
func TestStoryTargets(t *testing.T) {
	db := MustOpen(t)
	tricky := `id: tricky
title: 'The "Target": 99 story'
sections:
  situation: {target: 30s, example: 'He said "Target":12 and \"Target\": 7', coaching: "Target\":3"}
  task: {example: no target here}
  action: {target: 1m30s, example: x}
`
	imports := []StoryImport{
		{Story: decks.Sample(), Cards: decks.Cards(decks.Sample()), Hash: "h1", Source: "sample.yaml"},
		storyImport(t, tricky),
		storyImport(t, "id: none\ntitle: N\nsections: {task: {example: x}}\n"),
	}
	if _, err := db.Import(imports, t0); err != nil {
		t.Fatal(err)
	}
	ids := []string{decks.Sample().ID, "tricky", "none", "missing"}
	got, err := db.StoryTargets(ids)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{"tricky": 2 * time.Minute}
	var sample time.Duration
	for _, s := range decks.Sample().Sections {
		sample += s.Target
	}
	if sample <= 0 {
		t.Fatal("the sample has no targets")
	}
	want[decks.Sample().ID] = sample
	if !reflect.DeepEqual(got, want) {
		t.Errorf("StoryTargets = %v, want %v", got, want)
	}
	// Each record's target as the full decode sums it, fast path or not.
	db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
			rec, err := decodeStory(k, v)
			if err != nil {
				t.Fatal(err)
			}
			var sum time.Duration
			for _, s := range rec.Story.Sections {
				sum += time.Duration(s.Target)
			}
			if got, err := storyTarget(k, v); got != sum || err != nil {
				t.Errorf("storyTarget(%s) = %v, %v, want %v", k, got, err, sum)
			}
			// A record written otherwise (here: indented) is decoded in full.
			p, _ := unseal(v)
			var ind bytes.Buffer
			if err := json.Indent(&ind, p, "", "  "); err != nil {
				t.Fatal(err)
			}
			if got, err := storyTarget(k, seal(ind.Bytes())); got != sum || err != nil {
				t.Errorf("storyTarget(%s), indented = %v, %v, want %v", k, got, err, sum)
			}
			if _, err := storyTarget(k, append([]byte(nil), v[:len(v)-1]...)); err == nil {
				t.Errorf("storyTarget(%s) of a damaged record: no error", k)
			}
			return nil
		})
	})
}

// TestEachCard: EachCard yields what AllCards did before it was built on
// it (the states, then each card looked up), in collection order, and
// stops when fn returns false.
func TestEachCard(t *testing.T) {
	db, _ := readPathDB(t)
	states, err := db.States()
	if err != nil {
		t.Fatal(err)
	}
	var want []starcards.CardState
	db.bolt.View(func(tx *bolt.Tx) error {
		for _, cs := range states {
			key := []byte(cs.Card.ID.String())
			rec, err := decodeCard(key, tx.Bucket(bucketCards).Get(key))
			if err != nil {
				t.Fatal(err)
			}
			cs.Card = rec.Card
			want = append(want, cs)
		}
		return nil
	})
	var got []starcards.CardState
	if err := db.EachCard(func(cs *starcards.CardState) bool { got = append(got, *cs); return true }); err != nil {
		t.Fatal(err)
	}
	retired := 0
	for _, cs := range got {
		if cs.Retired {
			retired++
		}
	}
	if len(want) == 0 || retired == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("EachCard read %d cards (%d retired), want the %d of States with their text", len(got), retired, len(want))
	}
	all, err := db.AllCards()
	if err != nil || !reflect.DeepEqual(all, want) {
		t.Errorf("AllCards = %d cards, %v; want EachCard's", len(all), err)
	}
	// In place: the same cards, copied inside fn (the strings are valid
	// during the call only).
	var inPlace []starcards.CardState
	err = db.EachCardInPlace(func(cs *starcards.CardState) bool {
		inPlace = append(inPlace, cloneCardState(*cs))
		return true
	})
	if err != nil || !reflect.DeepEqual(inPlace, want) {
		t.Errorf("EachCardInPlace read %d cards, %v; want EachCard's", len(inPlace), err)
	}
	n := 0
	db.EachCard(func(*starcards.CardState) bool { n++; return false })
	if n != 1 {
		t.Errorf("EachCard went on after fn returned false: %d calls", n)
	}
	n = 0
	db.EachCardInPlace(func(*starcards.CardState) bool { n++; return false })
	if n != 1 {
		t.Errorf("EachCardInPlace went on after fn returned false: %d calls", n)
	}
}

// cloneCardState copies every string and slice of cs.
func cloneCardState(cs starcards.CardState) starcards.CardState {
	c := &cs.Card
	c.ID = starcards.CardID{Story: strings.Clone(c.ID.Story), Kind: starcards.Kind(strings.Clone(string(c.ID.Kind))), Key: strings.Clone(c.ID.Key)}
	c.Facet, c.Front, c.Back = strings.Clone(c.Facet), strings.Clone(c.Front), strings.Clone(c.Back)
	for _, l := range []*[]string{&c.Fields, &c.Options, &c.Tags} {
		if *l != nil {
			out := make([]string, len(*l))
			for i, v := range *l {
				out[i] = strings.Clone(v)
			}
			*l = out
		}
	}
	return cs
}

// FuzzDecodeCardShared: decodeCardShared decodes a card record exactly
// when decodeCard does, to the same card, and fails with the same error.
func FuzzDecodeCardShared(f *testing.F) {
	for _, c := range decks.Cards(decks.Sample())[:8] {
		f.Add([]byte(c.ID.String()), unsealed(cardRecord{Card: c, Added: t0, Updated: t0}.encode()), false)
	}
	f.Add([]byte("s/k/x"), []byte{}, true)
	f.Fuzz(func(t *testing.T, key, p []byte, raw bool) {
		b := p
		if !raw {
			b = seal(p)
		}
		var c starcards.Card
		err := decodeCardShared(key, b, &c)
		r, rerr := decodeCard(key, b)
		if (err == nil) != (rerr == nil) || err != nil && err.Error() != rerr.Error() {
			t.Fatalf("decodeCardShared: %v, decodeCard: %v", err, rerr)
		}
		if err == nil && !reflect.DeepEqual(c, r.Card) {
			t.Fatalf("decodeCardShared: %+v, decodeCard: %+v", c, r.Card)
		}
		var in starcards.Card
		var lists []string
		ierr := decodeCardInPlace(key, b, &in, &lists)
		if (ierr == nil) != (rerr == nil) || ierr != nil && ierr.Error() != rerr.Error() {
			t.Fatalf("decodeCardInPlace: %v, decodeCard: %v", ierr, rerr)
		}
		if ierr == nil && !reflect.DeepEqual(in, r.Card) {
			t.Fatalf("decodeCardInPlace: %+v, decodeCard: %+v", in, r.Card)
		}
	})
}

// FuzzDecodeSchedID: decodeSchedID decodes a schedule record exactly when
// decodeSched does, to the same schedule and id, failing the same way.
func FuzzDecodeSchedID(f *testing.F) {
	for _, c := range decks.Cards(decks.Sample())[:5] {
		f.Add(unsealed(schedRecord{id: c.ID.String(), facet: c.Facet, sched: starcards.Schedule{State: starcards.StateReview, Due: t0, LastReview: t0, Stability: 3, Reps: 2}, retired: true}.encode()), false)
	}
	f.Add([]byte{}, true)
	f.Fuzz(func(t *testing.T, p []byte, raw bool) {
		b := p
		if !raw {
			b = seal(p)
		}
		s, retired, id, err := decodeSchedID(b)
		r, rerr := decodeSched(b)
		if (err == nil) != (rerr == nil) || err != nil && err.Error() != rerr.Error() {
			t.Fatalf("decodeSchedID: %v, decodeSched: %v", err, rerr)
		}
		// Schedules compare as encoded: a NaN stability is not equal to itself.
		if err == nil && (!bytes.Equal(putSchedule(nil, s, retired), putSchedule(nil, r.sched, r.retired)) || string(id) != r.id) {
			t.Fatalf("decodeSchedID: %+v %v %q, decodeSched: %+v", s, retired, id, r)
		}
	})
}

// FuzzParseBrief: an outline record parseBrief reads gives what
// json.Unmarshal gives; the records briefValue writes it reads.
func FuzzParseBrief(f *testing.F) {
	recs := []storyRecord{{Story: toStoryDoc(decks.Sample()), Seq: 7}, {Story: storyDoc{ID: "x", Title: "T <&> \"q\"", Principles: []string{}}, Seq: 0, Retired: true}, {Story: storyDoc{ID: "y", Question: "Q?", Angles: []angleDoc{{Principle: "Ownership"}}}}}
	for _, rec := range recs {
		v, _ := unseal(briefValue(rec))
		f.Add(v)
		var b storyBrief
		if !parseBrief(v, &b) && !bytes.ContainsRune(v, '\\') {
			f.Errorf("parseBrief declined %s", v)
		}
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		var b storyBrief
		if !parseBrief(p, &b) {
			return
		}
		var want storyBrief
		if err := json.Unmarshal(p, &want); err != nil || !reflect.DeepEqual(b, want) {
			t.Fatalf("parseBrief(%s) = %+v, json.Unmarshal = %+v, %v", p, b, want, err)
		}
	})
}
