package stats

import (
	"cmp"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

// Input is what [Compute] needs. Compute neither modifies nor retains it.
type Input struct {
	// Stories are the collection's stories; only ID, Title, Principles and
	// Angles are used.
	Stories []starcards.Story
	// Cards are the collection's cards, retired ones included. A Card needs
	// only ID (Facet, Ord and Tags are not used; text never is).
	Cards []starcards.CardState
	// LoadCards, if not nil, gives Cards instead: Compute calls it once,
	// after reading the log, so that the caller can read the cards while
	// the log is read.
	LoadCards func() []starcards.CardState
	// Reviews yields the review log, oldest first. It is read once and never
	// held in memory; a nil iterator is an empty log. Entries out of order
	// are counted correctly, only more slowly. Only the fields of an
	// [Answer] are read.
	Reviews iter.Seq[starcards.Review]
	// Log, if not nil, is read instead of Reviews: the same log as answers
	// whose card is decoded only where Compute needs it.
	Log iter.Seq[Answer]
	// Config gives the day start hour, desired retention and new cards per
	// day. A DesiredRetention of 0 means 0.90.
	Config starcards.Config
	// Interview is the study plan's interview date (midnight in the user's
	// zone); zero without a plan.
	Interview time.Time
	// Plan, if set, is the plan's planner at Now: what is left today is
	// counted under it, as review and due count it.
	Plan *scheduler.Planner
	// Later are the stories whose new cards come after the others' (see
	// scheduler.Options.Later), as review and due order them.
	Later []string
	// Now is the time the figures are for; its Location is the user's zone,
	// in which study days start at Config.DayStartHour.
	Now time.Time
	// Story limits the figures to one story's cards, reviews and principles;
	// "" means the whole collection.
	Story string
	// Days is the number of forecast days, today included; 0 means 14. It
	// is capped at 3650.
	Days int
	// Catalogue is the competency catalogue (Amazon's Leadership Principles
	// unless the user chose another, nil for none): its principles that no
	// story covers are listed in Report.Uncovered.
	Catalogue []string
	// Targets are the stories' time targets (section targets added up),
	// for the spoken times of drills; nil for none.
	Targets map[string]time.Duration
}

// Periods of the retention table, in study days.
var retentionPeriods = [...]struct {
	name string
	days int
}{{"today", 1}, {"7d", 7}, {"30d", 30}, {"365d", 365}}

const (
	defaultForecastDays = 14
	maxForecastDays     = 3650
	heatmapWeeks        = 26
	// matureDays is the interval from which a card counts as mature, as in Anki.
	matureDays = 21
	weakestN   = 3
	// minReadyStories is how many ready stories a principle needs not to be
	// flagged.
	minReadyStories = 2
)

// Compute computes the report for in. It reads in.Reviews once.
func Compute(in Input) Report {
	now := in.Now
	loc := now.Location()
	hour := in.Config.DayStartHour
	target := in.Config.DesiredRetention
	if target <= 0 {
		target = starcards.DefaultConfig().DesiredRetention
	}
	nForecast := in.Days
	if nForecast <= 0 {
		nForecast = defaultForecastDays
	}
	nForecast = min(nForecast, maxForecastDays)

	dayStart := starcards.DayStart(now, hour)
	dm := days{loc: loc, hour: hour}
	today := dm.of(now)

	r := Report{
		Generated:        now,
		Date:             civilDate(today),
		DayStartHour:     hour,
		Story:            in.Story,
		DesiredRetention: target,
	}

	// Reviews.
	var (
		perDay    = map[int]int{}
		curDay    = 0
		curCount  = 0
		todayCard = map[starcards.CardID]struct{}{}
		todayLog  []starcards.Review                       // for the one count of what is left today
		filter    = starcards.Filter{}                     // the cards counted
		ret       [len(retentionPeriods)][2]RetentionCount // [period][young=0, mature=1]
		spoken    spokenAgg
	)
	if in.Story != "" {
		filter.Stories = []string{in.Story}
	}
	for a := range answers(in) {
		// The card's id is decoded only for the answers that need it:
		// today's, the spoken ones.
		var id starcards.CardID
		haveID := false
		cardID := func() starcards.CardID {
			if !haveID {
				id, haveID = a.Card.CardID(), true
			}
			return id
		}
		// Today's answers of every story count against the day's
		// limits, as due counts them, whatever story is shown.
		if !a.Time.Before(dayStart) {
			todayLog = append(todayLog, a.review(cardID()))
		}
		if in.Story != "" && !a.Card.InStory(in.Story) {
			continue
		}
		if a.Spoken {
			spoken.add(a.review(cardID()))
		}
		k := dm.of(a.Time)
		if k != curDay {
			if curCount > 0 {
				perDay[curDay] += curCount
			}
			curDay, curCount = k, 0
		}
		curCount++
		off := today - k
		if off == 0 {
			t := &r.Today
			t.Answers++
			todayCard[cardID()] = struct{}{}
			if a.Rating == starcards.Again {
				t.Again++
			}
			switch a.BeforeState {
			case starcards.StateNew:
				t.New++
			case starcards.StateLearning:
				t.Learning++
			case starcards.StateReview:
				t.Review++
			case starcards.StateRelearning:
				t.Relearning++
			}
			t.Seconds += a.Duration.Seconds()
		}
		if a.BeforeState != starcards.StateReview || off < 0 || off >= 365 {
			continue
		}
		m := 0
		if a.BeforeScheduledDays >= matureDays {
			m = 1
		}
		for i, p := range retentionPeriods {
			if off < p.days {
				if a.Rating == starcards.Again {
					ret[i][m].Failed++
				} else {
					ret[i][m].Passed++
				}
			}
		}
	}
	if curCount > 0 {
		perDay[curDay] += curCount
	}
	r.Today.Cards = len(todayCard)
	r.Retention = make([]Retention, len(retentionPeriods))
	for i, p := range retentionPeriods {
		y, m := ret[i][0], ret[i][1]
		all := RetentionCount{Passed: y.Passed + m.Passed, Failed: y.Failed + m.Failed}
		r.Retention[i] = Retention{Period: p.name, Days: p.days, Young: y.rated(), Mature: m.rated(), All: all.rated()}
	}
	r.Heatmap = heatmap(perDay, today)
	r.Streak = streak(perDay, today)

	// Cards.
	bounds := make([]time.Time, nForecast) // bounds[i] is the end of forecast day i
	for i := range bounds {
		y, m, d := dayStart.Date()
		bounds[i] = time.Date(y, m, d+i+1, hour, 0, 0, 0, loc)
	}
	r.Forecast = make([]ForecastDay, nForecast)
	for i := range r.Forecast {
		r.Forecast[i].Date = civilDate(today + i)
	}

	var interviewAt time.Time
	if iv := in.Interview; !iv.IsZero() {
		y, m, d := iv.In(loc).Date()
		ny, nm, nd := now.Date()
		if n := civil(y, m, d) - civil(ny, nm, nd); n >= 0 {
			r.Interview = &Interview{Date: civilDate(civil(y, m, d)), Days: n}
			interviewAt = iv
			if interviewAt.Before(now) {
				interviewAt = now
			}
		}
	}

	kindIdx := make(map[starcards.Kind]int, len(starcards.Kinds))
	r.Cards.Kinds = make([]KindCounts, 0, len(starcards.Kinds))
	for i, k := range starcards.Kinds {
		kindIdx[k] = i
		r.Cards.Kinds = append(r.Cards.Kinds, KindCounts{Kind: k})
	}
	aggs := map[string]*storyAgg{}
	var last *storyAgg
	if in.LoadCards != nil {
		in.Cards = in.LoadCards()
	}
	for i := range in.Cards {
		cs := &in.Cards[i]
		id := cs.Card.ID
		if !filter.Match(id) {
			continue
		}
		s := &cs.Schedule
		ki, ok := kindIdx[id.Kind]
		if !ok {
			ki = len(r.Cards.Kinds)
			kindIdx[id.Kind] = ki
			r.Cards.Kinds = append(r.Cards.Kinds, KindCounts{Kind: id.Kind})
		}
		kc := &r.Cards.Kinds[ki].StateCounts
		kc.Total++
		switch {
		case cs.Retired:
			kc.Retired++
			continue
		case s.Suspended:
			kc.Suspended++
		case s.State == starcards.StateNew:
			kc.New++
		case s.State == starcards.StateLearning:
			kc.Learning++
		case s.State == starcards.StateReview:
			kc.Review++
		case s.State == starcards.StateRelearning:
			kc.Relearning++
		}

		if last == nil || last.id != id.Story {
			last = aggs[id.Story]
			if last == nil {
				last = &storyAgg{id: id.Story}
				aggs[id.Story] = last
			}
		}
		last.cards++
		if s.State != starcards.StateNew {
			last.studied++
			rn := scheduler.Retrievability(*s, now)
			last.knowledge += rn
			last.addWeak(id, rn)
			if !interviewAt.IsZero() {
				last.interview += scheduler.Retrievability(*s, interviewAt)
			}
		}

		if s.Suspended {
			continue
		}
		if s.State == starcards.StateNew {
			continue
		}
		if !s.BuriedUntil.After(now) && s.State == starcards.StateReview && s.Due.Before(dayStart) {
			r.Today.Overdue++
		}
		if d := sort.Search(len(bounds), func(i int) bool { return s.Due.Before(bounds[i]) }); d < len(bounds) {
			r.Forecast[d].Due++
		}
	}
	for _, k := range r.Cards.Kinds {
		t := &r.Cards.Total
		t.New += k.New
		t.Learning += k.Learning
		t.Review += k.Review
		t.Relearning += k.Relearning
		t.Suspended += k.Suspended
		t.Retired += k.Retired
		t.Total += k.Total
	}
	// What is left today is the scheduler's one count, as due and the
	// review summary show it.
	left := scheduler.DayCounts(in.Cards, todayLog, in.Config, now, scheduler.Options{Filter: filter, Plan: in.Plan, Later: in.Later})
	r.Today.DueLearning, r.Today.DueReview, r.Today.NewRemaining = left.Learning, left.Review, left.New
	r.Today.Left = left.Total()

	r.Stories, r.Principles = readiness(in, aggs, target, !interviewAt.IsZero())
	r.Uncovered = uncovered(in, r.Principles)
	ids := make([]string, len(r.Stories))
	for i, s := range r.Stories {
		ids[i] = s.ID
	}
	r.Spoken = spoken.report(ids, in.Targets)
	return r
}

// uncovered returns the catalogue's principles that no story is tagged
// with, in catalogue order; none when the figures are for one story.
func uncovered(in Input, covered []Principle) []string {
	if in.Story != "" {
		return []string{}
	}
	names := make([]string, len(covered))
	for i, p := range covered {
		names[i] = p.Name
	}
	return scheduler.Uncovered(in.Catalogue, names)
}

// rated returns c with Rate set.
func (c RetentionCount) rated() RetentionCount {
	c.Rate = ratio(float64(c.Passed), c.Count())
	return c
}

// ratio returns x/n, or 0 if n is 0.
func ratio(x float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return x / float64(n)
}

// heatmap lays out perDay (answers by day number) over the 26 weeks ending
// with the week of today.
func heatmap(perDay map[int]int, today int) Heatmap {
	start := today - weekday(today) - (heatmapWeeks-1)*7
	h := Heatmap{
		Weeks: heatmapWeeks,
		Start: civilDate(start),
		End:   civilDate(today),
		Days:  make([]HeatmapDay, 0, today-start+1),
	}
	for k := start; k <= today; k++ {
		n := perDay[k]
		h.Max = max(h.Max, n)
		h.Answers += n
		if n > 0 {
			h.ActiveDays++
		}
		h.Days = append(h.Days, HeatmapDay{Date: civilDate(k), Answers: n})
	}
	for i := range h.Days {
		h.Days[i].Level = level(h.Days[i].Answers, h.Max)
	}
	return h
}

// level returns the heatmap intensity of n answers when the busiest day had
// max: 0 for none, else ceil(4n/max).
func level(n, max int) int {
	if n <= 0 || max <= 0 {
		return 0
	}
	return min(4, (4*n+max-1)/max)
}

// streak finds the current and longest runs of days in perDay.
func streak(perDay map[int]int, today int) Streak {
	var s Streak
	keys := make([]int, 0, len(perDay))
	for k, n := range perDay {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	run := 0
	for i, k := range keys {
		if i > 0 && keys[i-1] == k-1 {
			run++
		} else {
			run = 1
		}
		s.Longest = max(s.Longest, run)
	}
	s.StudiedToday = perDay[today] > 0
	end := today
	if !s.StudiedToday {
		end = today - 1
	}
	for k := end; perDay[k] > 0; k-- {
		s.Current++
	}
	return s
}

// storyAgg accumulates one story's cards.
type storyAgg struct {
	id             string
	cards, studied int
	knowledge      float64
	interview      float64 // sum of retrievability at the interview
	weak           [weakestN]weakCard
	nweak          int
}

type weakCard struct {
	id starcards.CardID
	r  float64
}

// less orders weak cards by retrievability, then id.
func (a weakCard) less(b weakCard) bool {
	if a.r != b.r {
		return a.r < b.r
	}
	if c := cmp.Compare(a.id.Kind, b.id.Kind); c != 0 {
		return c < 0
	}
	return a.id.Key < b.id.Key
}

// addWeak keeps the weakestN cards with the lowest retrievability.
func (g *storyAgg) addWeak(id starcards.CardID, r float64) {
	c := weakCard{id, r}
	if g.nweak == weakestN && !c.less(g.weak[weakestN-1]) {
		return
	}
	i := min(g.nweak, weakestN-1)
	if g.nweak < weakestN {
		g.nweak++
	}
	for ; i > 0 && c.less(g.weak[i-1]); i-- {
		g.weak[i] = g.weak[i-1]
	}
	g.weak[i] = c
}

// readiness builds the story and principle tables.
func readiness(in Input, aggs map[string]*storyAgg, target float64, interview bool) ([]StoryReadiness, []Principle) {
	stories := []StoryReadiness{}
	seen := map[string]bool{}
	add := func(id, title string, principles []string) {
		seen[id] = true
		g := aggs[id]
		if g == nil {
			g = &storyAgg{id: id}
		}
		sr := StoryReadiness{
			ID:             id,
			Title:          title,
			Principles:     principles,
			Cards:          g.cards,
			Studied:        g.studied,
			Coverage:       ratio(float64(g.studied), g.cards),
			Retrievability: ratio(g.knowledge, g.studied),
			Knowledge:      g.knowledge,
			Readiness:      ratio(g.knowledge, g.cards),
			Weakest:        make([]CardRecall, g.nweak),
		}
		sr.Ready = sr.Cards > 0 && sr.Readiness >= target
		for i, w := range g.weak[:g.nweak] {
			sr.Weakest[i] = CardRecall{Card: w.id.String(), Retrievability: w.r}
		}
		if interview {
			ir, ird := ratio(g.interview, g.studied), ratio(g.interview, g.cards)
			sr.InterviewRetrievability, sr.InterviewReadiness = &ir, &ird
		}
		stories = append(stories, sr)
	}
	for _, st := range in.Stories {
		if (in.Story != "" && st.ID != in.Story) || seen[st.ID] {
			continue
		}
		add(st.ID, st.Title, storyPrinciples(st))
	}
	var extra []string
	for id, g := range aggs {
		if !seen[id] && g.cards > 0 {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		add(id, "", []string{})
	}

	byKey := map[string]*Principle{}
	var keys []string
	for _, sr := range stories {
		for _, p := range sr.Principles {
			k := strings.ToLower(p)
			pr := byKey[k]
			if pr == nil {
				pr = &Principle{Name: p, Stories: []PrincipleStory{}}
				byKey[k] = pr
				keys = append(keys, k)
			}
			pr.Stories = append(pr.Stories, PrincipleStory{ID: sr.ID, Readiness: sr.Readiness, Ready: sr.Ready})
			if sr.Ready {
				pr.Ready++
			}
		}
	}
	slices.Sort(keys)
	principles := make([]Principle, 0, len(keys))
	for _, k := range keys {
		p := byKey[k]
		slices.SortStableFunc(p.Stories, func(a, b PrincipleStory) int {
			if c := cmp.Compare(b.Readiness, a.Readiness); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		p.Weak = p.Ready < minReadyStories
		principles = append(principles, *p)
	}
	return stories, principles
}

// storyPrinciples returns the principles st is tagged with, then those it has
// an angle for, trimmed and without duplicates (ignoring case).
func storyPrinciples(st starcards.Story) []string {
	out := []string{}
	seen := map[string]bool{}
	add := func(p string) {
		p = strings.TrimSpace(p)
		k := strings.ToLower(p)
		if p == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, p)
	}
	for _, p := range st.Principles {
		add(p)
	}
	for _, a := range st.Angles {
		add(a.Principle)
	}
	return out
}
