package session

import (
	"cmp"
	"slices"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

// AheadQueue returns the cards to study ahead at now: cards already
// learned (not new), not suspended, buried or retired, and not yet due
// before the study day ends, weakest first (lowest probability of recall
// now; then the earliest due; then collection order). Cards in done are left
// out. It is pure; the plan's interview-day warm-up can draw from it.
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
		cs = append(cs, cand{id, scheduler.Retrievability(sc, now), sc.Due})
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

// aheadQueue is the session's queue in study-ahead mode.
func (s *Session) aheadQueue(states []starcards.CardState, now time.Time) scheduler.Queue {
	ids := AheadQueue(states, now, s.cfg.DayStartHour, s.Queue.Filter, s.studied)
	if s.Queue.Limit > 0 && len(ids) > s.limit {
		ids = ids[:max(s.limit, 0)]
	}
	q := scheduler.Queue{Cards: ids}
	q.Review = len(ids)
	return q
}

// practice reports whether answers are practice only: studying ahead
// without --reschedule leaves every schedule as it is and logs nothing.
func (s *Session) practice() bool { return s.Ahead && !s.Reschedule }

func (s *Session) markStudied(id starcards.CardID) {
	if s.studied == nil {
		s.studied = map[starcards.CardID]bool{}
	}
	s.studied[id] = true
}

// undoPractice takes back a practice answer: nothing was written, so only
// the session forgets it and shows the card again.
func (s *Session) undoPractice(e undoEntry) bool {
	s.undo = s.undo[:len(s.undo)-1]
	for i := len(s.answered) - 1; i >= 0; i-- {
		if s.answered[i].Card == e.card {
			s.forget(s.answered[i])
			break
		}
	}
	delete(s.studied, e.card)
	s.again = e.card
	s.say(s.paint().Accent("↶ undid the practice answer on " + e.card.String()))
	return true
}
