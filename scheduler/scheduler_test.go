package scheduler

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

var (
	t0     = time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)
	cardID = starcards.CardID{Story: "outage", Kind: starcards.KindSection, Key: "action"}
)

// refConfig is the config under which Answer must equal go-fsrs's
// NewFSRS(DefaultParam()).Next.
func refConfig() starcards.Config {
	cfg := starcards.DefaultConfig()
	cfg.MaximumInterval = MaxMaximumInterval
	cfg.Fuzz = false
	return cfg
}

func MustNew(tb testing.TB, cfg starcards.Config) *Scheduler {
	tb.Helper()
	s, err := New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
}

func toFSRS(s starcards.Schedule) fsrs.Card {
	return fsrs.Card{
		Due: s.Due, Stability: s.Stability, Difficulty: s.Difficulty,
		ElapsedDays: s.ElapsedDays, ScheduledDays: s.ScheduledDays,
		Reps: s.Reps, Lapses: s.Lapses, State: fsrs.State(s.State), LastReview: s.LastReview,
	}
}

func fromFSRS(c fsrs.Card) starcards.Schedule {
	return starcards.Schedule{
		State: starcards.State(c.State), Due: c.Due, Stability: c.Stability, Difficulty: c.Difficulty,
		ElapsedDays: c.ElapsedDays, ScheduledDays: c.ScheduledDays,
		Reps: c.Reps, Lapses: c.Lapses, LastReview: c.LastReview,
	}
}

// diff describes how got differs from want, field by field; "" if not.
func diff(got, want starcards.Schedule) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	return fmt.Sprintf("\n got %+v\nwant %+v", got, want)
}

// A step answers rating after gap; a zero gap means "when due", and a new
// card is answered at t0.
type step struct {
	r   starcards.Rating
	gap time.Duration
}

func atDue(rs ...starcards.Rating) []step {
	steps := make([]step, len(rs))
	for i, r := range rs {
		steps[i] = step{r: r}
	}
	return steps
}

const (
	again = starcards.Again
	hard  = starcards.Hard
	good  = starcards.Good
	easy  = starcards.Easy
)

func TestAnswerMatchesGoFSRS(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []uint64 // the ScheduledDays after each step
	}{
		{
			"GoodAtDue", atDue(good, good, good, good, good, good, good),
			[]uint64{0, 4, 14, 44, 125, 328, 806},
		},
		{
			"EasyFirst", atDue(easy, easy, easy, good),
			[]uint64{16, 150, 1252, 3945},
		},
		{
			"LearningSteps", atDue(again, again, hard, hard, good, easy),
			[]uint64{0, 0, 0, 0, 1, 3},
		},
		{
			"Lapses", atDue(good, good, good, again, good, good, again, again, hard, good),
			[]uint64{0, 4, 14, 0, 4, 11, 0, 0, 0, 1},
		},
		{
			"ReviewRatings", atDue(good, good, hard, hard, good, easy, easy, hard),
			[]uint64{0, 4, 7, 10, 27, 146, 743, 962},
		},
		{"EarlyAndLate", []step{
			{good, 0},
			{good, 0},
			{good, time.Hour},
			{good, 20 * time.Hour},
			{hard, 26 * time.Hour},
			{good, 90 * day},
			{easy, 400 * day},
			{again, 3 * day},
			{good, 7 * time.Minute},
			{good, 2 * day},
		}, []uint64{0, 4, 5, 5, 5, 80, 1373, 0, 17, 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MustNew(t, refConfig())
			ref := fsrs.NewFSRS(fsrs.DefaultParam())
			var got starcards.Schedule
			want := fsrs.NewCard()
			now := t0
			var ivls []uint64
			for i, st := range tt.steps {
				if i > 0 {
					if st.gap == 0 {
						now = got.Due
					} else {
						now = now.Add(st.gap)
					}
				}
				got = s.Answer(cardID, got, st.r, now)
				want = ref.Next(want, now, fsrs.Rating(st.r)).Card
				if d := diff(got, fromFSRS(want)); d != "" {
					t.Fatalf("step %d (%v at %v):%s", i, st.r, now, d)
				}
				ivls = append(ivls, got.ScheduledDays)
			}
			if !reflect.DeepEqual(ivls, tt.want) {
				t.Errorf("ScheduledDays=%v, want %v", ivls, tt.want)
			}
		})
	}
}

