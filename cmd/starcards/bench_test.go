package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
)

var benchNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// benchCollection returns a collection of 100,020 cards (3,334 generated
// stories of 30 cards) with 1,000,000 review-log entries over the past
// year, built once and kept in the temporary directory between runs.
func benchCollection(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "starcards-bench-100k-1m-v6.db")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	db, err := store.Open(tmp, store.Options{NoSync: true}, benchNow)
	if err != nil {
		b.Fatal(err)
	}
	var imports []store.StoryImport
	for i := range 3334 {
		s, err := decks.Parse(decks.GenerateStory(i), "gen.yaml")
		if err != nil {
			b.Fatal(err)
		}
		imports = append(imports, store.StoryImport{Story: s, Cards: decks.Cards(s), Hash: "gen", Source: "gen.yaml"})
	}
	if _, err := db.Import(imports, benchNow.AddDate(-1, 0, 0)); err != nil {
		b.Fatal(err)
	}
	states, err := db.States()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sched := map[starcards.CardID]starcards.Schedule{}
	var studied []starcards.CardID
	for _, cs := range states {
		var s starcards.Schedule
		// Steady state: 70% review, 0.5% learning, the rest new.
		switch p := rng.IntN(1000); {
		case p < 700:
			// Steady state: each review card is somewhere in its interval;
			// about 1 in 40 is due today or overdue.
			ivl := 1 + rng.IntN(60)
			last := benchNow.Add(-time.Duration(rng.IntN(ivl*24+ivl/2+1)) * time.Hour).Truncate(time.Second)
			s = starcards.Schedule{State: starcards.StateReview, Due: last.AddDate(0, 0, ivl), Stability: float64(ivl), Difficulty: 5, Reps: 5, LastReview: last, ScheduledDays: uint64(ivl)}
		case p < 705:
			last := benchNow.Add(-time.Duration(rng.IntN(120)) * time.Minute).Truncate(time.Second)
			s = starcards.Schedule{State: starcards.StateLearning, Due: last.Add(10 * time.Minute), Stability: 2.3, Difficulty: 6, Reps: 1, LastReview: last}
		default:
			continue
		}
		sched[cs.Card.ID] = s
		studied = append(studied, cs.Card.ID)
	}
	// 1,000,000 answers spread over the past year, oldest first, with the
	// last few hundred today.
	const n = 1_000_000
	start := benchNow.AddDate(-1, 0, 0)
	step := benchNow.Sub(start) / n
	batch := make([]starcards.Review, 0, 100_000)
	for i := range n {
		id := studied[rng.IntN(len(studied))]
		r := starcards.Review{
			Card: id, Time: start.Add(time.Duration(i) * step), Rating: starcards.Rating(1 + rng.IntN(4)),
			Duration: time.Duration(2000+rng.IntN(20000)) * time.Millisecond,
			Before:   starcards.Schedule{State: starcards.StateReview, Stability: 10, Difficulty: 5},
			After:    starcards.Schedule{State: starcards.StateReview, Stability: 12, Difficulty: 5},
		}
		batch = append(batch, r)
		if len(batch) == cap(batch) {
			var states map[starcards.CardID]starcards.Schedule
			if i == n-1 {
				states = sched
			}
			if err := db.AddHistory(states, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkQueue builds today's queue the way review does: open the file
// read-only, read every card's state, the settings and today's log, build
// the queue, close.
func BenchmarkQueue(b *testing.B) {
	path := benchCollection(b)
	b.ReportAllocs()
	for b.Loop() {
		db, err := store.Open(path, store.Options{ReadOnly: true}, benchNow)
		if err != nil {
			b.Fatal(err)
		}
		states, today, cfg, err := loadDay(db, benchNow, starcards.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		q := scheduler.BuildQueue(states, today, cfg, benchNow, scheduler.Options{})
		if len(q.Cards) == 0 {
			b.Fatal("empty queue")
		}
		db.Close()
	}
}

// BenchmarkAnswerCommit commits answers (card state and log entry, synced to
// disk) to the 100k-card collection and reports the median and 99th
// percentile latency: "open" holds the collection open as grade does,
// "session" opens and closes it around each answer as a review session does.
func BenchmarkAnswerCommit(b *testing.B) {
	src := benchCollection(b)
	for _, mode := range []string{"open", "session"} {
		b.Run(mode, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "c.db")
			data, err := os.ReadFile(src)
			if err != nil {
				b.Fatal(err)
			}
			os.WriteFile(path, data, 0o600)
			db, err := store.Open(path, store.Options{}, benchNow)
			if err != nil {
				b.Fatal(err)
			}
			states, err := db.States()
			if err != nil {
				b.Fatal(err)
			}
			if mode == "session" {
				db.Close()
			}
			sc, _ := scheduler.New(starcards.DefaultConfig())
			var lat []time.Duration
			i := 0
			for b.Loop() {
				cs := states[i%len(states)]
				i++
				at := benchNow.Add(time.Duration(i) * time.Second)
				r := starcards.Review{Card: cs.Card.ID, Time: at, Rating: starcards.Good, Before: cs.Schedule,
					After: sc.Answer(cs.Card.ID, cs.Schedule, starcards.Good, at)}
				t := time.Now()
				if mode == "session" {
					db, err = store.Open(path, store.Options{}, benchNow)
					if err != nil {
						b.Fatal(err)
					}
				}
				if err := db.Answer(r); err != nil {
					b.Fatal(err)
				}
				if mode == "session" {
					db.Close()
				}
				lat = append(lat, time.Since(t))
				states[(i-1)%len(states)].Schedule = r.After
			}
			if mode == "open" {
				db.Close()
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkImport1000 runs "starcards import" on 1,000 generated story files
// (30 cards each, like the sample) into a fresh collection: reading and
// parsing the files, generating the cards and committing them in one synced
// transaction.
func BenchmarkImport1000(b *testing.B) {
	dir := b.TempDir()
	args := []string{"starcards", "--db", "", "import"}
	for i := range 1000 {
		name := filepath.Join(dir, fmt.Sprintf("story-%04d.yaml", i))
		if err := os.WriteFile(name, decks.GenerateStory(i), 0o644); err != nil {
			b.Fatal(err)
		}
		args = append(args, name)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		args[2] = filepath.Join(dir, fmt.Sprintf("c%d.db", n))
		var stderr bytes.Buffer
		if code := Run(context.Background(), args, nil, io.Discard, &stderr); code != 0 {
			b.Fatalf("import failed: %s", stderr.String())
		}
	}
}

// BenchmarkStats runs "starcards stats --json" on the 100k-card,
// 1M-review collection: reading every card's state, streaming the whole
// review log, computing and printing the figures.
func BenchmarkStats(b *testing.B) {
	path := benchCollection(b)
	b.ReportAllocs()
	for b.Loop() {
		var stderr bytes.Buffer
		if code := Run(context.Background(), []string{"starcards", "--db", path, "stats", "--json"}, nil, io.Discard, &stderr); code != 0 {
			b.Fatalf("stats failed: %s", stderr.String())
		}
	}
}
