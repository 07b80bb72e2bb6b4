package scheduler

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

var seed = flag.Int64("seed", 1, "seed of the property tests; 0 picks one from the clock")

// MustRand returns the property tests' generator and logs its seed.
func MustRand(tb testing.TB) *rand.Rand {
	tb.Helper()
	s := *seed
	if s == 0 {
		s = time.Now().UnixNano()
	}
	tb.Logf("seed %d (rerun with -seed=%d)", s, s)
	return rand.New(rand.NewPCG(uint64(s), 0))
}

// randomConfig returns a valid config, sometimes with fuzz, sometimes an
// interview date (the zero time if none), and whether Answer must then
// match go-fsrs.
func randomConfig(rng *rand.Rand) (cfg starcards.Config, interview time.Time, plain bool) {
	cfg = starcards.DefaultConfig()
	cfg.DesiredRetention = 0.70 + 0.29*rng.Float64()
	cfg.MaximumInterval = []int{1, 2, 7, 30, 100, 365, 3650, 36500}[rng.IntN(8)]
	cfg.Fuzz = rng.IntN(2) == 0
	cfg.DayStartHour = rng.IntN(24)
	cfg.LeechThreshold = 1 + rng.IntN(10)
	if rng.IntN(3) == 0 {
		loc := time.FixedZone("zone", (rng.IntN(27)-12)*3600)
		interview = time.Date(2025, 3, 10+rng.IntN(200), 0, 0, 0, 0, loc)
	}
	return cfg, interview, !cfg.Fuzz && interview.IsZero()
}

// randomGap returns how long after the previous answer the next one comes:
// at the due time, early, late, within minutes, years, or backwards.
func randomGap(rng *rand.Rand, sc starcards.Schedule, prev time.Time) time.Time {
	due := sc.Due.Sub(prev)
	var gap time.Duration
	switch rng.IntN(8) {
	case 0, 1, 2:
		gap = due
	case 3:
		gap = time.Duration(rng.Float64() * float64(due))
	case 4:
		gap = due + time.Duration(rng.Float64()*float64(due+day))*3
	case 5:
		gap = time.Duration(rng.IntN(3600)) * time.Second
	case 6:
		gap = time.Duration(rng.IntN(3*365)) * day
	case 7:
		gap = -time.Duration(rng.IntN(48*3600)) * time.Second
	}
	return prev.Add(gap + time.Duration(rng.IntN(1000))*time.Millisecond)
}

func TestAnswerProperties(t *testing.T) {
	rng := MustRand(t)
	compared := 0
	for c := range 400 {
		cfg, interview, plain := randomConfig(rng)
		s := MustNew(t, cfg)
		if !interview.IsZero() {
			plan := starcards.Plan{Interview: interview, Start: t0.In(interview.Location())}
			s = s.WithPlanner(NewPlanner(plan, cfg, nil, nil, t0, nil, nil))
		}
		p := fsrs.DefaultParam()
		p.RequestRetention = cfg.DesiredRetention
		p.MaximumInterval = float64(cfg.MaximumInterval)
		ref := fsrs.NewFSRS(p)
		id := starcards.CardID{Story: "story", Kind: starcards.KindFollowup, Key: fmt.Sprint(c)}
		var lastStart time.Time
		if !interview.IsZero() {
			y, m, d := interview.Date()
			lastStart = time.Date(y, m, d-1, cfg.DayStartHour, 0, 0, 0, interview.Location())
		}

		var sc starcards.Schedule
		now := t0.Add(time.Duration(rng.IntN(86400)) * time.Second)
		for n := range 30 {
			if n > 0 {
				now = randomGap(rng, sc, now)
			}
			at := now.UTC().Truncate(time.Second) // the review time Answer uses, even before the last review
			fail := func(format string, args ...any) {
				t.Helper()
				t.Fatalf("card %d review %d (cfg %+v, %+v at %v): %s", c, n, cfg, sc, now, fmt.Sprintf(format, args...))
			}

			pv := s.Preview(id, sc, now)
			for i := 1; i < 4; i++ {
				if pv[i].Due.Before(pv[i-1].Due) {
					fail("%v due %v before %v due %v", starcards.Ratings[i], pv[i].Due, starcards.Ratings[i-1], pv[i-1].Due)
				}
			}
			for i, got := range pv {
				r := starcards.Ratings[i]
				if got.Stability < MinStability || got.Stability > MaxStability {
					fail("%v: Stability=%g", r, got.Stability)
				}
				if got.Difficulty < 1 || got.Difficulty > 10 {
					fail("%v: Difficulty=%g", r, got.Difficulty)
				}
				if !got.Due.After(at) || !got.LastReview.Equal(at) {
					fail("%v: Due=%v LastReview=%v, want after and at %v", r, got.Due, got.LastReview, at)
				}
				if got.ScheduledDays > uint64(cfg.MaximumInterval) || got.Due.Sub(at) > time.Duration(cfg.MaximumInterval)*day {
					fail("%v: ScheduledDays=%d Due=%v beyond %d days", r, got.ScheduledDays, got.Due, cfg.MaximumInterval)
				}
				if got.State == starcards.StateReview && interview.IsZero() && got.Due != at.Add(time.Duration(got.ScheduledDays)*day) {
					fail("%v: Due=%v, not %d days after %v", r, got.Due, got.ScheduledDays, at)
				}
				if !lastStart.IsZero() && at.Before(lastStart) && !got.Due.Before(lastStart.AddDate(0, 0, 1)) {
					fail("%v: Due=%v after the interview day start", r, got.Due)
				}
				if again := s.Answer(id, sc, r, now); again != got {
					fail("%v: Answer=%+v, Preview=%+v", r, again, got)
				}
				if plain && !now.Before(sc.LastReview) {
					want := ref.Next(toFSRS(sc), at, fsrs.Rating(r)).Card
					if want.Stability >= MinStability && want.Stability <= MaxStability &&
						want.ScheduledDays <= uint64(cfg.MaximumInterval) {
						w := fromFSRS(want)
						w.Suspended, w.Leech = got.Suspended, got.Leech // ours alone
						if d := diff(got, w); d != "" {
							fail("%v differs from go-fsrs:%s", r, d)
						}
						compared++
					}
				}
			}
			r := starcards.Ratings[rng.IntN(4)]
			if rng.IntN(3) == 0 {
				r = starcards.Good
			}
			sc = pv[r-1]
			if sc.Suspended && rng.IntN(2) == 0 {
				sc.Suspended = false
			}
		}
	}
	t.Logf("compared %d answers with go-fsrs", compared)
	if compared < 1000 {
		t.Errorf("compared %d answers with go-fsrs, want at least 1000", compared)
	}
}
