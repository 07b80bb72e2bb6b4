package session

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks/answer"
)

// Drill is a timed walkthrough of one story, a section at a time: the
// section's name, target and opening cue; a timer while the candidate
// speaks (Enter stops it, t types the answer instead); the time against the
// target; the strong example; the key phrases as a checklist; the coaching
// and the common mistake; and a rating, recorded as a review of the
// section's card with the spoken time as its duration.
type Drill struct {
	Col   Collection
	In    Input // a LineInput for checklists and typed answers
	Out   io.Writer
	Now   func() time.Time
	Story *starcards.Story
	// Cards are the collection's cards (states are enough): which card
	// each section's rating is a review of.
	Cards  []starcards.CardState
	Config starcards.Config
	// Level picks the time limit and the reflection ("SDE 1", "Senior");
	// "" means none.
	Level string
	// Tick, if set, starts a running timer: a channel that ticks and a
	// function that stops it. Nil in piped mode.
	Tick  func() (<-chan time.Time, func())
	Width int
}

// SectionResult is one drilled section.
type SectionResult struct {
	Section string
	Card    starcards.CardID
	Spoken  time.Duration
	Target  time.Duration
	Missed  []string // key phrases not said
	Rating  starcards.Rating
	Typed   bool
}

// DrillSummary is what a drill did.
type DrillSummary struct {
	Story    string
	Sections []SectionResult
	Total    time.Duration
	Limit    time.Duration // the level's time limit; 0 if none
	Level    string
	Quit     bool
}

// Run drills every section of the story in order, then prints and returns
// the summary. q quits (sections rated so far are kept).
func (d *Drill) Run() (DrillSummary, error) {
	r, err := newRehearsal(d.Col, d.In, d.Out, d.Now, d.Tick, d.Config, d.Width)
	if err != nil {
		return DrillSummary{}, err
	}
	sum := DrillSummary{Story: d.Story.ID}
	sum.Limit, sum.Level = levelTime(d.Story, d.Level)
	title := Safe(d.Story.Title)
	r.printf("Drill: “%s”", title)
	if sum.Level != "" {
		r.printf(" · %s", Safe(sum.Level))
	}
	if sum.Limit > 0 {
		r.printf(" · keep to %s", clock(sum.Limit))
	}
	r.printf("\n")
	if d.Level != "" && !hasLevel(d.Story, d.Level) && len(d.Story.Levels) > 0 {
		names := make([]string, len(d.Story.Levels))
		for i, l := range d.Story.Levels {
			names[i] = Safe(l.Level)
		}
		r.printf("(no level “%s” in this story, so no time limit; its levels: %s)\n", Safe(d.Level), strings.Join(names, ", "))
	}
	if q := d.Story.Question; q != "" {
		r.printf("Q: %s\n", r.wrap(q))
	}
	for i, sec := range d.Story.Sections {
		res, err := d.section(r, i, sec)
		if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
			sum.Quit = true
			break
		}
		if err != nil {
			return sum, err
		}
		sum.Sections = append(sum.Sections, res)
		sum.Total += res.Spoken
	}
	d.printSummary(r, sum)
	return sum, nil
}