func TestAnswerClockBackwards(t *testing.T) {
	s := MustNew(t, refConfig())
	ref := fsrs.NewFSRS(fsrs.DefaultParam())
	card := starcards.Schedule{
		State: starcards.StateReview, Stability: 10, Difficulty: 5, ScheduledDays: 10,
		Reps: 3, LastReview: t0, Due: t0.Add(10 * day),
	}
	back := t0.Add(-time.Hour)

	// go-fsrs: floor(-1h/24h) = -1 converted to uint64.
	bad := ref.Next(toFSRS(card), back, fsrs.Good).Card
	if runtime.GOARCH == "amd64" {
		if bad.ElapsedDays != math.MaxUint64 {
			t.Errorf("go-fsrs ElapsedDays=%d, want it wrapped to %d", bad.ElapsedDays, uint64(math.MaxUint64))
		}
		if bad.Stability < 10*card.Stability {
			t.Errorf("go-fsrs Stability=%g, want it exploded from %g", bad.Stability, card.Stability)
		}
	} else {
		t.Logf("go-fsrs on %s: ElapsedDays=%d Stability=%g", runtime.GOARCH, bad.ElapsedDays, bad.Stability)
	}

	got := s.Answer(cardID, card, good, back)
	// As if answered at the last review, but from the real time.
	want := s.Answer(cardID, card, good, t0)
	want.Due, want.LastReview = want.Due.Add(-time.Hour), back
	if d := diff(got, want); d != "" {
		t.Errorf("answer 1h before the last review:%s", d)
	}
	if got.ElapsedDays != 0 || got.Stability != card.Stability {
		t.Errorf("ElapsedDays=%d Stability=%g, want 0 and %g", got.ElapsedDays, got.Stability, card.Stability)
	}
	if !got.Due.After(back) {
		t.Errorf("Due=%v, want after %v", got.Due, back)
	}
}

// TestAnswerAfterClockAhead: a card answered once with the clock 100 years
// ahead (2126) and then at the real time (2026) is scheduled from 2026: the
// later answer counts as zero elapsed time, its due is the answer time plus
// the interval, and its last review is the answer time. The answer after
// that is a normal one.
func TestAnswerAfterClockAhead(t *testing.T) {
	real := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ahead := real.AddDate(100, 0, 0)
	review := starcards.Schedule{
		State: starcards.StateReview, Stability: 10, Difficulty: 5, ScheduledDays: 10,
		Reps: 3, LastReview: real.AddDate(0, 0, -10), Due: real,
	}
	tests := []struct {
		name   string
		before starcards.Schedule
		fuzz   bool
		plan   bool // under a study plan with the interview a month after real
	}{
		{name: "new", before: starcards.Schedule{State: starcards.StateNew}},
		{name: "review", before: review},
		{name: "review, fuzz", before: review, fuzz: true},
		{name: "review, plan", before: review, plan: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := refConfig()
			cfg.Fuzz = tt.fuzz
			s := MustNew(t, cfg)
			if tt.plan {
				plan := starcards.Plan{Interview: real.AddDate(0, 1, 0), Start: real}
				s = s.WithPlanner(NewPlanner(plan, cfg, nil, nil, real, nil, nil))
			}
			for _, r := range starcards.Ratings {
				first := s.Answer(cardID, tt.before, r, ahead)
				if !first.LastReview.Equal(ahead) {
					t.Fatalf("%v in 2126: LastReview=%v", r, first.LastReview)
				}
				for _, r2 := range starcards.Ratings {
					got := s.Answer(cardID, first, r2, real)
					if !got.LastReview.Equal(real) {
						t.Errorf("%v in 2126, %v in 2026: LastReview=%v, want %v", r, r2, got.LastReview, real)
					}
					if got.ElapsedDays != 0 {
						t.Errorf("%v in 2126, %v in 2026: ElapsedDays=%d, want 0", r, r2, got.ElapsedDays)
					}
					if !got.Due.After(real) || got.Due.After(real.AddDate(0, 0, cfg.MaximumInterval)) {
						t.Errorf("%v in 2126, %v in 2026: Due=%v, want within the maximum interval after %v", r, r2, got.Due, real)
					}
					if got.State == starcards.StateReview && !tt.plan && !got.Due.Equal(real.Add(time.Duration(got.ScheduledDays)*day)) {
						t.Errorf("%v in 2126, %v in 2026: Due=%v, not %d days after %v", r, r2, got.Due, got.ScheduledDays, real)
					}
					if tt.plan && got.State == starcards.StateReview && got.Due.After(real.AddDate(0, 1, 0)) {
						t.Errorf("%v in 2126, %v in 2026 under a plan: Due=%v after the interview", r, r2, got.Due)
					}
					// The card is out of 2126 for good: the next answer,
					// when due, is an ordinary one.
					next := s.Answer(cardID, got, good, got.Due)
					if next.Due.Year() > 2100 || !next.LastReview.Equal(got.Due) {
						t.Errorf("%v in 2126, %v in 2026, then good at %v: Due=%v LastReview=%v", r, r2, got.Due, next.Due, next.LastReview)
					}
				}
			}
		})
	}
}

