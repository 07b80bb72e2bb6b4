package stats

import (
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // for TestDaylightSaving

	"github.com/starcards/starcards"
)

var (
	cardA = starcards.CardID{Story: "s1", Kind: starcards.KindSection, Key: "action"}
	cardB = starcards.CardID{Story: "s1", Kind: starcards.KindFollowup, Key: "why"}
)

// rv returns a log entry for card answered at t, in state before with the
// interval days.
func rv(id starcards.CardID, t time.Time, rating starcards.Rating, before starcards.State, days uint64) starcards.Review {
	return starcards.Review{
		Card: id, Time: t.UTC(), Rating: rating, Duration: 10 * time.Second,
		Before: starcards.Schedule{State: before, ScheduledDays: days},
		After:  starcards.Schedule{State: starcards.StateReview, ScheduledDays: days + 1},
	}
}

// input returns an input at now with the default config and the given log.
func input(now time.Time, reviews ...starcards.Review) Input {
	return Input{Config: starcards.DefaultConfig(), Now: now, Reviews: seq(reviews)}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRetention(t *testing.T) {
	now := local(2026, time.March, 11, 10, 0)
	// n answers at hour h local on the study day `ago` days before today,
	// with `again` of them Again.
	answers := func(ago, n, again int, state starcards.State, days uint64) []starcards.Review {
		var rs []starcards.Review
		for i := range n {
			rating := starcards.Good
			if i < again {
				rating = starcards.Again
			}
			rs = append(rs, rv(cardA, local(2026, time.March, 11-ago, 12, i%60), rating, state, days))
		}
		return rs
	}
	tests := []struct {
		name    string
		reviews []starcards.Review
		// want[period] = {young passed, young failed, mature passed, mature failed}
		want [4][4]int
		rate [4]float64 // all
	}{
		{
			name:    "100AnswersTenAgain",
			reviews: answers(0, 100, 10, starcards.StateReview, 5),
			want:    [4][4]int{{90, 10, 0, 0}, {90, 10, 0, 0}, {90, 10, 0, 0}, {90, 10, 0, 0}},
			rate:    [4]float64{0.9, 0.9, 0.9, 0.9},
		},
		{
			name: "YoungAndMature",
			reviews: slices.Concat(
				answers(0, 4, 1, starcards.StateReview, 20),  // young: interval < 21
				answers(0, 6, 3, starcards.StateReview, 21)), // mature
			want: [4][4]int{{3, 1, 3, 3}, {3, 1, 3, 3}, {3, 1, 3, 3}, {3, 1, 3, 3}},
			rate: [4]float64{0.6, 0.6, 0.6, 0.6},
		},
		{
			name: "Periods",
			reviews: slices.Concat(
				answers(364, 1, 1, starcards.StateReview, 30), // 365d only
				answers(365, 5, 0, starcards.StateReview, 30), // too old
				answers(29, 2, 0, starcards.StateReview, 3),   // 30d
				answers(7, 4, 2, starcards.StateReview, 3),    // 30d
				answers(6, 3, 0, starcards.StateReview, 3),    // 7d
				answers(1, 1, 1, starcards.StateReview, 3)),   // 7d
			want: [4][4]int{{0, 0, 0, 0}, {3, 1, 0, 0}, {7, 3, 0, 0}, {7, 3, 0, 1}},
			rate: [4]float64{0, 0.75, 0.7, 7.0 / 11},
		},
		{
			name: "OnlyReviewStateCounts",
			reviews: slices.Concat(
				answers(0, 3, 1, starcards.StateNew, 0),
				answers(0, 3, 1, starcards.StateLearning, 0),
				answers(0, 3, 1, starcards.StateRelearning, 0),
				answers(0, 2, 1, starcards.StateReview, 1)),
			want: [4][4]int{{1, 1, 0, 0}, {1, 1, 0, 0}, {1, 1, 0, 0}, {1, 1, 0, 0}},
			rate: [4]float64{0.5, 0.5, 0.5, 0.5},
		},
		{
			name: "DayStartsAt4",
			reviews: []starcards.Review{
				rv(cardA, local(2026, time.March, 11, 3, 59), starcards.Again, starcards.StateReview, 2), // yesterday
				rv(cardA, local(2026, time.March, 11, 4, 0), starcards.Good, starcards.StateReview, 2),   // today
			},
			want: [4][4]int{{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 0, 0}, {1, 1, 0, 0}},
			rate: [4]float64{1, 0.5, 0.5, 0.5},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(input(now, tt.reviews...))
			if len(r.Retention) != 4 {
				t.Fatalf("len(Retention)=%d, want 4", len(r.Retention))
			}
			for i, p := range r.Retention {
				got := [4]int{p.Young.Passed, p.Young.Failed, p.Mature.Passed, p.Mature.Failed}
				if got != tt.want[i] {
					t.Errorf("%s: young/mature passed/failed=%v, want %v", p.Period, got, tt.want[i])
				}
				if !near(p.All.Rate, tt.rate[i]) {
					t.Errorf("%s: All.Rate=%v, want %v", p.Period, p.All.Rate, tt.rate[i])
				}
			}
		})
	}
	t.Run("PeriodNames", func(t *testing.T) {
		r := Compute(input(now))
		var got []string
		for _, p := range r.Retention {
			got = append(got, fmt.Sprintf("%s/%d", p.Period, p.Days))
		}
		if want := []string{"today/1", "7d/7", "30d/30", "365d/365"}; !slices.Equal(got, want) {
			t.Fatalf("periods=%v, want %v", got, want)
		}
	})
}

