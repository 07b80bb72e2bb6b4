package scheduler

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/starcards/starcards"
)

// Simulation plays a plan day by day with the scheduler itself, as Anki's
// FSRS simulator does: each study day a simulated learner works through
// the plan's queue ([BuildQueue] with a [Planner]), recalls each card with
// its FSRS probability of recall, drawn from a seeded generator, and
// [Scheduler.Answer] schedules the answer. Same input, same result.
type Simulation struct {
	Plan   starcards.Plan
	Config starcards.Config
	// Cards is the collection in collection order, as it is now; it is
	// not modified.
	Cards []starcards.CardState
	// Log is the review log so far, oldest first: today's answers count
	// for today, and the pace is measured from it.
	Log []starcards.Review
	// Now is when the simulation starts; its location is the user's.
	Now time.Time
	// Seed seeds the learner's recall.
	Seed uint64
	// Seconds, if set, is how long the learner takes per answer of a card
	// kind; nil means the pace measured from Log ([MeasurePace]).
	Seconds func(starcards.Kind) time.Duration
	// MeasurePace re-measures the pace the planner uses from the log,
	// simulated answers included, at the start of every day (as the real
	// program does); otherwise the pace of Log is used throughout.
	MeasurePace bool
	// NewRecall is the probability that a card seen for the first time is
	// answered Good rather than Again; 0 means 0.8.
	NewRecall float64
	// StopShort ends the simulation at the cut-off if some card of the plan
	// is not learned by then: the plan does not fit, and the rest is not
	// needed to say so.
	StopShort bool
}

// SimDay is one simulated study day.
type SimDay struct {
	Start   time.Time // the study day's start
	Phase   Phase
	New     int     // cards introduced
	Reviews int     // answers to cards that were not new
	Answers int     // all answers
	Seconds float64 // time spent answering
	// WeakLeft counts, at the end of a final-window day, the cards due that
	// day with predicted recall on the interview day below the desired
	// retention that were not shown: 0 unless the budget ran out.
	WeakLeft int
}

// SimResult is what a simulation ends with.
type SimResult struct {
	// Days are the study days, today to the eve, then the interview day's
	// warm-up.
	Days     []SimDay
	Calendar Calendar
	// Eve is the collection at the end of the eve; Cards after the
	// interview day's warm-up.
	Eve, Cards []starcards.CardState
	// Log is the review log, simulated answers appended.
	Log []starcards.Review
	// Total is the number of cards in the plan; Learned the number not
	// new at the cut-off.
	Total, Learned int
	// NewAfterCutoff counts cards introduced in the final window (none,
	// by design).
	NewAfterCutoff int
	// DueAfterEve counts the cards answered before the eve that are due
	// after it: none, by design.
	DueAfterEve int
	// Short reports that the simulation stopped at the cut-off
	// (Simulation.StopShort).
	Short bool
}

