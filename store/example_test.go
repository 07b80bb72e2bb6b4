package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

func ExampleDB_Import() {
	dir, _ := os.MkdirTemp("", "starcards")
	defer os.RemoveAll(dir)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

	db, err := store.Open(filepath.Join(dir, "collection.db"), store.Options{}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	story := decks.Sample()
	reports, err := db.Import([]store.StoryImport{{Story: story, Cards: decks.Cards(story), Source: "sample"}}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d cards added\n", reports[0].ID, reports[0].Added)

	// An answer is one transaction: the new state and the log entry.
	id := starcards.CardID{Story: story.ID, Kind: starcards.KindSection, Key: "result"}
	after := starcards.Schedule{State: starcards.StateLearning, Due: now.Add(10 * time.Minute), LastReview: now, Reps: 1}
	if err := db.Answer(starcards.Review{Card: id, Time: now, Rating: starcards.Good, After: after}); err != nil {
		fmt.Println(err)
		return
	}
	undone, _ := db.Undo()
	fmt.Println("undid", undone.Rating, "on", undone.Card)
	// Output:
	// webhook-drop-rate: 42 cards added
	// undid good on webhook-drop-rate/section/result
}
