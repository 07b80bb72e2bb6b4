package stats

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

// CardInfo is what `starcards show CARD` prints about a card's scheduling,
// as Anki's card info does. [Info] builds it and [RenderInfo] prints it; its
// JSON encoding is for `show --json`. Times are in the user's zone; zero
// times are omitted from JSON.
type CardInfo struct {
	// Card is the card id, story/kind/key.
	Card string `json:"card"`
	// Generated is the time the figures are for.
	Generated time.Time `json:"generated"`
	// State is new, learning, review or relearning.
	State string `json:"state"`
	// Suspended, Leech and Retired flag a card that is not scheduled (a leech
	// is suspended when tagged; a retired card left its story file).
	Suspended bool `json:"suspended"`
	Leech     bool `json:"leech"`
	Retired   bool `json:"retired"`
	// BuriedUntil is when a buried card comes back; omitted if not buried.
	BuriedUntil time.Time `json:"buried_until,omitzero"`
	// Stability is the FSRS stability in days: the interval at which recall
	// falls to 90 %.
	Stability float64 `json:"stability"`
	// Difficulty is the FSRS difficulty, 1–10.
	Difficulty float64 `json:"difficulty"`
	// Retrievability is the probability of recall now, 0–1 (0 for a new card).
	Retrievability float64 `json:"retrievability"`
	// Due is when the card is next due; omitted for a new card.
	Due time.Time `json:"due,omitzero"`
	// Interval is the interval in days given at the last answer (0 during
	// learning steps).
	Interval uint64 `json:"interval"`
	// Reps is the number of answers and Lapses the number of times the card
	// was forgotten after graduating.
	Reps   uint64 `json:"reps"`
	Lapses uint64 `json:"lapses"`
	// FirstReview and LastReview are the first and last answers in History;
	// omitted without history.
	FirstReview time.Time `json:"first_review,omitzero"`
	LastReview  time.Time `json:"last_review,omitzero"`
	// Seconds is the total time spent answering the card.
	Seconds float64 `json:"seconds"`
	// History is the card's review log, oldest first.
	History []HistoryEntry `json:"history"`
}

// HistoryEntry is one answer to a card.
type HistoryEntry struct {
	// Time is when the card was answered.
	Time time.Time `json:"time"`
	// Rating is again, hard, good or easy.
	Rating string `json:"rating"`
	// State is the state the card was in when answered.
	State string `json:"state"`
	// Retrievability is the probability of recall the card had when
	// answered, 0–1 (0 for a new card).
	Retrievability float64 `json:"retrievability"`
	// Interval is the interval in days the answer gave (0 for a learning
	// step; Due then says when the step ends).
	Interval uint64 `json:"interval"`
	// Due is when the answer made the card due.
	Due time.Time `json:"due"`
	// Seconds is the time taken to answer.
	Seconds float64 `json:"seconds"`
}

// Info returns the card info of cs at now, with history being the card's
// review log, oldest first.
func Info(cs starcards.CardState, history []starcards.Review, now time.Time) CardInfo {
	loc := now.Location()
	in := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.In(loc)
	}
	s := cs.Schedule
	ci := CardInfo{
		Card:           cs.Card.ID.String(),
		Generated:      now,
		State:          s.State.String(),
		Suspended:      s.Suspended,
		Leech:          s.Leech,
		Retired:        cs.Retired,
		Stability:      s.Stability,
		Difficulty:     s.Difficulty,
		Retrievability: scheduler.Retrievability(s, now),
		Due:            in(s.Due),
		Interval:       s.ScheduledDays,
		Reps:           s.Reps,
		Lapses:         s.Lapses,
		History:        make([]HistoryEntry, 0, len(history)),
	}
	if s.BuriedUntil.After(now) {
		ci.BuriedUntil = in(s.BuriedUntil)
	}
	for _, r := range history {
		ci.Seconds += r.Duration.Seconds()
		ci.History = append(ci.History, HistoryEntry{
			Time:           in(r.Time),
			Rating:         r.Rating.String(),
			State:          r.Before.State.String(),
			Retrievability: scheduler.Retrievability(r.Before, r.Time),
			Interval:       r.After.ScheduledDays,
			Due:            in(r.After.Due),
			Seconds:        r.Duration.Seconds(),
		})
	}
	if n := len(ci.History); n > 0 {
		ci.FirstReview = ci.History[0].Time
		ci.LastReview = ci.History[n-1].Time
	}
	return ci
}

// RenderInfo writes ci as terminal text: a table of the card's scheduling
// and a table of its history. It returns the first error from w.
func RenderInfo(w io.Writer, ci CardInfo) error {
	p := newPrinter(w, RenderOptions{})
	p.heading("Card %s", ci.Card)
	const stamp = "2006-01-02 15:04"
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format(stamp)
	}
	state := ci.State
	for _, f := range []struct {
		on   bool
		name string
	}{{ci.Suspended, "suspended"}, {ci.Leech, "leech"}, {ci.Retired, "retired"}, {!ci.BuriedUntil.IsZero(), "buried until " + when(ci.BuriedUntil)}} {
		if f.on {
			state += ", " + f.name
		}
	}
	due := when(ci.Due)
	if !ci.Due.IsZero() && !ci.Generated.IsZero() {
		due += " (" + relative(ci.Due.Sub(ci.Generated)) + ")"
	}
	studied := ci.State != starcards.StateNew.String()
	num := func(x float64, unit string) string {
		if !studied {
			return "-"
		}
		return strconv.FormatFloat(x, 'f', 2, 64) + unit
	}
	r := "-"
	if studied {
		r = pct(ci.Retrievability)
	}
	interval := plural(int(ci.Interval), "day")
	switch {
	case !studied:
		interval = "-"
	case ci.Interval == 0:
		interval = "learning step"
	}
	rows := [][]string{
		{"State", state},
		{"Due", due},
		{"Interval", interval},
		{"Stability", num(ci.Stability, " days")},
		{"Difficulty", num(ci.Difficulty, " of 10")},
		{"Recall now", r},
		{"Answers", fmt.Sprintf("%d (%d lapses)", ci.Reps, ci.Lapses)},
		{"First answer", when(ci.FirstReview)},
		{"Last answer", when(ci.LastReview)},
		{"Total time", seconds(ci.Seconds)},
	}
	p.table(nil, []tw.Align{tw.AlignLeft, tw.AlignLeft}, rows, nil)

	p.heading("History")
	if len(ci.History) == 0 {
		p.printf("not answered yet\n")
		return p.err
	}
	rows = rows[:0]
	for _, h := range ci.History {
		iv := plural(int(h.Interval), "day")
		if h.Interval == 0 {
			iv = short(h.Due.Sub(h.Time))
		}
		r := "-"
		if h.State != starcards.StateNew.String() {
			r = pct(h.Retrievability)
		}
		rows = append(rows, []string{h.Time.Format(stamp), h.State, h.Rating, r, iv, seconds(h.Seconds)})
	}
	right := tw.AlignRight
	p.table([]string{"DATE", "STATE", "RATING", "RECALL", "INTERVAL", "TIME"},
		[]tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, right, right, right}, rows, nil)
	return p.err
}

// short formats a duration as whole minutes, hours or days: "10m", "3h", "2d".
func short(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(math.Round(d.Minutes())))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(math.Round(d.Hours())))
	}
	return fmt.Sprintf("%dd", int(math.Round(d.Hours()/24)))
}

// relative describes d from now: "in 3d", "2h ago", "now".
func relative(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return "in " + short(d)
	case d <= -time.Minute:
		return short(-d) + " ago"
	}
	return "now"
}
