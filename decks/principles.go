package decks

import "strings"

// AmazonPrinciples are Amazon's 16 Leadership Principles, the built-in
// catalogue of competencies stories are tagged with (config key
// principles: "amazon", the default).
var AmazonPrinciples = []string{
	"Customer Obsession",
	"Ownership",
	"Invent and Simplify",
	"Are Right, A Lot",
	"Learn and Be Curious",
	"Hire and Develop the Best",
	"Insist on the Highest Standards",
	"Think Big",
	"Bias for Action",
	"Frugality",
	"Earn Trust",
	"Dive Deep",
	"Have Backbone; Disagree and Commit",
	"Deliver Results",
	"Strive to be Earth's Best Employer",
	"Success and Scale Bring Broad Responsibility",
}

// Catalogue returns the competency catalogue a config setting names (see
// starcards.Config.Principles): Amazon's for "" or "amazon", none for
// "none", else the comma-separated names.
func Catalogue(setting string) []string {
	switch strings.ToLower(strings.TrimSpace(setting)) {
	case "", "amazon":
		return AmazonPrinciples
	case "none":
		return nil
	}
	var out []string
	for _, n := range strings.Split(setting, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
