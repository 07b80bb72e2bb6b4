// Package ankipkg reads Anki packages (.apkg, .colpkg) and merges the
// progress made in Anki on cards starcards exported back into a starcards
// collection's state.
//
// # Reading
//
// [Read] takes a package in any format Anki writes: the new format of Anki
// 2.1.50 and later (collection.anki21b, a zstd-compressed schema-18
// SQLite file, with a protobuf meta entry naming the version), and the
// legacy ones (collection.anki21 or collection.anki2, schema 11). As in
// Anki, the version in meta names the collection file (a version it does
// not know means a newer Anki); without meta it is collection.anki21 if
// present, else collection.anki2. The collection is
// unpacked to a scratch file and read with the CGO-free modernc.org/sqlite,
// read-only. Of meta only the version field is read. Read keeps what a
// pull needs: the day timing (col.crt, rollover, creationOffset, from the
// config table or col.conf), every card with its note's guid and its FSRS
// memory state (cards.data s, d, lrt), and the review log.
//
// # Pulling
//
// [Pull] matches Anki cards to ours by note guid and card ordinal (see
// [export.Keys]); other cards are counted and ignored. Each rated revlog row
// becomes a review in our log unless the log has it already; a revlog id is
// the review's time in milliseconds, which is how a second pull finds
// nothing new. The reviews are threaded into our history, each starting
// from the state the previous one left.
//
// Card state: a card whose latest review was made in Anki takes Anki's
// state (type, due day, interval, reps, lapses and, when present, Anki's
// FSRS memory state); a card reviewed later in starcards keeps ours; a card
// Anki did not review keeps ours. Anki's scheduler set the due date the
// user saw on the phone, so it is kept rather than replayed with ours,
// whose learning steps, fuzz and FSRS version differ from Anki's. When a
// card carries no memory state (FSRS off in Anki), our scheduler's memory
// state replayed over the merged history stands in. Suspension and burying
// always follow Anki's (a burial lasts until the next study day).
//
// Pull changes nothing itself; the caller writes the [Result] in one
// transaction.
//
// # Caveats
//
// Since card layout 2 every starcards card is one Anki card (ord 0). A
// package exported before it holds notes of cards that layout retired (the
// old phrase notes, with one cloze card per phrase); they match no live
// card and are counted with the cards of other notes.
// Anki's "Forget" and "Set due date" write no rated review and do not
// come back. A review dated after the export that carried it (a clock set
// wrong) was written with the export's time as its id, and comes back as a
// second review.
package ankipkg
