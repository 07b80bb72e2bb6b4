package export

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

// Anki card types and queues.
const (
	typeNew        = 0
	typeLearning   = 1
	typeReview     = 2
	typeRelearning = 3

	queueSuspended  = -1
	queueUserBuried = -3
	queueNew        = 0
	queueLearning   = 1 // due in unix seconds
	queueReview     = 2 // due in days since col.crt
	queueDayLearn   = 3 // due in days since col.crt
)

// Revlog kinds.
const (
	revlogLearn    = 0
	revlogReview   = 1
	revlogRelearn  = 2
	revlogManual   = 4
	defaultFactor  = 2500 // SM-2 ease ×1000, kept for users who switch FSRS off
	maxAnswerMs    = 60_000
	maxNewPosition = 999_999
)

// ankiCard is one row of the cards table.
type ankiCard struct {
	id, nid, did    int64
	ord, typ, queue int64
	due, ivl        int64
	factor          int64
	reps, lapses    int64
	left            int64
	data            string

	lastRevlog int64 // id of the last rated revlog entry; 0 if none
	rated      int64 // rated revlog entries
}

type revlogRow struct {
	id, cid        int64
	ease, typ      int64
	ivl, lastIvl   int64
	factor, timeMs int64
}

// clock counts Anki days: day 0 starts at col.crt, a local day start
// (Config.DayStartHour) in the zone of Options.Now, and day numbers are whole
// calendar days from it, as Anki counts them with creationOffset set.
type clock struct {
	now  time.Time
	hour int
	crt  time.Time
}

func newClock(now time.Time, hour int) clock {
	return clock{now: now, hour: hour, crt: starcards.DayStart(now, hour)}
}

// day returns the Anki day number of t.
func (c clock) day(t time.Time) int64 {
	s := starcards.DayStart(t.In(c.now.Location()), c.hour)
	y1, m1, d1 := c.crt.Date()
	y2, m2, d2 := s.Date()
	a := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC).Unix()
	b := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC).Unix()
	return (b - a) / 86400
}

// plan holds everything written to the package's tables.
type plan struct {
	*build
	clock   clock
	cfg     starcards.Config
	noteIDs map[*note]int64
	cards   map[*note][]*ankiCard
	revlog  []revlogRow
}

// newPlan assigns note and card ids (in card-id order, so collisions resolve
// the same way whatever the input order) and, with scheduling, maps each
// card's schedule and review log to Anki's.
func newPlan(b *build, col Collection, opts Options, cfg starcards.Config) *plan {
	p := &plan{
		build:   b,
		clock:   newClock(opts.Now, cfg.DayStartHour),
		cfg:     cfg,
		noteIDs: make(map[*note]int64, len(b.notes)),
		cards:   make(map[*note][]*ankiCard, len(b.notes)),
	}
	sorted := slices.Clone(b.notes)
	slices.SortFunc(sorted, func(x, y *note) int {
		switch {
		case x.id < y.id:
			return -1
		case x.id > y.id:
			return 1
		}
		return 0
	})
	nids, cids := idSet{}, idSet{}
	for _, n := range sorted {
		nid := nids.take(noteIDName(n.id))
		p.noteIDs[n] = nid
		for _, ord := range n.ords() {
			p.cards[n] = append(p.cards[n], &ankiCard{
				id: cids.take(cardIDName(n.id, ord)), nid: nid, did: n.deck.id, ord: int64(ord),
				typ: typeNew, queue: queueNew, due: int64(min(n.pos, maxNewPosition)),
			})
		}
	}
	if opts.WithScheduling {
		p.addRevlog(col.Reviews)
		for _, n := range b.notes {
			for _, c := range p.cards[n] {
				p.schedule(c, n.state.Schedule)
			}
		}
	}
	return p
}

