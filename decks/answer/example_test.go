package answer_test

import (
	"fmt"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/answer"
)

func ExampleCheck() {
	story := decks.Sample()
	e, _ := answer.ForSection(story, "result", "")
	r := answer.Check(e, "We took the drop rate from 0.3% to zero and recovered about $8k a week.")
	for _, p := range r.Phrases {
		fmt.Println(p.Covered, p.Text)
	}
	fmt.Println("team:", r.We)
	fmt.Println("proposed:", r.Rating)
	// Output:
	// true 0.3% to zero
	// true $8,000 recovered
	// false adopted my pattern
	// team: [we took]
	// proposed: hard
}
