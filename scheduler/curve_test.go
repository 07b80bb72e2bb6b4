package scheduler

import (
	"testing"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
)

// TestCurveConstants pins the one copy of the FSRS-5 constants to go-fsrs's.
func TestCurveConstants(t *testing.T) {
	p := fsrs.DefaultParam()
	if Decay != p.Decay || Factor != p.Factor {
		t.Fatalf("Decay, Factor = %v, %v; go-fsrs has %v, %v", Decay, Factor, p.Decay, p.Factor)
	}
}

// TestInterval checks the one interval formula against go-fsrs's: a new
// card answered Easy under the long-term scheduler gets the interval of
// its initial stability, weight 3, which the table sets.
func TestInterval(t *testing.T) {
	tests := []struct {
		stability, retention float64
		maximum              int
	}{
		{5, 0.9, 365},
		{10, 0.85, 365},
		{15.69, 0.9, 365},
		{100, 0.95, 36500},
		{400, 0.9, 365},
		{36500, 0.7, 36500},
		{100, 0.9, 10},
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		p := fsrs.DefaultParam()
		p.RequestRetention, p.MaximumInterval, p.EnableFuzz = tt.retention, float64(tt.maximum), false
		p.W[0], p.W[1], p.W[2], p.W[3] = 0.1, 0.1, 0.1, tt.stability
		want := float64(p.NewLongTermScheduler(fsrs.NewCard(), now).Review(fsrs.Easy).Card.ScheduledDays)
		if got := Interval(tt.stability, tt.retention, tt.maximum); got != want {
			t.Errorf("Interval(%v, %v, %d) = %v, go-fsrs %v", tt.stability, tt.retention, tt.maximum, got, want)
		}
	}
}
