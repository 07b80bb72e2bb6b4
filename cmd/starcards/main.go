// Command starcards turns behavioural-interview stories into flashcards,
// schedules their review with FSRS and exports Anki decks.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
