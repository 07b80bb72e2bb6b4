package lint_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
)

func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string // "line:col message" of each finding
	}{
		{"OK", "id: s\ntitle: T\nsections:\n  task: {example: \"I owned it: latency < 200 ms and > 100 ms.\"}\n", nil},
		{
			"Title", "id: s\ntitle: <What the story shows>\nsections:\n  task: {example: I owned it.}\n",
			[]string{"2:8 template placeholder <What the story shows> left in the text"},
		},
		{
			"InExample", "id: s\ntitle: T\nsections:\n  task:\n    example: I was <role> on <team>.\n",
			[]string{"5:14 template placeholder <role> left in the text"},
		},
		{
			"InFollowup", "id: s\ntitle: T\nsections:\n  task: {example: I did.}\nfollowups:\n  - question: Why?\n    strong: Because <reason>\n",
			[]string{"7:13 template placeholder <reason> left in the text"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, pos, err := decks.ParseWithPositions([]byte(tc.yaml), "s.yaml")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range lint.Placeholders(s, pos, "s.yaml") {
				if f.Severity != lint.Error {
					t.Errorf("%v: severity %s, want error", f, f.Severity)
				}
				got = append(got, strings.Join([]string{itoa(f.Line) + ":" + itoa(f.Col), f.Message}, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestTemplatesHavePlaceholders: the untouched templates are refused, the
// sample is not.
func TestTemplatesHavePlaceholders(t *testing.T) {
	s, pos, err := decks.ParseWithPositions(decks.TemplateYAML, "story.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(lint.Placeholders(s, pos, "story.yaml")); n < 10 {
		t.Errorf("the YAML template gives %d placeholder findings, want many", n)
	}
	sample := decks.Sample()
	if f := lint.Placeholders(sample, nil, "sample"); len(f) != 0 {
		t.Errorf("the sample has placeholders: %v", f)
	}
}

func TestPrinciples(t *testing.T) {
	for _, tc := range []struct {
		name, principles string
		catalogue        []string
		want             []string
	}{
		{"Known", "[Ownership, Bias for Action, are right a lot]", decks.AmazonPrinciples, nil},
		{"Typo", "[Customer Obsesion]", decks.AmazonPrinciples, []string{`unknown principle "Customer Obsesion": did you mean "Customer Obsession"?`}},
		{"Unknown", "[Synergy]", decks.AmazonPrinciples, []string{`unknown principle "Synergy"`}},
		{"NoCatalogue", "[Synergy]", nil, nil},
		{"OwnCatalogue", "[Teamwork, Teamwrok]", []string{"Teamwork"}, []string{`unknown principle "Teamwrok": did you mean "Teamwork"?`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "id: s\ntitle: T\nprinciples: " + tc.principles + "\nsections:\n  task: {example: I did.}\n"
			s, pos, err := decks.ParseWithPositions([]byte(src), "s.yaml")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range lint.Principles(s, pos, "s.yaml", tc.catalogue) {
				got = append(got, f.Message)
				if f.Line != 3 {
					t.Errorf("%v: line %d, want 3", f, f.Line)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAmazonCatalogue(t *testing.T) {
	if n := len(decks.AmazonPrinciples); n != 16 {
		t.Fatalf("%d principles, want 16", n)
	}
	// The sample names only catalogue principles.
	if f := lint.Principles(decks.Sample(), nil, "sample", decks.AmazonPrinciples); len(f) != 0 {
		t.Errorf("the sample's principles are not in the catalogue: %v", f)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
