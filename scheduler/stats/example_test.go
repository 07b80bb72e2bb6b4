package stats_test

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler/stats"
)

func ExampleCompute() {
	zone := time.FixedZone("EST", -5*3600)
	now := time.Date(2026, time.March, 11, 10, 0, 0, 0, zone)
	id := starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: "action"}

	// One answer a day at 09:00 for the last ten days, the fourth one Again.
	var log []starcards.Review
	for i := range 10 {
		rating := starcards.Good
		if i == 3 {
			rating = starcards.Again
		}
		log = append(log, starcards.Review{
			Card: id, Time: now.AddDate(0, 0, i-9).Add(-time.Hour).UTC(), Rating: rating, Duration: 20 * time.Second,
			Before: starcards.Schedule{State: starcards.StateReview, ScheduledDays: 1},
		})
	}
	cards := []starcards.CardState{{
		Card: starcards.Card{ID: id},
		// Last reviewed ten days ago with a stability of ten days: recall is 90 %.
		Schedule: starcards.Schedule{
			State: starcards.StateReview, Stability: 10,
			LastReview: now.AddDate(0, 0, -10).UTC(), Due: now.UTC(),
		},
	}, {
		Card: starcards.Card{ID: starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindQuiz, Key: "phrase"}},
	}}

	r := stats.Compute(stats.Input{
		Stories: []starcards.Story{{ID: "webhook-drop-rate", Principles: []string{"Bias for Action"}}},
		Cards:   cards,
		Reviews: slices.Values(log),
		Config:  starcards.DefaultConfig(),
		Now:     now,
	})
	week := r.Retention[1]
	fmt.Printf("true retention, 7 days: %.1f%% of %d\n", 100*week.All.Rate, week.All.Count())
	fmt.Printf("streak: %d days\n", r.Streak.Current)
	fmt.Printf("due today: %d, new: %d\n", r.Forecast[0].Due, r.Today.NewRemaining)
	s := r.Stories[0]
	fmt.Printf("%s: recall %.2f over %d of %d cards, readiness %.2f\n", s.ID, s.Retrievability, s.Studied, s.Cards, s.Readiness)
	fmt.Printf("%s: %d of %d stories ready, weak: %t\n", r.Principles[0].Name, r.Principles[0].Ready, len(r.Principles[0].Stories), r.Principles[0].Weak)
	// Output:
	// true retention, 7 days: 85.7% of 7
	// streak: 10 days
	// due today: 1, new: 1
	// webhook-drop-rate: recall 0.90 over 1 of 2 cards, readiness 0.45
	// Bias for Action: 0 of 1 stories ready, weak: true
}

func ExampleRenderInfo() {
	zone := time.FixedZone("EST", -5*3600)
	now := time.Date(2026, time.March, 11, 10, 0, 0, 0, zone)
	cs := starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindQuiz, Key: "phrase"}}}
	stats.RenderInfo(os.Stdout, stats.Info(cs, nil, now))
	// Output:
	// Card webhook-drop-rate/quiz/phrase
	// ┌──────────────┬──────────────┐
	// │ State        │ new          │
	// │ Due          │ -            │
	// │ Interval     │ -            │
	// │ Stability    │ -            │
	// │ Difficulty   │ -            │
	// │ Recall now   │ -            │
	// │ Answers      │ 0 (0 lapses) │
	// │ First answer │ -            │
	// │ Last answer  │ -            │
	// │ Total time   │ 0s           │
	// └──────────────┴──────────────┘
	//
	// History
	// not answered yet
}