func TestAnswerStabilityBounds(t *testing.T) {
	tests := []struct {
		name  string
		steps []starcards.Rating
		bad   func(s float64) bool // go-fsrs escapes the bounds
	}{
		{
			"AgainWhileLearning",
			[]starcards.Rating{again, again, again, again, again, again, again, again, again, again},
			func(s float64) bool { return s < MinStability },
		},
		{
			"EasyAtDue",
			[]starcards.Rating{easy, easy, easy, easy, easy, easy, easy},
			func(s float64) bool { return s > MaxStability },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MustNew(t, refConfig())
			ref := fsrs.NewFSRS(fsrs.DefaultParam())
			var got starcards.Schedule
			want := fsrs.NewCard()
			now, refNow := t0, t0
			escaped := false
			for i, r := range tt.steps {
				if i > 0 {
					now, refNow = got.Due, want.Due
				}
				got = s.Answer(cardID, got, r, now)
				want = ref.Next(want, refNow, fsrs.Rating(r)).Card
				escaped = escaped || tt.bad(want.Stability)
				if got.Stability < MinStability || got.Stability > MaxStability {
					t.Fatalf("step %d: Stability=%g, want within [%g, %g]", i, got.Stability, MinStability, MaxStability)
				}
			}
			if !escaped {
				t.Errorf("go-fsrs stayed within bounds; the test no longer shows the defect")
			}
		})
	}
}

func TestAnswerMaximumInterval(t *testing.T) {
	cfg := refConfig()
	cfg.MaximumInterval = 100
	s := MustNew(t, cfg)
	p := fsrs.DefaultParam()
	p.MaximumInterval = 100
	ref := fsrs.NewFSRS(p)
	card := starcards.Schedule{
		State: starcards.StateReview, Stability: 1000, Difficulty: 5, ScheduledDays: 100,
		Reps: 5, LastReview: t0.Add(-100 * day), Due: t0,
	}
	var refIvls, gotIvls []uint64
	preview := s.Preview(cardID, card, t0)
	for _, r := range []starcards.Rating{hard, good, easy} {
		refIvls = append(refIvls, ref.Next(toFSRS(card), t0, fsrs.Rating(r)).Card.ScheduledDays)
		gotIvls = append(gotIvls, preview[r-1].ScheduledDays)
	}
	if want := []uint64{100, 101, 102}; !reflect.DeepEqual(refIvls, want) {
		t.Errorf("go-fsrs intervals=%v, want %v (the defect)", refIvls, want)
	}
	if want := []uint64{100, 100, 100}; !reflect.DeepEqual(gotIvls, want) {
		t.Errorf("intervals=%v, want %v", gotIvls, want)
	}
	for _, got := range preview[1:] {
		if want := t0.Add(100 * day); !got.Due.Equal(want) {
			t.Errorf("Due=%v, want %v", got.Due, want)
		}
	}
}

