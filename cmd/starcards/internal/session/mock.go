package session

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/answer"
	"github.com/starcards/starcards/scheduler"
)

// Default times of a mock answer, when the story gives none.
const (
	// MainTarget is the time for telling a whole story.
	MainTarget = 2 * time.Minute
	// FollowupTarget is the time for answering a follow-up.
	FollowupTarget = time.Minute
)

// MockRound is one question of a mock loop: a principle, the story told for
// it, the card the answer is a review of, and the follow-ups to ask after.
type MockRound struct {
	Principle string
	Story     *starcards.Story
	Card      starcards.CardID // zero if the story has no card for it
	Target    time.Duration
	Followups []starcards.Followup // weakest first
}

// MockOptions choose the rounds of a mock.
type MockOptions struct {
	Principle string // only this principle (any case); "" for all
	Rounds    int    // number of questions; 0 means 2, or what Minutes allows
	Minutes   int    // the time budget; 0 for none
}

// ErrNoPrinciple is returned by [PlanMock] when no story is tagged with the
// principle asked for.
var ErrNoPrinciple = errors.New("no story is tagged with that principle")

// PlanMock chooses a mock's rounds: principles weakest first (the lowest
// mean readiness of their stories), for each the least rehearsed story
// tagged with it (fewest spoken answers; then the lowest readiness), not
// repeating a story while another is left, and its follow-ups weakest first
// (lowest recall now; new ones first), one to three of them as the time
// budget allows.
func PlanMock(stories []*starcards.Story, states []starcards.CardState, log []starcards.Review, now time.Time, opt MockOptions) ([]MockRound, error) {
	ready := Readiness(states, now)
	spoken := map[string]int{}
	for _, r := range log {
		if r.Spoken {
			spoken[r.Card.Story]++
		}
	}
	recall := map[starcards.CardID]float64{}
	for _, cs := range states {
		recall[cs.Card.ID] = scheduler.Retrievability(cs.Schedule, now)
	}
	// Principles and their stories.
	type principle struct {
		name    string
		stories []*starcards.Story
		ready   float64
		first   int
	}
	byKey := map[string]*principle{}
	var ps []*principle
	for _, st := range stories {
		for _, p := range storyPrinciples(st) {
			k := strings.ToLower(p)
			if opt.Principle != "" && k != strings.ToLower(strings.TrimSpace(opt.Principle)) {
				continue
			}
			pr := byKey[k]
			if pr == nil {
				pr = &principle{name: p, first: len(ps)}
				byKey[k] = pr
				ps = append(ps, pr)
			}
			pr.stories = append(pr.stories, st)
			pr.ready += ready[st.ID]
		}
	}
	if len(ps) == 0 {
		return nil, ErrNoPrinciple
	}
	slices.SortStableFunc(ps, func(a, b *principle) int {
		return cmp.Compare(a.ready/float64(len(a.stories)), b.ready/float64(len(b.stories)))
	})

	n, followups := opt.Rounds, 3
	if opt.Minutes > 0 {
		budget := time.Duration(opt.Minutes) * time.Minute
		if n <= 0 {
			n = max(1, int(budget/(MainTarget+2*FollowupTarget)))
		}
		per := budget/time.Duration(n) - MainTarget
		followups = min(3, max(1, int(per/FollowupTarget)))
	}
	if n <= 0 {
		n = 2
	}
	used := map[string]bool{}
	var rounds []MockRound
	for i := 0; i < n; i++ {
		p := ps[i%len(ps)]
		cands := slices.Clone(p.stories)
		slices.SortStableFunc(cands, func(a, b *starcards.Story) int {
			if c := cmp.Compare(b2i(used[a.ID]), b2i(used[b.ID])); c != 0 {
				return c
			}
			if c := cmp.Compare(spoken[a.ID], spoken[b.ID]); c != 0 {
				return c
			}
			return cmp.Compare(ready[a.ID], ready[b.ID])
		})
		st := cands[0]
		used[st.ID] = true
		spoken[st.ID]++
		fs := slices.Clone(st.Followups)
		slices.SortStableFunc(fs, func(a, b starcards.Followup) int {
			return cmp.Compare(recall[followupCard(st.ID, a)], recall[followupCard(st.ID, b)])
		})
		if len(fs) > followups {
			fs = fs[:followups]
		}
		rounds = append(rounds, MockRound{
			Principle: p.name,
			Story:     st,
			Card:      mainCard(states, st, p.name),
			Target:    storyTarget(st),
			Followups: fs,
		})
	}
	return rounds, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// storyPrinciples returns the principles a story is tagged with, then
// those it has an angle for, without duplicates (ignoring case).
func storyPrinciples(st *starcards.Story) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range st.Principles {
		if k := strings.ToLower(strings.TrimSpace(p)); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, strings.TrimSpace(p))
		}
	}
	for _, a := range st.Angles {
		if k := strings.ToLower(strings.TrimSpace(a.Principle)); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, strings.TrimSpace(a.Principle))
		}
	}
	return out
}

