package scheduler_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
)

// generated returns n realistic generated stories' cards as a fresh
// collection, in import order.
func generated(tb testing.TB, n int) ([]starcards.Story, []starcards.CardState) {
	tb.Helper()
	var stories []starcards.Story
	var cards []starcards.CardState
	for i := range n {
		st, err := decks.Parse(decks.GenerateStory(i), fmt.Sprintf("story%d.yaml", i))
		if err != nil {
			tb.Fatal(err)
		}
		stories = append(stories, *st)
		for _, c := range decks.Cards(st) {
			cards = append(cards, starcards.CardState{Card: c})
		}
	}
	return stories, cards
}

// learnerSeconds is issue 12's simulated learner: 60 s for a section card
// (told out loud), 10 s for any other (the outline's five beats included).
func learnerSeconds(k starcards.Kind) time.Duration {
	if k == starcards.KindSection {
		return time.Minute
	}
	return 10 * time.Second
}

// planFigures are the figures issue 12 asks for.
type planFigures struct {
	learned, total int
	largestShare   float64 // largest day / budget
	eveVsAverage   float64 // eve's minutes / mean day's minutes
	atRetention    float64 // share of cards at or above the desired retention on the day, after the warm-up
	beforeWarmup   float64 // the same, from the eve's state (no warm-up)
	twoReviews     int     // cards answered on two or more later days before the interview day
}

func simulatePlan(t *testing.T, stories, days, minutes int, seed uint64) (scheduler.SimResult, planFigures) {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, ny)
	_, cards := generated(t, stories)
	cfg := starcards.DefaultConfig()
	plan := starcards.Plan{
		Interview: time.Date(2026, 12, 1+days, 0, 0, 0, 0, ny),
		Start:     time.Date(2026, 12, 1, 0, 0, 0, 0, ny),
		Minutes:   minutes,
	}
	sim := scheduler.Simulation{Plan: plan, Config: cfg, Cards: cards, Now: now, Seed: seed, Seconds: learnerSeconds, MeasurePace: true}
	res := sim.Run()
	var fig planFigures
	fig.learned, fig.total = res.Learned, res.Total
	sum, largest, eve, n := 0.0, 0.0, 0.0, 0
	for _, d := range res.Days {
		if d.Phase == scheduler.PhaseWarmup {
			if d.Seconds > scheduler.WarmupBudget.Seconds()*1.1 {
				t.Errorf("warm-up %.1f min, want about %v", d.Seconds/60, scheduler.WarmupBudget)
			}
			continue
		}
		sum += d.Seconds
		largest = max(largest, d.Seconds)
		eve = d.Seconds
		n++
	}
	fig.largestShare = largest / float64(minutes*60)
	fig.eveVsAverage = eve / (sum / float64(n))
	share := func(cards []starcards.CardState) float64 {
		ok := 0
		for _, cs := range cards {
			if scheduler.Retrievability(cs.Schedule, res.Calendar.At) >= cfg.DesiredRetention {
				ok++
			}
		}
		return float64(ok) / float64(len(cards))
	}
	fig.atRetention, fig.beforeWarmup = share(res.Cards), share(res.Eve)
	first, later := map[starcards.CardID]int{}, map[starcards.CardID]map[int]bool{}
	for _, r := range res.Log {
		d := res.Calendar.Day(r.Time)
		if _, ok := first[r.Card]; !ok {
			first[r.Card] = d
		} else if d > first[r.Card] && d < res.Calendar.Day(res.Calendar.LastEnd) {
			if later[r.Card] == nil {
				later[r.Card] = map[int]bool{}
			}
			later[r.Card][d] = true
		}
	}
	for _, ds := range later {
		if len(ds) >= 2 {
			fig.twoReviews++
		}
	}
	return res, fig
}

// TestPlanSimulation is issue 12's seeded simulation: 8 generated stories
// (240 cards), 10 days to the loop, 30 and 45 minutes a day.
func TestPlanSimulation(t *testing.T) {
	for _, minutes := range []int{30, 45} {
		t.Run(fmt.Sprintf("%dmin", minutes), func(t *testing.T) {
			res, fig := simulatePlan(t, 8, 10, minutes, 1)
			for _, d := range res.Days {
				t.Logf("%s %-7v new %3d reviews %3d answers %3d %5.1f min, weak left %d", d.Start.Format("Mon 02 Jan"), d.Phase, d.New, d.Reviews, d.Answers, d.Seconds/60, d.WeakLeft)
			}
			t.Logf("figures: learned by cut-off %d of %d; largest day %.0f%% of budget; eve %.2f× the average day; %.1f%% of cards at or above retention at noon on the day after the warm-up (%.1f%% without it); %d cards reviewed on two later days or more",
				fig.learned, fig.total, 100*fig.largestShare, fig.eveVsAverage, 100*fig.atRetention, 100*fig.beforeWarmup, fig.twoReviews)
			if fig.learned != fig.total {
				t.Errorf("learned by the cut-off: %d of %d", fig.learned, fig.total)
			}
			if fig.largestShare > 1.10 {
				t.Errorf("largest day %.0f%% of the budget, want at most 110%%", 100*fig.largestShare)
			}
			if res.DueAfterEve != 0 {
				t.Errorf("%d cards due after the last study day", res.DueAfterEve)
			}
			if res.NewAfterCutoff != 0 {
				t.Errorf("%d new cards after the cut-off", res.NewAfterCutoff)
			}
			// The window spreads the weak cards over its days: one left on
			// its first day may come on the next, but none is left once
			// the eve ends.
			var eve *scheduler.SimDay
			for i := range res.Days {
				if res.Days[i].Phase == scheduler.PhaseWindow {
					eve = &res.Days[i]
				}
			}
			if eve == nil {
				t.Fatal("no final window")
			}
			if eve.WeakLeft != 0 {
				t.Errorf("%s: %d weak due cards not shown by the end of the final window", eve.Start.Format(time.DateOnly), eve.WeakLeft)
			}
			if fig.atRetention < 0.98 {
				t.Errorf("%.1f%% of cards at or above the desired retention on the day, want 98%%", 100*fig.atRetention)
			}
			if fig.eveVsAverage > 1.5 {
				t.Errorf("eve %.2f× the average day, want at most 1.5×", fig.eveVsAverage)
			}
		})
	}
}
