package stats

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// benchInput returns a collection of nCards cards in stories of 100 and a
// log of nReviews answers spread evenly over the last 400 days, generated
// as it is read: the log is never in memory.
func benchInput(nCards, nReviews int) Input {
	now := fixtureNow
	principles := []string{
		"Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot",
		"Learn and Be Curious", "Hire and Develop the Best", "Insist on the Highest Standards", "Think Big",
		"Bias for Action", "Frugality", "Earn Trust", "Dive Deep", "Have Backbone; Disagree and Commit",
		"Deliver Results", "Strive to be Earth's Best Employer", "Success and Scale Bring Broad Responsibility",
	}
	stories := make([]starcards.Story, (nCards+99)/100)
	for i := range stories {
		stories[i] = starcards.Story{
			ID: fmt.Sprintf("story-%04d", i), Title: fmt.Sprintf("Story %d", i),
			Principles: []string{principles[i%16], principles[(i*7+3)%16]},
		}
	}
	cards := make([]starcards.CardState, nCards)
	for i := range cards {
		cs := &cards[i]
		cs.Card.ID = starcards.CardID{Story: stories[i/100].ID, Kind: starcards.Kinds[i%7], Key: fmt.Sprintf("k%03d", i%100)}
		switch {
		case i%10 == 0: // new
		default:
			state := starcards.StateReview
			if i%17 == 0 {
				state = starcards.StateRelearning
			}
			cs.Schedule = starcards.Schedule{
				State: state, Stability: 1 + float64(i%300), Difficulty: 5,
				LastReview: now.Add(-time.Duration(i%500) * 3 * time.Hour).UTC(),
				Due:        now.Add(time.Duration(i%2000-200) * time.Hour).UTC(),
				Suspended:  i%97 == 0,
			}
		}
		cs.Retired = i%211 == 0
	}
	start := now.AddDate(0, 0, -400).UTC()
	step := 400 * 24 * time.Hour / time.Duration(nReviews)
	reviews := func(yield func(starcards.Review) bool) {
		c, t := 0, start
		for i := range nReviews {
			if c += 7919; c >= nCards {
				c %= nCards
			}
			t = t.Add(step)
			r := starcards.Review{
				Card:     cards[c].Card.ID,
				Time:     t,
				Rating:   starcards.Good,
				Duration: time.Duration(5+i%40) * time.Second,
				Before:   starcards.Schedule{State: starcards.State(i % 4), ScheduledDays: uint64(i % 60)},
			}
			if i%10 == 0 {
				r.Rating = starcards.Again
			}
			if !yield(r) {
				return
			}
		}
	}
	cfg := starcards.DefaultConfig()
	return Input{Stories: stories, Cards: cards, Reviews: reviews, Config: cfg, Now: now, Interview: now.AddDate(0, 0, 30)}
}

// BenchmarkCompute measures stats on 100,000 cards and 1,000,000 answers
// (target: 500 ms, 150 MB peak memory). Measure the peak with
//
//	go test -c -o /tmp/stats.test ./stats
//	/usr/bin/time -v /tmp/stats.test -test.run '^$' -test.bench Compute -test.benchtime 1x
func BenchmarkCompute(b *testing.B) {
	in := benchInput(100_000, 1_000_000)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		r := Compute(in)
		if r.Cards.Total.Total != 100_000 {
			b.Fatalf("Cards.Total.Total=%d, want 100000", r.Cards.Total.Total)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkComputeLog is BenchmarkCompute with the log given as answers
// whose card is decoded on demand (Input.Log), as starcards stats reads
// the store: one CardRef reused for every answer.
func BenchmarkComputeLog(b *testing.B) {
	in := benchInput(100_000, 1_000_000)
	reviews := in.Reviews
	in.Reviews = nil
	in.Log = func(yield func(Answer) bool) {
		card := &reviewCard{}
		for rv := range reviews {
			card.id = rv.Card
			if !yield(Answer{Time: rv.Time, Rating: rv.Rating, Duration: rv.Duration, BeforeState: rv.Before.State, BeforeScheduledDays: rv.Before.ScheduledDays, Card: card}) {
				return
			}
		}
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		r := Compute(in)
		if r.Cards.Total.Total != 100_000 {
			b.Fatalf("Cards.Total.Total=%d, want 100000", r.Cards.Total.Total)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time per operation since cpu, which a busy
// machine inflates less than wall time.
func reportCPU(b *testing.B, cpu time.Duration) {
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkRender(b *testing.B) {
	r := Compute(benchInput(100_000, 1_000_000))
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, r, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReviewLog measures generating the benchmark's log alone, the
// share of BenchmarkCompute that is not Compute.
func BenchmarkReviewLog(b *testing.B) {
	in := benchInput(100_000, 1_000_000)
	cpu := cpuTime()
	defer reportCPU(b, cpu)
	for b.Loop() {
		n := 0
		for range in.Reviews {
			n++
		}
		if n != 1_000_000 {
			b.Fatalf("%d answers, want 1000000", n)
		}
	}
}
