package decks

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// TestValidationAgrees: the same story, written as YAML, as Markdown and as
// a walkthrough page, breaks the same rule with the same message. The
// story file parsers refuse it; the page importer leaves the part out with
// that message as its warning.
func TestValidationAgrees(t *testing.T) {
	const (
		yamlHead = "id: shipped-fast\ntitle: You shipped fast\nsections:\n  situation:\n    example: I shipped it.\n"
		mdHead   = "---\nid: shipped-fast\ntitle: You shipped fast\n---\n## Situation\nI shipped it.\n"
		pageHead = "Tell Me About a Time You Shipped Fast - Amazon LP STAR Walkthrough\n⏱ Target: 30s\nS\nStrong Example\nI shipped it.\n"
	)
	for _, tc := range []struct {
		name           string
		yaml, md, page string
		msg            string
	}{
		{
			"FollowupWithoutStrong",
			yamlHead + "followups:\n  - question: Why?\n    probes: p\n    weak: no\n",
			mdHead + "## Follow-ups\n### Why?\nProbes: p\n\nWeak: no\n",
			pageHead + "❓\nWhy?\nProbes: p\n❌ Weak\n\n\"no\"\n",
			"followups[0]: give a strong answer or a key line",
		},
		{
			"QuizWithoutExplanation",
			yamlHead + "quizzes:\n  - question: Why?\n",
			mdHead + "## Quizzes\n### Why?\n",
			pageHead + "🧠\nWhy?\n",
			"quizzes[0]: a quiz without options needs an explanation to serve as its answer",
		},
		{
			"WeakAnswerWithoutText",
			yamlHead + "weak_answer:\n  flaws: [a flaw]\n",
			mdHead + "## Weak answer\nFlaws:\n- a flaw\n",
			pageHead + "✗\nWeak Answer\n  • a flaw\n",
			"weak_answer: missing text",
		},
		{
			"EmptyReflection",
			yamlHead + "reflections:\n  SDE2: \"\"\n",
			mdHead + "## Reflection\n### SDE2\n",
			pageHead + "SDE2 Reflection\n",
			`reflection for level "SDE2" is empty`,
		},
		{
			"DuplicateAngle",
			yamlHead + "angles:\n  - principle: Ownership\n    emphasize: e.\n  - principle: ownership\n    emphasize: f.\n",
			mdHead + "## Angles\n### Ownership\nEmphasize: e.\n### ownership\nEmphasize: f.\n",
			pageHead + "Ownership\n\nx\n\n✅ Emphasize\ne.\nownership\n\ny\n\n✅ Emphasize\nf.\n",
			`duplicate angle id "ownership" (also angle 1): give one of them another id`,
		},
		{
			"BadTarget",
			strings.Replace(yamlHead, "  situation:\n", "  situation:\n    target: soon\n", 1),
			strings.Replace(mdHead, "## Situation\n", "## Situation (soon)\n", 1),
			strings.Replace(pageHead, "Target: 30s", "Target: soon", 1),
			`sections.situation.target: "soon" is not a duration like 30s, 1m30s, 2m or 2 min`,
		},
		{
			"TargetOverAnHour",
			strings.Replace(yamlHead, "  situation:\n", "  situation:\n    target: 61 min\n", 1),
			strings.Replace(mdHead, "## Situation\n", "## Situation (61 min)\n", 1),
			strings.Replace(pageHead, "Target: 30s", "Target: 61 min", 1),
			`sections.situation.target: "61 min" is not a duration like 30s, 1m30s, 2m or 2 min`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, yerr := ParseWithPositions([]byte(tc.yaml), "s.yaml")
			_, _, merr := ParseMarkdown([]byte(tc.md), "s.md")
			for _, c := range []struct {
				format string
				err    error
			}{{"YAML", yerr}, {"Markdown", merr}} {
				var pe *ParseError
				if !errors.As(c.err, &pe) || pe.Line == 0 {
					t.Errorf("%s: error %v, want a *ParseError with a line", c.format, c.err)
					continue
				}
				if got := pe.Err.Error(); got != tc.msg {
					t.Errorf("%s: %q\nwant %q", c.format, got, tc.msg)
				}
			}
			pg, err := ParsePage([]byte(tc.page), "s.txt")
			if err != nil {
				t.Fatalf("page: %v", err)
			}
			found := false
			for _, w := range pg.Warnings {
				found = found || strings.HasPrefix(w.Msg, tc.msg+";") && w.Line > 0
			}
			if !found {
				t.Errorf("page: warnings %v, want one starting %q", pg.Warnings, tc.msg)
			}
		})
	}
}