// Run runs the simulation up to the end of the interview day's warm-up.
func (sim *Simulation) Run() SimResult {
	cfg := sim.Config
	s, err := New(cfg)
	if err != nil {
		panic("scheduler: simulation config: " + err.Error())
	}
	plan := sim.Plan
	cards := slices.Clone(sim.Cards)
	log := slices.Clone(sim.Log)
	order := PlanOrder(plan, cards)
	idx := make(map[starcards.CardID]int, len(cards))
	for i := range cards {
		idx[cards[i].Card.ID] = i
	}
	rng := rand.New(rand.NewPCG(sim.Seed, 0x5eed))
	newRecall := sim.NewRecall
	if newRecall <= 0 {
		newRecall = 0.8
	}
	pace := MeasurePace(log)
	seconds := sim.Seconds
	if seconds == nil {
		seconds = func(k starcards.Kind) time.Duration {
			return time.Duration(pace.Seconds(k) * float64(time.Second))
		}
	}
	cal := NewCalendar(plan, cfg.DayStartHour)
	loc := sim.Now.Location()
	res := SimResult{Calendar: cal}
	f := plan.Filter()
	inPlan := make([]bool, len(cards))
	for i := range cards {
		if f.Match(cards[i].Card.ID) && !cards[i].Retired && !cards[i].Schedule.Suspended {
			inPlan[i] = true
			res.Total++
		}
	}
	learnedAt := func() int {
		n := 0
		for i := range cards {
			// A card suspended since (a leech) was learned all the same.
			if inPlan[i] && cards[i].Schedule.State != starcards.StateNew {
				n++
			}
		}
		return n
	}
	res.Learned = -1
	t := sim.Now
	for day := cal.Day(t); day <= cal.Day(cal.LastEnd); day++ {
		if day == cal.Day(cal.LastEnd) {
			res.Eve = slices.Clone(cards)
		}
		start := cal.DayStart(day)
		if start.After(t) {
			// The learner studies from 09:00, or from the day's start.
			t = start.Add(5 * time.Hour).In(loc)
		}
		if res.Learned < 0 && !start.Before(cal.Cutoff) {
			res.Learned = learnedAt()
			if sim.StopShort && res.Learned < res.Total {
				res.Short = true
				break
			}
		}
		end := cal.DayStart(day + 1)
		if sim.MeasurePace {
			pace = MeasurePace(log)
		}
		var today []starcards.Review
		for i := len(log) - 1; i >= 0 && !log[i].Time.Before(start); i-- {
			today = append(today, log[i])
		}
		slices.Reverse(today)
		d := SimDay{Start: start, Phase: cal.Phase(t)}
		pl := NewPlanner(plan, cfg, cards, today, t, pace, order)
		ps := s.WithPlanner(pl)
		// The learner works through the queue; it is built again when it
		// runs out or a learning card comes due, which is when a session's
		// queue, built after every answer, would change.
		var q Queue
		var rebuild time.Time
		pos := 0
		for n := 0; n < 20000; n++ {
			if pos >= len(q.Cards) || (!rebuild.IsZero() && !t.Before(rebuild)) {
				q, pos = BuildQueue(cards, today, cfg, t, Options{Plan: pl}), 0
				rebuild = q.NextLearning
				if len(q.Cards) == 0 {
					if !q.NextLearning.IsZero() && q.NextLearning.Before(end) {
						t = q.NextLearning
						continue
					}
					break
				}
				if next := firstLearningDue(cards, t, end); !next.IsZero() && (rebuild.IsZero() || next.Before(rebuild)) {
					rebuild = next
				}
			}
			i := idx[q.Cards[pos]]
			pos++
			cs := &cards[i]
			before := cs.Schedule
			rating := starcards.Again
			if before.State == starcards.StateNew {
				if rng.Float64() < newRecall {
					rating = starcards.Good
				}
				d.New++
				if !t.Before(cal.Cutoff) {
					res.NewAfterCutoff++
				}
			} else {
				if rng.Float64() < Retrievability(before, t) {
					rating = starcards.Good
				}
				d.Reviews++
			}
			after := ps.Answer(cs.Card.ID, before, rating, t)
			pl.Moved(cs.Card.ID.Kind, before, after)
			took := seconds(cs.Card.ID.Kind)
			r := starcards.Review{Card: cs.Card.ID, Time: t.UTC().Truncate(time.Second), Rating: rating, Duration: took, Before: before, After: after}
			cs.Schedule = after
			if (after.State == starcards.StateLearning || after.State == starcards.StateRelearning) && after.Due.Before(end) && (rebuild.IsZero() || after.Due.Before(rebuild)) {
				rebuild = after.Due
			}
			log = append(log, r)
			today = append(today, r)
			d.Answers++
			d.Seconds += min(took, time.Minute).Seconds()
			t = t.Add(took)
		}
		if d.Phase == PhaseWindow {
			pl := NewPlanner(plan, cfg, cards, today, t, pace, order)
			for i := range cards {
				cs := &cards[i]
				sc := &cs.Schedule
				if sc.State == starcards.StateReview && !cs.Retired && !sc.Suspended && sc.Due.Before(end) && pl.weak(sc) {
					d.WeakLeft++
				}
			}
		}
		res.Days = append(res.Days, d)
	}
	if res.Learned < 0 {
		res.Learned = learnedAt()
	}
	res.Cards, res.Log = cards, log
	if res.Eve == nil {
		res.Eve = slices.Clone(cards)
	}
	for i := range res.Eve {
		cs := &res.Eve[i]
		sc := &cs.Schedule
		if sc.State != starcards.StateNew && !cs.Retired && !sc.Suspended && sc.LastReview.Before(cal.LastStart) && !sc.Due.Before(cal.LastEnd) {
			res.DueAfterEve++
		}
	}
	return res
}

// firstLearningDue returns the earliest due time after t and before end
// of the (re)learning cards, zero if none: when the queue must be built
// again.
func firstLearningDue(cards []starcards.CardState, t, end time.Time) time.Time {
	var first time.Time
	for i := range cards {
		s := &cards[i].Schedule
		if (s.State == starcards.StateLearning || s.State == starcards.StateRelearning) && s.Due.After(t) && s.Due.Before(end) && (first.IsZero() || s.Due.Before(first)) {
			first = s.Due
		}
	}
	return first
}
