package scheduler

import (
	"cmp"
	"slices"
	"time"

	"github.com/starcards/starcards"
)

// LearnAhead is how far ahead of time a learning card may be shown when
// nothing else is left in the day's queue, as Anki's learn-ahead limit.
const LearnAhead = 20 * time.Minute

// Options narrow and cut a queue. The zero Options select every card,
// without a limit.
type Options struct {
	Filter starcards.Filter // the cards to draw from
	Limit  int              // at most this many cards; 0 for no limit
	// Plan, if set, builds the queue of a study plan's day instead (see
	// [Planner]): the plan's pacing and budget replace the daily limits,
	// the final window brings back every weak card without burying
	// siblings, and the interview day is a warm-up. Outside the plan's
	// days (after the interview day) the queue is the usual one.
	Plan *Planner
	// Later names stories whose new cards come only after every other
	// story's: the built-in sample, once the collection has stories of the
	// user's own, never takes a new-card slot ahead of them. Their due
	// cards are not affected.
	Later []string
}

// later reports whether new cards of story come after the others'.
func (o *Options) later(story string) bool {
	return len(o.Later) > 0 && slices.Contains(o.Later, story)
}

// Counts are numbers of cards by queue: new, (re)learning and review.
type Counts struct {
	New, Learning, Review int
}

// Total returns New+Learning+Review.
func (c Counts) Total() int { return c.New + c.Learning + c.Review }

// Queue is what to study now, in order.
type Queue struct {
	Cards []starcards.CardID
	Counts
	// NextLearning is when the next learning card not in Cards becomes
	// due, if that is before the study day ends; zero otherwise. A session
	// with an empty queue can wait for it.
	NextLearning time.Time
}

// BuildQueue returns the cards to study at now, in order. cards is the
// collection in story order; today holds the review-log entries since the
// start of the current study day, [starcards.DayStart](now,
// cfg.DayStartHour) in now's location (earlier entries are ignored). It is
// pure: same arguments, same queue.
//
// The queue holds, in order:
//
//  1. learning and relearning cards due at or before now, earliest first;
//  2. review cards due before the next day starts, earliest first, up to
//     cfg.ReviewsPerDay minus the review cards answered today;
//  3. new cards in the order of cards, those of opt.Later's stories after
//     all the others, up to cfg.NewPerDay minus the new cards answered
//     today;
//  4. only if 1–3 are empty: learning cards due within [LearnAhead] of now.
//
// Retired, suspended and buried (BuriedUntil after now) cards never enter
// it, nor cards outside opt.Filter. Cards sharing a Card.Facet in one story are
// siblings: at most one of them is in the queue, and once one was answered
// today the others are buried until the next day; the answered card itself
// comes back while it is (re)learning. Cards without a facet have no
// siblings. A card counts as answered today if today has an answer to it
// and its LastReview is in the current study day, as after [Scheduler.Answer].
// opt.Limit, if positive, cuts the queue to that many cards; the
// counts are those of the cards in it.
func BuildQueue(cards []starcards.CardState, today []starcards.Review, cfg starcards.Config, now time.Time, opt Options) Queue {
	b := newBuild(cards, today, cfg, now, opt)
	if b.planned() {
		return b.planQueue(opt.Plan, now)
	}
	return b.queue(now)
}

// planned reports whether the queue is a plan's.
func (b *build) planned() bool {
	return b.opt.Plan != nil && b.opt.Plan.Cal.Phase(b.now) != PhaseEnded
}

// DayCounts returns how many cards are left to study in the current study
// day: the counts of [BuildQueue], except that learning cards due at any
// time before the day ends count, not only those due by now, and opt.Limit
// is ignored. It is what a "due" command shows.
func DayCounts(cards []starcards.CardState, today []starcards.Review, cfg starcards.Config, now time.Time, opt Options) Counts {
	b := newBuild(cards, today, cfg, now, opt)
	b.opt.Limit = 0
	if b.planned() {
		return b.planQueue(opt.Plan, b.dayEnd.Add(-time.Nanosecond)).Counts
	}
	return b.queue(b.dayEnd.Add(-time.Nanosecond)).Counts
}