// TestValidate checks the rules on stories built by hand, which no parser
// has seen, and that Cards never panics on them.
func TestValidate(t *testing.T) {
	ok := func() *starcards.Story {
		return &starcards.Story{ID: "s", Title: "T", Sections: []starcards.Section{{Name: "task", Example: "x"}}}
	}
	for _, tc := range []struct {
		name   string
		change func(s *starcards.Story)
		path   string // "" for valid
	}{
		{"OK", func(s *starcards.Story) {}, ""},
		{"NoID", func(s *starcards.Story) { s.ID = "" }, "id"},
		{"BadID", func(s *starcards.Story) { s.ID = "Has Space" }, "id"},
		{"UnicodeID", func(s *starcards.Story) { s.ID = "как-дела" }, ""},
		{"NoTitle", func(s *starcards.Story) { s.Title = " " }, "title"},
		{"NoSections", func(s *starcards.Story) { s.Sections = nil }, "sections"},
		{"UnknownSection", func(s *starcards.Story) { s.Sections[0].Name = "epilogue" }, "sections"},
		{"SectionTwice", func(s *starcards.Story) { s.Sections = append(s.Sections, s.Sections[0]) }, "sections.task"},
		{"SectionsOutOfOrder", func(s *starcards.Story) {
			s.Sections = append(s.Sections, starcards.Section{Name: "situation", Example: "y"})
		}, "sections.situation"},
		{"EmptySection", func(s *starcards.Story) { s.Sections[0].Example = "" }, "sections.task"},
		{"NegativeTarget", func(s *starcards.Story) { s.Sections[0].Target = -time.Second }, "sections.task.target"},
		{"LongTarget", func(s *starcards.Story) { s.Sections[0].Target = 2 * time.Hour }, "sections.task.target"},
		{"EmptyPhrase", func(s *starcards.Story) { s.Sections[0].Phrases = []string{"a", " "} }, "sections.task.phrases[1]"},
		{"EmptyPrinciple", func(s *starcards.Story) { s.Principles = []string{""} }, "principles[0]"},
		{"QuizAnswerOutOfRange", func(s *starcards.Story) {
			s.Quizzes = []starcards.Quiz{{Question: "Q?", Options: []string{"a", "b"}, Answer: 2}}
		}, "quizzes[0].answer"},
		{"QuizNegativeAnswer", func(s *starcards.Story) {
			s.Quizzes = []starcards.Quiz{{Question: "Q?", Options: []string{"a", "b"}, Answer: -1}}
		}, "quizzes[0].answer"},
		{"QuizOneOption", func(s *starcards.Story) {
			s.Quizzes = []starcards.Quiz{{Question: "Q?", Options: []string{"a"}}}
		}, "quizzes[0]"},
		{"FollowupNoKey", func(s *starcards.Story) {
			s.Followups = []starcards.Followup{{Question: "🎉?", Strong: "x"}}
		}, "followups[0]"},
		{"FollowupBadID", func(s *starcards.Story) {
			s.Followups = []starcards.Followup{{ID: "A B", Question: "Q?", Strong: "x"}}
		}, "followups[0].id"},
		{"DuplicateFollowups", func(s *starcards.Story) {
			s.Followups = []starcards.Followup{{Question: "Q?", Strong: "x"}, {Question: "q", Strong: "y"}}
		}, "followups[1]"},
		{"LevelNoName", func(s *starcards.Story) { s.Levels = []starcards.Level{{Focus: "f"}} }, "levels[0]"},
		{"LevelLongTime", func(s *starcards.Story) { s.Levels = []starcards.Level{{Level: "L5", Time: 2 * time.Hour}} }, "levels[0].time"},
		{"ReflectionNoSlug", func(s *starcards.Story) { s.Reflections = []starcards.Reflection{{Level: "~", Text: "t"}} }, "reflections.~"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ok()
			tc.change(s)
			err := Validate(s)
			var ve *ValidationError
			switch {
			case tc.path == "" && err != nil:
				t.Fatalf("Validate: %v, want nil", err)
			case tc.path != "" && !errors.As(err, &ve):
				t.Fatalf("Validate: %v, want a *ValidationError at %s", err, tc.path)
			case tc.path != "" && ve.Path != tc.path:
				t.Errorf("Validate: %v at %q, want at %q", err, ve.Path, tc.path)
			}
			Cards(s) // never panics, valid or not
		})
	}
}

// TestFallbackKeys: an item whose question makes no slug is keyed
// followup-N or quiz-N in every format.
func TestFallbackKeys(t *testing.T) {
	yaml := "id: s\ntitle: T\nsections:\n  task:\n    example: x\nfollowups:\n  - question: Why?\n    strong: a\n  - question: \"🤔?\"\n    strong: b\nquizzes:\n  - question: \"…?\"\n    explanation: e\n"
	md := "---\nid: s\ntitle: T\n---\n## Task\nx\n## Follow-ups\n### Why?\na\n### 🤔?\nb\n## Quizzes\n### …?\ne\n"
	page := "Tell Me About a Time T - Amazon LP STAR Walkthrough\n⏱ Target: 30s\nT\nStrong Example\nx\n❓\nWhy?\n✅ Strong\n\na\n❓\n🤔?\n✅ Strong\n\nb\n🧠\n…?\n\ne\n"
	ys, err := Parse([]byte(yaml), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := ParseMarkdown([]byte(md), "s.md")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := ParsePage([]byte(page), "s.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*starcards.Story{ys, ms, pg.Story} {
		var keys []string
		for _, f := range s.Followups {
			keys = append(keys, FollowupKey(f))
		}
		for _, q := range s.Quizzes {
			keys = append(keys, QuizKey(q))
		}
		if got, want := strings.Join(keys, " "), "why followup-2 quiz-1"; got != want {
			t.Errorf("keys %q, want %q", got, want)
		}
	}
}
