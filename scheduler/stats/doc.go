// Package stats computes and renders study statistics: what `starcards stats`
// and `starcards show CARD` print.
//
// [Compute] turns the collection (stories, cards, and the review log streamed
// oldest first) into a [Report]; [Render] writes a Report as terminal text and
// its JSON encoding is the `stats --json` object. [Info] and [RenderInfo] do
// the same for one card. The package is pure: it does no I/O except writing to
// the given [io.Writer] and never reads the clock; the caller passes the time.
//
// # Study days
//
// Days are study days, as Anki counts them: a day starts at
// Config.DayStartHour local time (see [starcards.DayStart]), in the location of
// Input.Now. An answer at 03:30 with the default 04:00 day start belongs to
// the day before. Dates in a Report are the calendar date on which a study day
// starts, formatted YYYY-MM-DD.
//
// # Ratios
//
// Every ratio (retention, coverage, mean retrievability) is in [0, 1] and is 0
// when its denominator is 0, so a collection without reviews reports zeros.
// The count beside a ratio says whether it means anything.
//
// # Memory
//
// Compute reads the review log once, as an iterator, and keeps per-day counts
// only: a log of a million answers is never held in memory. Given as
// Input.Log, the answers' cards are asked for only where they count (the
// day's answers, the spoken ones), so the caller need not decode a million
// card ids. [Render] draws tables of thousands of lines (a collection of
// thousands of stories) itself, byte for byte as tablewriter draws them,
// which takes several microseconds a cell.
//
// # Why it lives here
//
// Statistics are the scheduler's view of the collection: retrievability,
// forecasts and what is due all come from scheduler functions, and the
// package imports scheduler and the domain only, never the store or the
// terminal. So it sits in the scheduler's room.
package stats
