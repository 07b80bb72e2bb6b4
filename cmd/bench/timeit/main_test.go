package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for a command to time:
// TIMEIT_HELPER=alloc allocates and prints a gctrace-like line when
// GODEBUG asks for one (a real Go program does that itself); fail exits 3.
func TestMain(m *testing.M) {
	switch os.Getenv("TIMEIT_HELPER") {
	case "":
		os.Exit(m.Run())
	case "alloc":
		if strings.Contains(os.Getenv("GODEBUG"), "gctrace=1") {
			os.Stderr.WriteString("gc 1 @0.001s 1%: 0.01+0.2+0.01 ms clock, 0.02+0/0.1/0+0.02 ms cpu, 12->13->2 MB, 12 MB goal, 0 MB stacks, 0 MB globals, 2 P\n")
		}
		os.Exit(0)
	case "count":
		f, _ := os.OpenFile(os.Getenv("TIMEIT_COUNT"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		f.WriteString("x")
		f.Close()
		os.Exit(0)
	case "fail":
		os.Stderr.WriteString("it broke\n")
		os.Exit(3)
	}
}

func helper(t *testing.T, mode string) []string {
	t.Setenv("TIMEIT_HELPER", mode)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return []string{exe, "-test.run=^$"}
}

func TestRun(t *testing.T) {
	cmd := helper(t, "alloc")
	var stdout, stderr bytes.Buffer
	args := append(append([]string{"-n", "3", "--"}, cmd...), append([]string{":::"}, cmd...)...)
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), stdout.String())
	}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 6 || f[0] != "3" || f[4] != "13" || f[5] != strings.Join(cmd, " ") {
			t.Errorf("line %q, want 3 runs, heap 13 and the command", l)
		}
		for _, v := range f[1:4] {
			if x, err := strconv.ParseFloat(v, 64); err != nil || x < 0 {
				t.Errorf("figure %q in %q", v, l)
			}
		}
	}
}

// TestSlowWarmUp checks that a slow warm-up run counts as a timed run and
// a fast one does not.
func TestSlowWarmUp(t *testing.T) {
	defer func(d time.Duration) { slowRun = d }(slowRun)
	for _, tc := range []struct {
		slow time.Duration
		runs int
	}{{0, 3}, {time.Hour, 4}} {
		slowRun = tc.slow
		count := filepath.Join(t.TempDir(), "count")
		t.Setenv("TIMEIT_COUNT", count)
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"-n", "3", "--"}, helper(t, "count")...), &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		data, _ := os.ReadFile(count)
		if len(data) != tc.runs || !strings.HasPrefix(stdout.String(), "3\t") {
			t.Errorf("slowRun %v: %d runs, report %q; want %d runs, 3 timed", tc.slow, len(data), stdout.String(), tc.runs)
		}
	}
}

func TestRunFails(t *testing.T) {
	cmd := helper(t, "fail")
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"--"}, cmd...), &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "exit status 3: it broke") || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	if code := run(nil, &stdout, &stderr); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
}

func TestSplit(t *testing.T) {
	got := split([]string{"a", "1", ":::", "b", ":::", ":::", "c", "2", "3"})
	want := [][]string{{"a", "1"}, {"b"}, {"c", "2", "3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("split=%q, want %q", got, want)
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{{[]time.Duration{3, 1, 2}, 2}, {[]time.Duration{4, 1, 3, 2}, 2}, {[]time.Duration{7}, 7}} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v)=%v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestHeapPeak(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", -1},
		{"starcards: hint\n", -1},
		{"gc 1 @0.01s 2%: 0.1+1+0.1 ms clock, 0.2+0.5/1/0+0.2 ms cpu, 4->5->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P\n" +
			"gc 2 @0.05s 3%: 0.1+1+0.1 ms clock, 0.2+0.5/1/0+0.2 ms cpu, 90->120->60 MB, 95 MB goal, 0 MB stacks, 0 MB globals, 2 P\n", 120},
	} {
		if got := heapPeak([]byte(tc.in)); got != tc.want {
			t.Errorf("heapPeak(%q)=%d, want %d", tc.in, got, tc.want)
		}
	}
}

// FuzzHeapPeak checks that any standard error gives a peak: -1 (none) or
// a whole number of MB.
func FuzzHeapPeak(f *testing.F) {
	f.Add("gc 2 @0.05s 3%: 0.1+1+0.1 ms clock, 0.2+0.5/1/0+0.2 ms cpu, 90->120->60 MB, 95 MB goal, 0 MB stacks, 0 MB globals, 2 P\n")
	f.Add("gc 1 @x: 99999999999999999999->1->1 MB\n")
	f.Add("starcards: no card\n")
	f.Fuzz(func(t *testing.T, s string) {
		if got := heapPeak([]byte(s)); got < -1 {
			t.Fatalf("heapPeak(%q)=%d", s, got)
		}
	})
}
