// Package session runs a review session: it shows the day's cards one by
// one, takes the user's keys, records each answer through the scheduler and
// the collection, and ends with a summary.
//
// It does no I/O of its own beyond the [Input] it reads keys from and the
// writer it prints to, and reads the time only through Session.Now, so a
// whole session can be replayed in a test. The collection is reached
// through [Collection], which the command implements by opening the file
// for each call: a session waiting for a key holds no lock, so other
// commands (due, list, stats) keep working from another terminal.
//
// # Why it lives here
//
// A session is the conversation between the command and the user: keys in,
// screens out. Only the starcards command runs one, so the package is internal
// to cmd/starcards. The rehearsal modes (drill, mock) live beside the review
// loop for the same reason.
package session
