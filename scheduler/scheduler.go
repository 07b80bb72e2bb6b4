package scheduler

import (
	"fmt"
	"math"
	"sync"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

// Stability bounds, in days. Every [starcards.Schedule] that
// [Scheduler.Answer] returns has its stability clamped into [MinStability,
// MaxStability], as fsrs-rs and ts-fsrs do; go-fsrs v3.3.1 does not clamp.
const (
	MinStability = 0.01
	MaxStability = 36500.0
)

// MaxMaximumInterval is the largest maximum interval a config may ask for,
// in days (100 years).
const MaxMaximumInterval = 36500

const day = 24 * time.Hour

// Scheduler applies FSRS-5 to card schedules under one [starcards.Config].
// Build it with [New]. A Scheduler is immutable and safe for concurrent use.
type Scheduler struct {
	cfg    starcards.Config
	params fsrs.Parameters // template, copied for every call
	pool   *sync.Pool      // of *fsrs.Parameters, copies of params
	// retTerm is R^(1/decay) - 1 for the desired retention R, a constant
	// of go-fsrs's interval formula.
	retTerm float64

	// planner, if set, places due dates under a study plan.
	planner *Planner
}

// New returns a Scheduler for cfg. It returns a [*ConfigError] (matching
// [ErrInvalidConfig]) if cfg does not pass [Validate].
func New(cfg starcards.Config) (*Scheduler, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	p := fsrs.DefaultParam()
	p.RequestRetention = cfg.DesiredRetention
	p.MaximumInterval = float64(cfg.MaximumInterval)
	if cfg.Weights != nil {
		copy(p.W[:], cfg.Weights)
	}
	p.EnableShortTerm = true
	// Fuzz is ours (see fuzz.go): go-fsrs's cannot be seeded per card.
	p.EnableFuzz = false

	cfg.Weights = append([]float64(nil), cfg.Weights...)
	s := &Scheduler{cfg: cfg, params: p, pool: new(sync.Pool)}
	s.retTerm = retentionTerm(p.RequestRetention)
	params := s.params
	s.pool.New = func() any {
		p := new(fsrs.Parameters)
		*p = params
		return p
	}
	return s, nil
}

// WithPlanner returns a copy of s that places due dates under the study
// plan of pl: intervals end by the eve of the interview, in the least
// loaded study day they may (see [Planner]). A nil pl gives s itself.
func (s *Scheduler) WithPlanner(pl *Planner) *Scheduler {
	if pl == nil {
		return s
	}
	c := *s
	c.planner = pl
	return &c
}

// Config returns the configuration s was built with.
func (s *Scheduler) Config() starcards.Config {
	cfg := s.cfg
	if cfg.Weights != nil {
		cfg.Weights = append([]float64(nil), cfg.Weights...)
	}
	return cfg
}

// Answer returns the schedule of the card id after it is answered r at now,
// given its schedule sched before the answer.
//
// Without fuzz and without a plan, the result is what go-fsrs
// v3.3.1's short-term scheduler (FSRS.Next) returns, except for its defects,
// which Answer fixes:
//
//   - A review time before sched.LastReview (a clock that went backwards,
//     or an earlier answer given with a clock far ahead) counts as zero
//     elapsed days, never a wrapped uint64, and the card is scheduled from
//     the real review time: Due is now plus the interval and LastReview is
//     now, so one bad clock does not keep the card in its future.
//   - Stability is clamped to [MinStability, MaxStability], before and after
//     the update, and intervals are computed from the clamped stability.
//   - No interval exceeds the configured maximum interval (go-fsrs exceeds
//     it by up to 2 days when it forces Hard < Good < Easy).
//   - It shares no go-fsrs state between calls, so it is safe for concurrent
//     use.
//
// With fuzz on, day intervals of 2.5 days or more are spread over go-fsrs's
// fuzz ranges, deterministically per card and review (see the package
// documentation). Under a plan ([Scheduler.WithPlanner]), intervals are
// capped so that the card comes back by the study day before the
// interview, and load-balanced.
//
// A lapse (Again on a card in review) that brings the lapse count to the
// leech threshold, or to the threshold plus a multiple of half of it (at
// least 1), marks the card Leech and Suspended. Otherwise Suspended and Leech are kept as
// they were; BuriedUntil is cleared. Times in the result are UTC, truncated
// to the second; LastReview is the review time.
//
// Answer panics if r is not one of Again, Hard, Good and Easy, or if
// sched.State is not a known state: both are programming errors (parse
// ratings with [starcards.ParseRating]; validate stored states on load).
func (s *Scheduler) Answer(id starcards.CardID, sched starcards.Schedule, r starcards.Rating, now time.Time) starcards.Schedule {
	if r < starcards.Again || r > starcards.Easy {
		panic(fmt.Sprintf("scheduler: invalid rating %d", r))
	}
	c := s.start(id, sched, now)
	defer s.pool.Put(c.p)
	return c.next(r)
}

// Preview returns the schedule each rating would give the card id at now,
// indexed by rating-1 (Again first). Preview(id, sched, now)[r-1] equals
// Answer(id, sched, r, now). Use [FormatInterval] on Due minus the review
// time for button labels.
//
// Preview panics if sched.State is not a known state.
func (s *Scheduler) Preview(id starcards.CardID, sched starcards.Schedule, now time.Time) [4]starcards.Schedule {
	c := s.start(id, sched, now)
	defer s.pool.Put(c.p)
	var out [4]starcards.Schedule
	for i, r := range starcards.Ratings {
		out[i] = c.next(r)
	}
	return out
}

// call is one review of one card, shared by the four ratings of a Preview.
type call struct {
	s      *Scheduler
	before starcards.Schedule
	now    time.Time        // review time: UTC, whole second
	p      *fsrs.Parameters // private copy of s.params, back to s.pool after the call
	sch    *fsrs.Scheduler  // go-fsrs's scheduler over p
	fuzz   float64          // fuzz factor in [0, 1); negative when fuzz is off
}

func (s *Scheduler) start(id starcards.CardID, sched starcards.Schedule, now time.Time) call {
	if sched.State < starcards.StateNew || sched.State > starcards.StateRelearning {
		panic(fmt.Sprintf("scheduler: card %s has invalid state %d", id, sched.State))
	}
	card := fsrs.Card{
		Due:           utcSecond(sched.Due),
		Stability:     sched.Stability,
		Difficulty:    sched.Difficulty,
		ElapsedDays:   sched.ElapsedDays,
		ScheduledDays: sched.ScheduledDays,
		Reps:          sched.Reps,
		Lapses:        sched.Lapses,
		State:         fsrs.State(sched.State),
		LastReview:    utcSecond(sched.LastReview),
	}
	now = utcSecond(now)
	if card.State != fsrs.New {
		// A review time before the last review (a clock that went back,
		// or a last review given with a clock far ahead) counts as zero
		// elapsed time; the card is scheduled from the review's real
		// time, so one bad clock does not keep the card in its future.
		// (go-fsrs computes uint64(floor(hours/24)), which would wrap.)
		if now.Before(card.LastReview) {
			card.LastReview = now
		}
		card.Stability = clamp(card.Stability, MinStability, MaxStability)
		card.Difficulty = clamp(card.Difficulty, 1, 10)
	}
	// A private copy: go-fsrs writes its fuzz seed into the parameters on
	// every call, a data race on a shared *fsrs.FSRS. Only the seed
	// changes, and nothing reads it with EnableFuzz off, so copies are
	// reused without being reset.
	p := s.pool.Get().(*fsrs.Parameters)
	c := call{s: s, before: sched, now: now, p: p, sch: p.NewBasicScheduler(card, now), fuzz: -1}
	if s.cfg.Fuzz {
		c.fuzz = fuzzFactor(id, now, sched.Reps+1)
	}
	return c
}

func (c *call) next(r starcards.Rating) starcards.Schedule {
	got := c.sch.Review(fsrs.Rating(r)).Card
	out := starcards.Schedule{
		State:         starcards.State(got.State),
		Due:           got.Due.UTC(),
		Stability:     clamp(got.Stability, MinStability, MaxStability),
		Difficulty:    got.Difficulty,
		ElapsedDays:   got.ElapsedDays,
		ScheduledDays: got.ScheduledDays,
		Reps:          got.Reps,
		Lapses:        got.Lapses,
		LastReview:    c.now,
		Suspended:     c.before.Suspended,
		Leech:         c.before.Leech,
	}
	if got.State == fsrs.Review {
		days := c.days(r, float64(got.ElapsedDays))
		out.ScheduledDays = uint64(days)
		out.Due = c.now.Add(time.Duration(days) * day)
	}
	if c.s.planner != nil && out.State == starcards.StateReview {
		c.s.planner.placeDue(&out, c.now)
	}
	if out.Lapses > c.before.Lapses && isLeech(out.Lapses, c.s.cfg.LeechThreshold) {
		out.Leech = true
		out.Suspended = true
	}
	return out
}

// days returns the interval in days of an answer r that puts the card in
// review, with go-fsrs's ordering rules and then the maximum interval.
func (c *call) days(r starcards.Rating, elapsed float64) float64 {
	ivl := func(r starcards.Rating) float64 {
		st := clamp(c.sch.Review(fsrs.Rating(r)).Card.Stability, MinStability, MaxStability)
		return c.interval(st, elapsed)
	}
	var d float64
	switch {
	case c.before.State == starcards.StateNew: // only Easy graduates
		d = ivl(r)
	case c.before.State != starcards.StateReview: // learning, relearning
		d = ivl(starcards.Good)
		if r == starcards.Easy {
			d = math.Max(ivl(starcards.Easy), d+1)
		}
	default:
		hard, good := ivl(starcards.Hard), ivl(starcards.Good)
		hard = math.Min(hard, good)
		good = math.Max(good, hard+1)
		switch r {
		case starcards.Hard:
			d = hard
		case starcards.Good:
			d = good
		case starcards.Easy:
			d = math.Max(ivl(starcards.Easy), good+1)
		}
	}
	// go-fsrs's ordering can add up to 2 days past the maximum.
	return math.Min(d, c.s.params.MaximumInterval)
}

// interval is go-fsrs's nextInterval with our fuzz: the days after which
// recall probability falls to the desired retention, in [1, maximum].
func (c *call) interval(stability, elapsed float64) float64 {
	maximum := c.s.params.MaximumInterval
	ivl := interval(stability, c.s.retTerm, maximum)
	if c.fuzz >= 0 {
		ivl = fuzzInterval(ivl, elapsed, maximum, c.fuzz)
	}
	return ivl
}

// isLeech reports whether a card reaching lapses lapses becomes a leech:
// at threshold, then every half threshold (at least 1) after it, as Anki.
func isLeech(lapses uint64, threshold int) bool {
	if threshold < 1 {
		return false
	}
	t := uint64(threshold)
	return lapses >= t && (lapses-t)%max(t/2, 1) == 0
}

func utcSecond(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// clamp returns x limited to [lo, hi]; NaN becomes lo.
func clamp(x, lo, hi float64) float64 {
	if !(x >= lo) {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}
