package session

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/answer"
	"github.com/starcards/starcards/scheduler"
)

// LineInput is an Input that can also read a whole typed line: a typed
// answer, or the numbers of a checklist. The command's inputs implement it;
// without it typed answers are not offered.
type LineInput interface {
	Input
	// Line reads one line, without its newline. It returns io.EOF when
	// input ends.
	Line() (string, error)
}

// maxSpokenTime caps the spoken time recorded for one answer: a timer left
// running over lunch is not a 40-minute Action.
const maxSpokenTime = 10 * time.Minute

// rehearsal is what drill and mock share: the clock, the keys, the screen,
// and the recording of each rating as a review of its card.
type rehearsal struct {
	col   Collection
	in    Input
	out   io.Writer
	now   func() time.Time
	tick  func() (<-chan time.Time, func())
	sched *scheduler.Scheduler
	width int
	log   []starcards.Review // this rehearsal's reviews
}

func newRehearsal(col Collection, in Input, out io.Writer, now func() time.Time, tick func() (<-chan time.Time, func()), cfg starcards.Config, width int) (*rehearsal, error) {
	sc, err := scheduler.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("collection settings: %w", err)
	}
	return &rehearsal{col: col, in: in, out: out, now: now, tick: tick, sched: sc, width: width}, nil
}

func (r *rehearsal) printf(format string, args ...any) { fmt.Fprintf(r.out, format, args...) }

func (r *rehearsal) wrap(text string) string {
	return (&Session{Width: r.width}).wrap(Safe(text))
}

// key reads a key; Ctrl-C, Ctrl-D and q quit (errQuit).
func (r *rehearsal) key() (rune, error) { return readKey(r.in) }

func (r *rehearsal) line() (string, error) {
	li, ok := r.in.(LineInput)
	if !ok {
		return "", errors.New("this input cannot read typed lines")
	}
	text, err := li.Line()
	if r.tick == nil {
		// Piped input is not echoed: show it, so a transcript reads whole.
		r.printf("%s\n", Safe(text))
	}
	return text, err
}

func (r *rehearsal) canType() bool {
	_, ok := r.in.(LineInput)
	return ok
}

// take is one timed answer: spoken (the time until Enter) or typed (t, then
// the answer as a line).
type take struct {
	elapsed time.Duration
	typed   string
	isTyped bool
}

// timed runs the timer until Enter (or t and a typed line). On a terminal
// (tick set) a running clock is redrawn on one line every tick.
func (r *rehearsal) timed(target time.Duration) (take, error) {
	hint := "Speak now; Enter stops the timer"
	if r.canType() {
		hint += " (t types the answer instead)"
	}
	r.printf("%s.\n", hint)
	start := r.now()
	var stop func()
	if r.tick != nil {
		ticks, cancel := r.tick()
		done := make(chan struct{})
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			for {
				select {
				case <-done:
					return
				case <-ticks:
					r.printf("\r⏱ %s", clockTarget(r.now().Sub(start), target))
				}
			}
		}()
		stop = func() {
			cancel()
			close(done)
			<-finished
			r.printf("\r\x1b[K")
		}
	}
	for {
		k, err := r.key()
		if err != nil {
			if stop != nil {
				stop()
			}
			return take{}, err
		}
		switch {
		case k == KeyEnter || k == KeySpace:
			if stop != nil {
				stop()
			}
			return take{elapsed: r.now().Sub(start)}, nil
		case k == 't' && r.canType():
			if stop != nil {
				stop()
			}
			r.printf("Type your answer, Enter when done:\n> ")
			text, err := r.line()
			if err != nil && !(errors.Is(err, io.EOF) && text != "") {
				return take{}, err
			}
			return take{elapsed: r.now().Sub(start), typed: text, isTyped: true}, nil
		}
	}
}

// clock formats a duration as m:ss.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func clockTarget(d, target time.Duration) string {
	if target <= 0 {
		return clock(d)
	}
	return clock(d) + " of " + clock(target)
}

// overBy returns how much d overruns target, or 0.
func overBy(d, target time.Duration) time.Duration {
	if target <= 0 || d <= target {
		return 0
	}
	return (d - target).Round(time.Second)
}

// showTime prints the elapsed time against the target, flagging over time.
func (r *rehearsal) showTime(d, target time.Duration) {
	line := "⏱ " + clockTarget(d, target)
	if over := overBy(d, target); over > 0 {
		line += fmt.Sprintf(" — ⚠ over time by %s", clock(over))
	} else if target > 0 {
		line += " ✓"
	}
	r.printf("%s\n", line)
}

