//go:build unix

package scheduler_test

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time so far: on a
// shared machine the benchmark reports it beside the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
