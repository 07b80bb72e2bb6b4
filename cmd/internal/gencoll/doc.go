// Package gencoll generates realistic starcards collections for benchmarks
// and load tests: stories like the sample (about 30 cards each, from
// [decks.GenerateStory]) and a review log whose every entry is an answer the
// scheduler itself gave, in steady state as of a chosen time.
//
// # The model
//
// Cards are studied from the start of the collection order, at a steady
// rate; the first card was introduced most recently, so the cards ever
// studied are always a prefix of the collection and the rest stay new. Each
// studied card is first answered when it is introduced, then again at each
// due time the scheduler gave it, a little late (up to 10 minutes for a
// learning step, up to 20 hours for a day interval), until the chosen time.
// A card in review is recalled with its FSRS retrievability at the moment
// of the answer (Again otherwise; Hard, Good and Easy one in ten, eight in
// ten, one in ten); a new or learning card with probability 0.8 or 0.85. A
// card the scheduler suspends as a leech is answered no more.
//
// The rate is chosen so that the log has exactly the number of entries
// asked for, with at most [Options.Studied] of the cards ever studied: a
// small log is a few weeks of a new user, a large one a year or more. The
// oldest card's history is cut short to make the count exact, which leaves
// that card overdue.
//
// So whatever the time chosen, the cards due then are those a real
// collection would have due: the ones whose interval ended in the last day,
// and today's answers are in the log. Generate relative to the current time
// and benchmarks never run on a stale file; generate a month back and the
// same collection is a month overdue.
//
// Everything is deterministic for a seed: each card draws from its own
// random source, so [Simulate] gives the same log for the same options.
//
// # Use
//
// [Write] builds a collection file through the store's public API;
// [Simulate] gives the log alone, in time order, for tests. The command
// cmd/bench/gen wraps Write, and the benchmarks of cmd/starcards use it.
package gencoll