// storyTarget is the time for telling the whole story: its section targets
// added up, or MainTarget.
func storyTarget(st *starcards.Story) time.Duration {
	var t time.Duration
	for _, s := range st.Sections {
		t += s.Target
	}
	if t == 0 {
		return MainTarget
	}
	return t
}

// mainCard is the card a mock's main answer is a review of: the story's
// angle for the principle, else its outline, else its first section card.
func mainCard(states []starcards.CardState, st *starcards.Story, principle string) starcards.CardID {
	want := []string{"angle/" + decks.Slug(principle), "outline"}
	if len(st.Sections) > 0 {
		want = append(want, "section/"+st.Sections[0].Name)
	}
	for _, facet := range want {
		for _, cs := range states {
			if !cs.Retired && cs.Card.ID.Story == st.ID && cs.Card.Facet == facet {
				return cs.Card.ID
			}
		}
	}
	return starcards.CardID{}
}

// angle returns the story's angle for a principle.
func angle(st *starcards.Story, principle string) (starcards.Angle, bool) {
	for _, a := range st.Angles {
		if strings.EqualFold(strings.TrimSpace(a.Principle), principle) {
			return a, true
		}
	}
	return starcards.Angle{}, false
}

// Mock runs a mock loop round: for each [MockRound] the question, a timed
// answer, what it probes, the strong answer and its key line and why the
// weak one fails, a rating recorded as a review of the card; then the
// follow-ups the same way; and a summary per principle.
type Mock struct {
	Col    Collection
	In     Input // a LineInput for typed answers
	Out    io.Writer
	Now    func() time.Time
	Rounds []MockRound
	Config starcards.Config
	Tick   func() (<-chan time.Time, func())
	Width  int
}

// MockAnswer is one answered question of a mock.
type MockAnswer struct {
	Principle string
	Card      starcards.CardID
	Question  string
	Spoken    time.Duration
	Target    time.Duration
	Rating    starcards.Rating
}

// Run runs the rounds, then prints the summary and returns the answers.
func (m *Mock) Run() ([]MockAnswer, error) {
	r, err := newRehearsal(m.Col, m.In, m.Out, m.Now, m.Tick, m.Config, m.Width)
	if err != nil {
		return nil, err
	}
	var answers []MockAnswer
	quit := false
	for i, rd := range m.Rounds {
		r.printf("\n%s\nQuestion %d of %d · %s · story “%s”\n", strings.Repeat("━", 40), i+1, len(m.Rounds), Safe(rd.Principle), Safe(rd.Story.Title))
		a, err := m.main(r, rd)
		if err != nil {
			if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
				quit = true
				break
			}
			return answers, err
		}
		answers = append(answers, a)
		for j, f := range rd.Followups {
			r.printf("\n── Follow-up %d of %d\n", j+1, len(rd.Followups))
			a, err := m.followup(r, rd, f)
			if err != nil {
				if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
					quit = true
					break
				}
				return answers, err
			}
			answers = append(answers, a)
		}
		if quit {
			break
		}
	}
	m.printSummary(r, answers, quit)
	return answers, nil
}

