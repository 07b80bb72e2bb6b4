package scheduler

import (
	"slices"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

func planCard(story string, kind starcards.Kind, key string) starcards.CardState {
	return starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: story, Kind: kind, Key: key}, Facet: string(kind) + "/" + key}}
}

func TestPlanOrder(t *testing.T) {
	var cards []starcards.CardState
	for _, s := range []string{"a", "b"} {
		cards = append(cards, planCard(s, starcards.KindSection, "situation"), planCard(s, starcards.KindSection, "action"),
			planCard(s, starcards.KindFollowup, "why"), planCard(s, starcards.KindQuiz, "q"))
	}
	cards = append(cards, planCard("c", "outline", "story"), planCard("c", starcards.KindAngle, "ownership"))
	retired := planCard("a", starcards.KindMistake, "old")
	retired.Retired = true
	cards = append(cards, retired)
	ids := func(p starcards.Plan) []string {
		o := PlanOrder(p, cards)
		var out []string
		for _, i := range o.byRank {
			out = append(out, cards[i].Card.ID.String())
		}
		return out
	}
	tests := []struct {
		name string
		plan starcards.Plan
		want []string
	}{
		{"Interleaved", starcards.Plan{}, []string{
			"a/section/situation", "b/section/situation", "c/outline/story", "a/section/action", "b/section/action",
			"a/followup/why", "b/followup/why", "c/angle/ownership", "a/quiz/q", "b/quiz/q",
		}},
		{"Focus", starcards.Plan{Focus: "b"}, []string{
			"b/section/situation", "b/section/action", "b/followup/why", "b/quiz/q",
			"a/section/situation", "c/outline/story", "a/section/action", "a/followup/why", "c/angle/ownership", "a/quiz/q",
		}},
		{"PlanStoriesInOrder", starcards.Plan{Stories: []string{"c", "a"}}, []string{
			"c/outline/story", "a/section/situation", "a/section/action", "c/angle/ownership", "a/followup/why", "a/quiz/q",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.plan); !slices.Equal(got, tt.want) {
				t.Errorf("order\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestMeasurePace(t *testing.T) {
	id := func(k starcards.Kind) starcards.CardID { return starcards.CardID{Story: "s", Kind: k, Key: "k"} }
	log := []starcards.Review{
		{Card: id(starcards.KindSection), Duration: 40 * time.Second},
		{Card: id(starcards.KindSection), Duration: 5 * time.Minute}, // capped at a minute
		{Card: id(starcards.KindQuiz), Duration: 8 * time.Second},
		{Card: id(starcards.KindQuiz), Duration: 0}, // not timed: left out
	}
	p := MeasurePace(log)
	tests := []struct {
		kind starcards.Kind
		want float64
	}{
		{starcards.KindSection, 50},
		{starcards.KindQuiz, 8},
		{starcards.KindFollowup, defaultGlanceSecond},
		{"outline", defaultTellSeconds},
	}
	for _, tt := range tests {
		if got := p.Seconds(tt.kind); got != tt.want {
			t.Errorf("Seconds(%s) = %v, want %v", tt.kind, got, tt.want)
		}
	}
}

func TestCalendar(t *testing.T) {
	loc := time.FixedZone("UTC+1", 3600)
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, loc) }
	tests := []struct {
		name              string
		start, interview  int
		cutoffDays        int
		wantCutoff        int // date of the first final-window day
		wantPhaseAt10On4  Phase
		wantDaysLeftOnDay int
	}{
		{"TenDays", 1, 11, 0, 8, PhaseLearn, 10},
		{"FourDays", 1, 5, 0, 3, PhaseWindow, 4},
		{"ThreeDays", 1, 4, 0, 3, PhaseWarmup, 3},
		{"TwoDays", 1, 3, 0, 2, PhaseEnded, 2},
		{"OneDay", 1, 2, 0, 2, PhaseEnded, 1},
		{"CutoffFive", 1, 11, 5, 6, PhaseLearn, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCalendar(starcards.Plan{Start: day(tt.start), Interview: day(tt.interview), CutoffDays: tt.cutoffDays}, 4)
			if want := time.Date(2026, 12, tt.wantCutoff, 4, 0, 0, 0, loc); !c.Cutoff.Equal(want) {
				t.Errorf("Cutoff = %v, want %v", c.Cutoff, want)
			}
			if got := c.Phase(time.Date(2026, 12, 4, 10, 0, 0, 0, loc)); got != tt.wantPhaseAt10On4 {
				t.Errorf("Phase on the 4th = %v, want %v", got, tt.wantPhaseAt10On4)
			}
			if got := c.StudyDaysLeft(time.Date(2026, 12, 1, 10, 0, 0, 0, loc)); got != tt.wantDaysLeftOnDay {
				t.Errorf("StudyDaysLeft = %d, want %d", got, tt.wantDaysLeftOnDay)
			}
			// Day and DayStart agree, fast path and slow.
			for d := -3; d < 60; d++ {
				n := c.Day(day(1)) + d
				if got := c.Day(c.DayStart(n).Add(time.Hour)); got != n {
					t.Fatalf("Day(DayStart(%d)) = %d", n, got)
				}
			}
		})
	}
}

func TestWarmupQueue(t *testing.T) {
	loc := time.UTC
	cfg := starcards.DefaultConfig()
	interview := time.Date(2026, 12, 11, 0, 0, 0, 0, loc)
	plan := starcards.Plan{Start: interview.AddDate(0, 0, -10), Interview: interview}
	now := time.Date(2026, 12, 11, 7, 0, 0, 0, loc)
	var cards []starcards.CardState
	for i, stab := range []float64{30, 2, 9, 0.5} {
		cs := planCard("s", starcards.KindFollowup, string(rune('a'+i)))
		cs.Schedule = starcards.Schedule{State: starcards.StateReview, Stability: stab, Difficulty: 5, LastReview: now.Add(-48 * time.Hour), Due: now.Add(time.Duration(i) * 24 * time.Hour)}
		cards = append(cards, cs)
	}
	cards = append(cards, planCard("s", starcards.KindQuiz, "new"))
	pace := Pace{starcards.KindFollowup: 300} // 5 minutes each: three fit in 15
	pl := NewPlanner(plan, cfg, cards, nil, now, pace, nil)
	q := BuildQueue(cards, nil, cfg, now, Options{Plan: pl})
	want := []string{"s/followup/d", "s/followup/b", "s/followup/c"}
	var got []string
	for _, id := range q.Cards {
		got = append(got, id.String())
	}
	if !slices.Equal(got, want) || q.New != 0 {
		t.Fatalf("warm-up %v (new %d), want %v, weakest first, within 15 minutes, no new cards", got, q.New, want)
	}
	// Answered today: not offered again.
	today := []starcards.Review{{Card: cards[3].Card.ID, Time: now, Duration: 5 * time.Minute, Before: cards[3].Schedule, After: cards[3].Schedule}}
	q = BuildQueue(cards, today, cfg, now.Add(time.Minute), Options{Plan: pl})
	if len(q.Cards) != 2 || q.Cards[0].Key != "b" {
		t.Fatalf("after one answer: %v, want b and c", q.Cards)
	}
}

// TestLoadBalance checks that an interval of some days lands on the least
// loaded day up to 15 % earlier, and that a capped interval lands on the
// least-loaded day of the final window.
func TestLoadBalance(t *testing.T) {
	loc := time.UTC
	cfg := starcards.DefaultConfig()
	cfg.Fuzz = false
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, loc)
	plan := starcards.Plan{Start: start, Interview: start.AddDate(0, 0, 40)}
	now := time.Date(2026, 11, 1, 10, 0, 0, 0, loc)
	s := MustNew(t, cfg)
	sc := starcards.Schedule{State: starcards.StateReview, Stability: 5, Difficulty: 5, Reps: 3, LastReview: now.Add(-5 * 24 * time.Hour), Due: now}
	free := s.Answer(cardID, sc, good, now)
	pl := NewPlanner(plan, cfg, nil, nil, now, nil, nil)
	ideal := pl.Cal.Day(free.Due)
	if ideal-pl.Cal.Day(now) < 7 || !free.Due.Before(pl.Cal.Cutoff) {
		t.Fatalf("interval %v does not suit the test", free.Due.Sub(now))
	}
	for d := ideal - 20; d <= ideal; d++ {
		pl.load[d] = 100
	}
	pl.load[ideal-1] = 10
	got := s.WithPlanner(pl).Answer(cardID, sc, good, now)
	if d := pl.Cal.Day(got.Due); d != ideal-1 {
		t.Errorf("balanced due on day %+d of the ideal, want -1 (the least loaded)", d-ideal)
	}
	// Capped into the final window: its least-loaded day.
	long := sc
	long.Stability = 300
	c := pl.Cal
	w := pl.Cal.Day(c.Cutoff)
	pl.load[w], pl.load[w+1], pl.load[w+2] = 50, 5, 50
	got = s.WithPlanner(pl).Answer(cardID, long, good, now)
	if d := pl.Cal.Day(got.Due); d != w+1 {
		t.Errorf("capped due on window day %d, want %d", d-w, 1)
	}
}

