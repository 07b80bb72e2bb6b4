package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestCollectLate: the collector is off and the limit set while a
// collectLate is in force, and both are as they were after its restore.
func TestCollectLate(t *testing.T) {
	gc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gc)
	ml := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(ml)
	restore := collectLate(readMemory)
	if got := debug.SetMemoryLimit(-1); got != readMemory {
		t.Errorf("memory limit %d, want %d", got, readMemory)
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent %d, want -1 (off)", got)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("restored memory limit %d", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("restored GC percent %d", got)
	}
}
