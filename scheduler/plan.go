package scheduler

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/starcards/starcards"
)

// WarmupBudget caps the interview-day warm-up queue.
const WarmupBudget = 15 * time.Minute

// MaxPlanDays is how far away an interview date may be before a plan warns
// that normal scheduling serves it better.
const MaxPlanDays = 183

// Phase is where a moment falls in a plan.
type Phase int

// The phases of a plan, in order.
const (
	PhaseNone   Phase = iota // no plan
	PhaseLearn               // study days before the cut-off: new cards come in
	PhaseWindow              // the final window: no new cards, weak cards come back
	PhaseWarmup              // the interview day: a short warm-up
	PhaseEnded               // after the interview day: the plan is over
)

func (p Phase) String() string {
	return [...]string{"none", "learn", "window", "warm-up", "ended"}[p]
}

// Calendar is a plan's study days. Study days start at the day-start hour
// in the interview date's location, as [starcards.DayStart] defines them;
// all its bounds are such day starts, computed on the calendar (so a
// 23-hour day when daylight saving time starts is one study day).
type Calendar struct {
	loc  *time.Location
	hour int
	// Start is the start of the plan's first study day.
	Start time.Time
	// Cutoff is the start of the final window: no new card from then on.
	Cutoff time.Time
	// LastStart and LastEnd bound the last study day, the eve.
	LastStart, LastEnd time.Time
	// WarmupEnd is the end of the interview day's study day.
	WarmupEnd time.Time
	// starts are the Unix times of the study days' starts from the day
	// before Start to the day after the interview day, for a fast Day;
	// firstDay is the number of the first.
	starts   []int64
	firstDay int
	// At is when recall on the interview day is predicted: noon on the
	// interview date (loops run through the day; the warm-up comes
	// before), or the start of its study day if that is later.
	At time.Time
}

// NewCalendar returns the calendar of plan p with study days starting at
// hour. The final window has p.CutoffDays study days (default 3), fewer if
// the plan is short: at most half its study days (at least one), and
// never all of them.
func NewCalendar(p starcards.Plan, hour int) Calendar {
	loc := p.Interview.Location()
	y, m, d := p.Interview.Date()
	c := Calendar{loc: loc, hour: hour}
	c.LastStart = time.Date(y, m, d-1, hour, 0, 0, 0, loc)
	c.LastEnd = time.Date(y, m, d, hour, 0, 0, 0, loc)
	c.WarmupEnd = time.Date(y, m, d+1, hour, 0, 0, 0, loc)
	c.At = time.Date(y, m, d, 12, 0, 0, 0, loc)
	if c.At.Before(c.LastEnd) {
		c.At = c.LastEnd
	}
	start := p.Start
	if start.IsZero() || start.After(p.Interview) {
		start = p.Interview.AddDate(0, 0, -1)
	}
	sy, sm, sd := start.In(loc).Date()
	c.Start = time.Date(sy, sm, sd, hour, 0, 0, 0, loc)
	total := c.days(c.Start, c.LastEnd) // study days in the plan
	cut := p.CutoffDays
	if cut <= 0 {
		cut = starcards.DefaultCutoffDays
	}
	// A short plan keeps at least half its days for new cards.
	cut = max(min(cut, total-1, max(total/2, 1)), 0)
	c.Cutoff = time.Date(y, m, d-cut, hour, 0, 0, 0, loc)
	c.firstDay = c.slowDay(c.Start) - 1
	for n := c.firstDay; n <= c.slowDay(c.WarmupEnd)+1; n++ {
		c.starts = append(c.starts, c.DayStart(n).Unix())
	}
	return c
}

// days returns the number of calendar days from the study day of a to
// that of b.
func (c Calendar) days(a, b time.Time) int {
	ay, am, ad := starcards.DayStart(a.In(c.loc), c.hour).Date()
	by, bm, bd := starcards.DayStart(b.In(c.loc), c.hour).Date()
	return civil(by, bm, bd) - civil(ay, am, ad)
}

