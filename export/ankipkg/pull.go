package ankipkg

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/export"
	"github.com/starcards/starcards/scheduler"
)

// Input is what [Pull] merges: a package read from Anki and the starcards
// collection it is pulled into.
type Input struct {
	Package *Package
	// Keys maps the Anki identity of our cards to them ([export.Keys]).
	Keys map[export.AnkiKey]starcards.CardID
	// Cards holds the current schedule of each of our cards.
	Cards map[starcards.CardID]starcards.Schedule
	// Reviews is our review log, in any order.
	Reviews []starcards.Review
	// Config is the collection's settings, for replaying memory states.
	Config starcards.Config
	// Now is the time of the pull; its Location is the user's zone, in
	// which Anki's day numbers are turned into times.
	Now time.Time
}

// Result is what a pull changes: cards' new schedules and the reviews to add
// to the log, oldest first, and the report of it.
type Result struct {
	States  map[starcards.CardID]starcards.Schedule
	Reviews []starcards.Review
	Report  Report
}

// Changed reports whether the pull changes anything.
func (r *Result) Changed() bool { return len(r.States) > 0 || len(r.Reviews) > 0 }

// Report says what came back from Anki.
type Report struct {
	Format  Format
	Cards   int // Anki cards that are ours
	Foreign int // Anki cards of notes starcards did not export: ignored
	Missing int // our cards the package lacks
	Reviews int // Anki reviews added to our log
	Known   int // reviews of our log the package has too
	Updated int // cards whose schedule now follows Anki's
	// Suspended and Unsuspended count cards whose suspension changed;
	// Buried cards buried or unburied to follow Anki.
	Suspended, Unsuspended, Buried int
}

// Pull merges a package exported from Anki into our collection's state. It
// changes nothing itself: the caller writes Result in one transaction.
//
// Each Anki card is matched to ours by note guid and card ordinal; cards
// that match none are counted as foreign and ignored. Each rated revlog row
// of one of our cards becomes a review in our log unless the log already
// has it: an Anki revlog id is the review's time in milliseconds, and our
// export writes each of our reviews with its time (moved forward by a few
// milliseconds when two clash), so a row is known when our log holds a
// review of the card with the same rating at most 999 ms before it. A
// second pull of the same package therefore adds nothing.
//
// A card whose latest review came from Anki takes its state from Anki: the
// type, due day, interval, reps and lapses of Anki's card and, when the card
// carries one, Anki's FSRS memory state (else the one our scheduler
// replays over the merged history). Anki's scheduler decided when the card
// is next due, and the user has seen that date on the phone; replaying
// with our scheduler would move it (Anki's learning steps, fuzz and FSRS
// version differ). A card whose latest review is ours keeps its state:
// the later answer decides. Suspension and burying always follow Anki.
//
// Pull returns an error wrapping [ErrNoneOurs] if no card of the package is
// ours.
func Pull(in Input) (*Result, error) {
	sc, err := scheduler.New(in.Config)
	if err != nil {
		return nil, fmt.Errorf("collection settings: %w", err)
	}
	pkg := in.Package
	res := &Result{States: map[starcards.CardID]starcards.Schedule{}, Report: Report{Format: pkg.Format}}
	rep := &res.Report
	ours := map[starcards.CardID][]*Card{}
	byAnki := map[int64]starcards.CardID{}
	for i := range pkg.Cards {
		c := &pkg.Cards[i]
		id, ok := in.Keys[export.AnkiKey{GUID: c.GUID, Ord: c.Ord}]
		if _, current := in.Cards[id]; !ok || !current {
			rep.Foreign++
			continue
		}
		rep.Cards++
		ours[id] = append(ours[id], c)
		byAnki[c.ID] = id
	}
	if len(ours) == 0 {
		other := "cards"
		if rep.Foreign == 1 {
			other = "card"
		}
		return nil, fmt.Errorf("%w (it has %d %s of other notes)", ErrNoneOurs, rep.Foreign, other)
	}
	for id := range in.Cards {
		if ours[id] == nil {
			rep.Missing++
		}
	}
	logs := map[starcards.CardID][]starcards.Review{}
	for _, r := range in.Reviews {
		if ours[r.Card] != nil {
			logs[r.Card] = append(logs[r.Card], r)
		}
	}
	rows := map[starcards.CardID][]Revlog{}
	for _, r := range pkg.Revlog {
		if id, ok := byAnki[r.CardID]; ok && r.Rated() {
			rows[id] = append(rows[id], r)
		}
	}
	ids := make([]starcards.CardID, 0, len(ours))
	for id := range ours {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b starcards.CardID) int { return cmp.Compare(a.String(), b.String()) })
	loc := in.Now.Location()
	for _, id := range ids {
		cur := in.Cards[id]
		log := logs[id]
		slices.SortStableFunc(log, func(a, b starcards.Review) int { return a.Time.Compare(b.Time) })
		fresh, known := newRows(rows[id], log)
		rep.Known += known
		next := cur
		changed := false
		if len(fresh) > 0 {
			added, last := merge(sc, id, cur, log, fresh, loc, pkg.Timing)
			primary := primaryCard(ours[id], fresh[len(fresh)-1].CardID)
			if last {
				final := fromAnki(primary, added[len(added)-1].After, pkg.Timing, loc)
				added[len(added)-1].After = final
				next = final
				rep.Updated++
				changed = true
			}
			rep.Reviews += len(added)
			res.Reviews = append(res.Reviews, added...)
		}
		primary := primaryCard(ours[id], lastRow(rows[id]))
		suspended := primary.Queue == -1
		var buried time.Time
		if primary.Queue == -2 || primary.Queue == -3 {
			if until := starcards.NextDayStart(time.Unix(primary.Mod, 0).In(loc), pkg.Timing.Rollover); until.After(in.Now) {
				buried = until
			}
		}
		switch {
		case suspended && !next.Suspended:
			rep.Suspended++
		case !suspended && next.Suspended:
			rep.Unsuspended++
		}
		if buried.After(in.Now) != next.BuriedUntil.After(in.Now) {
			rep.Buried++
		}
		if suspended != next.Suspended || buried.After(in.Now) != next.BuriedUntil.After(in.Now) {
			next.Suspended = suspended
			next.BuriedUntil = buried
			changed = true
		}
		if changed {
			res.States[id] = next
		}
	}
	slices.SortStableFunc(res.Reviews, func(a, b starcards.Review) int { return a.Time.Compare(b.Time) })
	return res, nil
}

