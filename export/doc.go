// Package export writes starcards collections as Anki decks: a legacy
// schema-11 package (.apkg) with [Apkg], or an Anki text-import file with
// [TSV] (or [TSVWriter], one note at a time).
//
// # Package layout
//
// The .apkg is a zip holding collection.anki2 (an SQLite database in
// Anki's schema 11, written with the CGO-free modernc.org/sqlite) and an
// empty media map. Anki 2.1.55 and later read it with the Rust importer; the
// conf has "schedVer": 2, so Anki never runs its v1 scheduler upgrade on it.
// The rules followed are those of docs/anki-format.md in the shared docs.
//
// # Notes, note types and decks
//
// Every exported card is one Anki note of the note type of its kind, named
// "starcards <Kind>", with the fields of [starcards.Kind.FieldNames], and
// every note is exactly one Anki card (see Identity). Phrase and number
// cards use cloze note types ("starcards Phrase (cloze)", "starcards Number
// (cloze)") whose Text field is the card's sentence with its one answer (the
// first line of the Phrase or Number field) as {{c1::…}} around its first
// case-insensitive match; an answer not found in the sentence is appended
// as "Also: {{c1::…}}". There is never a c2: a cloze note is one card.
// Note types whose fields changed with the one-thing-per-card layout
// (section, phrase, reflection) have ids of version 2, so Anki never merges
// them into the old ones. Quiz cards show lettered options on the front and the right one,
// highlighted, with the explanation on the back. All note types share one
// stylesheet that follows Anki's night mode.
//
// Each story is a deck "STAR::<title>" under a "STAR" deck; in the title,
// control characters become spaces and "::" becomes ":", so a title never
// creates subdecks. All decks use one options preset, "starcards", holding
// the desired retention, FSRS parameters and limits of the Config.
//
// Tags are "starcards", "story::<story id>", "kind::<kind>" and the card's
// own tags ([starcards.Card.Tags]), those equal to a principle, the role or
// a level of the story prefixed "principle::", "role::" or "level::", others
// kept as they are. In tag values white space becomes "_", double quotes are
// dropped and "::" becomes ":"; scheduled exports add Anki's "leech" tag to
// leeches:
//
//	starcards story::webhook-drop-rate kind::followup principle::Bias_for_Action role::Backend level::Senior_SDE
//
// # Identity
//
// One Anki card per starcards card, with the same identity. A starcards
// card with id "story/kind/key" is the note whose guid is [GUID](id) and
// whose first field, ID, holds the id as text; the note has one card, ord 0.
// Reading an Anki collection back, a card maps to its starcards card by
// (note guid, card ord): guid → card id through GUID over the collection's
// card ids (or, for a salted guid, the note's ID field), and ord must be 0;
// any other ord is not a starcards card. Card and note ids are derived too
// (below), but Anki may renumber them on import, so the guid and ord are
// what to match on.
//
// Ids and guids derive from [starcards.CardID.String], never from text, so
// exporting again and importing updates the same notes in Anki:
//
//   - guid: base62 of the first 64 bits of SHA-256("starcards/guid/v1\0" + id);
//   - note id: SHA-256 of "starcards/note/v1\0" + id, card id: of
//     "starcards/card/v1\0" + id + "\0" + ord, note type id: of
//     "starcards/<kind>/v1", deck id: of the lower-cased deck name, each
//     mapped into epoch milliseconds between 2011 and 2019 (Anki renumbers
//     ids later than tomorrow); a collision takes the next free id, in
//     card-id order.
//
// Modification times (notes, cards, note types, decks, preset) are
// Options.Now in seconds. Anki updates a note on import only if the incoming
// mod is newer, so each later export updates every note: starcards is the
// source of truth.
//
// # Scheduling
//
// With Options.WithScheduling, col.crt is the start of the study day
// containing Options.Now (Config.DayStartHour in Now's zone), and day
// numbers count local calendar days from it. Cards map as follows:
//
//   - new: type 0, queue 0, due = position in story order (1-based);
//   - review: type 2, queue 2, due = day of Schedule.Due, ivl =
//     ScheduledDays, factor 2500;
//   - learning / relearning: type 1 / 3, queue 1 with due in unix seconds
//     (queue 3 with a day number if due after today), one step left;
//     relearning cards keep an ivl, the FSRS interval of their stability;
//   - suspended: queue −1; buried until after Now: queue −3.
//
// Reviewed cards carry their FSRS memory state in the data column
// (s, d, dr, decay rounded like Anki, lrt = the last review). Each review
// becomes a revlog row: id = review time in ms (unique, +1 ms on a clash),
// ease = rating, ivl and lastIvl in days or negative seconds, factor =
// ((difficulty−1)/9+0.1)×1000 as Anki writes under FSRS, time capped at
// 60 s, type learn/review/relearn from the state before the answer. A review
// is one row, of the one Anki card of the reviewed card: no card carries
// another's history.
//
// Without scheduling every card is new and there is no review log.
//
// # Safety
//
// Stories are untrusted. All story text is HTML-escaped; braces, "::",
// and "[" are written as entities so that text can form no template
// reference, cloze, media or LaTeX tag; ASCII control characters (among
// them the field separator 0x1f) other than newline and tab are dropped, and
// newlines become <br>. notes.csum and notes.sfld are computed with Anki's
// algorithm.
//
// # Caveats
//
// Quiz options are shown in Anki in the story's order; starcards shuffles
// them per review.
package export
