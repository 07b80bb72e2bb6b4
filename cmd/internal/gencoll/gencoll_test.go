package gencoll

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
)

var testNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// mustIDs returns the card ids of n generated stories, in collection order.
func mustIDs(tb testing.TB, n int) []starcards.CardID {
	tb.Helper()
	stories, err := Stories(n)
	if err != nil {
		tb.Fatal(err)
	}
	var ids []starcards.CardID
	for _, si := range stories {
		for _, c := range si.Cards {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// mustSimulate returns the whole log Simulate emits.
func mustSimulate(tb testing.TB, ids []starcards.CardID, opts Options) ([]starcards.Review, map[starcards.CardID]starcards.Schedule, Summary) {
	tb.Helper()
	var log []starcards.Review
	final, sum, err := Simulate(ids, opts, func(r starcards.Review) error {
		log = append(log, r)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return log, final, sum
}

func TestSimulate(t *testing.T) {
	ids := mustIDs(t, 10)
	for _, tc := range []struct {
		name    string
		reviews int
		studied float64
	}{
		{"Empty", 0, 0},
		{"OneAnswer", 1, 0},
		{"NewUser", 300, 0},
		{"SteadyState", 3000, 0},
		{"LongHistory", 5000, 0},
		{"AllStudied", 3000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Reviews: tc.reviews, Seed: 7, Now: testNow, Studied: tc.studied}
			log, final, sum := mustSimulate(t, ids, opts)
			if len(log) != tc.reviews || sum.Reviews != tc.reviews {
				t.Fatalf("%d entries (summary %d), want %d", len(log), sum.Reviews, tc.reviews)
			}
			checkLog(t, ids, opts, log, final)
			share := tc.studied
			if share == 0 {
				share = 0.7
			}
			if max := int(share*float64(len(ids)) + 0.5); sum.Studied > max {
				t.Errorf("studied %d cards, want at most %d", sum.Studied, max)
			}
			if len(final) != sum.Studied {
				t.Errorf("%d final states, want %d (studied)", len(final), sum.Studied)
			}
			// Studied cards are a prefix of the collection order.
			for i, id := range ids {
				if _, ok := final[id]; ok != (i < sum.Studied) {
					t.Fatalf("card %d (%s) studied=%v, want %v", i, id, ok, i < sum.Studied)
				}
			}
		})
	}
}

// checkLog checks that log is what the scheduler would give: in time order,
// every entry's Before the card's state after its previous entry (or new),
// its After what scheduler.Answer returns for that rating at that time, no
// answer before the card was due, and final the state after the last one.
func checkLog(t *testing.T, ids []starcards.CardID, opts Options, log []starcards.Review, final map[starcards.CardID]starcards.Schedule) {
	t.Helper()
	cfg := opts.Config
	if cfg.DesiredRetention == 0 {
		cfg = starcards.DefaultConfig()
	}
	sc, err := scheduler.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	known := map[starcards.CardID]bool{}
	for _, id := range ids {
		known[id] = true
	}
	state := map[starcards.CardID]starcards.Schedule{}
	var last time.Time
	for i, r := range log {
		if !known[r.Card] {
			t.Fatalf("entry %d: unknown card %s", i, r.Card)
		}
		if r.Time.Before(last) {
			t.Fatalf("entry %d at %v, before entry %d at %v", i, r.Time, i-1, last)
		}
		if !r.Time.Before(opts.Now) {
			t.Fatalf("entry %d at %v, not before now %v", i, r.Time, opts.Now)
		}
		last = r.Time
		prev := state[r.Card]
		if !reflect.DeepEqual(r.Before, prev) {
			t.Fatalf("entry %d (%s): Before=%+v, want the previous After %+v", i, r.Card, r.Before, prev)
		}
		if prev.State != starcards.StateNew && r.Time.Before(prev.Due) {
			t.Fatalf("entry %d (%s) at %v, before the card was due at %v", i, r.Card, r.Time, prev.Due)
		}
		if prev.Suspended {
			t.Fatalf("entry %d (%s): answered while suspended", i, r.Card)
		}
		if want := sc.Answer(r.Card, r.Before, r.Rating, r.Time); !reflect.DeepEqual(r.After, want) {
			t.Fatalf("entry %d (%s): After=%+v, want the scheduler's %+v", i, r.Card, r.After, want)
		}
		if r.Duration <= 0 {
			t.Fatalf("entry %d: duration %v", i, r.Duration)
		}
		state[r.Card] = r.After
	}
	if !reflect.DeepEqual(state, final) && !(len(state) == 0 && len(final) == 0) {
		t.Fatalf("final states differ from the log's last entries")
	}
}

func TestSimulateSeed(t *testing.T) {
	ids := mustIDs(t, 5)
	opts := Options{Reviews: 2000, Seed: 1, Now: testNow}
	a, _, _ := mustSimulate(t, ids, opts)
	b, _, _ := mustSimulate(t, ids, opts)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different logs")
	}
	opts.Seed = 2
	c, _, _ := mustSimulate(t, ids, opts)
	if reflect.DeepEqual(a, c) {
		t.Fatal("seeds 1 and 2 gave the same log")
	}
}

// TestSimulateSteadyState checks the log looks like a collection in use:
// answers until now, some today, a recall rate near the desired retention,
// and a month-earlier log has the same shape a month earlier.
func TestSimulateSteadyState(t *testing.T) {
	ids := mustIDs(t, 20)
	for _, now := range []time.Time{testNow, testNow.AddDate(0, -1, 0)} {
		t.Run(now.Format(time.DateOnly), func(t *testing.T) {
			log, final, sum := mustSimulate(t, ids, Options{Reviews: 8000, Seed: 3, Now: now})
			today, reviews, recalled := 0, 0, 0
			for _, r := range log {
				if !r.Time.Before(now.Add(-day)) {
					today++
				}
				if r.Before.State == starcards.StateReview {
					reviews++
					if r.Rating != starcards.Again {
						recalled++
					}
				}
			}
			if today == 0 {
				t.Error("no answers in the last day")
			}
			if rate := float64(recalled) / float64(reviews); rate < 0.8 || rate > 0.97 {
				t.Errorf("recalled %.2f of reviews, want about 0.9", rate)
			}
			due := 0
			for _, s := range final {
				if !s.Suspended && !s.Due.After(now) {
					due++
				}
			}
			if due == 0 || due > len(final)/4 {
				t.Errorf("%d of %d studied cards due at now, want some but not most", due, len(final))
			}
			if sum.Start.After(now) || sum.Days <= 0 {
				t.Errorf("history starts %v, %.1f days before now", sum.Start, sum.Days)
			}
		})
	}
}

func TestSimulateErrors(t *testing.T) {
	ids := mustIDs(t, 1)
	for _, tc := range []struct {
		name string
		ids  []starcards.CardID
		opts Options
		want error
	}{
		{"ErrTooManyReviews", ids, Options{Reviews: 100_000, Now: testNow}, ErrTooManyReviews},
		{"ErrNoCards", nil, Options{Reviews: 1, Now: testNow}, ErrTooManyReviews},
		{"NegativeReviews", ids, Options{Reviews: -1, Now: testNow}, nil},
		{"BadShare", ids, Options{Reviews: 1, Studied: 1.5, Now: testNow}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Simulate(tc.ids, tc.opts, func(starcards.Review) error { return nil })
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err=%v, want %v", err, tc.want)
			}
		})
	}
	stop := errors.New("stop")
	_, _, err := Simulate(ids, Options{Reviews: 10, Now: testNow}, func(starcards.Review) error { return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("err=%v, want the emit error", err)
	}
}

func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	opts := Options{Stories: 4, Reviews: 1500, Seed: 9, Now: testNow}
	sum, err := Write(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cards != 124 || sum.Reviews != 1500 {
		t.Fatalf("summary %+v, want 124 cards and 1500 reviews", sum)
	}
	db, err := store.Open(path, store.Options{ReadOnly: true}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	states, err := db.States()
	if err != nil {
		t.Fatal(err)
	}
	var log []starcards.Review
	if err := db.Reviews(time.Time{}, func(r starcards.Review) bool { log = append(log, r); return true }); err != nil {
		t.Fatal(err)
	}
	want, final, _ := mustSimulate(t, mustIDs(t, 4), opts)
	if len(log) != len(want) {
		t.Fatalf("%d log entries stored, want %d", len(log), len(want))
	}
	for i := range log {
		if !reflect.DeepEqual(log[i], want[i]) {
			t.Fatalf("stored entry %d=%+v, want %+v", i, log[i], want[i])
		}
	}
	if len(states) != 124 {
		t.Fatalf("%d cards stored, want 124", len(states))
	}
	for i, cs := range states {
		if want := final[cs.Card.ID]; !reflect.DeepEqual(cs.Schedule, want) {
			t.Fatalf("card %d (%s) stored %+v, want %+v", i, cs.Card.ID, cs.Schedule, want)
		}
	}
	created, err := db.Created()
	if err != nil {
		t.Fatal(err)
	}
	if !created.Equal(sum.Start) {
		t.Errorf("created %v, want the first answer %v", created, sum.Start)
	}
}

func TestWriteError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "dir", "c.db")
	if _, err := Write(path, Options{Stories: 1, Reviews: 1_000_000, Now: testNow}); !errors.Is(err, ErrTooManyReviews) {
		t.Fatalf("err=%v, want ErrTooManyReviews", err)
	}
}

// BenchmarkSimulate plans and replays a log of 30,000 answers over 3,000
// cards.
func BenchmarkSimulate(b *testing.B) {
	ids := mustIDs(b, 100)
	for b.Loop() {
		n := 0
		if _, _, err := Simulate(ids, Options{Reviews: 30_000, Seed: 1, Now: testNow}, func(starcards.Review) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 30_000 {
			b.Fatalf("%d answers", n)
		}
	}
}

func ExampleSimulate() {
	ids := []starcards.CardID{{Story: "s", Kind: "section", Key: "situation"}, {Story: "s", Kind: "section", Key: "task"}}
	n := 0
	final, sum, err := Simulate(ids, Options{Reviews: 12, Seed: 1, Now: testNow, Studied: 1}, func(starcards.Review) error {
		n++
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(n, "answers on", len(final), "cards; studied", sum.Studied)
	// Output: 12 answers on 2 cards; studied 2
}