func TestAnswerConcurrent(t *testing.T) {
	cfg := starcards.DefaultConfig() // fuzz on: go-fsrs would race on its seed
	s := MustNew(t, cfg)
	ids := make([]starcards.CardID, 16)
	for i := range ids {
		ids[i] = starcards.CardID{Story: "s", Kind: starcards.KindQuiz, Key: fmt.Sprint(i)}
	}
	run := func(id starcards.CardID) starcards.Schedule {
		var sc starcards.Schedule
		now := t0
		for i := 0; i < 40; i++ {
			r := starcards.Ratings[(i*7+len(id.Key))%4]
			sc = s.Answer(id, sc, r, now)
			_ = s.Preview(id, sc, now)
			now = sc.Due
		}
		return sc
	}
	want := make([]starcards.Schedule, len(ids))
	for i, id := range ids {
		want[i] = run(id)
	}
	got := make([]starcards.Schedule, len(ids)*4)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = run(ids[i%len(ids)]) })
	}
	wg.Wait()
	for i := range got {
		if d := diff(got[i], want[i%len(ids)]); d != "" {
			t.Fatalf("goroutine %d:%s", i, d)
		}
	}
}

func TestAnswerLeech(t *testing.T) {
	tests := []struct {
		threshold int
		lapses    []uint64 // lapse counts that make a leech, up to 20
	}{
		{8, []uint64{8, 12, 16, 20}},
		{1, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}},
		{3, []uint64{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}},
		{5, []uint64{5, 7, 9, 11, 13, 15, 17, 19}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.threshold), func(t *testing.T) {
			cfg := refConfig()
			cfg.LeechThreshold = tt.threshold
			s := MustNew(t, cfg)
			sc := starcards.Schedule{State: starcards.StateReview, Stability: 5, Difficulty: 5, LastReview: t0, Due: t0.Add(5 * day)}
			now := sc.Due
			var leeches []uint64
			for sc.Lapses < 20 {
				sc = s.Answer(cardID, sc, again, now) // lapse
				if sc.Suspended && !sc.Leech {
					t.Fatalf("lapse %d: Suspended without Leech", sc.Lapses)
				}
				if sc.Suspended {
					leeches = append(leeches, sc.Lapses)
					sc.Suspended = false // the user unsuspends it
				}
				sc.BuriedUntil = now.Add(time.Hour)
				sc = s.Answer(cardID, sc, good, sc.Due) // relearnt
				if !sc.BuriedUntil.IsZero() || sc.Suspended || sc.Leech != (len(leeches) > 0) {
					t.Fatalf("after Good: BuriedUntil=%v Suspended=%v Leech=%v", sc.BuriedUntil, sc.Suspended, sc.Leech)
				}
				now = sc.Due
			}
			if !reflect.DeepEqual(leeches, tt.lapses) {
				t.Errorf("leech at lapses %v, want %v", leeches, tt.lapses)
			}
		})
	}
}

