package stats

import (
	"reflect"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

func TestSpokenDrills(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	sec := func(story, key string, at time.Duration, spoken time.Duration) starcards.Review {
		return starcards.Review{
			Card: starcards.CardID{Story: story, Kind: starcards.KindSection, Key: key},
			Time: t0.Add(at), Duration: spoken, Spoken: true, Rating: starcards.Good,
		}
	}
	log := []starcards.Review{
		sec("s", "situation", 0, 40*time.Second),
		sec("s", "action", time.Minute, 100*time.Second),
		// A plain review of a section card is not spoken time.
		{Card: starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "task"}, Time: t0.Add(2 * time.Minute), Duration: 8 * time.Second, Rating: starcards.Good},
		// A spoken follow-up (mock) is not a drill section.
		{Card: starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "why"}, Time: t0.Add(3 * time.Minute), Duration: time.Minute, Spoken: true, Rating: starcards.Good},
		// A repeated section starts a new drill, and so does a long pause.
		sec("s", "situation", 5*time.Minute, 30*time.Second),
		sec("s", "action", 6*time.Minute, 80*time.Second),
		sec("s", "situation", 3*time.Hour, 25*time.Second),
		sec("other", "result", 0, 15*time.Second),
	}
	var a spokenAgg
	for _, r := range log {
		a.add(r)
	}
	got := a.report([]string{"s"}, map[string]time.Duration{"s": 2 * time.Minute})
	want := []StorySpoken{
		{Story: "s", Drills: 3, LastSeconds: 25, LastSections: 1, TargetSeconds: 120, TrendSeconds: []float64{140, 110, 25}},
		{Story: "other", Drills: 1, LastSeconds: 15, LastSections: 1, TrendSeconds: []float64{15}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report=%+v\nwant %+v", got, want)
	}
}
