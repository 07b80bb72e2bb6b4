package scheduler

import (
	"fmt"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// TestPlanNothingDueAfterEve is issue 12's property: for random plans and
// histories, once a plan is set (Reschedule) and whatever is answered
// before the eve (Answer under the planner), no card is due after the last
// study day before the interview. Zones with daylight saving time and
// every day-start hour are drawn.
func TestPlanNothingDueAfterEve(t *testing.T) {
	rng := MustRand(t)
	var zones []*time.Location
	for _, name := range []string{"UTC", "America/New_York", "Europe/Berlin", "Pacific/Auckland", "Australia/Lord_Howe"} {
		if loc, err := time.LoadLocation(name); err == nil {
			zones = append(zones, loc)
		}
	}
	zones = append(zones, time.FixedZone("UTC-9:30", -(9*3600+1800)))
	total := 0
	for round := range 150 {
		loc := zones[rng.IntN(len(zones))]
		cfg := starcards.DefaultConfig()
		cfg.DayStartHour = rng.IntN(24)
		cfg.Fuzz = rng.IntN(2) == 0
		cfg.MaximumInterval = []int{30, 365, 36500}[rng.IntN(3)]
		start := time.Date(2025, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, loc)
		plan := starcards.Plan{Start: start, Interview: start.AddDate(0, 0, 1+rng.IntN(60)), Minutes: 5 + rng.IntN(60), CutoffDays: rng.IntN(5)}
		now := start.Add(time.Duration(rng.IntN(24*3600)) * time.Second)
		var cards []starcards.CardState
		for i := range 40 {
			cs := starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: fmt.Sprint("s", i%3), Kind: starcards.KindFollowup, Key: fmt.Sprint(i)}, Facet: fmt.Sprint("f", i%7)}}
			if rng.IntN(4) > 0 {
				last := now.Add(-time.Duration(rng.IntN(90*24)) * time.Hour)
				cs.Schedule = starcards.Schedule{
					State: starcards.StateReview, Stability: 0.5 + 200*rng.Float64(), Difficulty: 1 + 9*rng.Float64(), Reps: 3, LastReview: last.UTC().Truncate(time.Second),
					Due: last.Add(time.Duration(1+rng.IntN(400*24)) * time.Hour).UTC().Truncate(time.Second),
				}
			}
			cards = append(cards, cs)
		}
		pl := NewPlanner(plan, cfg, cards, nil, now, nil, nil)
		c := pl.Cal
		for id, s := range pl.Reschedule(cards, now) {
			for i := range cards {
				if cards[i].Card.ID == id {
					cards[i].Schedule = s
				}
			}
		}
		if !now.Before(c.LastStart) {
			continue // set on the eve: nothing is brought forward
		}
		check := func(when string) {
			t.Helper()
			for _, cs := range cards {
				// Answers on the eve itself come due after it.
				if cs.Schedule.State != starcards.StateNew && cs.Schedule.LastReview.Before(c.LastStart) && !cs.Schedule.Due.Before(c.LastEnd) {
					t.Fatalf("round %d (%s, plan %+v, day start %d) %s: %s due %v, after the eve ends %v",
						round, loc, plan, cfg.DayStartHour, when, cs.Card.ID, cs.Schedule.Due.In(loc), c.LastEnd)
				}
			}
		}
		check("after Reschedule")
		s := MustNew(t, cfg).WithPlanner(pl)
		answered := 0
		for n := 0; n < 200 && now.Before(c.LastStart); n++ {
			answered++
			i := rng.IntN(len(cards))
			before := cards[i].Schedule
			after := s.Answer(cards[i].Card.ID, before, starcards.Ratings[rng.IntN(4)], now)
			if !after.Due.After(now.UTC().Truncate(time.Second)) {
				t.Fatalf("round %d: due %v not after the answer at %v", round, after.Due, now)
			}
			pl.Moved(cards[i].Card.ID.Kind, before, after)
			cards[i].Schedule = after
			now = now.Add(time.Duration(rng.IntN(36*3600)) * time.Second)
		}
		// Learning cards answered late on the day before the eve may still be
		// due within minutes; only review intervals are capped.
		for i := range cards {
			if st := cards[i].Schedule.State; st == starcards.StateLearning || st == starcards.StateRelearning {
				cards[i].Schedule = starcards.Schedule{}
			}
		}
		check("after answers")
		total += answered
	}
	if total < 1000 {
		t.Fatalf("only %d answers before the eve: the test exercises too little", total)
	}
}
