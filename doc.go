// Package starcards holds the domain types shared by every part of starcards:
// stories, the cards made from them, their scheduling state and the review log.
//
// It imports nothing of ours and does no I/O. The adapter packages exchange
// these types: decks parses story files and generates cards, scheduler applies
// FSRS to a [Schedule], store persists everything in bbolt, and export writes
// Anki packages.
package starcards
