package scheduler_test

import (
	"fmt"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

func ExampleScheduler_Answer() {
	cfg := starcards.DefaultConfig() // fuzz on: deterministic per card and review
	s, err := scheduler.New(cfg)
	if err != nil {
		panic(err)
	}
	id := starcards.CardID{Story: "outage", Kind: starcards.KindSection, Key: "action"}
	var card starcards.Schedule // a new card
	now := time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)
	for _, r := range []starcards.Rating{starcards.Good, starcards.Good, starcards.Hard, starcards.Good} {
		var labels []string
		for _, next := range s.Preview(id, card, now) {
			labels = append(labels, scheduler.FormatInterval(next.Due.Sub(now)))
		}
		card = s.Answer(id, card, r, now)
		fmt.Printf("%v %-5v -> %-8v due %s  %v\n", labels, r, card.State, card.Due.Format("Jan 2 15:04"), scheduler.FormatInterval(card.Due.Sub(now)))
		now = card.Due
	}
	// Output:
	// [1m 5m 10m 16d] good  -> learning due Mar 10 09:40  10m
	// [5m 10m 5d 8d] good  -> review   due Mar 15 09:40  5d
	// [5m 6d 13d 1.2mo] hard  -> review   due Mar 21 09:40  6d
	// [5m 12d 21d 1.5mo] good  -> review   due Apr 11 09:40  21d
}

func ExampleBuildQueue() {
	loc := time.FixedZone("UTC-5", -5*3600)
	now := time.Date(2025, 3, 10, 14, 0, 0, 0, loc)
	card := func(key, facet string, s starcards.Schedule) starcards.CardState {
		return starcards.CardState{
			Card:     starcards.Card{ID: starcards.CardID{Story: "outage", Kind: starcards.KindPhrase, Key: key}, Facet: facet},
			Schedule: s,
		}
	}
	cards := []starcards.CardState{
		card("a1", "section/action", starcards.Schedule{}),
		card("a2", "section/action", starcards.Schedule{}), // a sibling of a1
		card("r1", "section/result", starcards.Schedule{State: starcards.StateReview, Due: now.Add(-time.Hour)}),
		card("s1", "section/situation", starcards.Schedule{State: starcards.StateLearning, Due: now.Add(-time.Minute)}),
	}
	q := scheduler.BuildQueue(cards, nil, starcards.DefaultConfig(), now, scheduler.Options{})
	for _, id := range q.Cards {
		fmt.Println(id)
	}
	fmt.Printf("%d new, %d learning, %d review\n", q.New, q.Learning, q.Review)
	// Output:
	// outage/phrase/s1
	// outage/phrase/r1
	// outage/phrase/a1
	// 1 new, 1 learning, 1 review
}

// ExampleRunForecast forecasts a plan: two stories, a loop in a week, 30
// minutes a day.
func ExampleRunForecast() {
	var stories []scheduler.StoryPrinciples
	var cards []starcards.CardState
	for _, title := range []string{"outage", "mentoring"} {
		st := starcards.Story{ID: title, Title: title, Principles: []string{"Ownership"}}
		for _, name := range starcards.SectionNames {
			st.Sections = append(st.Sections, starcards.Section{Name: name, Example: "I did it."})
			cards = append(cards, starcards.CardState{Card: starcards.Card{
				ID: starcards.CardID{Story: st.ID, Kind: starcards.KindSection, Key: name}, Ord: len(cards), Facet: "section/" + name,
			}})
		}
		stories = append(stories, scheduler.Principles(st))
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	plan := starcards.Plan{Interview: time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC), Start: now, Minutes: 30}
	fc := scheduler.RunForecast(scheduler.ForecastInput{Plan: plan, Config: starcards.DefaultConfig(), Stories: stories, Cards: cards, Now: now})
	fmt.Printf("fits %v: %d of %d cards learned by %s\n", fc.Fits, fc.Learned, fc.Total, fc.Calendar.Cutoff.AddDate(0, 0, -1).Format("Mon 2 Jan"))
	for _, d := range fc.Days {
		fmt.Printf("%s %-7v new %2d reviews %2d\n", d.Start.Format("Mon 2 Jan"), d.Phase, d.New, d.Reviews)
	}
	for _, p := range fc.Principles {
		fmt.Printf("%s: %d of %d stories ready\n", p.Principle, p.Ready, len(p.Stories))
	}
	// Output:
	// fits true: 10 of 10 cards learned by Fri 4 Dec
	// Tue 1 Dec learn   new  6 reviews  6
	// Wed 2 Dec learn   new  4 reviews  4
	// Thu 3 Dec learn   new  0 reviews  0
	// Fri 4 Dec learn   new  0 reviews  2
	// Sat 5 Dec window  new  0 reviews 10
	// Sun 6 Dec window  new  0 reviews  8
	// Mon 7 Dec window  new  0 reviews  0
	// Tue 8 Dec warm-up new  0 reviews 10
	// Ownership: 2 of 2 stories ready
}