// civil numbers calendar dates consecutively.
func civil(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Day returns the study day of t, numbered as calendar days.
func (c *Calendar) Day(t time.Time) int {
	if n := len(c.starts); n > 1 {
		u := t.Unix()
		if u >= c.starts[0] && u < c.starts[n-1] {
			i, _ := slices.BinarySearch(c.starts, u)
			if i == n || c.starts[i] != u {
				i--
			}
			return c.firstDay + i
		}
	}
	return c.slowDay(t)
}

func (c *Calendar) slowDay(t time.Time) int {
	y, m, d := starcards.DayStart(t.In(c.loc), c.hour).Date()
	return civil(y, m, d)
}

// DayStart returns the start of study day n.
func (c Calendar) DayStart(n int) time.Time {
	t := time.Unix(int64(n)*86400+43200, 0).UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), c.hour, 0, 0, 0, c.loc)
}

// Phase returns the phase of the plan at t.
func (c Calendar) Phase(t time.Time) Phase {
	switch {
	case !t.Before(c.WarmupEnd):
		return PhaseEnded
	case !t.Before(c.LastEnd):
		return PhaseWarmup
	case !t.Before(c.Cutoff):
		return PhaseWindow
	}
	return PhaseLearn
}

// StudyDaysLeft returns the study days from the one containing t to the
// eve, both counted; 0 from the interview day on.
func (c Calendar) StudyDaysLeft(t time.Time) int {
	return max(c.days(t, c.LastEnd), 0)
}

// Pace is how long the user takes to answer a card, by kind, in seconds.
type Pace map[starcards.Kind]float64

// Default seconds per answer until there is history: a section or outline
// is told out loud; other cards take a glance.
const (
	defaultTellSeconds  = 60
	defaultGlanceSecond = 15
)

// tellKinds are the kinds told out loud, in full: a story's core.
var tellKinds = []starcards.Kind{"outline", starcards.KindSection}

// Seconds returns the seconds one answer to a card of kind k takes.
func (p Pace) Seconds(k starcards.Kind) float64 {
	if s, ok := p[k]; ok && s > 0 {
		return s
	}
	if slices.Contains(tellKinds, k) {
		return defaultTellSeconds
	}
	return defaultGlanceSecond
}

// paceWindow is how many of the latest answers per kind MeasurePace uses.
const paceWindow = 200

// MeasurePace returns the user's seconds per answer by kind: the mean time
// of the latest answers of each kind in the review log (oldest first), each
// capped at a minute as the session records it. Kinds without answers are
// left out, so [Pace.Seconds] gives their defaults.
func MeasurePace(reviews []starcards.Review) Pace {
	type acc struct {
		sum float64
		n   int
	}
	by := map[starcards.Kind]*acc{}
	for i := len(reviews) - 1; i >= 0; i-- {
		r := &reviews[i]
		a := by[r.Card.Kind]
		if a == nil {
			a = &acc{}
			by[r.Card.Kind] = a
		}
		if a.n >= paceWindow || r.Duration <= 0 {
			continue
		}
		a.sum += min(r.Duration, time.Minute).Seconds()
		a.n++
	}
	p := Pace{}
	for k, a := range by {
		if a.n > 0 {
			p[k] = a.sum / float64(a.n)
		}
	}
	return p
}

// Planner applies a plan to one moment of study: it decides the day's
// queue (pacing, budget, final window, warm-up) and, through
// [Scheduler.WithPlanner], where answers are due (the cap before the
// interview and the load balancing). Build it with [NewPlanner] from the
// collection as it is; it is not updated by answers.
type Planner struct {
	Plan      starcards.Plan
	Cal       Calendar
	Pace      Pace
	retention float64
	filter    starcards.Filter
	order     *Order
	quota     int             // new cards for the whole study day
	load      map[int]float64 // seconds due by study day
	today     int             // study day of the moment
	// cutoffDay and interviewDay are the study days of Cal.Cutoff and
	// Cal.LastEnd.
	cutoffDay, interviewDay int
	// facetCap is how many new cards of a facet a day may bring, where
	// more than one.
	facetCap map[facetKey]int
}

