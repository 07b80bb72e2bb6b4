package scheduler

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

// benchCards are the states BenchmarkAnswer cycles through, one per state.
var benchCards = []starcards.Schedule{
	{},
	{State: starcards.StateLearning, Stability: 3.17, Difficulty: 5.3, Reps: 1, LastReview: t0.Add(-10 * time.Minute), Due: t0},
	{State: starcards.StateReview, Stability: 25, Difficulty: 6.1, ScheduledDays: 25, Reps: 6, Lapses: 1, LastReview: t0.Add(-25 * day), Due: t0},
	{State: starcards.StateRelearning, Stability: 2.2, Difficulty: 8.4, Reps: 7, Lapses: 2, LastReview: t0.Add(-5 * time.Minute), Due: t0},
}

func BenchmarkAnswer(b *testing.B) {
	b.Run("gofsrs-Next", func(b *testing.B) {
		f := fsrs.NewFSRS(fsrs.DefaultParam())
		cards := make([]fsrs.Card, len(benchCards))
		for i, c := range benchCards {
			cards[i] = toFSRS(c)
		}
		b.ReportAllocs()
		var sink fsrs.Card
		for i := 0; b.Loop(); i++ {
			sink = f.Next(cards[i%len(cards)], t0, fsrs.Rating(i%4+1)).Card
		}
		_ = sink
	})
	b.Run("scheduler-Answer", func(b *testing.B) {
		s := MustNew(b, refConfig())
		b.ReportAllocs()
		var sink starcards.Schedule
		for i := 0; b.Loop(); i++ {
			sink = s.Answer(cardID, benchCards[i%len(benchCards)], starcards.Rating(i%4+1), t0)
		}
		_ = sink
	})
	// ratio alternates batches of the two above, so that the load of a busy
	// machine weighs on both alike, and reports Answer's time over Next's.
	b.Run("ratio", func(b *testing.B) {
		f := fsrs.NewFSRS(fsrs.DefaultParam())
		s := MustNew(b, refConfig())
		cards := make([]fsrs.Card, len(benchCards))
		for i, c := range benchCards {
			cards[i] = toFSRS(c)
		}
		const batch = 200
		var ref, ours time.Duration
		var sinkRef fsrs.Card
		var sink starcards.Schedule
		for b.Loop() {
			start := time.Now()
			for i := range batch {
				sinkRef = f.Next(cards[i%len(cards)], t0, fsrs.Rating(i%4+1)).Card
			}
			mid := time.Now()
			for i := range batch {
				sink = s.Answer(cardID, benchCards[i%len(benchCards)], starcards.Rating(i%4+1), t0)
			}
			ours += time.Since(mid)
			ref += mid.Sub(start)
		}
		_, _ = sinkRef, sink
		b.ReportMetric(float64(ours)/float64(ref), "Answer/Next")
	})
	b.Run("scheduler-Answer-fuzz", func(b *testing.B) {
		s := MustNew(b, starcards.DefaultConfig())
		b.ReportAllocs()
		var sink starcards.Schedule
		for i := 0; b.Loop(); i++ {
			sink = s.Answer(cardID, benchCards[i%len(benchCards)], starcards.Rating(i%4+1), t0)
		}
		_ = sink
	})
	b.Run("scheduler-Preview", func(b *testing.B) {
		s := MustNew(b, starcards.DefaultConfig())
		b.ReportAllocs()
		var sink [4]starcards.Schedule
		for i := 0; b.Loop(); i++ {
			sink = s.Preview(cardID, benchCards[i%len(benchCards)], t0)
		}
		_ = sink
	})
}

// benchCollection returns n cards in story order, 12 to a story, with two
// siblings per facet: 40% new, 2% learning (due within an hour either
// way), 53% review (due over the last and next 60 days), 5% suspended or
// retired; plus 150 answers today.
func benchCollection(n int, now time.Time) ([]starcards.CardState, []starcards.Review) {
	rng := rand.New(rand.NewPCG(1, 2))
	cards := make([]starcards.CardState, n)
	for i := range cards {
		c := &cards[i]
		c.Card.ID = starcards.CardID{Story: fmt.Sprintf("story-%05d", i/12), Kind: starcards.KindPhrase, Key: fmt.Sprintf("k%02d", i%12)}
		c.Card.Facet = fmt.Sprintf("section/f%d", i%12/2)
		s := &c.Schedule
		switch p := rng.IntN(100); {
		case p < 40:
		case p < 42:
			s.State = starcards.StateLearning
			s.Due = now.Add(time.Duration(rng.IntN(120)-60) * time.Minute).UTC()
		case p < 95:
			s.State = starcards.StateReview
			s.Due = now.Add(time.Duration(rng.IntN(120*24)-60*24) * time.Hour).UTC()
		case p < 98:
			s.Suspended = true
		default:
			c.Retired = true
		}
	}
	var today []starcards.Review
	for i := 0; i < 150; i++ {
		c := cards[rng.IntN(n)]
		today = append(today, starcards.Review{Card: c.Card.ID, Time: now.Add(-time.Duration(i) * time.Minute).UTC(), Before: c.Schedule})
	}
	return cards, today
}

func BenchmarkBuildQueue(b *testing.B) {
	now := time.Date(2025, 3, 10, 14, 0, 0, 0, time.FixedZone("UTC-5", -5*3600))
	cards, today := benchCollection(100_000, now)
	unlimited := starcards.DefaultConfig()
	unlimited.NewPerDay, unlimited.ReviewsPerDay = 1e6, 1e6
	for _, bb := range []struct {
		name string
		cfg  starcards.Config
		f    Options
	}{
		{"default-limits", starcards.DefaultConfig(), Options{}},
		{"no-limits", unlimited, Options{}}, // a backlog of ~25,000 reviews
		{"one-story", starcards.DefaultConfig(), Options{Filter: starcards.Filter{Stories: []string{"story-04000"}}}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			var q Queue
			for b.Loop() {
				q = BuildQueue(cards, today, bb.cfg, now, bb.f)
			}
			b.ReportMetric(float64(len(q.Cards)), "cards")
		})
	}
}
