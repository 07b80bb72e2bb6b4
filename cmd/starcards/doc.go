// Command starcards turns behavioural-interview stories into flashcards,
// schedules their review with FSRS and exports Anki decks.
package main