// NewPlanner returns the planner of plan p at now for the collection cards
// (in collection order) and today's review log, with the user's pace. order,
// if not nil, is [PlanOrder] of p and cards, computed once by callers that
// build many planners over one collection.
func NewPlanner(p starcards.Plan, cfg starcards.Config, cards []starcards.CardState, today []starcards.Review, now time.Time, pace Pace, order *Order) *Planner {
	if p.Minutes <= 0 {
		p.Minutes = starcards.DefaultPlanMinutes
	}
	pl := &Planner{
		Plan: p, Cal: NewCalendar(p, cfg.DayStartHour), Pace: pace, retention: cfg.DesiredRetention,
		filter: p.Filter(), order: order, load: map[int]float64{},
	}
	if pl.order == nil {
		pl.order = PlanOrder(p, cards)
	}
	pl.today = pl.Cal.Day(now)
	pl.cutoffDay, pl.interviewDay = pl.Cal.Day(pl.Cal.Cutoff), pl.Cal.Day(pl.Cal.LastEnd)
	dayStart := starcards.DayStart(now.In(pl.Cal.loc), cfg.DayStartHour)
	introduced := map[starcards.CardID]bool{}
	for _, r := range today {
		if !r.Time.Before(dayStart) && r.Before.State == starcards.StateNew && pl.filter.Match(r.Card) {
			introduced[r.Card] = true
		}
	}
	unlearned := len(introduced)
	facetNew := map[facetKey]int{} // new cards left by facet
	for i := range cards {
		cs := &cards[i]
		s := &cs.Schedule
		if cs.Retired || s.Suspended {
			continue
		}
		// The day's pace counts the cards introduced today as still to
		// learn, so that it holds all day.
		today := len(introduced) > 0 && !s.LastReview.Before(dayStart) && introduced[cs.Card.ID]
		if s.State == starcards.StateNew && pl.filter.Match(cs.Card.ID) || today {
			if s.State == starcards.StateNew {
				unlearned++
			}
			if cs.Card.Facet != "" {
				facetNew[facetKey{cs.Card.ID.Story, cs.Card.Facet}]++
			}
		}
		pl.addLoad(cs.Card.ID.Kind, s, 1)
	}
	if newDays := pl.Cal.days(now, pl.Cal.Cutoff); newDays > 0 {
		pl.quota = (unlearned + newDays - 1) / newDays
		// One new card of a facet a day, more if the facet has more cards
		// left than new-card days.
		for k, n := range facetNew {
			if n > newDays {
				if pl.facetCap == nil {
					pl.facetCap = map[facetKey]int{}
				}
				pl.facetCap[k] = (n + newDays - 1) / newDays
			}
		}
	}
	return pl
}

// addLoad adds sign times a card's time to the load of the study day it is
// due, if it will be shown then: in the final window only cards below the
// desired retention on the interview day come back. Days after the plan
// are not counted.
func (pl *Planner) addLoad(k starcards.Kind, s *starcards.Schedule, sign float64) {
	if s.State == starcards.StateNew || !s.Due.Before(pl.Cal.WarmupEnd) {
		return
	}
	d := pl.Cal.Day(s.Due)
	if d >= pl.cutoffDay && d < pl.interviewDay && !pl.weak(s) {
		return
	}
	pl.load[d] += sign * pl.Pace.Seconds(k)
}

// Moved tells the planner that a card of kind k was answered, its schedule
// going from before to after, so that one planner serves a whole session:
// the load it balances follows the answers.
func (pl *Planner) Moved(k starcards.Kind, before, after starcards.Schedule) {
	pl.addLoad(k, &before, -1)
	pl.addLoad(k, &after, 1)
}

// weak reports whether a card's predicted recall on the interview day is
// below the desired retention.
func (pl *Planner) weak(s *starcards.Schedule) bool {
	return Retrievability(*s, pl.Cal.At) < pl.retention
}

// Quota returns the number of new cards the plan introduces in the study
// day of the planner's moment: the cards of the plan not yet learned
// spread evenly over the study days left before the cut-off.
func (pl *Planner) Quota() int { return pl.quota }

// Order is the order in which a plan introduces new cards, for one
// collection slice: see [PlanOrder].
type Order struct {
	rank   map[starcards.CardID]int
	byRank []int32 // indices into the collection, first introduced first
	n      int     // length of the collection
}

// Rank returns the position of card id in the order, and whether the card
// is in the plan at all.
func (o *Order) Rank(id starcards.CardID) (int, bool) {
	r, ok := o.rank[id]
	return r, ok
}

// PlanOrder returns the order in which a plan introduces new cards: the
// focus story's cards first; then every story's core (outline and section
// cards, told out loud) round-robin across the plan's stories, one card of
// each in turn, then the details the same way. Within a story cards keep
// their collection order. Cards outside the plan are left out.
func PlanOrder(p starcards.Plan, cards []starcards.CardState) *Order {
	o := &Order{rank: planRank(p, cards), n: len(cards)}
	o.byRank = make([]int32, len(o.rank))
	for i := range cards {
		if r, ok := o.rank[cards[i].Card.ID]; ok {
			o.byRank[r] = int32(i)
		}
	}
	return o
}

