package export

import (
	"math"
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

// scheduling is what card states are mapped with: the export's clock and
// the effective settings.
type scheduling struct {
	clock clock
	cfg   starcards.Config
}

// validRating reports whether a review's rating is one of the four buttons;
// other entries are not exported.
func validRating(r starcards.Rating) bool { return r >= starcards.Again && r <= starcards.Easy }

// revlogRowOf is the revlog row of answer r, with the review time in ms
// (never after nowMs) as its id; the caller sets the card and makes ids
// unique. A review is one row, of the one Anki card of the reviewed card.
func revlogRowOf(r *starcards.Review, nowMs int64) revlogRow {
	return revlogRow{
		id: min(r.Time.UnixMilli(), nowMs), ease: int64(r.Rating),
		ivl: revlogInterval(r.After, r.Time), lastIvl: revlogInterval(r.Before, r.Before.LastReview),
		factor: fsrsFactor(r.After.Difficulty), timeMs: min(max(r.Duration.Milliseconds(), 0), maxAnswerMs),
		typ: revlogKind(r.Before.State),
	}
}

// revlogIDs makes revlog ids unique in log order: an id not after the
// previous row's moves 1 ms after it.
type revlogIDs struct {
	last    int64
	started bool
}

func (u *revlogIDs) next(id int64) int64 {
	if u.started && id <= u.last {
		id = u.last + 1
	}
	u.last, u.started = id, true
	return id
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
func (p *scheduling) schedule(c *ankiCard, s starcards.Schedule) {
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
func (p *scheduling) relearnInterval(s starcards.Schedule) int64 {
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
func (p *scheduling) cardData(c *ankiCard, s starcards.Schedule) string {
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

// plan is what an export writes, held in memory: for [NewManifest], which
// describes a package without writing one. It comes from the same passes
// as the package (a memory sink instead of SQLite).
type plan struct {
	scheduling
	cards  map[*note][]*ankiCard
	revlog []revlogRow
}

// newPlan runs the export of col over b's notes (newBuild(col)) into memory.
func newPlan(b *build, col Collection, opts Options, cfg starcards.Config) *plan {
	col.Config = cfg
	src := newCollectionSource(&col, opts)
	l, err := newLayout(src, opts)
	m := &memSink{ids: map[int64]bool{}}
	if err == nil {
		err = l.run(src, m)
	}
	if err != nil {
		// newBuild checked the same cards; a collection source and a
		// memory sink do not fail.
		panic("export: " + err.Error())
	}
	p := &plan{scheduling: l.scheduling, cards: make(map[*note][]*ankiCard, len(l.cards)), revlog: m.revlogRows}
	for i := range l.cards {
		c := &l.cards[i]
		p.cards[b.byCard[c.key]] = []*ankiCard{&c.anki}
	}
	return p
}

// memSink keeps the revlog rows.
type memSink struct {
	revlogRows []revlogRow
	ids        map[int64]bool
}

func (m *memSink) begin() error           { return nil }
func (m *memSink) notes([]noteRow) error  { return nil }
func (m *memSink) cards([]*xcard) error   { return nil }
func (m *memSink) finish(l *layout) error { return nil }
func (m *memSink) revlog(rows []revlogRow) error {
	for _, r := range rows {
		m.ids[r.id] = true
	}
	m.revlogRows = append(m.revlogRows, rows...)
	return nil
}

func (m *memSink) reset(row revlogRow) (int64, error) {
	for m.ids[row.id] {
		row.id++
	}
	m.ids[row.id] = true
	m.revlogRows = append(m.revlogRows, row)
	return row.id, nil
}
