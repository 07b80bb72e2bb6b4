package scheduler_test

import (
	"flag"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
)

// propertySeed returns the -seed flag of the property tests (property_test.go).
func propertySeed() uint64 {
	s, _ := strconv.ParseUint(flag.Lookup("seed").Value.String(), 10, 64)
	return s
}

// TestDayCardsMatchesFullScan checks DayCards — reading only the cards that
// can be due, from the store's index scans — against building the queue
// from every card, on random collections: the queues must be identical.
func TestDayCardsMatchesFullScan(t *testing.T) {
	s := propertySeed()
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -seed %d)", s, s)
	rng := rand.New(rand.NewPCG(s, 7))
	at := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
	for round := range 25 {
		path := filepath.Join(t.TempDir(), "c.db")
		db, err := store.Open(path, store.Options{NoSync: true}, at)
		if err != nil {
			t.Fatal(err)
		}
		var imports []store.StoryImport
		for i := range 1 + rng.IntN(6) {
			st, _ := decks.Parse(decks.GenerateStory(round*10+i), "g.yaml")
			imports = append(imports, store.StoryImport{Story: st, Cards: decks.Cards(st)})
		}
		if _, err := db.Import(imports, at.AddDate(0, 0, -30)); err != nil {
			t.Fatal(err)
		}
		cfg := starcards.DefaultConfig()
		cfg.NewPerDay = rng.IntN(30)
		cfg.ReviewsPerDay = rng.IntN(100)
		if err := db.SetConfig(cfg); err != nil {
			t.Fatal(err)
		}
		all, _ := db.States()
		states := map[starcards.CardID]starcards.Schedule{}
		var reviews []starcards.Review
		for _, cs := range all {
			var sc starcards.Schedule
			switch rng.IntN(5) {
			case 0, 1: // new
				continue
			case 2:
				last := at.Add(-time.Duration(rng.IntN(90)) * time.Minute)
				sc = starcards.Schedule{State: starcards.StateLearning, Due: last.Add(time.Duration(rng.IntN(60)) * time.Minute), Stability: 1, Difficulty: 5, Reps: 1, LastReview: last}
			default:
				last := at.Add(-time.Duration(rng.IntN(20*24)) * time.Hour)
				sc = starcards.Schedule{State: starcards.StateReview, Due: last.Add(time.Duration(1+rng.IntN(20*24)) * time.Hour), Stability: 5, Difficulty: 5, Reps: 3, LastReview: last}
			}
			sc.Suspended = rng.IntN(20) == 0
			sc.Due, sc.LastReview = sc.Due.UTC().Truncate(time.Second), sc.LastReview.UTC().Truncate(time.Second)
			states[cs.Card.ID] = sc
			if !sc.LastReview.Before(starcards.DayStart(at, cfg.DayStartHour)) && rng.IntN(2) == 0 {
				before := starcards.Schedule{}
				if rng.IntN(2) == 0 {
					before = starcards.Schedule{State: starcards.StateReview, Stability: 3}
				}
				reviews = append(reviews, starcards.Review{Card: cs.Card.ID, Time: sc.LastReview, Rating: starcards.Good, Before: before, After: sc})
			}
		}
		slices.SortFunc(reviews, func(a, b starcards.Review) int { return a.Time.Compare(b.Time) })
		if err := db.AddHistory(states, reviews); err != nil {
			t.Fatal(err)
		}
		// Exercise the other writers too: answers (and undo), suspend and
		// unsuspend, and a re-import that retires a story's cards.
		cur, _ := db.States()
		for range 8 {
			cs := cur[rng.IntN(len(cur))]
			cs, _ = db.Card(cs.Card.ID)
			if cs.Retired {
				continue
			}
			after := starcards.Schedule{
				State: starcards.StateReview, Due: at.Add(time.Duration(rng.IntN(48)) * time.Hour).Truncate(time.Second),
				Stability: 4, Difficulty: 5, Reps: cs.Schedule.Reps + 1, LastReview: at.Add(-time.Minute).Truncate(time.Second),
			}
			if err := db.Answer(starcards.Review{Card: cs.Card.ID, Time: at.Add(-time.Minute), Rating: starcards.Good, Before: cs.Schedule, After: after}); err != nil {
				t.Fatal(err)
			}
		}
		if rng.IntN(2) == 0 {
			if _, err := db.Undo(); err != nil {
				t.Fatal(err)
			}
		}
		for range 4 {
			cs := cur[rng.IntN(len(cur))]
			cs, _ = db.Card(cs.Card.ID)
			sc := cs.Schedule
			sc.Suspended = !sc.Suspended
			if err := db.SetSchedule(cs.Card.ID, sc); err != nil {
				t.Fatal(err)
			}
		}
		if len(imports) > 1 {
			short := imports[0]
			short.Cards = short.Cards[:len(short.Cards)/2]
			if _, err := db.Import([]store.StoryImport{short}, at); err != nil {
				t.Fatal(err)
			}
		}
		filters := []starcards.Filter{{}, {Kinds: []starcards.Kind{}}, {Stories: []string{imports[0].Story.ID}}, {Kinds: []starcards.Kind{starcards.KindPhrase, starcards.KindSection}}}
		// The first story's new cards wait behind the others', as the
		// built-in sample's do, in every other round.
		var later []string
		if round%2 == 1 {
			later = []string{imports[0].Story.ID}
		}
		for _, sf := range filters {
			cfg, err := db.Config()
			if err != nil {
				t.Fatal(err)
			}
			today, err := db.ReviewsSince(starcards.DayStart(at, cfg.DayStartHour))
			if err != nil {
				t.Fatal(err)
			}
			// store.DB is a StateIndex; plainIndex hides that, for the
			// other way DayCards bounds the reviews.
			for _, ix := range []scheduler.Index{db, plainIndex{db}} {
				fast, err := scheduler.DayCards(ix, today, cfg, at, scheduler.Options{Filter: sf, Later: later})
				if err != nil {
					t.Fatal(err)
				}
				f := scheduler.Options{Filter: sf, Later: later}
				full, _ := db.States()
				got := scheduler.BuildQueue(fast, today, cfg, at, f)
				want := scheduler.BuildQueue(full, today, cfg, at, f)
				if !slices.Equal(got.Cards, want.Cards) || got.Counts != want.Counts {
					t.Fatalf("round %d, filter %+v, %T: fast queue %v %+v, full scan %v %+v", round, f, ix, got.Cards, got.Counts, want.Cards, want.Counts)
				}
				gotDay := scheduler.DayCounts(fast, today, cfg, at, f)
				if wantDay := scheduler.DayCounts(full, today, cfg, at, f); gotDay != wantDay {
					t.Fatalf("round %d, %T: fast day counts %+v, full %+v", round, ix, gotDay, wantDay)
				}
			}
		}
		db.Close()
	}
}

// plainIndex is an Index without ScanDueState.
type plainIndex struct{ scheduler.Index }
