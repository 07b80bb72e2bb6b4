package scheduler

import (
	"cmp"
	"slices"
	"time"

	"github.com/starcards/starcards"
)

// AheadQueue returns the cards to study ahead at now: cards already
// learned (not new), not suspended, buried or retired, and not yet due
// before the study day ends, weakest first (lowest probability of recall
// now; then the earliest due; then collection order). Cards in done are left
// out. It is pure: review --ahead studies from it, and the plan's interview-day
// warm-up can draw from it.
func AheadQueue(states []starcards.CardState, now time.Time, dayStartHour int, f starcards.Filter, done map[starcards.CardID]bool) []starcards.CardID {
	end := starcards.NextDayStart(now, dayStartHour)
	type cand struct {
		id  starcards.CardID
		r   float64
		due time.Time
	}
	var cs []cand
	for _, st := range states {
		sc := st.Schedule
		id := st.Card.ID
		if st.Retired || sc.Suspended || sc.State == starcards.StateNew || sc.BuriedUntil.After(now) || done[id] {
			continue
		}
		if sc.Due.Before(end) || !f.Match(id) {
			continue
		}
		cs = append(cs, cand{id, Retrievability(sc, now), sc.Due})
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(a.r, b.r); c != 0 {
			return c
		}
		return a.due.Compare(b.due)
	})
	out := make([]starcards.CardID, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}