func TestStreak(t *testing.T) {
	// Study days are named by how many days before 11 March they start.
	at := func(day, hour, min int) starcards.Review {
		return rv(cardA, local(2026, time.March, 11-day, hour, min), starcards.Good, starcards.StateReview, 1)
	}
	tests := []struct {
		name    string
		now     time.Time
		reviews []starcards.Review
		want    Streak
	}{
		{"Empty", local(2026, time.March, 11, 10, 0), nil, Streak{}},
		{"TodayOnly", local(2026, time.March, 11, 10, 0), []starcards.Review{at(0, 9, 0)}, Streak{Current: 1, Longest: 1, StudiedToday: true}},
		{
			"ThreeDaysToToday", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(2, 9, 0), at(1, 23, 0), at(0, 5, 0)},
			Streak{Current: 3, Longest: 3, StudiedToday: true},
		},
		{
			"AliveUntilTodayEnds", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(2, 9, 0), at(1, 9, 0)},
			Streak{Current: 2, Longest: 2},
		},
		{
			"Broken", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(3, 9, 0), at(2, 9, 0)},
			Streak{Current: 0, Longest: 2},
		},
		// 03:30 on the 11th belongs to the study day of the 10th, so the 9th,
		// 10th and (at 03:30) still the 10th make a two-day streak, alive.
		{
			"Before4BelongsToYesterday", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(2, 9, 0), at(0, 3, 30)},
			Streak{Current: 2, Longest: 2},
		},
		// Nothing was answered on the calendar day of the 10th, but 03:00 on
		// the 11th counts for the 10th's study day.
		{
			"AnswerAt3BridgesCalendarGap", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(2, 23, 0), at(0, 3, 0), at(0, 5, 0)},
			Streak{Current: 3, Longest: 3, StudiedToday: true},
		},
		// At 02:00 on the 12th, today is still the 11th.
		{
			"NowBefore4", local(2026, time.March, 12, 2, 0),
			[]starcards.Review{at(1, 9, 0), at(0, 9, 0), at(-1, 1, 0)},
			Streak{Current: 2, Longest: 2, StudiedToday: true},
		},
		{
			"LongestInThePast", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(40, 9, 0), at(39, 9, 0), at(38, 9, 0), at(37, 9, 0), at(1, 9, 0), at(0, 9, 0)},
			Streak{Current: 2, Longest: 4, StudiedToday: true},
		},
		{
			"MoreThanAYearAgo", local(2026, time.March, 11, 10, 0),
			[]starcards.Review{at(800, 9, 0), at(799, 9, 0), at(798, 9, 0), at(0, 9, 0)},
			Streak{Current: 1, Longest: 3, StudiedToday: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compute(input(tt.now, tt.reviews...)).Streak
			if got != tt.want {
				t.Fatalf("Streak=%+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStreakUnordered(t *testing.T) {
	now := local(2026, time.March, 11, 10, 0)
	rs := []starcards.Review{
		rv(cardA, local(2026, time.March, 10, 9, 0), starcards.Good, starcards.StateReview, 1),
		rv(cardA, local(2026, time.March, 9, 9, 0), starcards.Good, starcards.StateReview, 1),
		rv(cardA, local(2026, time.March, 10, 19, 0), starcards.Good, starcards.StateReview, 1),
		rv(cardA, local(2026, time.March, 11, 9, 0), starcards.Good, starcards.StateReview, 1),
	}
	r := Compute(input(now, rs...))
	if want := (Streak{Current: 3, Longest: 3, StudiedToday: true}); r.Streak != want {
		t.Fatalf("Streak=%+v, want %+v", r.Streak, want)
	}
	if got := r.Heatmap.Days[len(r.Heatmap.Days)-2].Answers; got != 2 {
		t.Fatalf("answers on 10 March=%d, want 2", got)
	}
}

func TestForecast(t *testing.T) {
	now := local(2026, time.March, 11, 10, 0) // Wednesday
	due := func(key string, state starcards.State, at time.Time) starcards.CardState {
		return card("s1", starcards.KindSection, key, starcards.Schedule{State: state, Due: at.UTC(), Stability: 5, LastReview: now.AddDate(0, 0, -5).UTC()})
	}
	suspended := due("susp", starcards.StateReview, now)
	suspended.Schedule.Suspended = true
	retired := due("ret", starcards.StateReview, now)
	retired.Retired = true
	cards := []starcards.CardState{
		due("overdue", starcards.StateReview, local(2026, time.March, 1, 12, 0)), // today
		due("learn", starcards.StateLearning, local(2026, time.March, 11, 10, 10)),
		due("late", starcards.StateReview, local(2026, time.March, 12, 3, 59)),       // still today
		due("tomorrow", starcards.StateReview, local(2026, time.March, 12, 4, 0)),    // day 1
		due("relearn", starcards.StateRelearning, local(2026, time.March, 12, 9, 0)), // day 1
		due("d13", starcards.StateReview, local(2026, time.March, 25, 3, 0)),         // day 13
		due("d14", starcards.StateReview, local(2026, time.March, 25, 4, 0)),         // beyond 14 days
		card("s1", starcards.KindSection, "new", starcards.Schedule{}),
		suspended, retired,
	}
	tests := []struct {
		name string
		days int
		want map[int]int // day → due; others 0
		n    int
	}{
		{"Default14", 0, map[int]int{0: 3, 1: 2, 13: 1}, 14},
		{"Days3", 3, map[int]int{0: 3, 1: 2}, 3},
		{"Days15", 15, map[int]int{0: 3, 1: 2, 13: 1, 14: 1}, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(now)
			in.Cards = cards
			in.Days = tt.days
			r := Compute(in)
			if len(r.Forecast) != tt.n {
				t.Fatalf("len(Forecast)=%d, want %d", len(r.Forecast), tt.n)
			}
			for i, d := range r.Forecast {
				if want := civilDate(civil(2026, time.March, 11+i)); d.Date != want {
					t.Errorf("Forecast[%d].Date=%s, want %s", i, d.Date, want)
				}
				if d.Due != tt.want[i] {
					t.Errorf("Forecast[%d].Due=%d, want %d", i, d.Due, tt.want[i])
				}
			}
		})
	}
	t.Run("Today", func(t *testing.T) {
		in := input(now)
		in.Cards = cards
		got := Compute(in).Today
		if got.DueLearning != 1 || got.DueReview != 2 || got.Overdue != 1 || got.NewRemaining != 1 {
			t.Fatalf("DueLearning, DueReview, Overdue, NewRemaining=%d, %d, %d, %d, want 1, 2, 1, 1",
				got.DueLearning, got.DueReview, got.Overdue, got.NewRemaining)
		}
	})
}

func TestHeatmap(t *testing.T) {
	now := local(2026, time.March, 11, 10, 0) // Wednesday
	var rs []starcards.Review
	add := func(n int, at time.Time) {
		for range n {
			rs = append(rs, rv(cardA, at, starcards.Good, starcards.StateReview, 1))
		}
	}
	add(1, local(2025, time.September, 14, 12, 0)) // the Sunday before the window
	add(3, local(2025, time.September, 15, 12, 0)) // the first Monday
	add(8, local(2026, time.February, 2, 12, 0))
	add(2, local(2026, time.March, 10, 12, 0))
	add(5, local(2026, time.March, 11, 3, 0)) // the 10th's study day
	add(6, local(2026, time.March, 11, 9, 0))
	h := Compute(input(now, rs...)).Heatmap
	if h.Weeks != 26 || h.Start != "2025-09-15" || h.End != "2026-03-11" {
		t.Fatalf("Weeks, Start, End=%d, %s, %s, want 26, 2025-09-15, 2026-03-11", h.Weeks, h.Start, h.End)
	}
	if want := 25*7 + 3; len(h.Days) != want {
		t.Fatalf("len(Days)=%d, want %d", len(h.Days), want)
	}
	if h.Max != 8 || h.Answers != 24 || h.ActiveDays != 4 {
		t.Fatalf("Max, Answers, ActiveDays=%d, %d, %d, want 8, 24, 4", h.Max, h.Answers, h.ActiveDays)
	}
	want := map[string][2]int{ // date → answers, level
		"2025-09-15": {3, 2}, // ceil(4·3/8) = 2
		"2025-09-16": {0, 0},
		"2026-02-02": {8, 4},
		"2026-03-10": {7, 4}, // ceil(28/8) = 4
		"2026-03-11": {6, 3},
	}
	for i, d := range h.Days {
		if w, ok := want[d.Date]; ok && (d.Answers != w[0] || d.Level != w[1]) {
			t.Errorf("%s: answers, level=%d, %d, want %d, %d", d.Date, d.Answers, d.Level, w[0], w[1])
		}
		if wd := day(d.Date).Weekday(); (int(wd)+6)%7 != i%7 {
			t.Errorf("Days[%d] %s is a %s, want row %d", i, d.Date, wd, i%7)
		}
	}
}

func TestLevel(t *testing.T) {
	tests := []struct{ n, max, want int }{
		{0, 0, 0},
		{0, 8, 0},
		{1, 8, 1},
		{2, 8, 1},
		{3, 8, 2},
		{4, 8, 2},
		{6, 8, 3},
		{7, 8, 4},
		{8, 8, 4},
		{1, 1, 4},
		{1, 3, 2},
		{1, 100, 1},
		{25, 100, 1},
		{26, 100, 2},
		{100, 100, 4},
	}
	for _, tt := range tests {
		if got := level(tt.n, tt.max); got != tt.want {
			t.Errorf("level(%d, %d)=%d, want %d", tt.n, tt.max, got, tt.want)
		}
	}
}

func TestToday(t *testing.T) {
	now := local(2026, time.March, 11, 10, 0)
	rs := []starcards.Review{
		rv(cardA, local(2026, time.March, 11, 3, 0), starcards.Good, starcards.StateReview, 3), // yesterday
		rv(cardA, local(2026, time.March, 11, 8, 0), starcards.Again, starcards.StateNew, 0),
		rv(cardA, local(2026, time.March, 11, 8, 1), starcards.Good, starcards.StateLearning, 0),
		rv(cardB, local(2026, time.March, 11, 8, 2), starcards.Again, starcards.StateReview, 3),
		rv(cardB, local(2026, time.March, 11, 8, 12), starcards.Easy, starcards.StateRelearning, 0),
	}
	rs[2].Duration = 25 * time.Second
	in := input(now, rs...)
	in.Config.NewPerDay = 2
	for i := range 5 {
		in.Cards = append(in.Cards, card("s1", starcards.KindQuiz, fmt.Sprint(i), starcards.Schedule{}))
	}
	got := Compute(in).Today
	want := Today{Answers: 4, Cards: 2, Again: 2, New: 1, Learning: 1, Review: 1, Relearning: 1, Seconds: 55, NewRemaining: 1, Left: 1}
	if got != want {
		t.Fatalf("Today=%+v, want %+v", got, want)
	}
}

func TestCardCounts(t *testing.T) {
	s := func(state starcards.State) starcards.Schedule { return starcards.Schedule{State: state} }
	susp := s(starcards.StateReview)
	susp.Suspended = true
	retired := card("s1", starcards.KindSection, "r", s(starcards.StateReview))
	retired.Retired = true
	retired.Schedule.Suspended = true // retired wins
	in := input(local(2026, time.March, 11, 10, 0))
	in.Cards = []starcards.CardState{
		card("s1", starcards.KindSection, "a", s(starcards.StateNew)),
		card("s1", starcards.KindSection, "b", s(starcards.StateReview)),
		card("s1", starcards.KindSection, "c", s(starcards.StateReview)),
		card("s1", starcards.KindQuiz, "d", s(starcards.StateLearning)),
		card("s1", starcards.KindQuiz, "e", s(starcards.StateRelearning)),
		card("s1", starcards.KindAngle, "f", susp),
		retired,
	}
	c := Compute(in).Cards
	var kinds []starcards.Kind
	for _, k := range c.Kinds {
		kinds = append(kinds, k.Kind)
	}
	if !slices.Equal(kinds, starcards.Kinds) {
		t.Fatalf("kinds=%v, want %v", kinds, starcards.Kinds)
	}
	want := map[starcards.Kind]StateCounts{
		starcards.KindSection: {New: 1, Review: 2, Retired: 1, Total: 4},
		starcards.KindQuiz:    {Learning: 1, Relearning: 1, Total: 2},
		starcards.KindAngle:   {Suspended: 1, Total: 1},
	}
	for _, k := range c.Kinds {
		if k.StateCounts != want[k.Kind] {
			t.Errorf("%s: %+v, want %+v", k.Kind, k.StateCounts, want[k.Kind])
		}
	}
	if w := (StateCounts{New: 1, Learning: 1, Review: 2, Relearning: 1, Suspended: 1, Retired: 1, Total: 7}); c.Total != w {
		t.Errorf("Total=%+v, want %+v", c.Total, w)
	}
}

// at returns a schedule last reviewed `ago` before now with stability s days.
func at(now time.Time, s float64, ago time.Duration) starcards.Schedule {
	return starcards.Schedule{State: starcards.StateReview, Stability: s, LastReview: now.Add(-ago).UTC(), Due: now.Add(time.Hour).UTC()}
}

func TestReadiness(t *testing.T) {
	now := local(2026, time.March, 11, 0, 0)
	const day = 24 * time.Hour
	// R = (1 + 19/81·t/S)^-0.5: 0.9 at t = S, 0.5 at t = 3·81/19·S.
	retired := card("s1", starcards.KindQuiz, "gone", at(now, 1, 300*day))
	retired.Retired = true
	in := input(now)
	in.Stories = []starcards.Story{{ID: "s1", Title: "One"}}
	in.Cards = []starcards.CardState{
		card("s1", starcards.KindSection, "ninety", at(now, 10, 10*day)),
		card("s1", starcards.KindSection, "one", at(now, 1, 0)),
		card("s1", starcards.KindSection, "half", at(now, 19, 243*day)),
		card("s1", starcards.KindSection, "new", starcards.Schedule{}),
		retired,
	}
	in.Interview = local(2026, time.March, 12, 0, 0)
	r := Compute(in)
	if len(r.Stories) != 1 {
		t.Fatalf("len(Stories)=%d, want 1", len(r.Stories))
	}
	s := r.Stories[0]
	if s.Cards != 4 || s.Studied != 3 || !near(s.Coverage, 0.75) {
		t.Errorf("Cards, Studied, Coverage=%d, %d, %v, want 4, 3, 0.75", s.Cards, s.Studied, s.Coverage)
	}
	if !near(s.Knowledge, 2.4) || !near(s.Retrievability, 0.8) || !near(s.Readiness, 0.6) || s.Ready {
		t.Errorf("Knowledge, Retrievability, Readiness, Ready=%v, %v, %v, %v, want 2.4, 0.8, 0.6, false",
			s.Knowledge, s.Retrievability, s.Readiness, s.Ready)
	}
	var weak []string
	for _, w := range s.Weakest {
		weak = append(weak, fmt.Sprintf("%s %.3f", w.Card, w.Retrievability))
	}
	if want := []string{"s1/section/half 0.500", "s1/section/ninety 0.900", "s1/section/one 1.000"}; !slices.Equal(weak, want) {
		t.Errorf("Weakest=%q, want %q", weak, want)
	}
	// A day later: "one" falls to 0.9; the others a little.
	if s.InterviewReadiness == nil || s.InterviewRetrievability == nil {
		t.Fatalf("interview figures missing")
	}
	r1 := math.Pow(1+19.0/81*11/10, -0.5)
	r2 := math.Pow(1+19.0/81*244/19, -0.5)
	if want := (r1 + 0.9 + r2) / 4; !near(*s.InterviewReadiness, want) {
		t.Errorf("InterviewReadiness=%v, want %v", *s.InterviewReadiness, want)
	}
	if want := (Interview{Date: "2026-03-12", Days: 1}); r.Interview == nil || *r.Interview != want {
		t.Errorf("Interview=%+v, want %+v", r.Interview, want)
	}
}

func TestWeakestTies(t *testing.T) {
	now := local(2026, time.March, 11, 0, 0)
	in := input(now)
	for _, k := range []string{"e", "d", "c", "b", "a"} {
		in.Cards = append(in.Cards, card("s1", starcards.KindSection, k, at(now, 10, 10*24*time.Hour)))
	}
	in.Cards = append(in.Cards, card("s1", starcards.KindAngle, "z", at(now, 10, 20*24*time.Hour)))
	s := Compute(in).Stories[0]
	var got []string
	for _, w := range s.Weakest {
		got = append(got, w.Card)
	}
	if want := []string{"s1/angle/z", "s1/section/a", "s1/section/b"}; !slices.Equal(got, want) {
		t.Fatalf("Weakest=%q, want %q", got, want)
	}
	if s.Title != "" {
		t.Fatalf("Title=%q for a story known only from its cards, want empty", s.Title)
	}
}

func TestPrinciples(t *testing.T) {
	now := local(2026, time.March, 11, 0, 0)
	ready := at(now, 10, 0)                 // R = 1
	unready := at(now, 10, 10*24*time.Hour) // R = 0.9 < 0.95
	in := input(now)
	in.Config.DesiredRetention = 0.95
	in.Stories = []starcards.Story{
		{ID: "a", Principles: []string{"Ownership", "Bias for Action"}},
		{ID: "b", Principles: []string{" ownership "}, Angles: []starcards.Angle{{Principle: "Dive Deep"}, {Principle: "Ownership"}}},
		{ID: "c", Principles: []string{"Ownership", "Dive Deep"}},
		{ID: "d"},
	}
	in.Cards = []starcards.CardState{
		card("a", starcards.KindSection, "x", ready),
		card("b", starcards.KindSection, "x", ready),
		card("c", starcards.KindSection, "x", unready),
	}
	r := Compute(in)
	type row struct {
		Name    string
		Stories string
		Ready   int
		Weak    bool
	}
	var got []row
	for _, p := range r.Principles {
		var ids []string
		for _, s := range p.Stories {
			ids = append(ids, s.ID)
		}
		got = append(got, row{p.Name, fmt.Sprint(ids), p.Ready, p.Weak})
	}
	want := []row{
		{"Bias for Action", "[a]", 1, true},
		{"Dive Deep", "[b c]", 1, true},
		{"Ownership", "[a b c]", 2, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Principles=%+v, want %+v", got, want)
	}
	if got, want := r.Stories[1].Principles, []string{"ownership", "Dive Deep"}; !slices.Equal(got, want) {
		t.Fatalf("Stories[1].Principles=%q, want %q", got, want)
	}
	if r.Stories[3].Ready {
		t.Fatalf("story without cards is ready")
	}
}

func TestStoryFilter(t *testing.T) {
	in := fixture()
	in.Story = "billing-migration"
	r := Compute(in)
	if len(r.Stories) != 1 || r.Stories[0].ID != in.Story {
		t.Fatalf("Stories=%+v, want only %s", r.Stories, in.Story)
	}
	if r.Cards.Total.Total != 9 {
		t.Fatalf("Cards.Total.Total=%d, want 9", r.Cards.Total.Total)
	}
	var names []string
	for _, p := range r.Principles {
		names = append(names, p.Name)
	}
	if want := []string{"Deliver Results", "Insist on the Highest Standards", "ownership"}; !slices.Equal(names, want) {
		t.Fatalf("Principles=%q, want %q", names, want)
	}
	all := Compute(fixture())
	if r.Heatmap.Answers >= all.Heatmap.Answers || r.Heatmap.Answers == 0 {
		t.Fatalf("story answers=%d, all=%d: want 0 < story < all", r.Heatmap.Answers, all.Heatmap.Answers)
	}
}

func TestEmpty(t *testing.T) {
	for _, in := range []Input{
		{Now: local(2026, time.March, 11, 10, 0)},
		{Now: local(2026, time.March, 11, 10, 0), Config: starcards.DefaultConfig(), Reviews: seq(nil), Story: "none"},
	} {
		r := Compute(in)
		if r.Today != (Today{}) || r.Streak != (Streak{}) || r.Cards.Total != (StateCounts{}) {
			t.Errorf("Today, Streak, Cards.Total=%+v, %+v, %+v, want zeros", r.Today, r.Streak, r.Cards.Total)
		}
		if len(r.Forecast) != 14 || len(r.Heatmap.Days) != 178 || r.Heatmap.Max != 0 {
			t.Errorf("len(Forecast), len(Heatmap.Days), Heatmap.Max=%d, %d, %d, want 14, 178, 0", len(r.Forecast), len(r.Heatmap.Days), r.Heatmap.Max)
		}
		if r.DesiredRetention != 0.9 {
			t.Errorf("DesiredRetention=%v, want 0.9", r.DesiredRetention)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"retention", "forecast", "stories", "principles"} {
			if _, ok := m[k].([]any); !ok {
				t.Errorf("%s=%v in JSON, want an array", k, m[k])
			}
		}
		if _, ok := m["interview"]; ok {
			t.Errorf("interview in JSON without an interview date")
		}
	}
}

func TestReviewsReadOnce(t *testing.T) {
	calls := 0
	in := fixture()
	inner := in.Reviews
	in.Reviews = func(yield func(starcards.Review) bool) {
		calls++
		inner(yield)
	}
	Compute(in)
	if calls != 1 {
		t.Fatalf("Reviews called %d times, want 1", calls)
	}
}

func TestInterviewPassed(t *testing.T) {
	in := fixture()
	in.Interview = local(2026, time.March, 10, 0, 0)
	r := Compute(in)
	if r.Interview != nil || r.Stories[0].InterviewReadiness != nil {
		t.Fatalf("Interview=%+v, want none for a past date", r.Interview)
	}
	in.Interview = local(2026, time.March, 11, 0, 0) // today, before now
	r = Compute(in)
	if r.Interview == nil || r.Interview.Days != 0 {
		t.Fatalf("Interview=%+v, want today", r.Interview)
	}
	if got, want := *r.Stories[0].InterviewReadiness, r.Stories[0].Readiness; !near(got, want) {
		t.Fatalf("InterviewReadiness=%v on the day, want readiness now %v", got, want)
	}
}

// TestDaylightSaving checks study days across the spring-forward night in
// New York (8 March 2026, 02:00 → 03:00): that study day lasts 23 hours.
func TestDaylightSaving(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, time.March, 9, 10, 0, 0, 0, ny)
	at := func(d, h, m int) starcards.Review {
		return rv(cardA, time.Date(2026, time.March, d, h, m, 0, 0, ny), starcards.Good, starcards.StateReview, 1)
	}
	r := Compute(input(now, at(7, 12, 0), at(8, 3, 59), at(8, 4, 0), at(9, 3, 30), at(9, 4, 30)))
	got := map[string]int{}
	for _, d := range r.Heatmap.Days {
		if d.Answers > 0 {
			got[d.Date] = d.Answers
		}
	}
	if want := map[string]int{"2026-03-07": 2, "2026-03-08": 2, "2026-03-09": 1}; !reflect.DeepEqual(got, want) {
		t.Fatalf("answers by day=%v, want %v", got, want)
	}
	if r.Streak.Current != 3 {
		t.Fatalf("Streak.Current=%d, want 3", r.Streak.Current)
	}
}

var _ iter.Seq[starcards.Review] = seq(nil)

func TestUncovered(t *testing.T) {
	catalogue := []string{"Customer Obsession", "Ownership", "Think Big", "Bias for Action"}
	for _, tc := range []struct {
		name  string
		story string
		want  []string
	}{
		{"WholeCollection", "", []string{"Customer Obsession", "Think Big"}},
		{"OneStory", "a", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{
				Stories: []starcards.Story{
					{ID: "a", Principles: []string{"ownership"}},
					{ID: "b", Angles: []starcards.Angle{{Principle: "Bias  for Action"}}},
				},
				Cards: []starcards.CardState{
					{Card: starcards.Card{ID: starcards.CardID{Story: "a", Kind: starcards.KindSection, Key: "task"}}},
					{Card: starcards.Card{ID: starcards.CardID{Story: "b", Kind: starcards.KindSection, Key: "task"}}},
				},
				Config: starcards.DefaultConfig(), Now: fixtureNow, Story: tc.story, Catalogue: catalogue,
			}
			if got := Compute(in).Uncovered; !slices.Equal(got, tc.want) {
				t.Errorf("Uncovered = %q, want %q", got, tc.want)
			}
		})
	}
	var b strings.Builder
	r := Compute(Input{Config: starcards.DefaultConfig(), Now: fixtureNow, Catalogue: catalogue})
	if err := Render(&b, r, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No story yet (0 stories): Customer Obsession, Ownership, Think Big, Bias for\nAction.") {
		t.Errorf("render lacks the uncovered principles, wrapped:\n%s", b.String())
	}
}
