package lint_test

import (
	"fmt"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
)

func ExampleCheck() {
	const file = "flaky-build.yaml"
	story, pos, err := decks.ParseWithPositions([]byte(`id: flaky-build
title: Fixing the flaky build
principles: [Dive Deep]
sections:
  task:
    example: Nobody owned the build, so I took it on.
  action:
    example: We bisected the failures. I pinned the clock in the tests.
  result:
    example: The build went green and stayed green.
followups:
  - {question: Why not retry the tests?, strong: Retries hide the bug.}
  - {question: How did you find the clock?, strong: I bisected.}
`), file)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range lint.Check(story, pos, file) {
		fmt.Println(f)
	}
	// Output:
	// flaky-build.yaml:8:14: error: Action sentence with “we” as its subject makes you invisible: “We bisected the failures.” (fix: say what you did yourself: one “I …” sentence per step)
	// flaky-build.yaml:10:14: error: Result has no number, percentage, amount or before→after change (fix: give the change as a number: a percentage, an amount, or before → after (“from 0.3% to zero”))
}