// fits reports whether o was made for cards (its indices hold).
func (o *Order) fits(cards []starcards.CardState) bool {
	if o.n != len(cards) {
		return false
	}
	for r, i := range o.byRank {
		if r > 2 {
			break
		}
		if o.rank[cards[i].Card.ID] != r {
			return false
		}
	}
	return true
}

func planRank(p starcards.Plan, cards []starcards.CardState) map[starcards.CardID]int {
	f := p.Filter()
	type lane struct{ core, detail []starcards.CardID }
	lanes := map[string]*lane{}
	var stories []string
	for i := range cards {
		id := cards[i].Card.ID
		if cards[i].Retired || !f.Match(id) {
			continue
		}
		l := lanes[id.Story]
		if l == nil {
			l = &lane{}
			lanes[id.Story] = l
			stories = append(stories, id.Story)
		}
		if slices.Contains(tellKinds, id.Kind) {
			l.core = append(l.core, id)
		} else {
			l.detail = append(l.detail, id)
		}
	}
	if len(p.Stories) > 0 {
		// The plan's own order.
		slices.SortStableFunc(stories, func(a, b string) int {
			return cmp.Compare(slices.Index(p.Stories, a), slices.Index(p.Stories, b))
		})
	}
	order := map[starcards.CardID]int{}
	add := func(id starcards.CardID) { order[id] = len(order) }
	if l := lanes[p.Focus]; l != nil {
		for _, id := range append(l.core, l.detail...) {
			add(id)
		}
		delete(lanes, p.Focus)
	}
	for _, part := range []func(*lane) *[]starcards.CardID{
		func(l *lane) *[]starcards.CardID { return &l.core },
		func(l *lane) *[]starcards.CardID { return &l.detail },
	} {
		for more := true; more; {
			more = false
			for _, s := range stories {
				l := lanes[s]
				if l == nil {
					continue
				}
				if ids := part(l); len(*ids) > 0 {
					add((*ids)[0])
					*ids = (*ids)[1:]
					more = true
				}
			}
		}
	}
	return order
}

// urgentRecall is the predicted recall below which a plan's review comes
// before the day's new cards.
const urgentRecall = 0.85

// newCardAnswers is how many answers a new card takes on its first day,
// for the budget.
const newCardAnswers = 2.2

