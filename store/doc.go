// Package store keeps a starcards collection in one bbolt file.
//
// # Layout
//
// The buckets and record formats are in schema.go. Stories and card contents
// are JSON; the records read on every queue build — card schedules, the review
// log — are fixed-width binary. A card's schedule is kept under an order key
// (the story's import sequence and the card's position in it), so a cursor
// walks the collection in study order; the order bucket maps card ids to those
// keys. Two indexes hold copies of the schedules a study queue can draw from —
// cards in learning or review by due time, new cards in order — so that
// the index scans ([DB.ScanDue], [DB.ScanNew]) read what is due rather than
// every card; the scheduler decides what of it the day's queue holds. Every write of a
// schedule goes through one function that keeps them in step.
//
// # Transactions and locking
//
// Each exported method is one transaction: [DB.Import] imports every story or
// none, [DB.Answer] writes a card's new state with its review-log entry, and
// [DB.Undo] takes both back. [Open] waits at most Options.Timeout (1 s) for
// another process's lock and then returns [ErrLocked]. Read-only opens share
// the lock with other readers and leave the file byte-identical.
//
// # Versions
//
// The meta bucket records the schema version. [Open] applies the ordered
// migrations to an older file in one transaction and refuses a newer one with
// [ErrSchemaTooNew]; a file that is not a collection is [ErrNotCollection].
package store