func TestAnswerInterviewCap(t *testing.T) {
	loc := time.FixedZone("UTC-5", -5*3600)
	interview := time.Date(2025, 6, 20, 0, 0, 0, 0, loc) // a Friday
	cfg := refConfig()
	plan := starcards.Plan{Interview: interview, Start: time.Date(2025, 5, 1, 0, 0, 0, 0, loc)}
	s := MustNew(t, cfg).WithPlanner(NewPlanner(plan, cfg, nil, nil, plan.Start, nil, nil))
	noCap := MustNew(t, refConfig())
	mature := func(now time.Time) starcards.Schedule {
		return starcards.Schedule{
			State: starcards.StateReview, Stability: 60, Difficulty: 5,
			Reps: 4, LastReview: now.Add(-60 * day), Due: now,
		}
	}
	tests := []struct {
		name    string
		now     time.Time
		wantDue time.Time // zero: not capped
	}{
		{"WeeksBefore", time.Date(2025, 6, 1, 10, 0, 0, 0, loc), time.Date(2025, 6, 19, 10, 0, 0, 0, loc)},
		{"LateEvening", time.Date(2025, 6, 10, 23, 30, 0, 0, loc), time.Date(2025, 6, 19, 23, 30, 0, 0, loc)},
		{"EarlyMorning", time.Date(2025, 6, 10, 2, 0, 0, 0, loc), time.Date(2025, 6, 20, 2, 0, 0, 0, loc)},
		{"TwoDaysBefore", time.Date(2025, 6, 18, 10, 0, 0, 0, loc), time.Date(2025, 6, 19, 10, 0, 0, 0, loc)},
		{"JustBeforeLastDay", time.Date(2025, 6, 19, 3, 59, 0, 0, loc), time.Date(2025, 6, 20, 3, 59, 0, 0, loc)},
		{"LastDay", time.Date(2025, 6, 19, 4, 0, 0, 0, loc), time.Time{}},
		{"InterviewDay", time.Date(2025, 6, 20, 8, 0, 0, 0, loc), time.Time{}},
		{"After", time.Date(2025, 7, 1, 8, 0, 0, 0, loc), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mature(tt.now)
			got := s.Answer(cardID, sc, good, tt.now)
			want := noCap.Answer(cardID, sc, good, tt.now)
			if !tt.wantDue.IsZero() {
				want.Due = tt.wantDue.UTC()
				want.ScheduledDays = uint64(tt.wantDue.Sub(tt.now) / day)
			}
			if d := diff(got, want); d != "" {
				t.Errorf("Good at %v:%s", tt.now, d)
			}
			// The card is in the queue of the last study day.
			last := time.Date(2025, 6, 19, 12, 0, 0, 0, loc)
			if !tt.wantDue.IsZero() && !got.Due.Before(starcards.NextDayStart(last, cfg.DayStartHour)) {
				t.Errorf("Due=%v, not by the study day before the interview", got.Due.In(loc))
			}
			// Short intervals are not touched.
			if p := s.Preview(cardID, sc, tt.now); p[0] != noCap.Preview(cardID, sc, tt.now)[0] {
				t.Errorf("Again changed by the cap: %+v", p[0])
			}
		})
	}
}

