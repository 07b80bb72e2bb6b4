package scheduler

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/starcards/starcards"
)

// ForecastSeed seeds the simulated recall of [Forecast]: a plan's forecast
// is the same every time it is asked for.
const ForecastSeed = 1

// ForecastInput is what a plan's forecast is made from.
type ForecastInput struct {
	Plan   starcards.Plan
	Config starcards.Config
	// Stories give the principles each story is tagged with or angled
	// for.
	Stories []StoryPrinciples
	// Cards is the collection in collection order, Log its review log,
	// oldest first (the pace is measured from it).
	Cards []starcards.CardState
	Log   []starcards.Review
	Now   time.Time
}

// StoryPrinciples are the principles a story serves.
type StoryPrinciples struct {
	ID         string
	Principles []string
}

// Principles returns the story's principles and angles, each once.
func Principles(st starcards.Story) StoryPrinciples {
	sp := StoryPrinciples{ID: st.ID}
	for _, p := range st.Principles {
		if !slices.Contains(sp.Principles, p) {
			sp.Principles = append(sp.Principles, p)
		}
	}
	for _, a := range st.Angles {
		if a.Principle != "" && !slices.Contains(sp.Principles, a.Principle) {
			sp.Principles = append(sp.Principles, a.Principle)
		}
	}
	return sp
}

// Uncovered returns the principles of catalogue that none of the tagged
// names is (compared without case and with spaces folded), in catalogue
// order: the competencies no story serves yet ("Think Big: 0 stories").
// It is never nil.
func Uncovered(catalogue, tagged []string) []string {
	fold := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	have := make(map[string]bool, len(tagged))
	for _, p := range tagged {
		have[fold(p)] = true
	}
	out := []string{}
	for _, p := range catalogue {
		if !have[fold(p)] {
			out = append(out, p)
		}
	}
	return out
}

// Forecast is a plan's forecast: a [Simulation] of every study day up to
// the interview with the user's own pace and recall.
type Forecast struct {
	Days     []SimDay // today to the eve, then the interview day's warm-up
	Calendar Calendar
	Budget   time.Duration // the daily budget
	// Total is the number of cards in the plan, Learned how many are
	// learned by the cut-off.
	Total, Learned int
	// Largest is the largest study day's time (the warm-up aside).
	Largest time.Duration
	// Stories and Principles are the predicted recall on the interview day
	// (at Calendar.At, from the eve's state: the warm-up not counted).
	Stories    []StoryRecall
	Principles []PrincipleRecall
	// Thin lists the principles with fewer than two stories ready.
	Thin []string
	// Fits reports whether the plan fits: every card learned by the
	// cut-off and no day more than 10 % over budget.
	Fits bool
}

// StoryRecall is a story's predicted recall on the interview day.
type StoryRecall struct {
	ID string
	// Recall is the mean predicted recall of the story's cards (0 for a
	// card never learned).
	Recall float64
	// Ready reports whether Recall reaches the desired retention.
	Ready bool
}

// PrincipleRecall is a principle's predicted recall on the interview day.
type PrincipleRecall struct {
	Principle string
	Recall    float64  // mean recall of its stories
	Stories   []string // the plan's stories tagged with it
	Ready     int      // how many of them are ready
}

// RunForecast simulates the plan of in and sums it up.
func RunForecast(in ForecastInput) Forecast { return runForecast(in, false) }

