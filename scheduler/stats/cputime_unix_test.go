//go:build unix

package stats

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system CPU time the process has used, so a
// benchmark can report it next to wall time on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