// TestPlanQueue checks a plan's queue: the budget cuts the new cards; the
// final window brings no new card, shows only the cards weak on the day,
// and buries no sibling.
func TestPlanQueue(t *testing.T) {
	loc := time.UTC
	cfg := starcards.DefaultConfig()
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	plan := starcards.Plan{Start: start, Interview: start.AddDate(0, 0, 10), Minutes: 5}
	var cards []starcards.CardState
	for i := range 20 {
		cards = append(cards, planCard("s", starcards.KindSection, string(rune('a'+i))))
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
	pl := NewPlanner(plan, cfg, cards, nil, now, nil, nil)
	if pl.Quota() != 3 {
		t.Fatalf("Quota = %d, want 3 (20 cards over 7 days)", pl.Quota())
	}
	q := BuildQueue(cards, nil, cfg, now, Options{Plan: pl})
	if q.New != 2 { // 2 × 2.2 × 60 s fit in 5 minutes, 3 do not
		t.Fatalf("New = %d, want 2 within the budget", q.New)
	}

	// The final window: two siblings due, one weak on the day, one strong.
	win := time.Date(2026, 12, 9, 9, 0, 0, 0, loc)
	weak := planCard("t", starcards.KindPhrase, "x")
	strong := planCard("t", starcards.KindMistake, "x")
	weak.Card.Facet, strong.Card.Facet = "section/x", "section/x"
	weak.Schedule = starcards.Schedule{State: starcards.StateReview, Stability: 1, Difficulty: 5, Reps: 6, LastReview: win.Add(-24 * time.Hour), Due: win.Add(-time.Hour)}
	strong.Schedule = starcards.Schedule{State: starcards.StateReview, Stability: 300, Difficulty: 5, Reps: 6, LastReview: win.Add(-24 * time.Hour), Due: win.Add(-time.Hour)}
	sib := weak
	sib.Card.ID.Key = "y"
	// A young card (one review since it was learned), strong and not due:
	// it comes back too, after the weak ones, for a second review.
	youngCard := planCard("t", starcards.KindQuiz, "z")
	youngCard.Schedule = starcards.Schedule{State: starcards.StateReview, Stability: 300, Difficulty: 5, Reps: 3, LastReview: win.Add(-24 * time.Hour), Due: win.Add(48 * time.Hour)}
	cards = append(cards, youngCard, weak, strong, sib)
	pl = NewPlanner(plan, cfg, cards, nil, win, nil, nil)
	q = BuildQueue(cards, nil, cfg, win, Options{Plan: pl})
	want := []starcards.CardID{weak.Card.ID, sib.Card.ID, youngCard.Card.ID}
	if q.New != 0 || !slices.Equal(q.Cards, want) {
		t.Fatalf("window queue %v (%+v), want %v: the two weak siblings, then the young card, and no new card", q.Cards, q.Counts, want)
	}
}

// TestPlanQueueLater: under a plan too, the new cards of Options.Later's
// stories come only after every other story's.
func TestPlanQueueLater(t *testing.T) {
	loc := time.UTC
	cfg := starcards.DefaultConfig()
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	plan := starcards.Plan{Start: start, Interview: start.AddDate(0, 0, 10), Minutes: 60}
	var cards []starcards.CardState
	for _, s := range []string{"sample", "mine"} {
		for i := range 4 {
			cards = append(cards, planCard(s, starcards.KindSection, string(rune('a'+i))))
		}
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
	pl := NewPlanner(plan, cfg, cards, nil, now, nil, nil)
	for _, tc := range []struct {
		name  string
		later []string
		first string // the story of the first new card
	}{
		{"NoLater", nil, ""},
		{"SampleLater", []string{"sample"}, "mine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := BuildQueue(cards, nil, cfg, now, Options{Plan: pl, Later: tc.later})
			if q.New == 0 {
				t.Fatal("no new card")
			}
			seenLater := false
			for _, id := range q.Cards {
				if slices.Contains(tc.later, id.Story) {
					seenLater = true
				} else if seenLater {
					t.Fatalf("queue %v: %s after a card of %v", q.Cards, id, tc.later)
				}
			}
			if tc.first != "" && q.Cards[0].Story != tc.first {
				t.Errorf("queue %v starts with %s, want a card of %s", q.Cards, q.Cards[0], tc.first)
			}
		})
	}
}
