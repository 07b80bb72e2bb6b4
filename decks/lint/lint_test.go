package lint

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// base is a story that passes every rule; each case changes one line.
const base = `id: s
title: Quieting the pager
principles: [Ownership]
sections:
  task:
    example: Nobody owned the pager, so I took ownership.
  action:
    target: 30s
    example: I triaged every alert. Then I wrote a runbook.
    phrases: ["I triaged", "I wrote"]
  result:
    example: Pages fell from 40 to 4 a week.
  reflection:
    example: I would set an alert budget before adding alerts.
followups:
  - {question: Why you?, strong: Nobody else would.}
  - {question: How long?, strong: Two weeks.}
quizzes:
  - question: Which is strong?
    options: [We fixed it, I fixed it]
    answer: 1
`

// check lints base with old replaced by new and returns its findings as
// "line:col severity rule".
func check(t *testing.T, old, new string) []string {
	t.Helper()
	src := base
	if old != "" {
		if !strings.Contains(src, old) {
			t.Fatalf("base has no %q", old)
		}
		src = strings.Replace(src, old, new, 1)
	}
	s, pos, err := decks.ParseWithPositions([]byte(src), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range Check(s, pos, "s.yaml") {
		if f.File != "s.yaml" || f.Message == "" || f.Fix == "" {
			t.Errorf("incomplete finding %+v", f)
		}
		out = append(out, fmt.Sprintf("%d:%d %s %s", f.Line, f.Col, f.Severity, f.Rule))
	}
	return out
}

func TestCheck(t *testing.T) {
	const action = "example: I triaged every alert. Then I wrote a runbook."
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"Clean", "", "", nil},

		{"WeAction", action, "example: We triaged every alert. Then I wrote a runbook.", []string{"9:14 error we-action", "10:15 error phrase-missing"}},
		{"WeActionEachSentence", action, "example: I triaged every alert. Then we wrote a runbook. The team deployed it.", []string{"9:14 error we-action", "9:14 error we-action", "10:28 error phrase-missing"}},
		{"WeActionAfterClause", action, "example: I triaged every alert. After two days, they wrote a runbook.", []string{"9:14 error we-action", "10:28 error phrase-missing"}},
		{"OurTeamAction", action, "example: Our team triaged every alert. I wrote a runbook.", []string{"9:14 error we-action", "10:15 error phrase-missing"}},
		{"WeActionNotSubject", action, "example: I triaged every alert we had. Then I wrote a runbook they use.", nil},

		{"ResultNoNumber", "example: Pages fell from 40 to 4 a week.", "example: Things got better and the team was happy.", []string{"12:14 error result-number"}},
		{"ResultPercent", "example: Pages fell from 40 to 4 a week.", "example: Pages fell by 90%.", nil},
		{"ResultCurrency", "example: Pages fell from 40 to 4 a week.", "example: It saved $8K.", nil},
		{"ResultBeforeAfter", "example: Pages fell from 40 to 4 a week.", "example: Deploys went from manual to automatic.", nil},
		{"ResultWords", "example: Pages fell from 40 to 4 a week.", "example: Pages dropped to zero.", nil},
		{"NoResult", "  result:\n    example: Pages fell from 40 to 4 a week.\n", "", []string{"4:1 warning result-number"}},

		{"TaskNoScope", "example: Nobody owned the pager, so I took ownership.", "example: I had to look into the pager alerts.", nil},
		{"TaskNoScopeWarning", "example: Nobody owned the pager, so I took ownership.", "example: The pager alerts needed fixing.", []string{"6:14 warning task-scope"}},
		{"NoTask", "  task:\n    example: Nobody owned the pager, so I took ownership.\n", "", []string{"4:1 warning task-scope"}},

		{"GenericReflection", "example: I would set an alert budget before adding alerts.", "example: I learned that communication is important.", []string{"14:14 error generic-reflection"}},
		{"GenericTeamwork", "example: I would set an alert budget before adding alerts.", "example: It taught me teamwork.", []string{"14:14 error generic-reflection"}},
		{"GenericLevelReflection", "quizzes:", "reflections:\n  Senior: I learned a lot.\nquizzes:", []string{"19:11 error generic-reflection"}},
		{"GenericDespiteDetail", "example: I would set an alert budget before adding alerts.", "example: I learned a lot about alert budgets, so I set one per team.", []string{"14:14 error generic-reflection"}},

		{"TooLong", "target: 30s", "target: 3s", []string{"9:14 warning section-length"}},
		{"WithinTarget", "target: 30s", "target: 4s", nil},

		{"PhraseMissing", `phrases: ["I triaged", "I wrote"]`, `phrases: ["I triaged", "I deployed"]`, []string{"10:28 error phrase-missing"}},
		{"PhraseCase", `phrases: ["I triaged", "I wrote"]`, `phrases: ["i TRIAGED", "I wrote"]`, nil},

		{"NoPrinciples", "principles: [Ownership]\n", "", []string{"1:5 warning no-principles"}},
		{"OneFollowup", "  - {question: How long?, strong: Two weeks.}\n", "", []string{"16:6 warning few-followups"}},
		{"NoFollowups", "followups:\n  - {question: Why you?, strong: Nobody else would.}\n  - {question: How long?, strong: Two weeks.}\n", "", []string{"1:5 warning few-followups"}},

		{"QuizNoOptions", "    options: [We fixed it, I fixed it]\n    answer: 1\n", "    explanation: I fixed it.\n", []string{"19:5 warning quiz-answer"}},
		{"QuizAnswerRepeated", "options: [We fixed it, I fixed it]", "options: [I fixed it, I fixed it]", []string{"20:15 error quiz-answer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("findings\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestCheckQuizOutOfRange: a story built in code (the parsers refuse it) with
// an answer outside its options.
func TestCheckQuizOutOfRange(t *testing.T) {
	s := decks.Sample()
	s.Quizzes[0].Answer = 7
	var got []Finding
	for _, f := range Check(s, nil, "code") {
		if f.Rule == "quiz-answer" {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Severity != Error || got[0].Line != 0 {
		t.Fatalf("findings %+v, want one quiz-answer error without a position", got)
	}
	if want := "code: error: quiz “Which phrase best signals strong ownership in a Bias for Action story?”: answer 7 is not among its 4 options (fix: set answer to the index of the right option, 0 to 3)"; got[0].String() != want {
		t.Errorf("String()\n got %s\nwant %s", got[0], want)
	}
}

// TestCheckMarkdown: findings in a Markdown story point into the Markdown.
func TestCheckMarkdown(t *testing.T) {
	src := "---\nid: s\ntitle: T\nprinciples: [Ownership]\n---\n## Task\nNobody owned it, so I did.\n\n## Action (10s)\nWe fixed it.\n\n**Phrases:** \"I fixed\"\n\n## Result\nIt got better.\n"
	s, pos, err := decks.ParseMarkdown([]byte(src), "s.md")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range Check(s, pos, "s.md") {
		got = append(got, f.String())
	}
	want := []string{
		"s.md:1:1: warning: 0 follow-up questions: prepare at least 2 (fix: add the questions a bar raiser asks next, each with a strong answer)",
		"s.md:10:1: error: Action sentence with “we” as its subject makes you invisible: “We fixed it.” (fix: say what you did yourself: one “I …” sentence per step)",
		"s.md:12:14: error: key phrase “I fixed” does not occur in the Action example (fix: use the phrase word for word in the example, or change the phrase to the words you say)",
		"s.md:15:1: error: Result has no number, percentage, amount or before→after change (fix: give the change as a number: a percentage, an amount, or before → after (“from 0.3% to zero”))",
	}
	// "id" is on line 2 of the file.
	want[0] = strings.Replace(want[0], "s.md:1:1", "s.md:2:5", 1)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckSample: the built-in sample has no errors (its three warnings are
// key phrases it paraphrases).
func TestCheckSample(t *testing.T) {
	s, pos, err := decks.ParseWithPositions(decks.SampleYAML, "sample.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fs := Check(s, pos, "sample.yaml")
	if HasErrors(fs) {
		t.Errorf("sample has errors: %v", fs)
	}
	for _, f := range fs {
		if f.Rule != "phrase-missing" {
			t.Errorf("unexpected finding: %s", f)
		}
	}
}

func TestSpoken(t *testing.T) {
	if got := Spoken(strings.Repeat("word ", 120)); got.Seconds() != 48 {
		t.Errorf("Spoken(120 words) = %v, want 48s", got)
	}
}

func TestFindingJSON(t *testing.T) {
	b, err := json.Marshal(Finding{File: "f", Line: 1, Col: 2, Severity: Warning, Rule: "r", Message: "m", Fix: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"file":"f","line":1,"col":2,"severity":"warning","rule":"r","message":"m","fix":"x"}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

// TestPhraseMissingSeverity: a key phrase missing from its example is an
// error for a new story and a warning for one already imported.
func TestPhraseMissingSeverity(t *testing.T) {
	s := decks.Sample()
	s.Sections[2].Phrases = append(s.Sections[2].Phrases, "I escalated nothing")
	for _, tt := range []struct {
		name string
		opts Options
		want Severity
	}{
		{"New", Options{}, Error},
		{"Imported", Options{Imported: true}, Warning},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []Severity
			for _, f := range CheckWith(s, nil, "s.yaml", tt.opts) {
				if f.Rule == "phrase-missing" {
					got = append(got, f.Severity)
				}
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("phrase-missing severities %v, want [%s]", got, tt.want)
			}
		})
	}
}

// TestGiveAway: the right option much longer than the others is a warning.
func TestGiveAway(t *testing.T) {
	long := "The drop rate went from 0.3% to zero, recovering about $8,000 in weekly revenue, and my pattern became a standard."
	tests := []struct {
		name    string
		options []string
		answer  int
		want    bool
	}{
		{"LongRight", []string{"Things got better.", "We fixed it fast.", "My manager was happy.", long}, 3, true},
		{"LongWrong", []string{"Things got better.", "We fixed it fast.", "My manager was happy.", long}, 0, false},
		{"Even", []string{"I noticed it and acted at once", "My manager suggested I look at it", "We figured out the cause together"}, 0, false},
		{"SlightlyLonger", []string{"one two three", "one two three four five six"}, 1, false},
		{"NoOptions", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, got := GiveAway(starcards.Quiz{Question: "q", Options: tt.options, Answer: tt.answer})
			if got != tt.want {
				t.Errorf("GiveAway = %v, want %v", got, tt.want)
			}
			s := decks.Sample()
			s.Quizzes = []starcards.Quiz{{Question: "q", Options: tt.options, Answer: tt.answer}}
			found := false
			for _, f := range Check(s, nil, "s.yaml") {
				found = found || f.Rule == "quiz-giveaway"
			}
			if found != tt.want {
				t.Errorf("quiz-giveaway finding %v, want %v", found, tt.want)
			}
		})
	}
}

// TestCheckPage: findings on a walkthrough page carry the line of the text
// they point at.
func TestCheckPage(t *testing.T) {
	src := "Tell Me About a Time You Shipped Fast - Amazon LP STAR Walkthrough\n\n" +
		"⏱ Target: 30s\nT\nStrong Example\nThe release needed doing.\n\n" +
		"⏱ Target: 10s\nA\nStrong Example\nWe fixed it.\n\"I fixed\"\n\n" +
		"⏱ Target: 20s\nR\nStrong Example\nIt got better.\n"
	pg, err := decks.ParsePage([]byte(src), "p.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range Check(pg.Story, pg.Pos, "p.txt") {
		got = append(got, fmt.Sprintf("%d:%d %s", f.Line, f.Col, f.Rule))
	}
	want := []string{"1:1 no-principles", "1:1 few-followups", "6:1 task-scope", "11:1 we-action", "12:2 phrase-missing", "17:1 result-number"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
}