// addRevlog turns the review log into revlog rows. A review of a phrase card
// exercised all its phrases, so each of the note's cloze cards gets the row.
// Ids are the review time in ms (never after Options.Now), made unique by
// moving a clashing row 1 ms after the previous one. A card that is new
// again after reviews gets a closing "reset" row (type 4, ease 0), as
// Anki's Forget writes.
func (p *plan) addRevlog(reviews []starcards.Review) {
	nowMs := p.clock.now.UnixMilli()
	type source struct {
		r *starcards.Review
		n *note
	}
	srcs := make([]source, 0, len(reviews))
	rows := 0
	for i := range reviews {
		r := &reviews[i]
		n := p.byCard[r.Card.String()]
		if n == nil || r.Rating < starcards.Again || r.Rating > starcards.Easy {
			continue
		}
		srcs = append(srcs, source{r, n})
		rows += len(p.cards[n])
	}
	p.revlog = make([]revlogRow, 0, rows)
	for _, s := range srcs {
		r := s.r
		row := revlogRow{
			id: min(r.Time.UnixMilli(), nowMs), ease: int64(r.Rating),
			ivl: revlogInterval(r.After, r.Time), lastIvl: revlogInterval(r.Before, r.Before.LastReview),
			factor: fsrsFactor(r.After.Difficulty), timeMs: min(max(r.Duration.Milliseconds(), 0), maxAnswerMs),
			typ: revlogKind(r.Before.State),
		}
		for _, c := range p.cards[s.n] {
			row.cid = c.id
			p.revlog = append(p.revlog, row)
		}
	}
	slices.SortStableFunc(p.revlog, func(x, y revlogRow) int { return cmp.Compare(x.id, y.id) })
	byID := make(map[int64]*ankiCard, len(p.cards))
	for _, cs := range p.cards {
		for _, c := range cs {
			byID[c.id] = c
		}
	}
	for i := range p.revlog {
		r := &p.revlog[i]
		if i > 0 && r.id <= p.revlog[i-1].id {
			r.id = p.revlog[i-1].id + 1
		}
		c := byID[r.cid]
		c.lastRevlog = r.id
		c.rated++
	}
	var resets []revlogRow
	taken := func(id int64) bool {
		_, found := slices.BinarySearchFunc(p.revlog, id, func(r revlogRow, id int64) int { return cmp.Compare(r.id, id) })
		return found || slices.ContainsFunc(resets, func(r revlogRow) bool { return r.id == id })
	}
	for _, n := range p.notes {
		if n.state.Schedule.State != starcards.StateNew {
			continue
		}
		for _, c := range p.cards[n] {
			if c.rated == 0 {
				continue
			}
			id := c.lastRevlog + 1
			for taken(id) {
				id++
			}
			resets = append(resets, revlogRow{id: id, cid: c.id, typ: revlogManual})
			c.lastRevlog, c.rated = 0, 0
		}
	}
	if len(resets) > 0 {
		p.revlog = append(p.revlog, resets...)
		slices.SortFunc(p.revlog, func(x, y revlogRow) int { return cmp.Compare(x.id, y.id) })
	}
}

// revlogInterval is a revlog interval: days for a review card, negative
// seconds until due for a (re)learning card, 0 for a new one.
func revlogInterval(s starcards.Schedule, from time.Time) int64 {
	switch s.State {
	case starcards.StateReview:
		return int64(max(s.ScheduledDays, 1))
	case starcards.StateLearning, starcards.StateRelearning:
		if s.Due.IsZero() || from.IsZero() {
			return 0
		}
		secs := int64(math.Round(s.Due.Sub(from).Seconds()))
		return -min(max(secs, 1), math.MaxInt32)
	}
	return 0
}

// revlogKind is the revlog type of an answer given in state s.
func revlogKind(s starcards.State) int64 {
	switch s {
	case starcards.StateReview:
		return revlogReview
	case starcards.StateRelearning:
		return revlogRelearn
	}
	return revlogLearn
}

