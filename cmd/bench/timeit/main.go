package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// sample is one run of a command.
type sample struct {
	wall, cpu time.Duration
	rssKB     int64
	stderr    []byte
}

// result is a command's figures over its runs.
type result struct {
	runs      int
	wall, cpu time.Duration // medians
	rssKB     int64         // largest
	heap      string        // Go heap peak in MB, or "<4"
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("timeit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 5, "timed runs of each command")
	limit := fs.Duration("max", time.Minute, "stop timing after this long (at least one run each)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cmds := split(fs.Args())
	if len(cmds) == 0 || *n < 1 {
		fmt.Fprintln(stderr, "usage: timeit [-n N] [-max D] -- CMD ARGS... [::: CMD ARGS...]...")
		return 2
	}
	results, err := measure(cmds, *n, *limit)
	if err != nil {
		fmt.Fprintf(stderr, "timeit: %v\n", err)
		return 1
	}
	for i, r := range results {
		fmt.Fprintf(stdout, "%d\t%.1f\t%.1f\t%.0f\t%s\t%s\n", r.runs, ms(r.wall), ms(r.cpu), float64(r.rssKB)/1024, r.heap, strings.Join(cmds[i], " "))
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// split cuts args into commands at each ":::".
func split(args []string) [][]string {
	var cmds [][]string
	var cur []string
	for _, a := range args {
		if a == ":::" {
			if len(cur) > 0 {
				cmds = append(cmds, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, a)
	}
	if len(cur) > 0 {
		cmds = append(cmds, cur)
	}
	return cmds
}

func measure(cmds [][]string, n int, limit time.Duration) ([]result, error) {
	samples := make([][]sample, len(cmds))
	for i, c := range cmds {
		// A warm-up run for the page cache; a slow one (past slowRun)
		// counts as a timed run too, as warming is then in the noise.
		s, err := once(c)
		if err != nil {
			return nil, err
		}
		if s.wall >= slowRun {
			samples[i] = append(samples[i], s)
		}
	}
	start := time.Now()
	for round := 0; ; round++ {
		done := true
		for i, c := range cmds {
			if len(samples[i]) >= n || (len(samples[i]) > 0 && time.Since(start) >= limit) {
				continue
			}
			done = false
			s, err := once(c)
			if err != nil {
				return nil, err
			}
			samples[i] = append(samples[i], s)
		}
		if done {
			break
		}
	}
	out := make([]result, len(cmds))
	for i := range cmds {
		r := result{runs: len(samples[i]), heap: "<4"}
		var wall, cpu []time.Duration
		peak := -1
		for _, s := range samples[i] {
			wall = append(wall, s.wall)
			cpu = append(cpu, s.cpu)
			r.rssKB = max(r.rssKB, s.rssKB)
			peak = max(peak, heapPeak(s.stderr))
		}
		r.wall, r.cpu = median(wall), median(cpu)
		if peak >= 0 {
			r.heap = strconv.Itoa(peak)
		}
		out[i] = r
	}
	return out, nil
}

// slowRun is how long a warm-up run must take to count as a timed run.
var slowRun = 3 * time.Second

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

// once runs c with GODEBUG=gctrace=1 (a line on standard error for each
// garbage collection: a negligible cost) and returns its figures.
func once(c []string) (sample, error) {
	cmd := exec.Command(c[0], c[1:]...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	cmd.Env = append(os.Environ(), "GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",", ",")+"gctrace=1")
	t := time.Now()
	err := cmd.Run()
	wall := time.Since(t)
	if err != nil {
		msg := strings.TrimSpace(errBuf.String())
		var ee *exec.ExitError
		if errors.As(err, &ee) && msg != "" {
			return sample{}, fmt.Errorf("%s: %v: %s", strings.Join(c, " "), err, msg)
		}
		return sample{}, fmt.Errorf("%s: %v", strings.Join(c, " "), err)
	}
	s := sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), stderr: errBuf.Bytes()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rssKB = ru.Maxrss // kilobytes on Linux
	}
	return s, nil
}

var gcLine = regexp.MustCompile(`(?m)^gc \d+ @.*: .*? (\d+)->(\d+)->\d+ MB`)

// heapPeak returns the largest heap a gctrace line shows, in MB, or -1 if
// there is none.
func heapPeak(stderr []byte) int {
	peak := -1
	for _, m := range gcLine.FindAllSubmatch(stderr, -1) {
		for _, g := range m[1:] {
			v, _ := strconv.Atoi(string(g))
			peak = max(peak, v)
		}
	}
	return peak
}