// newRows returns the rows our log does not have, oldest first, and how
// many of our reviews the others are. A row is ours when a review of ours has its time to the
// millisecond and its rating; failing that, when one has its rating at most
// 999 ms before it (our export moves a row forward when ids clash), unless
// a row of the same Anki card already claimed that review. Rows of several
// Anki cards of one of our cards (copies of one review) share a review.
func newRows(rows []Revlog, log []starcards.Review) (fresh []Revlog, known int) {
	slices.SortFunc(rows, func(a, b Revlog) int { return cmp.Compare(a.ID, b.ID) })
	type claim struct {
		review int
		card   int64
	}
	claimed := map[claim]bool{}
	matched := make([]bool, len(rows))
	find := func(r Revlog, lo int64) int {
		i, _ := slices.BinarySearchFunc(log, lo, func(x starcards.Review, ms int64) int { return cmp.Compare(x.Time.UnixMilli(), ms) })
		for ; i < len(log) && log[i].Time.UnixMilli() <= r.ID; i++ {
			if int(log[i].Rating) == r.Ease && !claimed[claim{i, r.CardID}] {
				return i
			}
		}
		return -1
	}
	reviews := map[int]bool{} // our reviews the rows are
	for pass, window := range []int64{0, 999} {
		for k, r := range rows {
			if matched[k] {
				continue
			}
			if i := find(r, r.ID-window); i >= 0 {
				claimed[claim{i, r.CardID}] = true
				matched[k] = true
				reviews[i] = true
			} else if pass == 1 {
				fresh = append(fresh, r)
			}
		}
	}
	known = len(reviews)
	// Copies of one Anki review in several Anki cards count once.
	slices.SortFunc(fresh, func(a, b Revlog) int { return cmp.Compare(a.ID, b.ID) })
	fresh = slices.CompactFunc(fresh, func(a, b Revlog) bool { return a.ID == b.ID })
	return fresh, known
}

