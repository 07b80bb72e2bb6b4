//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// turnstile passes the turnstile of the collection at path: an exclusive
// lock on path+".lock", taken before the collection's own lock and
// released once that is held. A writer waiting for readers to finish holds
// the turnstile, so new readers queue behind it instead of keeping the
// collection's shared lock held forever. Where the lock file cannot be
// made (a read-only directory) there is no turnstile. Only writers create
// the lock file: a read-only open of a file never written (a backup)
// leaves nothing beside it.
func turnstile(path string, timeout time.Duration, create bool) (release func(), waited time.Duration, err error) {
	flags := os.O_RDWR
	if create {
		flags |= os.O_CREATE
	}
	f, err := os.OpenFile(path+".lock", flags, 0o600)
	if err != nil {
		return func() {}, 0, nil
	}
	// The wait is counted in naps, not read from the clock: only cmd reads
	// the time.
	const nap = 10 * time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return func() {}, waited, nil
		}
		if waited >= timeout {
			f.Close()
			return nil, waited, ErrLocked
		}
		time.Sleep(nap)
		waited += nap
	}
	return func() { f.Close() }, waited, nil
}
