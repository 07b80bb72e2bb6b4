//go:build fakeclock

package main

import (
	"testing"
	"time"
)

// TestFakeClock runs only in the fakeclock build (go test -tags fakeclock).
func TestFakeClock(t *testing.T) {
	clock, err := fakeClock("2026-12-01T09:00:00Z", "10s")
	if err != nil {
		t.Fatal(err)
	}
	a, b := clock(), clock()
	if want := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC); !a.Equal(want) || b.Sub(a) != 10*time.Second {
		t.Fatalf("clock gave %v then %v, want %v then 10 s later", a, b, want)
	}
	if c, err := fakeClock("", ""); c != nil || err != nil {
		t.Fatalf("unset STARCARDS_NOW: clock set %v, err %v; want the real clock", c != nil, err)
	}
	for _, bad := range [][2]string{{"yesterday", ""}, {"2026-12-01T09:00:00Z", "soon"}, {"2026-12-01T09:00:00Z", "-1s"}} {
		if _, err := fakeClock(bad[0], bad[1]); err == nil {
			t.Errorf("fakeClock(%q, %q) accepted", bad[0], bad[1])
		}
	}
}