type facetKey struct{ story, facet string }

type build struct {
	cards                 []starcards.CardState
	cfg                   starcards.Config
	now, dayStart, dayEnd time.Time
	opt                   Options

	today                []starcards.Review // answers of the current study day
	newLeft, reviewsLeft int
	answered             map[starcards.CardID]bool // cards answered today
	buried               map[facetKey]bool         // facets answered today
	taken                map[facetKey]bool         // facets in the queue
	q                    Queue
}

func newBuild(cards []starcards.CardState, today []starcards.Review, cfg starcards.Config, now time.Time, opt Options) *build {
	b := &build{
		cards:       cards,
		cfg:         cfg,
		now:         now,
		dayEnd:      starcards.NextDayStart(now, cfg.DayStartHour),
		opt:         opt,
		newLeft:     cfg.NewPerDay,
		reviewsLeft: cfg.ReviewsPerDay,
		taken:       make(map[facetKey]bool),
	}
	b.dayStart = starcards.DayStart(now, cfg.DayStartHour)
	// The log is oldest first: today's answers are its tail.
	first := len(today)
	for first > 0 && !today[first-1].Time.Before(b.dayStart) {
		first--
	}
	if slices.ContainsFunc(today[:first], func(r starcards.Review) bool { return !r.Time.Before(b.dayStart) }) {
		// Out of order: keep what is today's.
		first = 0
		for i := range today {
			if !today[i].Time.Before(b.dayStart) {
				b.today = append(b.today, today[i])
			}
		}
	} else {
		b.today = today[first:]
	}
	if len(b.today) > 0 {
		b.answered = make(map[starcards.CardID]bool, len(b.today))
	}
	for i := range b.today {
		r := &b.today[i]
		switch r.Before.State {
		case starcards.StateNew:
			b.newLeft--
		case starcards.StateReview:
			b.reviewsLeft--
		}
		b.answered[r.Card] = true
	}
	return b
}

// queue builds the queue with learning cards due by learnUntil.
func (b *build) queue(learnUntil time.Time) Queue {
	var learn, ahead, review []dueCard
	var buried map[facetKey]bool
	// New cards in collection order: the first few are collected in the
	// same pass, enough unless siblings reject many; the rest are scanned
	// from rest on if needed.
	// The new cards of opt.Later's stories go in a list of their own.
	var fresh, later []int
	rest, restLater := len(b.cards), len(b.cards)
	wantFresh := 2*max(b.newLeft, 0) + 16
	for i := range b.cards {
		cs := &b.cards[i]
		s := &cs.Schedule
		// A card answered today was last reviewed today: test that first,
		// cheaper than the map.
		if b.answered != nil && cs.Card.Facet != "" && !s.LastReview.Before(b.dayStart) && b.answered[cs.Card.ID] {
			if buried == nil {
				buried = make(map[facetKey]bool)
			}
			buried[facetKey{cs.Card.ID.Story, cs.Card.Facet}] = true
		}
		if cs.Retired || s.Suspended || s.BuriedUntil.After(b.now) || !b.opt.Filter.Match(cs.Card.ID) {
			continue
		}
		switch s.State {
		case starcards.StateLearning, starcards.StateRelearning:
			switch {
			case !s.Due.After(learnUntil):
				learn = append(learn, due(s.Due, i))
			case s.Due.Before(b.dayEnd):
				ahead = append(ahead, due(s.Due, i))
			}
		case starcards.StateReview:
			if s.Due.Before(b.dayEnd) {
				review = append(review, due(s.Due, i))
			}
		case starcards.StateNew:
			switch {
			case b.opt.later(cs.Card.ID.Story):
				if len(later) < wantFresh {
					later = append(later, i)
				} else if restLater == len(b.cards) {
					restLater = i
				}
			case len(fresh) < wantFresh:
				fresh = append(fresh, i)
			case rest == len(b.cards):
				rest = i
			}
		}
	}
	b.buried = buried
	slices.SortFunc(learn, compareDue)
	slices.SortFunc(review, compareDue)
	slices.SortFunc(ahead, compareDue)

	for _, d := range learn {
		i := int(d.i)
		if b.full() {
			break
		}
		if b.take(i) {
			b.q.Learning++
		}
	}
	for _, d := range review {
		i := int(d.i)
		if b.full() || b.reviewsLeft <= 0 {
			break
		}
		if b.take(i) {
			b.q.Review++
			b.reviewsLeft--
		}
	}
	b.takeNew(fresh, rest, false)
	b.takeNew(later, restLater, true)
	if len(b.q.Cards) == 0 {
		limit := learnUntil.Add(LearnAhead)
		for n, d := range ahead {
			i := int(d.i)
			if b.full() || b.cards[i].Schedule.Due.After(limit) {
				ahead = ahead[n:]
				break
			}
			if b.take(i) {
				b.q.Learning++
			}
			if n == len(ahead)-1 {
				ahead = nil
			}
		}
	}
	for _, d := range ahead {
		if b.allowed(int(d.i)) {
			b.q.NextLearning = b.cards[d.i].Schedule.Due
			break
		}
	}
	return b.q
}