// TestAnswerInterviewDST is issue 12's defect: when daylight saving time
// starts during the last study day, that day is 23 hours long, and a card
// answered just before it must still come due in it, not on the interview
// day.
func TestAnswerInterviewDST(t *testing.T) {
	tests := []struct {
		zone      string
		interview [3]int
		answered  [5]int // y, m, d, hour, minute
	}{
		{"America/New_York", [3]int{2025, 3, 9}, [5]int{2025, 3, 8, 3, 59}},
		{"America/New_York", [3]int{2025, 3, 9}, [5]int{2025, 3, 1, 12, 0}},
		{"Europe/Berlin", [3]int{2025, 3, 30}, [5]int{2025, 3, 29, 3, 59}},
		{"Europe/Berlin", [3]int{2025, 3, 30}, [5]int{2025, 3, 20, 23, 30}},
		{"Europe/Berlin", [3]int{2025, 10, 26}, [5]int{2025, 10, 25, 3, 59}}, // a 25-hour eve
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d-%02d-%02d", tt.zone, tt.answered[0], tt.answered[1], tt.answered[2]), func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Skip("no zoneinfo:", err)
			}
			interview := time.Date(tt.interview[0], time.Month(tt.interview[1]), tt.interview[2], 0, 0, 0, 0, loc)
			cfg := refConfig()
			plan := starcards.Plan{Interview: interview, Start: interview.AddDate(0, 0, -30)}
			pl := NewPlanner(plan, cfg, nil, nil, plan.Start, nil, nil)
			s := MustNew(t, cfg).WithPlanner(pl)
			a := tt.answered
			now := time.Date(a[0], time.Month(a[1]), a[2], a[3], a[4], 0, 0, loc)
			sc := starcards.Schedule{State: starcards.StateReview, Stability: 60, Difficulty: 5, Reps: 4, LastReview: now.Add(-60 * day), Due: now}
			got := s.Answer(cardID, sc, good, now)
			eveStart := time.Date(tt.interview[0], time.Month(tt.interview[1]), tt.interview[2]-1, cfg.DayStartHour, 0, 0, 0, loc)
			eveEnd := time.Date(tt.interview[0], time.Month(tt.interview[1]), tt.interview[2], cfg.DayStartHour, 0, 0, 0, loc)
			if got.Due.Before(eveStart) || !got.Due.Before(eveEnd) {
				t.Fatalf("Good at %v: Due=%v, want in the eve [%v, %v)", now, got.Due.In(loc), eveStart, eveEnd)
			}
			if !got.Due.After(now) {
				t.Fatalf("Due=%v not after the answer %v", got.Due, now)
			}
		})
	}
}

func TestAnswerFuzz(t *testing.T) {
	cfg := refConfig()
	cfg.Fuzz = true
	s := MustNew(t, cfg)
	plain := MustNew(t, refConfig())
	sc := starcards.Schedule{
		State: starcards.StateReview, Stability: 30, Difficulty: 5, Reps: 4,
		LastReview: t0.Add(-30 * day), Due: t0,
	}
	base := plain.Answer(cardID, sc, good, t0).ScheduledDays
	lo, hi := fuzzRange(float64(base), 30, float64(cfg.MaximumInterval))
	seen := map[uint64]bool{}
	for i := range 200 {
		id := starcards.CardID{Story: "s", Kind: starcards.KindPhrase, Key: fmt.Sprint(i)}
		got := s.Answer(id, sc, good, t0)
		if again := s.Answer(id, sc, good, t0); again != got {
			t.Fatalf("card %v: fuzz not deterministic: %v then %v", id, got.ScheduledDays, again.ScheduledDays)
		}
		if d := float64(got.ScheduledDays); d < lo || d > hi {
			t.Fatalf("card %v: ScheduledDays=%v, want within [%v, %v]", id, d, lo, hi)
		}
		seen[got.ScheduledDays] = true
	}
	if want := int(hi-lo) + 1; len(seen) != want {
		t.Errorf("%d distinct intervals over 200 cards, want all %d of [%v, %v]", len(seen), want, lo, hi)
	}
	// Sub-second differences do not change the fuzz; another second does.
	a := s.Answer(cardID, sc, good, t0.Add(300*time.Millisecond))
	if b := s.Answer(cardID, sc, good, t0); a != b {
		t.Errorf("sub-second change moved the interval: %d vs %d", a.ScheduledDays, b.ScheduledDays)
	}
	// Short intervals are not fuzzed.
	newCard := s.Preview(cardID, starcards.Schedule{}, t0)
	if want := plain.Preview(cardID, starcards.Schedule{}, t0); [3]starcards.Schedule(newCard[:3]) != [3]starcards.Schedule(want[:3]) {
		t.Errorf("learning steps fuzzed: %+v", newCard[:3])
	}
}

// TestFuzzMatchesGoFSRS checks our fuzz range against go-fsrs's ApplyFuzz,
// whose factor for an unset seed is Alea("").Double().
func TestFuzzMatchesGoFSRS(t *testing.T) {
	f := fsrs.Alea("").Double()
	p := fsrs.DefaultParam()
	for _, maximum := range []float64{36500, 365, 10} {
		p.MaximumInterval = maximum
		for ivl := 1.0; ivl <= 400; ivl++ {
			for _, elapsed := range []float64{0, 3, 50, 1000} {
				want := p.ApplyFuzz(math.Min(ivl, maximum), elapsed, true)
				if got := fuzzInterval(math.Min(ivl, maximum), elapsed, maximum, f); got != want {
					t.Fatalf("fuzz(%v, elapsed %v, max %v)=%v, want %v", ivl, elapsed, maximum, got, want)
				}
			}
		}
	}
}

