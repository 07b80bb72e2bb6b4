package session

import (
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

// aheadQueue is the session's queue in study-ahead mode.
func (s *Session) aheadQueue(states []starcards.CardState, now time.Time) scheduler.Queue {
	ids := scheduler.AheadQueue(states, now, s.cfg.DayStartHour, s.Queue.Filter, s.studied)
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
