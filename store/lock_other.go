//go:build !unix

package store

import "time"

// turnstile is a no-op where flock is not available.
func turnstile(string, time.Duration, bool) (func(), time.Duration, error) {
	return func() {}, 0, nil
}