// planQueue builds the queue of a plan's study day; see [BuildQueue].
func (b *build) planQueue(pl *Planner, learnUntil time.Time) Queue {
	phase := pl.Cal.Phase(b.now)
	if phase == PhaseWarmup {
		return b.warmup(pl)
	}
	budget := float64(pl.Plan.Minutes) * 60
	spent := 0.0
	introduced := 0
	newFacets := map[facetKey]int{} // cards introduced today by facet
	var introducedIDs map[starcards.CardID]bool
	for _, r := range b.today {
		spent += min(r.Duration, time.Minute).Seconds()
		if r.Before.State == starcards.StateNew && pl.filter.Match(r.Card) {
			introduced++
			if introducedIDs == nil {
				introducedIDs = map[starcards.CardID]bool{}
			}
			introducedIDs[r.Card] = true
		}
	}
	var learn, review, extra []dueCard
	var fresh []int
	fast := phase == PhaseLearn && pl.order.fits(b.cards)
	buried := map[facetKey]bool{}
	for i := range b.cards {
		cs := &b.cards[i]
		s := &cs.Schedule
		if b.answered != nil && cs.Card.Facet != "" && !s.LastReview.Before(b.dayStart) && b.answered[cs.Card.ID] {
			k := facetKey{cs.Card.ID.Story, cs.Card.Facet}
			buried[k] = true
			if introducedIDs[cs.Card.ID] {
				newFacets[k]++
			}
		}
		if cs.Retired || s.Suspended || s.BuriedUntil.After(b.now) || !b.opt.Filter.Match(cs.Card.ID) {
			continue
		}
		switch s.State {
		case starcards.StateLearning, starcards.StateRelearning:
			if !s.Due.After(learnUntil) {
				learn = append(learn, due(s.Due, i))
			} else if s.Due.Before(b.dayEnd) {
				// Its next answer today is part of the day's budget.
				spent += pl.Pace.Seconds(cs.Card.ID.Kind)
				if b.q.NextLearning.IsZero() || s.Due.Before(b.q.NextLearning) {
					b.q.NextLearning = s.Due
				}
			}
		case starcards.StateReview:
			switch {
			case s.Due.Before(b.dayEnd) && (phase == PhaseLearn || pl.weak(s)):
				review = append(review, due(s.Due, i))
			case phase == PhaseWindow && young(s) && s.LastReview.Before(b.dayStart):
				// Every card should have two reviews after it was learned
				// by the interview: a young one comes back each window
				// day, early if need be, after the weak ones.
				extra = append(extra, due(s.Due, i))
			}
		case starcards.StateNew:
			if phase == PhaseLearn && !fast {
				if _, ok := pl.order.rank[cs.Card.ID]; ok {
					fresh = append(fresh, i)
				}
			}
		}
	}
	// Siblings are buried before the final window, as without a plan; in
	// the window every weak card comes back.
	if phase == PhaseLearn {
		b.buried = buried
	}
	slices.SortFunc(learn, compareDue)
	slices.SortFunc(review, compareDue)
	if fast {
		// The order's indices hold for these cards: walk them.
		for _, i := range pl.order.byRank {
			cs := &b.cards[i]
			if cs.Schedule.State == starcards.StateNew && !cs.Retired && !cs.Schedule.Suspended &&
				!cs.Schedule.BuriedUntil.After(b.now) && b.opt.Filter.Match(cs.Card.ID) {
				fresh = append(fresh, int(i))
			}
		}
	} else {
		slices.SortFunc(fresh, func(x, y int) int {
			return cmp.Compare(pl.order.rank[b.cards[x].Card.ID], pl.order.rank[b.cards[y].Card.ID])
		})
	}
	if len(b.opt.Later) > 0 {
		// opt.Later's stories introduce new cards after all the others.
		slices.SortStableFunc(fresh, func(x, y int) int {
			return cmp.Compare(b2i(b.opt.later(b.cards[x].Card.ID.Story)), b2i(b.opt.later(b.cards[y].Card.ID.Story)))
		})
	}
	for _, d := range learn {
		if b.full() {
			break
		}
		if b.takeIn(int(d.i), phase) {
			b.q.Learning++
			spent += pl.Pace.Seconds(b.cards[d.i].Card.ID.Kind)
		}
	}
	// Reviews whose recall has fallen below urgentRecall come first; then
	// the day's quota of new cards, which keeps the plan on pace; then the
	// other reviews; then, with room to spare, up to as many new cards
	// again, so later days keep room for reviews. All within the budget.
	took := make([]bool, len(review))
	reviews := func(urgent bool) {
		for n, d := range review {
			cs := &b.cards[d.i]
			r := Retrievability(cs.Schedule, b.now)
			if took[n] || (urgent && r >= urgentRecall) {
				continue
			}
			// A lapse costs a relearning answer too: expect 2-R answers.
			cost := pl.Pace.Seconds(cs.Card.ID.Kind) * (2 - r)
			if b.full() || spent+cost > budget {
				return
			}
			took[n] = true
			if b.takeIn(int(d.i), phase) {
				b.q.Review++
				spent += cost
			}
		}
	}
	next := 0 // of fresh
	newCards := func(limit int) {
		for ; next < len(fresh) && limit-introduced > 0; next++ {
			i := fresh[next]
			// A new card is answered two or three times on its first day
			// (the learning steps).
			cost := newCardAnswers * pl.Pace.Seconds(b.cards[i].Card.ID.Kind)
			if b.full() || spent+cost > budget {
				return
			}
			// One new card per facet a day (or the facet's pace), whatever
			// its siblings under review do: a plan has a date to keep.
			c := &b.cards[i].Card
			k := facetKey{c.ID.Story, c.Facet}
			if c.Facet != "" && newFacets[k] >= max(pl.facetCap[k], 1) {
				continue
			}
			newFacets[k]++
			b.q.Cards = append(b.q.Cards, c.ID)
			b.q.New++
			introduced++
			spent += cost
		}
	}
	reviews(true)
	newCards(pl.quota)
	reviews(false)
	newCards(2 * pl.quota)
	if len(extra) > 0 {
		slices.SortFunc(extra, compareDue)
		review, took = extra, make([]bool, len(extra))
		reviews(false)
	}
	if len(b.q.Cards) > 0 {
		b.q.NextLearning = time.Time{}
	} else if !b.q.NextLearning.IsZero() && !b.q.NextLearning.After(learnUntil.Add(LearnAhead)) {
		// Nothing else left: a learning card up to LearnAhead early.
		for i := range b.cards {
			if s := &b.cards[i].Schedule; (s.State == starcards.StateLearning || s.State == starcards.StateRelearning) && s.Due.Equal(b.q.NextLearning) && b.opt.Filter.Match(b.cards[i].Card.ID) && !b.cards[i].Retired && !s.Suspended {
				if b.takeIn(i, phase) {
					b.q.Learning++
					b.q.NextLearning = time.Time{}
				}
				break
			}
		}
	}
	return b.q
}