func (m *Mock) main(r *rehearsal, rd MockRound) (MockAnswer, error) {
	st := rd.Story
	q := st.Question
	if q == "" {
		q = "Tell me about a time you showed " + rd.Principle + "."
	}
	a := MockAnswer{Principle: rd.Principle, Card: rd.Card, Question: q, Target: rd.Target}
	r.printf("Q: %s\n", r.wrap(q))
	r.printf("(the whole story · %s)\n", clock(rd.Target))
	t, err := r.timed(rd.Target)
	if err != nil {
		return a, err
	}
	a.Spoken = t.elapsed
	r.showTime(t.elapsed, rd.Target)
	ang, hasAngle := angle(st, rd.Principle)
	probes := rd.Principle
	if hasAngle && ang.Emphasize != "" {
		probes += ": " + ang.Emphasize
	}
	r.printf("\nProbes: %s\n", r.wrap(probes))
	r.printf("Strong answer:\n")
	var strong []string
	var phrases []string
	for _, sec := range st.Sections {
		e, _ := answer.ForSection(st, sec.Name, "")
		if e.Strong != "" {
			r.printf("  %s: %s\n", sec.Title(), Safe(opening(e.Strong, 14)))
			strong = append(strong, e.Strong)
		}
		phrases = append(phrases, sec.Phrases...)
	}
	if hasAngle && ang.Lead != "" {
		r.printf("Key line: %s\n", r.wrap(ang.Lead))
	}
	if hasAngle && ang.Downplay != "" {
		r.printf("Downplay: %s\n", r.wrap(ang.Downplay))
	}
	if w := st.WeakAnswer; w != nil {
		why := strings.Join(w.Flaws, " · ")
		if w.Verdict != "" {
			why = strings.TrimSpace(why + " — " + w.Verdict)
		}
		if why != "" {
			r.printf("Why the weak answer fails: %s\n", r.wrap(why))
		}
	}
	proposed := proposeSpoken(nil, t.elapsed, rd.Target)
	if proposed == starcards.Easy {
		proposed = starcards.Good
	}
	if t.isTyped {
		rep := answer.Check(answer.Expect{Strong: strings.Join(strong, "\n"), Phrases: phrases, Story: answer.StoryText(st)}, t.typed)
		r.printf("Key phrases covered: %d of %d\n", rep.Covered, len(rep.Phrases))
		r.showCheck(rep)
		proposed = rep.Rating
	}
	a.Rating, err = r.rate(proposed)
	if err != nil {
		return a, err
	}
	if rd.Card == (starcards.CardID{}) {
		r.printf("(no card for this question; the rating is not scheduled)\n")
		return a, nil
	}
	return a, r.record(rd.Card, a.Rating, t.elapsed)
}

func (m *Mock) followup(r *rehearsal, rd MockRound, f starcards.Followup) (MockAnswer, error) {
	id := followupCard(rd.Story.ID, f)
	a := MockAnswer{Principle: rd.Principle, Card: id, Question: f.Question, Target: FollowupTarget}
	r.printf("Q: %s\n", r.wrap(f.Question))
	t, err := r.timed(FollowupTarget)
	if err != nil {
		return a, err
	}
	a.Spoken = t.elapsed
	r.showTime(t.elapsed, FollowupTarget)
	if f.Probes != "" {
		r.printf("\nProbes: %s\n", r.wrap(f.Probes))
	}
	if f.Strong != "" {
		r.printf("Strong answer: %s\n", r.wrap(f.Strong))
	}
	if f.Key != "" {
		r.printf("Key line: %s\n", r.wrap(f.Key))
	}
	if f.Weak != "" {
		why := "“" + f.Weak + "”"
		if f.WeakWhy != "" {
			why += " — " + f.WeakWhy
		}
		r.printf("Why the weak answer fails: %s\n", r.wrap(why))
	}
	var items []string
	if f.Key != "" {
		items = []string{f.Key}
	}
	var pre []bool
	var rep answer.Report
	if t.isTyped {
		rep = answer.Check(answer.ForFollowup(rd.Story, f), t.typed)
		pre = make([]bool, len(rep.Phrases))
		for i, p := range rep.Phrases {
			pre[i] = p.Covered
		}
	}
	ticked, err := r.checklist("Key line", items, pre)
	if err != nil {
		return a, err
	}
	proposed := proposeSpoken(ticked, t.elapsed, FollowupTarget)
	if t.isTyped {
		r.showCheck(rep)
		proposed = rep.Rating
	}
	a.Rating, err = r.rate(proposed)
	if err != nil {
		return a, err
	}
	return a, r.record(id, a.Rating, t.elapsed)
}

func (m *Mock) printSummary(r *rehearsal, answers []MockAnswer, quit bool) {
	r.printf("\n%s\n", strings.Repeat("═", 40))
	if len(answers) == 0 {
		r.printf("No question answered.\n")
		return
	}
	if quit {
		r.printf("Stopped early.\n")
	}
	var order []string
	by := map[string][]MockAnswer{}
	for _, a := range answers {
		if _, ok := by[a.Principle]; !ok {
			order = append(order, a.Principle)
		}
		by[a.Principle] = append(by[a.Principle], a)
	}
	for _, p := range order {
		var spoken, target time.Duration
		var ratings []starcards.Rating
		var again []string
		for _, a := range by[p] {
			spoken += a.Spoken
			target += a.Target
			ratings = append(ratings, a.Rating)
			if a.Rating <= starcards.Hard && a.Card != (starcards.CardID{}) {
				again = append(again, a.Card.String())
			}
		}
		line := fmt.Sprintf("%s: %s of %s", Safe(p), clock(spoken), clock(target))
		if over := overBy(spoken, target); over > 0 {
			line += fmt.Sprintf(" (⚠ over by %s)", clock(over))
		}
		r.printf("%s · %s\n", line, ratingList(ratings))
		if len(again) > 0 {
			r.printf("  look again: %s\n", strings.Join(again, ", "))
		}
	}
}
