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