func TestPreviewMatchesAnswer(t *testing.T) {
	cfg := starcards.DefaultConfig()
	s := MustNew(t, cfg)
	cards := []starcards.Schedule{
		{},
		{State: starcards.StateLearning, Stability: 3, Difficulty: 5, Reps: 1, LastReview: t0.Add(-10 * time.Minute), Due: t0},
		{State: starcards.StateReview, Stability: 20, Difficulty: 7, Reps: 5, Lapses: 1, LastReview: t0.Add(-25 * day), Due: t0},
		{State: starcards.StateRelearning, Stability: 2, Difficulty: 8, Reps: 6, Lapses: 2, LastReview: t0.Add(-5 * time.Minute), Due: t0},
	}
	for _, sc := range cards {
		p := s.Preview(cardID, sc, t0)
		for _, r := range starcards.Ratings {
			if d := diff(s.Answer(cardID, sc, r, t0), p[r-1]); d != "" {
				t.Errorf("%v card, %v:%s", sc.State, r, d)
			}
		}
	}
}

func TestAnswerPanics(t *testing.T) {
	s := MustNew(t, starcards.DefaultConfig())
	for _, tt := range []struct {
		name string
		f    func()
	}{
		{"Rating0", func() { s.Answer(cardID, starcards.Schedule{}, 0, t0) }},
		{"Rating5", func() { s.Answer(cardID, starcards.Schedule{}, 5, t0) }},
		{"State9", func() { s.Preview(cardID, starcards.Schedule{State: 9}, t0) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			tt.f()
		})
	}
}

func TestNew(t *testing.T) {
	bad := func(f func(*starcards.Config)) starcards.Config {
		cfg := starcards.DefaultConfig()
		f(&cfg)
		return cfg
	}
	weights := func(i int, v float64) []float64 {
		w := DefaultWeights()
		w[i] = v
		return w
	}
	tests := []struct {
		name string
		cfg  starcards.Config
		want string // "" for OK
	}{
		{"Default", starcards.DefaultConfig(), ""},
		{"CustomWeights", bad(func(c *starcards.Config) { c.Weights = DefaultWeights() }), ""},
		{
			"RetentionLow", bad(func(c *starcards.Config) { c.DesiredRetention = 0.5 }),
			"desired-retention must be between 0.70 and 0.99, got 0.5",
		},
		{
			"RetentionHigh", bad(func(c *starcards.Config) { c.DesiredRetention = 1.5 }),
			"desired-retention must be between 0.70 and 0.99, got 1.5",
		},
		{
			"RetentionNaN", bad(func(c *starcards.Config) { c.DesiredRetention = math.NaN() }),
			"desired-retention must be between 0.70 and 0.99, got NaN",
		},
		{"ZeroConfig", starcards.Config{}, "desired-retention must be between 0.70 and 0.99, got 0"},
		{
			"MaxInterval0", bad(func(c *starcards.Config) { c.MaximumInterval = 0 }),
			"maximum-interval must be between 1 and 36500 days, got 0",
		},
		{
			"MaxIntervalHuge", bad(func(c *starcards.Config) { c.MaximumInterval = 36501 }),
			"maximum-interval must be between 1 and 36500 days, got 36501",
		},
		{"NewNegative", bad(func(c *starcards.Config) { c.NewPerDay = -1 }), "new-per-day must be 0 or more, got -1"},
		{"ReviewsNegative", bad(func(c *starcards.Config) { c.ReviewsPerDay = -5 }), "reviews-per-day must be 0 or more, got -5"},
		{"DayStart24", bad(func(c *starcards.Config) { c.DayStartHour = 24 }), "day-start must be an hour between 0 and 23, got 24"},
		{"Leech0", bad(func(c *starcards.Config) { c.LeechThreshold = 0 }), "leech-threshold must be 1 or more, got 0"},
		{"WeightsShort", bad(func(c *starcards.Config) { c.Weights = []float64{1, 2, 3} }), "weights must be 19 numbers, got 3"},
		{"WeightsEmpty", bad(func(c *starcards.Config) { c.Weights = []float64{} }), "weights must be 19 numbers, got 0"},
		{
			"WeightNaN", bad(func(c *starcards.Config) { c.Weights = weights(3, math.NaN()) }),
			"weights: w3 must be a finite number, got NaN",
		},
		{
			"WeightInf", bad(func(c *starcards.Config) { c.Weights = weights(0, math.Inf(1)) }),
			"weights: w0 must be a finite number, got +Inf",
		},
		{
			"W16Low", bad(func(c *starcards.Config) { c.Weights = weights(16, 0.5) }),
			"weights: w16 must be between 1 and 6, got 0.5",
		},
		{
			"W17High", bad(func(c *starcards.Config) { c.Weights = weights(17, 5) }),
			"weights: w17 must be between 0 and 2, got 5",
		},
		{
			"W4Low", bad(func(c *starcards.Config) { c.Weights = weights(4, 0) }),
			"weights: w4 must be between 1 and 10, got 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.cfg)
			if tt.want == "" {
				if err != nil || s == nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New: no error, want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
			var ce *ConfigError
			if !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &ce) {
				t.Errorf("error %v does not match ErrInvalidConfig and *ConfigError", err)
			}
		})
	}
}