func runForecast(in ForecastInput, short bool) Forecast {
	sim := Simulation{Plan: in.Plan, Config: in.Config, Cards: in.Cards, Log: in.Log, Now: in.Now, Seed: ForecastSeed, StopShort: short}
	res := sim.Run()
	minutes := in.Plan.Minutes
	if minutes <= 0 {
		minutes = starcards.DefaultPlanMinutes
	}
	fc := Forecast{Days: res.Days, Calendar: res.Calendar, Budget: time.Duration(minutes) * time.Minute, Total: res.Total, Learned: res.Learned}
	for _, d := range res.Days {
		if d.Phase != PhaseWarmup {
			fc.Largest = max(fc.Largest, time.Duration(d.Seconds*float64(time.Second)))
		}
	}
	fc.Fits = fc.Learned >= fc.Total && fc.Largest <= fc.Budget*11/10
	retention := in.Config.DesiredRetention
	f := in.Plan.Filter()
	sum, n := map[string]float64{}, map[string]int{}
	for i := range res.Eve {
		cs := &res.Eve[i]
		if cs.Retired || cs.Schedule.Suspended || !f.Match(cs.Card.ID) {
			continue
		}
		sum[cs.Card.ID.Story] += Retrievability(cs.Schedule, res.Calendar.At)
		n[cs.Card.ID.Story]++
	}
	ready := map[string]StoryRecall{}
	for id, c := range n {
		r := StoryRecall{ID: id, Recall: sum[id] / float64(c)}
		r.Ready = r.Recall >= retention
		ready[id] = r
		fc.Stories = append(fc.Stories, r)
	}
	slices.SortFunc(fc.Stories, func(a, b StoryRecall) int { return cmp.Compare(a.ID, b.ID) })
	byP := map[string]*PrincipleRecall{}
	var names []string
	for _, st := range in.Stories {
		r, ok := ready[st.ID]
		if !ok {
			continue
		}
		for _, p := range st.Principles {
			pr := byP[p]
			if pr == nil {
				pr = &PrincipleRecall{Principle: p}
				byP[p] = pr
				names = append(names, p)
			}
			if slices.Contains(pr.Stories, st.ID) {
				continue
			}
			pr.Stories = append(pr.Stories, st.ID)
			pr.Recall += r.Recall
			if r.Ready {
				pr.Ready++
			}
		}
	}
	slices.Sort(names)
	for _, p := range names {
		pr := byP[p]
		pr.Recall /= float64(len(pr.Stories))
		fc.Principles = append(fc.Principles, *pr)
		if pr.Ready < 2 {
			fc.Thin = append(fc.Thin, p)
		}
	}
	return fc
}

// Advice says what would make a plan that does not fit fit: each option
// alone, found by forecasting the changed plan.
type Advice struct {
	// Minutes is the daily budget that fits; 0 if none up to MaxAdviceMinutes.
	Minutes int
	// Stories is how many of the plan's stories fit (its first ones, in
	// plan order), fewer than now; -1 if even one does not.
	Stories int
	// Interview is a later date that fits; zero if none within MaxPlanDays.
	Interview time.Time
}

// MaxAdviceMinutes is the largest daily budget [Advise] considers: four
// hours a day is no plan.
const MaxAdviceMinutes = 240

// Advise returns what would make the plan of in fit, searching each option
// by bisection. Call it for a plan whose forecast does not fit.
func Advise(in ForecastInput) Advice {
	fits := func(p starcards.Plan) bool {
		c := in
		c.Plan = p
		return runForecast(c, true).Fits
	}
	var adv Advice
	base := in.Plan
	if base.Minutes <= 0 {
		base.Minutes = starcards.DefaultPlanMinutes
	}
	// More minutes a day, in steps of 5.
	lo, hi := base.Minutes/5, MaxAdviceMinutes/5 // fits(hi*5)?
	withMinutes := func(k int) starcards.Plan { p := base; p.Minutes = k * 5; return p }
	if fits(withMinutes(hi)) {
		for lo+1 < hi {
			mid := (lo + hi) / 2
			if fits(withMinutes(mid)) {
				hi = mid
			} else {
				lo = mid
			}
		}
		adv.Minutes = hi * 5
	}
	// Fewer stories.
	stories := planStories(base, in.Cards)
	withStories := func(k int) starcards.Plan { p := base; p.Stories = stories[:k]; return p }
	adv.Stories = -1
	if len(stories) > 1 && fits(withStories(1)) {
		lo, hi := 1, len(stories) // fits(lo), !fits(hi)
		for lo+1 < hi {
			mid := (lo + hi) / 2
			if fits(withStories(mid)) {
				lo = mid
			} else {
				hi = mid
			}
		}
		adv.Stories = lo
	}
	// A later date.
	withDays := func(k int) starcards.Plan { p := base; p.Interview = base.Interview.AddDate(0, 0, k); return p }
	maxDays := MaxPlanDays - max(NewCalendar(base, in.Config.DayStartHour).days(in.Now, base.Interview), 0)
	// Doubling first: short plans are cheap to simulate, long ones not.
	lo, hi = 0, 1
	for hi < maxDays && !fits(withDays(hi)) {
		lo, hi = hi, min(2*hi, maxDays)
	}
	if hi <= maxDays && (hi < maxDays || fits(withDays(hi))) {
		for lo+1 < hi {
			mid := (lo + hi) / 2
			if fits(withDays(mid)) {
				hi = mid
			} else {
				lo = mid
			}
		}
		adv.Interview = withDays(hi).Interview
	}
	return adv
}

// planStories returns the plan's stories in order: its own list, or every
// story with live cards in collection order.
func planStories(p starcards.Plan, cards []starcards.CardState) []string {
	if len(p.Stories) > 0 {
		return p.Stories
	}
	var out []string
	for i := range cards {
		if id := cards[i].Card.ID.Story; !cards[i].Retired && (len(out) == 0 || out[len(out)-1] != id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