// checklist asks which items were said and returns the indexes ticked. In
// a typed answer the checker has ticked them already (pre).
func (r *rehearsal) checklist(title string, items []string, pre []bool) ([]bool, error) {
	ticked := make([]bool, len(items))
	if len(items) == 0 {
		return ticked, nil
	}
	if pre != nil {
		r.printf("%s (from your typed answer):\n", title)
		for i, it := range items {
			mark := "✗"
			if pre[i] {
				mark = "✓"
			}
			r.printf("  %s %s\n", mark, Safe(it))
		}
		return pre, nil
	}
	r.printf("%s — which did you say?\n", title)
	for i, it := range items {
		r.printf("  %d %s\n", i+1, Safe(it))
	}
	if !r.canType() {
		r.printf("(no checklist without line input)\n")
		return ticked, nil
	}
	r.printf("Type their numbers (1 3), a for all, Enter for none:\n> ")
	for {
		text, err := r.line()
		if err != nil && !(errors.Is(err, io.EOF) && text != "") {
			return ticked, err
		}
		text = strings.TrimSpace(strings.ToLower(text))
		if text == "q" {
			return ticked, errQuit
		}
		if ok := parseTicks(text, ticked); ok {
			return ticked, nil
		}
		r.printf("(numbers 1–%d separated by spaces, a for all, Enter for none)\n> ", len(items))
	}
}

// parseTicks sets ticked from "1 3", "1,3", "a" or "" and reports whether
// the text was valid.
func parseTicks(text string, ticked []bool) bool {
	clear(ticked)
	if text == "a" || text == "all" {
		for i := range ticked {
			ticked[i] = true
		}
		return true
	}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > len(ticked) {
			clear(ticked)
			return false
		}
		ticked[n-1] = true
	}
	return true
}

// proposeSpoken proposes a rating for a spoken answer from the share of
// phrases ticked and the time: every phrase within time is Good (Easy with
// a quarter of the target to spare), two thirds Hard… and running over by
// more than half the target costs a step.
func proposeSpoken(ticked []bool, elapsed, target time.Duration) starcards.Rating {
	n := 0
	for _, t := range ticked {
		if t {
			n++
		}
	}
	share := 1.0
	if len(ticked) > 0 {
		share = float64(n) / float64(len(ticked))
	}
	var r starcards.Rating
	switch {
	case share >= 0.999 && target > 0 && elapsed <= target*3/4:
		r = starcards.Easy
	case share >= 0.999:
		r = starcards.Good
	case share >= 0.66:
		r = starcards.Hard
	default:
		r = starcards.Again
	}
	if target > 0 && elapsed > target*3/2 && r > starcards.Again {
		r--
	}
	// A telling far shorter than its target was no telling: an empty or
	// instant answer is never proposed as remembered, whatever was ticked.
	switch {
	case target > 0 && elapsed < target/4, target <= 0 && elapsed < 5*time.Second:
		r = starcards.Again
	case target > 0 && elapsed < target/2 && r > starcards.Hard:
		r = starcards.Hard
	}
	return r
}

// showCheck prints what the checker found in a typed answer besides the
// phrases.
func (r *rehearsal) showCheck(rep answer.Report) {
	for _, l := range checkLines(rep) {
		r.printf("%s\n", l)
	}
}

// checkLines are the findings of a typed answer besides the phrases.
func checkLines(rep answer.Report) []string {
	var out []string
	if len(rep.We) > 0 {
		out = append(out, "⚠ told as a team: "+quoteList(rep.We)+" — say what you did (\"I …\")")
	}
	if rep.NoNumber {
		out = append(out, "⚠ a Result with no number: give the before and after")
	}
	if len(rep.WrongNumbers) > 0 {
		out = append(out, "⚠ not the story's number: "+strings.Join(safeAll(rep.WrongNumbers), ", "))
	}
	if len(rep.MissedNumbers) > 0 {
		out = append(out, "missed numbers: "+strings.Join(safeAll(rep.MissedNumbers), ", "))
	}
	if rep.Generic {
		out = append(out, "⚠ a generic reflection: it fits any story; name what this one taught you")
	}
	return out
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "“" + Safe(s) + "”"
	}
	return strings.Join(q, ", ")
}

func safeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Safe(s)
	}
	return out
}

