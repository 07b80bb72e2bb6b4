package decks_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
)

// sampleMeasure is what TestSampleMeasure reports for the sample: cards per
// kind, the median back length in words, and the cards a new user meets on
// their first two study days.
type sampleMeasure struct {
	perKind    map[starcards.Kind]int
	total      int
	medianBack float64
	day        [2]int // distinct cards shown on day 1 and day 2
	dayKinds   [2]map[starcards.Kind]int
}

// measureSample makes the sample's cards and simulates a new user with the
// default settings who studies at 09:00 on two days in a row, answering
// Good to every card the queue shows until it is empty (learning cards
// included, learn-ahead as the session does it).
func measureSample(t *testing.T, cards []starcards.Card) sampleMeasure {
	t.Helper()
	m := sampleMeasure{perKind: map[starcards.Kind]int{}}
	var words []int
	for _, c := range cards {
		m.perKind[c.ID.Kind]++
		words = append(words, len(strings.Fields(c.Back)))
	}
	m.total = len(cards)
	slices.Sort(words)
	if n := len(words); n%2 == 1 {
		m.medianBack = float64(words[n/2])
	} else if n > 0 {
		m.medianBack = float64(words[n/2-1]+words[n/2]) / 2
	}
	cfg := starcards.DefaultConfig()
	sc, err := scheduler.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	states := make([]starcards.CardState, len(cards))
	for i, c := range cards {
		states[i].Card = c
	}
	index := map[starcards.CardID]int{}
	for i, c := range cards {
		index[c.ID] = i
	}
	for d := range 2 {
		now := time.Date(2026, 12, 1+d, 9, 0, 0, 0, time.UTC)
		start := starcards.DayStart(now, cfg.DayStartHour)
		var today []starcards.Review
		seen := map[starcards.CardID]bool{}
		m.dayKinds[d] = map[starcards.Kind]int{}
		for step := 0; step < 10000; step++ {
			q := scheduler.BuildQueue(states, today, cfg, now, scheduler.Options{})
			if len(q.Cards) == 0 {
				if q.NextLearning.IsZero() {
					break
				}
				now = q.NextLearning
				continue
			}
			id := q.Cards[0]
			i := index[id]
			if !seen[id] {
				seen[id] = true
				m.dayKinds[d][id.Kind]++
			}
			before := states[i].Schedule
			after := sc.Answer(id, before, starcards.Good, now)
			states[i].Schedule = after
			today = append(today, starcards.Review{Card: id, Time: now, Rating: starcards.Good, Before: before, After: after})
			now = now.Add(30 * time.Second)
		}
		_ = start
		m.day[d] = len(seen)
	}
	return m
}

func (m sampleMeasure) String() string {
	var b strings.Builder
	for _, k := range starcards.Kinds {
		if m.perKind[k] > 0 {
			fmt.Fprintf(&b, "%s %d, ", k, m.perKind[k])
		}
	}
	fmt.Fprintf(&b, "total %d; median back %.1f words; day 1 %d cards %v; day 2 %d cards %v", m.total, m.medianBack, m.day[0], m.dayKinds[0], m.day[1], m.dayKinds[1])
	return b.String()
}

func TestSampleMeasure(t *testing.T) {
	m := measureSample(t, decks.Cards(decks.Sample()))
	t.Log(m)
}