// takeIn takes card i, with the sibling rule outside the final window.
func (b *build) takeIn(i int, phase Phase) bool {
	if phase == PhaseLearn {
		return b.take(i)
	}
	b.q.Cards = append(b.q.Cards, b.cards[i].Card.ID)
	return true
}

// warmup is the interview day's queue: learning cards due, then the
// weakest cards of the plan not yet answered today, lowest predicted
// recall first, within [WarmupBudget] (answers given today count). No new
// cards and no siblings rule.
func (b *build) warmup(pl *Planner) Queue {
	spent := 0.0
	for _, r := range b.today {
		spent += min(r.Duration, time.Minute).Seconds()
	}
	type weak struct {
		r float64
		i int
	}
	var learn []dueCard
	var cands []weak
	for i := range b.cards {
		cs := &b.cards[i]
		s := &cs.Schedule
		if cs.Retired || s.Suspended || s.State == starcards.StateNew || !b.opt.Filter.Match(cs.Card.ID) || !pl.filter.Match(cs.Card.ID) {
			continue
		}
		if s.State == starcards.StateLearning || s.State == starcards.StateRelearning {
			if !s.Due.After(b.now) {
				learn = append(learn, due(s.Due, i))
			}
			continue
		}
		if b.answered[cs.Card.ID] {
			continue
		}
		cands = append(cands, weak{Retrievability(*s, b.now), i})
	}
	slices.SortFunc(learn, compareDue)
	slices.SortStableFunc(cands, func(x, y weak) int { return cmp.Compare(x.r, y.r) })
	for _, d := range learn {
		if b.full() {
			break
		}
		b.q.Cards = append(b.q.Cards, b.cards[d.i].Card.ID)
		b.q.Learning++
	}
	budget := WarmupBudget.Seconds()
	for _, c := range cands {
		cost := pl.Pace.Seconds(b.cards[c.i].Card.ID.Kind)
		if b.full() || spent+cost > budget {
			break
		}
		b.q.Cards = append(b.q.Cards, b.cards[c.i].Card.ID)
		b.q.Review++
		spent += cost
	}
	return b.q
}

// placeDue sets out.Due (and ScheduledDays) for an answer at now under the
// plan: an interval that would end after the eve is brought into the final
// window, or to the days left before the eve, on the least-loaded study
// day; an interval of 3 days or more is load-balanced over the days up to
// 15 % earlier than it (FSRS allows a review earlier than the ideal day,
// as Anki's load balancer uses). Answers given on the eve or later are
// left as they are.
func (pl *Planner) placeDue(out *starcards.Schedule, now time.Time) {
	c := &pl.Cal
	if !now.Before(c.LastStart) {
		return
	}
	today, eve := c.Day(now), c.Day(c.LastStart)
	ideal := c.Day(out.Due)
	lo, hi := ideal, ideal
	switch {
	case !out.Due.Before(c.LastEnd):
		lo, hi = max(today+1, c.Day(c.Cutoff)), eve
		if lo > hi {
			lo = hi
		}
	case ideal-today >= 3:
		lo = max(today+1, ideal-int(math.Round(0.15*float64(ideal-today))))
	default:
		return
	}
	best := hi
	for d := hi - 1; d >= lo; d-- {
		if pl.load[d] < pl.load[best] {
			best = d
		}
	}
	if best == ideal && out.Due.Before(c.LastEnd) {
		return
	}
	// The same time of day as now, on study day best, kept inside it.
	offset := now.Sub(starcards.DayStart(now.In(c.loc), c.hour))
	start, end := c.DayStart(best), c.DayStart(best+1)
	due := start.Add(offset)
	if !due.Before(end) {
		due = end.Add(-time.Second)
	}
	out.Due = due.UTC().Truncate(time.Second)
	out.ScheduledDays = uint64(best - today)
}