// rate asks for a rating, proposing one (Enter accepts it).
func (r *rehearsal) rate(proposed starcards.Rating) (starcards.Rating, error) {
	parts := make([]string, 4)
	for i, rt := range starcards.Ratings {
		label := fmt.Sprintf("%d %s", rt, starcards.Capitalize(rt.String()))
		if rt == proposed {
			label = "[" + label + "]"
		}
		parts[i] = label
	}
	r.printf("Rate it: %s (Enter accepts %s)\n", strings.Join(parts, " · "), starcards.Capitalize(proposed.String()))
	for {
		k, err := r.key()
		if err != nil {
			return 0, err
		}
		switch {
		case k >= '1' && k <= '4':
			return starcards.Rating(k - '0'), nil
		case k == KeyEnter || k == KeySpace:
			return proposed, nil
		}
		r.printf("(1 Again, 2 Hard, 3 Good, 4 Easy; Enter accepts %s)\n", starcards.Capitalize(proposed.String()))
	}
}

// record saves a rating of card id as a review whose duration is the
// spoken (or typing) time. A card the collection does not have is skipped
// with a note: the rehearsal still counts it, the schedule has nothing to
// change.
func (r *rehearsal) record(id starcards.CardID, rating starcards.Rating, spoken time.Duration) error {
	cs, err := r.col.Card(id)
	if err != nil {
		r.printf("(%s is not in the collection; this answer is not scheduled)\n", id)
		return nil
	}
	at := r.now().Truncate(time.Second)
	spoken = min(max(spoken, 0), maxSpokenTime)
	after := r.sched.Answer(id, cs.Schedule, rating, at)
	rev := starcards.Review{
		Card: id, Time: at.UTC(), Rating: rating, Duration: spoken.Round(time.Millisecond), Spoken: true,
		Before: cs.Schedule, After: after,
	}
	if err := r.col.Answer(rev); err != nil {
		return err
	}
	r.log = append(r.log, rev)
	r.printf("→ %s, next in %s\n", rating, scheduler.FormatInterval(after.Due.Sub(at)))
	return nil
}

// opening returns the first words of a text, as a cue.
func opening(text string, words int) string {
	f := strings.Fields(text)
	if len(f) <= words {
		return strings.Join(f, " ")
	}
	return strings.Join(f[:words], " ") + " …"
}

// sectionCard returns the id of the card that a drill rates for a section:
// the section card, or if the story's cards have none, another card of the
// section's facet.
func sectionCard(states []starcards.CardState, story, section string) (starcards.CardID, bool) {
	want := starcards.CardID{Story: story, Kind: starcards.KindSection, Key: section}
	facet := "section/" + section
	var alt starcards.CardID
	for _, cs := range states {
		if cs.Retired || cs.Card.ID.Story != story {
			continue
		}
		if cs.Card.ID == want {
			return want, true
		}
		if alt == (starcards.CardID{}) && cs.Card.Facet == facet {
			alt = cs.Card.ID
		}
	}
	return alt, alt != starcards.CardID{}
}

// Readiness returns each story's readiness at now: the mean probability of
// recall over its live cards, new cards counting 0.
func Readiness(states []starcards.CardState, now time.Time) map[string]float64 {
	sum, n := map[string]float64{}, map[string]int{}
	for _, cs := range states {
		if cs.Retired {
			continue
		}
		n[cs.Card.ID.Story]++
		sum[cs.Card.ID.Story] += scheduler.Retrievability(cs.Schedule, now)
	}
	out := make(map[string]float64, len(n))
	for id, c := range n {
		out[id] = sum[id] / float64(c)
	}
	return out
}

// Weakest returns the story among candidates with the lowest readiness
// (the first such in candidates' order), or "" for none.
func Weakest(candidates []string, readiness map[string]float64) string {
	best := ""
	for _, id := range candidates {
		if best == "" || readiness[id] < readiness[best] {
			best = id
		}
	}
	return best
}

// ratingList formats ratings in order: "good, hard".
func ratingList(rs []starcards.Rating) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return strings.Join(out, ", ")
}

// levelTime returns the time limit of the story's level matching level,
// and the level's name as the story writes it.
func levelTime(s *starcards.Story, level string) (time.Duration, string) {
	if level == "" {
		return 0, ""
	}
	for _, l := range s.Levels {
		if answer.SameLevel(l.Level, level) {
			return l.Time, l.Level
		}
	}
	return 0, level
}

// followupCard returns the card id of a follow-up.
func followupCard(story string, f starcards.Followup) starcards.CardID {
	return starcards.CardID{Story: story, Kind: starcards.KindFollowup, Key: decks.FollowupKey(f)}
}
