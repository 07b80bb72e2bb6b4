package stats

import (
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/starcards/starcards"
)

// zone is the user's zone in tests: UTC-5, no daylight saving time.
var zone = time.FixedZone("EST", -5*3600)

// local returns a time in zone.
func local(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, zone)
}

// fixtureNow is the time of the fixture collection: Wednesday 11 March 2026,
// 10:00 local.
var fixtureNow = local(2026, time.March, 11, 10, 0)

// seq yields rs.
func seq(rs []starcards.Review) iter.Seq[starcards.Review] { return slices.Values(rs) }

// card returns a card state for story/kind/key.
func card(story string, kind starcards.Kind, key string, s starcards.Schedule) starcards.CardState {
	return starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: story, Kind: kind, Key: key}}, Schedule: s}
}

// answer rates cs at t with a simple stand-in for FSRS (a new card learns
// with one 10-minute step, Good multiplies the interval by 1.7, Again
// relearns and divides it by 3), updates cs and returns the log entry.
func answer(cs *starcards.CardState, t time.Time, rating starcards.Rating, took time.Duration) starcards.Review {
	s := cs.Schedule
	r := starcards.Review{Card: cs.Card.ID, Time: t.UTC(), Rating: rating, Duration: took, Before: s}
	a := s
	a.Reps++
	a.LastReview = r.Time
	switch {
	case rating == starcards.Again:
		a.State = starcards.StateLearning
		if s.State != starcards.StateNew && s.State != starcards.StateLearning {
			a.State = starcards.StateRelearning
			a.Lapses++
		}
		a.Stability = max(0.5, s.Stability/3)
		a.Difficulty = min(10, s.Difficulty+1)
		a.ScheduledDays = 0
		a.Due = r.Time.Add(10 * time.Minute)
	case s.State == starcards.StateNew:
		a.State = starcards.StateLearning
		a.Stability = 1
		a.Difficulty = 5
		a.ScheduledDays = 0
		a.Due = r.Time.Add(10 * time.Minute)
	default:
		a.State = starcards.StateReview
		a.Stability = max(1, s.Stability*1.7)
		a.ScheduledDays = uint64(a.Stability)
		a.Due = r.Time.Add(time.Duration(a.ScheduledDays) * 24 * time.Hour)
	}
	r.After = a
	cs.Schedule = a
	return r
}

// fixture returns a small collection with a known history: three stories,
// 6–12 cards each, reviewed whenever due over the last months, a few answers
// today, overdue and new cards. It is deterministic.
func fixture() Input {
	stories := []starcards.Story{
		{
			ID: "webhook-drop-rate", Title: "Speed of execution was the key to success",
			Principles: []string{"Bias for Action", "Ownership"},
			Angles:     []starcards.Angle{{Principle: "Dive Deep"}, {Principle: "Ownership"}},
		},
		{
			ID: "billing-migration", Title: "Migrating billing without downtime",
			Principles: []string{"Deliver Results", "ownership", "Insist on the Highest Standards"},
		},
		{
			ID: "mentoring-new-hires", Title: "Growing two new hires into owners",
			Principles: []string{"Hire and Develop the Best"},
		},
	}
	starts := []int{-150, -60, -9} // days before now each story was begun
	var cards []starcards.CardState
	var reviews []starcards.Review
	kinds := []starcards.Kind{starcards.KindSection, starcards.KindPhrase, starcards.KindFollowup, starcards.KindQuiz}
	for si, st := range stories {
		n := 12 - 3*si
		for c := range n {
			cs := card(st.ID, kinds[c%len(kinds)], fmt.Sprintf("k%02d", c), starcards.Schedule{})
			if c >= n-2 && si > 0 {
				cards = append(cards, cs) // the last two cards of later stories are new
				continue
			}
			stop := fixtureNow
			if c%3 == 0 {
				stop = fixtureNow.AddDate(0, 0, -4) // left overdue or due soon
			}
			t := fixtureNow.AddDate(0, 0, starts[si]+c/2).Add(time.Duration(c-6) * time.Hour)
			for i := 0; t.Before(stop); i++ {
				rating := starcards.Good
				if (c+i)%7 == 3 {
					rating = starcards.Again
				}
				r := answer(&cs, t, rating, time.Duration(8+(c*7+i*3)%20)*time.Second)
				reviews = append(reviews, r)
				t = cs.Schedule.Due.In(zone).Add(time.Duration(c%4) * time.Hour)
			}
			if si == 0 && c == 5 {
				cs.Schedule.Suspended = true
				cs.Schedule.Leech = true
			}
			cards = append(cards, cs)
		}
	}
	cards = append(cards, starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindAngle, Key: "customer-obsession"}}, Retired: true})
	// The last two study days: 03:30 on the 11th still belongs to the 10th.
	find := func(story, key string) *starcards.CardState {
		for i := range cards {
			if cards[i].Card.ID.Story == story && cards[i].Card.ID.Key == key {
				return &cards[i]
			}
		}
		panic("no card " + story + "/" + key)
	}
	for _, a := range []struct {
		story, key string
		at         time.Time
		rating     starcards.Rating
	}{
		{"billing-migration", "k00", local(2026, time.March, 10, 8, 0), starcards.Good},
		{"webhook-drop-rate", "k03", local(2026, time.March, 11, 3, 30), starcards.Good},
		{"mentoring-new-hires", "k04", local(2026, time.March, 11, 9, 0), starcards.Good},
		{"mentoring-new-hires", "k04", local(2026, time.March, 11, 9, 12), starcards.Again},
		{"mentoring-new-hires", "k04", local(2026, time.March, 11, 9, 25), starcards.Good},
		{"webhook-drop-rate", "k00", local(2026, time.March, 11, 9, 40), starcards.Again},
	} {
		reviews = append(reviews, answer(find(a.story, a.key), a.at, a.rating, 12*time.Second))
	}
	slices.SortStableFunc(reviews, func(a, b starcards.Review) int { return a.Time.Compare(b.Time) })
	cfg := starcards.DefaultConfig()
	return Input{Stories: stories, Cards: cards, Reviews: seq(reviews), Config: cfg, Now: fixtureNow, Interview: local(2026, time.March, 25, 0, 0)}
}