// fsrsFactor is the revlog factor Anki writes under FSRS:
// ((difficulty−1)/9 + 0.1) × 1000, so 100–1100; 0 without a difficulty.
func fsrsFactor(d float64) int64 {
	if d <= 0 || math.IsNaN(d) {
		return 0
	}
	d = min(max(d, 1), 10)
	return int64(math.Round(((d-1)/9 + 0.1) * 1000))
}

// schedule maps a starcards schedule onto card c.
func (p *plan) schedule(c *ankiCard, s starcards.Schedule) {
	now := p.clock.now
	if s.State == starcards.StateNew {
		if s.Suspended {
			c.queue = queueSuspended
		} else if s.BuriedUntil.After(now) {
			c.queue = queueUserBuried
		}
		return
	}
	c.reps = max(int64(s.Reps), c.rated, 1)
	c.lapses = int64(s.Lapses)
	c.factor = defaultFactor
	switch s.State {
	case starcards.StateReview:
		c.typ, c.queue = typeReview, queueReview
		c.ivl = int64(max(s.ScheduledDays, 1))
		due := s.Due
		if due.IsZero() {
			due = now
		}
		c.due = p.clock.day(due)
	default: // learning, relearning
		c.typ = typeLearning
		if s.State == starcards.StateRelearning {
			c.typ = typeRelearning
			c.ivl = p.relearnInterval(s)
		}
		c.left = 1 // one learning step to go
		due := s.Due
		if due.IsZero() {
			due = now
		}
		if due.Before(starcards.NextDayStart(now, p.clock.hour)) {
			c.queue, c.due = queueLearning, due.Unix()
		} else {
			c.queue, c.due = queueDayLearn, p.clock.day(due)
		}
	}
	if s.Suspended {
		c.queue = queueSuspended
	} else if s.BuriedUntil.After(now) {
		c.queue = queueUserBuried
	}
	c.data = p.cardData(c, s)
}

// relearnInterval is the interval a relearning card returns to: the FSRS-5
// interval of its stability at the desired retention, at least 1 day.
func (p *plan) relearnInterval(s starcards.Schedule) int64 {
	if s.Stability <= 0 {
		return 1
	}
	return int64(scheduler.Interval(s.Stability, p.cfg.DesiredRetention, p.cfg.MaximumInterval))
}

// cardData is the card's data column: the FSRS memory state s (stability,
// days, 4 places), d (difficulty, 3 places), dr (desired retention, 2
// places) and decay (0.5 for FSRS-5), as Anki writes them, and lrt, the
// last review in unix seconds: the last rated revlog entry's time, which is
// what Anki's database check sets, else Schedule.LastReview.
func (p *plan) cardData(c *ankiCard, s starcards.Schedule) string {
	b := make([]byte, 0, 80)
	b = append(b, '{')
	if s.Stability > 0 && s.Difficulty > 0 && !math.IsNaN(s.Stability) && !math.IsNaN(s.Difficulty) {
		b = append(b, `"s":`...)
		b = strconv.AppendFloat(b, round(min(max(s.Stability, scheduler.MinStability), scheduler.MaxStability), 4), 'f', -1, 64)
		b = append(b, `,"d":`...)
		b = strconv.AppendFloat(b, round(min(max(s.Difficulty, 1), 10), 3), 'f', -1, 64)
		b = append(b, `,"dr":`...)
		b = strconv.AppendFloat(b, round(p.cfg.DesiredRetention, 2), 'f', -1, 64)
		b = append(b, `,"decay":`...)
		b = strconv.AppendFloat(b, -scheduler.Decay, 'f', -1, 64)
	}
	lrt := int64(0)
	switch {
	case c.lastRevlog > 0:
		lrt = c.lastRevlog / 1000
	case !s.LastReview.IsZero():
		lrt = min(s.LastReview.Unix(), p.clock.now.Unix())
	}
	if lrt > 0 {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, `"lrt":`...)
		b = strconv.AppendInt(b, lrt, 10)
	}
	if len(b) == 1 {
		return ""
	}
	return string(append(b, '}'))
}

func round(f float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(f*p) / p
}
