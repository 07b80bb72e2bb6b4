package main

import (
	"errors"
	"io"
	"math"
	"runtime/debug"
	"strings"
	"testing"
	"testing/iotest"
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

// TestReadAll: readAll reads everything whatever its starting size, and
// returns what it read with a reader's error.
func TestReadAll(t *testing.T) {
	text := strings.Repeat("story line\n", 1000)
	for _, size := range []int{0, 1, 512, len(text), len(text) + 1, 4 * len(text)} {
		got, err := readAll(strings.NewReader(text), size)
		if err != nil || string(got) != text {
			t.Errorf("size %d: read %d bytes, %v; want %d", size, len(got), err, len(text))
		}
	}
	boom := errors.New("boom")
	got, err := readAll(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 2)
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Errorf("failing reader: %q, %v", got, err)
	}
}