// merge turns the fresh rows into reviews threaded into our log: each
// review's Before is the state after the entry preceding it. last reports
// whether the latest entry of the merged history is Anki's.
func merge(sc *scheduler.Scheduler, id starcards.CardID, cur starcards.Schedule, log []starcards.Review, fresh []Revlog, loc *time.Location, t Timing) ([]starcards.Review, bool) {
	prev := starcards.Schedule{}
	if len(log) == 0 {
		prev = cur
	}
	out := make([]starcards.Review, 0, len(fresh))
	i := 0
	lastAnki := false
	for _, r := range fresh {
		at := time.UnixMilli(r.ID).UTC()
		for ; i < len(log) && !log[i].Time.After(at); i++ {
			prev = log[i].After
		}
		after := step(sc, id, prev, r, at, loc, t)
		out = append(out, starcards.Review{
			Card: id, Time: at, Rating: starcards.Rating(r.Ease),
			Duration: time.Duration(max(r.TimeMs, 0)) * time.Millisecond,
			Before:   prev, After: after,
		})
		prev = after
		lastAnki = i == len(log)
	}
	return out, lastAnki
}

// step is the state after Anki's answer r given before: our scheduler's
// memory state, with the interval Anki gave (and the difficulty Anki wrote
// in the row's factor, under FSRS).
func step(sc *scheduler.Scheduler, id starcards.CardID, before starcards.Schedule, r Revlog, at time.Time, loc *time.Location, t Timing) starcards.Schedule {
	after := sc.Answer(id, before, starcards.Rating(r.Ease), at)
	switch {
	case r.Ivl > 0:
		after.State = starcards.StateReview
		after.ScheduledDays = uint64(r.Ivl)
		start := starcards.DayStart(at.In(loc), t.Rollover)
		y, m, d := start.Date()
		after.Due = time.Date(y, m, d+int(min(r.Ivl, 100000)), t.Rollover, 0, 0, 0, loc).UTC()
	case r.Ivl < 0:
		after.State = starcards.StateLearning
		if before.State == starcards.StateReview || before.State == starcards.StateRelearning {
			after.State = starcards.StateRelearning
		}
		after.ScheduledDays = 0
		after.Due = at.Add(time.Duration(min(-r.Ivl, math.MaxInt32)) * time.Second)
	}
	if r.Factor >= 100 && r.Factor <= 1100 {
		after.Difficulty = (float64(r.Factor)/1000-0.1)*9 + 1
	}
	after.LastReview = at
	return after
}

// fromAnki is our schedule of Anki card c, after the history whose replayed
// end state is s.
func fromAnki(c *Card, s starcards.Schedule, t Timing, loc *time.Location) starcards.Schedule {
	if c.Type == 0 {
		return starcards.Schedule{}
	}
	s.Reps, s.Lapses = uint64(max(c.Reps, 0)), uint64(max(c.Lapses, 0))
	if c.HasMemory {
		s.Stability, s.Difficulty = min(max(c.Stability, 0.01), 36500), min(max(c.Difficulty, 1), 10)
	}
	if c.LastReview > 0 {
		s.LastReview = time.Unix(c.LastReview, 0).UTC()
	}
	due := c.Due
	if c.ODid != 0 && c.ODue != 0 {
		due = c.ODue
	}
	switch c.Type {
	case 2:
		s.State = starcards.StateReview
		s.ScheduledDays = uint64(max(c.Ivl, 1))
		s.Due = t.DayStart(due, loc)
	default:
		s.State = starcards.StateLearning
		if c.Type == 3 {
			s.State = starcards.StateRelearning
		}
		s.ScheduledDays = 0
		if c.Queue == 1 || c.Queue == 4 || due > 1_000_000_000 {
			s.Due = time.Unix(due, 0).UTC()
		} else {
			s.Due = t.DayStart(due, loc)
		}
	}
	return s
}

// DayStart is the start of Anki day number day, in loc.
func (t Timing) DayStart(day int64, loc *time.Location) time.Time {
	day = min(max(day, -100000), 100000)
	if !t.HasOffset {
		return time.Unix(t.Crt+day*86400, 0).UTC()
	}
	y, m, d := time.Unix(t.Crt, 0).In(time.FixedZone("", -t.CreationOffset*60)).Date()
	return time.Date(y, m, d+int(day), t.Rollover, 0, 0, 0, loc).UTC()
}

// primaryCard is the Anki card whose state stands for ours: the one with
// Anki id want, else the first.
func primaryCard(cards []*Card, want int64) *Card {
	for _, c := range cards {
		if c.ID == want {
			return c
		}
	}
	return cards[0]
}

func lastRow(rows []Revlog) int64 {
	if len(rows) == 0 {
		return 0
	}
	return slices.MaxFunc(rows, func(a, b Revlog) int { return cmp.Compare(a.ID, b.ID) }).CardID
}
