package scheduler_test

import (
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

func TestAheadQueue(t *testing.T) {
	r0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var st []starcards.CardState
	for _, k := range []string{"f1", "f2", "f3", "f4"} {
		st = append(st, starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "a", Kind: starcards.KindFollowup, Key: k}}})
	}
	// f4 stays new; a suspended card and a retired one never come.
	st = append(st,
		starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "a", Kind: starcards.KindFollowup, Key: "sus"}}},
		starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "a", Kind: starcards.KindFollowup, Key: "old"}}, Retired: true})
	set := func(key string, last time.Time, due time.Time) {
		for i := range st {
			if st[i].Card.ID.Key == key {
				st[i].Schedule = starcards.Schedule{State: starcards.StateReview, Stability: 5, LastReview: last, Due: due}
			}
		}
	}
	set("f1", r0.Add(-48*time.Hour), r0.Add(72*time.Hour))
	set("f2", r0.Add(-240*time.Hour), r0.Add(24*time.Hour))
	set("f3", r0.Add(-24*time.Hour), r0.Add(2*time.Hour)) // due today: not ahead
	set("sus", r0.Add(-480*time.Hour), r0.Add(48*time.Hour))
	set("old", r0.Add(-480*time.Hour), r0.Add(48*time.Hour))
	st[4].Schedule.Suspended = true
	got := scheduler.AheadQueue(st, r0, 4, starcards.Filter{}, nil)
	if len(got) != 2 || got[0].Key != "f2" || got[1].Key != "f1" {
		t.Errorf("ahead=%v, want f2 (weakest) then f1", got)
	}
	got = scheduler.AheadQueue(st, r0, 4, starcards.Filter{}, map[starcards.CardID]bool{got[0]: true})
	if len(got) != 1 || got[0].Key != "f1" {
		t.Errorf("ahead without done=%v, want f1", got)
	}
}

func TestAheadQueueFilter(t *testing.T) {
	r0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	sc := starcards.Schedule{State: starcards.StateReview, Stability: 5, LastReview: r0.Add(-24 * time.Hour), Due: r0.Add(72 * time.Hour)}
	st := []starcards.CardState{
		{Card: starcards.Card{ID: starcards.CardID{Story: "a", Kind: starcards.KindSection, Key: "task"}}, Schedule: sc},
		{Card: starcards.Card{ID: starcards.CardID{Story: "b", Kind: starcards.KindFollowup, Key: "why"}}, Schedule: sc},
	}
	got := scheduler.AheadQueue(st, r0, 4, starcards.Filter{Kinds: []starcards.Kind{starcards.KindFollowup}}, nil)
	if len(got) != 1 || got[0].Story != "b" {
		t.Errorf("ahead with --kind followup = %v, want b's follow-up", got)
	}
}