func TestNewCopiesWeights(t *testing.T) {
	cfg := refConfig()
	cfg.Weights = DefaultWeights()
	s := MustNew(t, cfg)
	before := s.Answer(cardID, starcards.Schedule{}, easy, t0)
	cfg.Weights[0], cfg.Weights[3] = 50, 50
	if after := s.Answer(cardID, starcards.Schedule{}, easy, t0); after != before {
		t.Errorf("changing the caller's weights changed the scheduler: %+v", after)
	}
}

func TestCustomWeights(t *testing.T) {
	w := DefaultWeights()
	w[3] = 30 // initial stability for Easy
	cfg := refConfig()
	cfg.Weights = w
	s := MustNew(t, cfg)
	p := fsrs.DefaultParam()
	copy(p.W[:], w)
	want := fsrs.NewFSRS(p).Next(fsrs.NewCard(), t0, fsrs.Easy).Card
	got := s.Answer(cardID, starcards.Schedule{}, easy, t0)
	if d := diff(got, fromFSRS(want)); d != "" {
		t.Errorf("Easy with w3=30:%s", d)
	}
	if got.Stability != 30 {
		t.Errorf("Stability=%g, want 30", got.Stability)
	}
}

func TestRetrievability(t *testing.T) {
	ref := fsrs.NewFSRS(fsrs.DefaultParam())
	sc := starcards.Schedule{State: starcards.StateReview, Stability: 12, Difficulty: 5, LastReview: t0}
	for _, after := range []time.Duration{0, time.Hour, 12 * day, 100 * day} {
		got := Retrievability(sc, t0.Add(after))
		want := ref.GetRetrievability(toFSRS(sc), t0.Add(after))
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("R after %v=%v, want %v", after, got, want)
		}
	}
	if got := Retrievability(sc, t0.Add(12*day)); math.Abs(got-0.9) > 1e-9 {
		t.Errorf("R at S days=%v, want 0.9", got)
	}
	if got := Retrievability(sc, t0.Add(-day)); got != 1 {
		t.Errorf("R before the last review=%v, want 1", got)
	}
	if got := Retrievability(starcards.Schedule{}, t0); got != 0 {
		t.Errorf("R of a new card=%v, want 0", got)
	}
}
