package scheduler

import (
	"math"
	"time"

	"github.com/starcards/starcards"
)

// FSRS-5 forgetting-curve constants, as in go-fsrs v3.3.1.
const (
	decay  = -0.5
	factor = 19.0 / 81.0 // 0.9^(1/decay) - 1
)

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
	return math.Pow(1+factor*t/s.Stability, decay)
}
