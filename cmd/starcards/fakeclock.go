//go:build fakeclock

package main

import (
	"fmt"
	"os"
	"time"
)

// The fakeclock build (go build -tags fakeclock) lets a script play days of
// study end to end with the real binary: STARCARDS_NOW (RFC 3339) sets the
// clock and STARCARDS_TICK (a Go duration) advances it at every reading.
// Normal builds do not contain this file and ignore both variables.
func init() {
	clock, err := fakeClock(os.Getenv("STARCARDS_NOW"), os.Getenv("STARCARDS_TICK"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "starcards:", err)
		os.Exit(1)
	}
	if clock != nil {
		now = clock
	}
}

// fakeClock returns the clock the variables ask for, nil if STARCARDS_NOW
// is unset. The time is shown in the local zone (TZ).
func fakeClock(at, tick string) (func() time.Time, error) {
	if at == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return nil, fmt.Errorf("STARCARDS_NOW must be an RFC 3339 time like 2026-12-01T09:00:00Z, got %q", at)
	}
	var step time.Duration
	if tick != "" {
		if step, err = time.ParseDuration(tick); err != nil || step < 0 {
			return nil, fmt.Errorf("STARCARDS_TICK must be a duration like 10s, got %q", tick)
		}
	}
	t = t.In(time.Local)
	return func() time.Time {
		cur := t
		t = t.Add(step)
		return cur
	}, nil
}