// Reschedule returns the new schedules of the cards a plan brings forward
// when it is set or its date moves: every card that is not new, retired
// or suspended and is due after the eve is brought into the final window
// (or the days left before the eve, if the window has begun), each on the
// least-loaded study day, due from that day's start. Cards are taken
// earliest due first; the planner's load follows the moves. Nothing moves
// from the eve on.
func (pl *Planner) Reschedule(cards []starcards.CardState, now time.Time) map[starcards.CardID]starcards.Schedule {
	c := &pl.Cal
	if !now.Before(c.LastStart) {
		return nil
	}
	var late []int
	for i := range cards {
		s := &cards[i].Schedule
		if !cards[i].Retired && !s.Suspended && s.State != starcards.StateNew && !s.Due.Before(c.LastEnd) {
			late = append(late, i)
		}
	}
	slices.SortStableFunc(late, func(a, b int) int { return cards[a].Schedule.Due.Compare(cards[b].Schedule.Due) })
	today, eve := c.Day(now), c.Day(c.LastStart)
	lo := max(today+1, pl.cutoffDay)
	if lo > eve {
		lo = eve
	}
	out := make(map[starcards.CardID]starcards.Schedule, len(late))
	moved := map[int]int{} // cards moved to each day: ties go to the fewest
	for _, i := range late {
		cs := &cards[i]
		best := eve
		for d := eve - 1; d >= lo; d-- {
			if pl.load[d] < pl.load[best] || (pl.load[d] == pl.load[best] && moved[d] < moved[best]) {
				best = d
			}
		}
		moved[best]++
		s := cs.Schedule
		s.Due = c.DayStart(best).UTC()
		if !s.LastReview.IsZero() {
			s.ScheduledDays = uint64(max(best-c.Day(s.LastReview), 1))
		}
		pl.Moved(cs.Card.ID.Kind, cs.Schedule, s)
		out[cs.Card.ID] = s
	}
	return out
}

// Track is where a plan stands: what review and stats show.
type Track struct {
	Interview string `json:"interview"` // YYYY-MM-DD
	// DaysLeft is the number of calendar days to the interview (0 on the
	// day).
	DaysLeft int    `json:"days_left"`
	Phase    string `json:"phase"`
	// LastNewDay is the last study day with new cards (YYYY-MM-DD).
	LastNewDay string `json:"last_new_day"`
	Total      int    `json:"total"`   // cards in the plan
	Learned    int    `json:"learned"` // learned now
	// Forecast is how many are learned by the cut-off in the forecast;
	// Behind is Total - Forecast.
	Forecast int  `json:"forecast"`
	Behind   int  `json:"behind"`
	OnTrack  bool `json:"on_track"`
}

// TrackPlan sums up where the plan of fc stands at now, given the
// collection cards.
func TrackPlan(p starcards.Plan, fc Forecast, cards []starcards.CardState, now time.Time) Track {
	c := fc.Calendar
	t := Track{
		Interview:  p.Interview.Format(time.DateOnly),
		DaysLeft:   max(calendarDays(now, p.Interview), 0),
		Phase:      c.Phase(now).String(),
		LastNewDay: c.Cutoff.AddDate(0, 0, -1).Format(time.DateOnly),
		Total:      fc.Total,
		Forecast:   fc.Learned,
	}
	f := p.Filter()
	for i := range cards {
		if f.Match(cards[i].Card.ID) && !cards[i].Retired && cards[i].Schedule.State != starcards.StateNew {
			t.Learned++
		}
	}
	t.Behind = max(t.Total-t.Forecast, 0)
	t.OnTrack = t.Behind == 0 && fc.Fits
	return t
}

// calendarDays returns the calendar days from a's date to b's, in b's
// location.
func calendarDays(a, b time.Time) int {
	ay, am, ad := a.In(b.Location()).Date()
	by, bm, bd := b.Date()
	return civil(by, bm, bd) - civil(ay, am, ad)
}

// young reports whether a card in review has had fewer than two reviews
// since it was learned: a new card graduates with two or three answers
// (the learning steps), and a lapse adds two.
func young(s *starcards.Schedule) bool {
	return s.Reps < 4+2*s.Lapses
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
