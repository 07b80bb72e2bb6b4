package scheduler

import (
	"math"
	"time"

	"github.com/starcards/starcards"
)

// Decay is the exponent of the FSRS-5 forgetting curve
// R(t) = (1 + Factor·t/S)^Decay, as in go-fsrs v3.3.1. The curve's
// constants are written here once; the scheduler, the statistics, the
// planner and the Anki export use them.
const Decay = -0.5

// Factor is 0.9^(1/Decay) - 1 (19/81), computed as go-fsrs computes it, to
// the last bit.
var Factor = math.Pow(0.9, 1/Decay) - 1

// Retrievability returns the probability that a card with schedule s is
// recalled at now, from the FSRS-5 forgetting curve over fractional days since
// its last review. It is 0 for a new card and 1 at (or before) the last review.
func Retrievability(s starcards.Schedule, now time.Time) float64 {
	if s.State == starcards.StateNew || s.Stability <= 0 || s.LastReview.IsZero() {
		return 0
	}
	t := now.Sub(s.LastReview).Hours() / 24
	if t < 0 {
		t = 0
	}
	return math.Pow(1+Factor*t/s.Stability, Decay)
}

// Interval returns the FSRS-5 interval of a card of the given stability:
// the whole number of days after which its recall probability falls to
// retention, at least 1 and at most maximum days. It is go-fsrs's
// nextInterval, and what [Scheduler.Answer] gives before fuzz.
func Interval(stability, retention float64, maximum int) float64 {
	return interval(stability, retentionTerm(retention), float64(max(maximum, 1)))
}

// retentionTerm is R^(1/Decay) - 1, the retention's part of the interval
// formula, computed once per scheduler.
func retentionTerm(retention float64) float64 { return math.Pow(retention, 1/Decay) - 1 }

// interval is the interval formula, with the same operations in the same
// order as go-fsrs, for equal results.
func interval(stability, retTerm, maximum float64) float64 {
	return math.Max(math.Min(math.Round(stability/Factor*retTerm), maximum), 1)
}
