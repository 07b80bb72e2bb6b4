package decks_test

import (
	"fmt"

	"github.com/starcards/starcards/decks"
)

func ExampleCards() {
	story, err := decks.Parse([]byte(`
id: flaky-build
title: Fixing the flaky build
sections:
  action:
    target: 45s
    example: I bisected the failures and I pinned the clock in the tests.
    phrases: ["I bisected", "I pinned"]
followups:
  - question: Why not just retry the tests?
    strong: Retries hide the bug; the clock was the cause.
`), "flaky-build.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range decks.Cards(story) {
		fmt.Printf("%s: %s\n", c.ID, c.Front)
	}
	// Output:
	// flaky-build/phrase/action/i-bisected: Fill in the key phrase — Action of “Fixing the flaky build”
	//
	// ____ the failures and I pinned the clock in the tests.
	// flaky-build/phrase/action/i-pinned: Fill in the key phrase — Action of “Fixing the flaky build”
	//
	// I bisected the failures and ____ the clock in the tests.
	// flaky-build/section/action: Tell the Action of “Fixing the flaky build” (45 s)
	//
	// It starts: “… the failures and…”
	// flaky-build/followup/why-not-just-retry-the-tests: Why not just retry the tests?
}
