// Package store keeps a starcards collection in one bbolt file.
//
// # Layout
//
// The buckets and record formats are in schema.go and records.go. Stories,
// their outlines and the settings are JSON of the store's own record types
// (never of the domain types, so renaming a domain field changes nothing on
// disk); card contents, schedules and the review log are binary. Every value
// ends in a CRC-32C of the rest: bbolt keeps no checksums, and a damaged
// record must be an [ErrCorrupt] error rather than wrong data.
//
// A card's schedule is kept under an order key (the story's import sequence
// and the card's position in it), so a cursor walks the collection in study
// order; the order bucket maps card ids to those keys. Two indexes hold
// copies of the schedules a study queue can draw from — cards in learning or
// review by due time, new cards in order — so that the index scans ([DB.ScanDue],
// [DB.ScanNew]) read what is due rather than every card; the scheduler decides
// what of it the day's queue holds. Every write of a schedule goes through one
// function that keeps them in step. The review log is keyed by the time an
// answer was given (signed, so a clock before 1970 sorts first) and its
// sequence number; a sequence index gives [DB.Undo] the latest answer
// whatever the clocks said.
//
// # Reading a large collection
//
// The read paths cost what they must read, and allocate little per
// record: [DB.ScanLog] reads the log without decoding a card id per entry
// (the caller asks for the few it needs), [DB.EachCard] reads the cards
// with their text one at a time, a cursor over each story's range of card
// records rather than a lookup per card, and [DB.StoryTargets] reads the
// section targets out of the story records without decoding their text.
//
// # Transactions and locking
//
// Each exported method is one transaction: [DB.Import] imports every story or
// none, [DB.Answer] writes a card's new state with its review-log entry,
// [DB.ChangeSchedules] changes many cards or none, and [DB.Undo] takes an
// answer back. [Open] writes nothing unless the collection needs a migration,
// so a command that fails leaves the file byte-identical. It waits up to
// Options.Timeout (3 s) for another process's lock, then returns [ErrLocked];
// a turnstile lock file beside the collection makes new readers queue behind
// a waiting writer, so a stream of readers cannot starve it. [Create] builds a
// new collection under a temporary name and links it into place whole.
//
// # Integrity
//
// [DB.Check] runs bbolt's consistency check and the store's invariants;
// [DB.Repair] rebuilds what is derived (indexes, outlines). [DB.Backup]
// writes a consistent snapshot from one read transaction.
//
// # Versions
//
// The meta bucket records the schema version. [Open] applies the ordered
// migrations (migrate.go) to an older file in one transaction, after
// Options.BeforeMigrate (a backup), and refuses a newer one with
// [ErrSchemaTooNew]; read-only it refuses an older one with
// [ErrNeedsUpgrade]. A file that is not a collection is [ErrNotCollection];
// an empty one [ErrEmptyFile]; a directory, FIFO or device [ErrNotRegular].
package store