func (d *Drill) section(r *rehearsal, i int, sec starcards.Section) (SectionResult, error) {
	res := SectionResult{Section: sec.Name, Target: sec.Target}
	r.printf("\n── %s (%d/%d)", sec.Title(), i+1, len(d.Story.Sections))
	if sec.Target > 0 {
		r.printf(" · target %s", clock(sec.Target))
	}
	r.printf("\n")
	e, _ := answer.ForSection(d.Story, sec.Name, d.Level)
	if e.Strong != "" {
		r.printf("Opening: “%s”\n", Safe(opening(e.Strong, 6)))
	}
	t, err := r.timed(sec.Target)
	if err != nil {
		return res, err
	}
	res.Spoken, res.Typed = t.elapsed, t.isTyped
	r.showTime(t.elapsed, sec.Target)
	if e.Strong != "" {
		r.printf("\nStrong example:\n%s\n\n", r.wrap(e.Strong))
	}
	var pre []bool
	var rep answer.Report
	if t.isTyped {
		rep = answer.Check(e, t.typed)
		pre = make([]bool, len(rep.Phrases))
		for j, p := range rep.Phrases {
			pre[j] = p.Covered
		}
	}
	ticked, err := r.checklist("Key phrases and numbers", sec.Phrases, pre)
	if err != nil {
		return res, err
	}
	for j, ok := range ticked {
		if !ok {
			res.Missed = append(res.Missed, sec.Phrases[j])
		}
	}
	if t.isTyped {
		r.showCheck(rep)
	}
	if sec.Coaching != "" {
		r.printf("Coaching: %s\n", r.wrap(sec.Coaching))
	}
	if sec.Mistake != "" {
		r.printf("Common mistake: %s\n", r.wrap(sec.Mistake))
	}
	proposed := proposeSpoken(ticked, t.elapsed, sec.Target)
	if t.isTyped {
		proposed = rep.Rating
		r.printf("Checker: %s\n", strings.Join(rep.Reasons, "; "))
	}
	rating, err := r.rate(proposed)
	if err != nil {
		return res, err
	}
	res.Rating = rating
	id, ok := sectionCard(d.Cards, d.Story.ID, sec.Name)
	if !ok {
		r.printf("(no card for the %s; this rating is not scheduled)\n", sec.Title())
		return res, nil
	}
	res.Card = id
	return res, r.record(id, rating, t.elapsed)
}

func (d *Drill) printSummary(r *rehearsal, sum DrillSummary) {
	r.printf("\n%s\n", strings.Repeat("═", 40))
	if len(sum.Sections) == 0 {
		r.printf("No section drilled.\n")
		return
	}
	var target time.Duration
	for _, s := range sum.Sections {
		target += s.Target
	}
	line := fmt.Sprintf("Total: %s", clock(sum.Total))
	switch {
	case sum.Limit > 0:
		line += fmt.Sprintf(" of the %s limit for %s", clock(sum.Limit), Safe(sum.Level))
		if over := overBy(sum.Total, sum.Limit); over > 0 {
			line += fmt.Sprintf(" — ⚠ over by %s", clock(over))
		} else {
			line += " ✓"
		}
	case target > 0:
		line += fmt.Sprintf(" (section targets add up to %s)", clock(target))
	}
	r.printf("%s\n", line)
	if sum.Quit {
		r.printf("Stopped after %d of %d sections.\n", len(sum.Sections), len(d.Story.Sections))
	}
	var over []string
	for _, s := range sum.Sections {
		if overBy(s.Spoken, s.Target) > 0 {
			over = append(over, fmt.Sprintf("%s %s of %s", starcards.Capitalize(s.Section), clock(s.Spoken), clock(s.Target)))
		}
	}
	if len(over) > 0 {
		r.printf("Over time: %s\n", strings.Join(over, "; "))
	} else {
		r.printf("Over time: none\n")
	}
	var missed []string
	for _, s := range sum.Sections {
		for _, m := range s.Missed {
			missed = append(missed, starcards.Capitalize(s.Section)+" “"+Safe(m)+"”")
		}
	}
	if len(missed) > 0 {
		r.printf("Missed: %s\n", strings.Join(missed, "; "))
	} else {
		r.printf("Missed: nothing\n")
	}
	parts := make([]string, len(sum.Sections))
	for i, s := range sum.Sections {
		parts[i] = starcards.Capitalize(s.Section) + " " + s.Rating.String()
	}
	r.printf("Ratings: %s\n", strings.Join(parts, " · "))
}

// hasLevel reports whether the story has a level variant matching level.
func hasLevel(s *starcards.Story, level string) bool {
	for _, l := range s.Levels {
		if answer.SameLevel(l.Level, level) {
			return true
		}
	}
	return false
}