// takeNew takes new cards into the queue while the day's limit allows:
// those of list, then those from card rest on, of opt.Later's stories or
// of the others as later says.
func (b *build) takeNew(list []int, rest int, later bool) {
	for _, i := range list {
		if b.full() || b.newLeft <= 0 {
			return
		}
		if b.take(i) {
			b.q.New++
			b.newLeft--
		}
	}
	for i := rest; i < len(b.cards); i++ {
		if b.full() || b.newLeft <= 0 {
			return
		}
		cs := &b.cards[i]
		if cs.Schedule.State != starcards.StateNew || cs.Retired || cs.Schedule.Suspended ||
			cs.Schedule.BuriedUntil.After(b.now) || !b.opt.Filter.Match(cs.Card.ID) ||
			b.opt.later(cs.Card.ID.Story) != later {
			continue
		}
		if b.take(i) {
			b.q.New++
			b.newLeft--
		}
	}
}

func (b *build) full() bool { return b.opt.Limit > 0 && len(b.q.Cards) >= b.opt.Limit }

// allowed reports whether card i may enter the queue given its siblings.
func (b *build) allowed(i int) bool {
	c := &b.cards[i].Card
	if c.Facet == "" {
		return true
	}
	k := facetKey{c.ID.Story, c.Facet}
	if b.taken[k] {
		return false
	}
	if b.buried[k] {
		st := b.cards[i].Schedule.State
		return b.answered[c.ID] && (st == starcards.StateLearning || st == starcards.StateRelearning)
	}
	return true
}

// take appends card i to the queue if its siblings allow it.
func (b *build) take(i int) bool {
	if !b.allowed(i) {
		return false
	}
	c := &b.cards[i].Card
	if c.Facet != "" {
		b.taken[facetKey{c.ID.Story, c.Facet}] = true
	}
	b.q.Cards = append(b.q.Cards, c.ID)
	return true
}

// dueCard is card i due at sec.nsec Unix time: a sort key cheaper than
// time.Time, and with i as the last key the sort keeps collection order
// among cards due at the same time.
type dueCard struct {
	sec  int64
	nsec int32
	i    int32
}

func due(t time.Time, i int) dueCard {
	return dueCard{sec: t.Unix(), nsec: int32(t.Nanosecond()), i: int32(i)}
}

func compareDue(a, b dueCard) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
		return c
	}
	return cmp.Compare(a.i, b.i)
}
