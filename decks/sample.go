package decks

import (
	_ "embed"

	"github.com/starcards/starcards"
)

// SampleFile is the file name of the built-in sample story.
const SampleFile = "sample/webhook-drop-rate.yaml"

// SampleYAML is the built-in sample story: the webhook drop-rate walkthrough
// (Bias for Action) as an editable story file.
//
//go:embed sample/webhook-drop-rate.yaml
var SampleYAML []byte

// Sample returns the built-in sample story, parsed afresh.
func Sample() *starcards.Story {
	s, err := Parse(SampleYAML, SampleFile)
	if err != nil {
		// The sample is embedded and tested; failing here is a build defect.
		panic("decks: built-in sample does not parse: " + err.Error())
	}
	return s
}
