package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	bolt "go.etcd.io/bbolt"
)

// TestCardReviewsIndex writes answers through every writer of the review
// log — Answer, AddHistory, Undo — and checks that each card's history,
// read through the history index, is the log's entries for that card in
// time order. MustOpen's cleanup checks the index against the log.
func TestCardReviewsIndex(t *testing.T) {
	db := MustOpen(t)
	s := decks.Sample()
	cards := decks.Cards(s)
	if _, err := db.Import([]StoryImport{{Story: s, Cards: cards, Source: "sample"}}, t0); err != nil {
		t.Fatal(err)
	}
	ids := []starcards.CardID{cards[0].ID, cards[1].ID, cards[2].ID}
	sched := func(at time.Time, reps uint64) starcards.Schedule {
		return starcards.Schedule{State: starcards.StateReview, Due: at.Add(24 * time.Hour), Stability: 2, Difficulty: 5, Reps: reps, LastReview: at}
	}
	// AddHistory: answers out of card order, one dated before 1970.
	var hist []starcards.Review
	for i := range 9 {
		at := t0.Add(time.Duration(i) * time.Hour)
		if i == 3 {
			at = time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC)
		}
		hist = append(hist, starcards.Review{Card: ids[(i*2)%3], Time: at, Rating: starcards.Good, After: sched(at, uint64(i))})
	}
	states := map[starcards.CardID]starcards.Schedule{}
	for _, r := range hist {
		states[r.Card] = r.After
	}
	if err := db.AddHistory(states, hist); err != nil {
		t.Fatal(err)
	}
	// Answer: one more to the first card.
	cs, _ := db.Card(ids[0])
	at := t0.Add(48 * time.Hour)
	if err := db.Answer(starcards.Review{Card: ids[0], Time: at, Rating: starcards.Hard, Before: cs.Schedule, After: sched(at, 99)}); err != nil {
		t.Fatal(err)
	}
	same := func(when string) {
		t.Helper()
		all, err := db.ReviewsSince(time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, card := range cards {
			var want []starcards.Review
			for _, r := range all {
				if r.Card == card.ID {
					want = append(want, r)
				}
			}
			got, err := db.CardReviews(card.ID)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: CardReviews(%s) = %d entries (%v), want %d", when, card.ID, len(got), err, len(want))
			}
		}
	}
	same("after AddHistory and Answer")
	// ReviewsOf: the log's entries of some cards, in log order.
	all, _ := db.ReviewsSince(time.Time{})
	var want, got []starcards.Review
	for _, r := range all {
		if r.Card == ids[0] || r.Card == ids[2] {
			want = append(want, r)
		}
	}
	if err := db.ReviewsOf([]starcards.CardID{ids[2], ids[0], ids[2]}, func(r starcards.Review) bool { got = append(got, r); return true }); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ReviewsOf = %d entries (%v), want %d in log order", len(got), err, len(want))
	}
	if h, _ := db.CardReviews(ids[0]); len(h) != 4 || h[0].Time.Year() != 1969 {
		t.Fatalf("CardReviews(%s) = %+v, want 4 answers, the 1969 one first", ids[0], h)
	}
	for range 2 {
		if _, err := db.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	same("after two undos")
}

// TestCardReviewsDamagedIndex reads a history whose index names an answer
// the log lacks: ErrCorrupt, not a silent gap.
func TestCardReviewsDamagedIndex(t *testing.T) {
	db := sampleDB(t)
	task := starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: "task"}
	poke(t, db, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketHistory).Put(historyKey(task.String(), reviewKey(t0, 99)), historyValue)
	})
	if _, err := db.CardReviews(task); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("CardReviews with a stray index entry: %v, want ErrCorrupt", err)
	}
	if _, err := db.Repair(t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if h, err := db.CardReviews(task); err != nil || len(h) != 1 {
		t.Fatalf("CardReviews after Repair = %v, %v; want its one answer", h, err)
	}
}

// TestHistoryKeysDoNotOverlap: a card id that is a prefix of another's
// does not take the other's answers.
func TestHistoryKeysDoNotOverlap(t *testing.T) {
	lk := reviewKey(t0, 1)
	a, b := historyKey("s/k/a", lk), historyPrefix("s/k/ab")
	if p := historyPrefix("s/k/a"); len(a) != len(p)+16 || string(b[:len(p)]) == string(p) {
		t.Fatalf("keys %x and prefix %x overlap", a, b)
	}
}
