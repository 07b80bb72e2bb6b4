package decks

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/starcards/starcards"
)

const sampleMarkdown = "testdata/markdown/webhook-drop-rate.md"

// TestParseMarkdownSample: the sample written as Markdown is the sample, and
// makes the same cards.
func TestParseMarkdownSample(t *testing.T) {
	got, pos, err := ParseMarkdown(readFile(t, sampleMarkdown), "webhook-drop-rate.md")
	if err != nil {
		t.Fatal(err)
	}
	want, wantPos, err := ParseWithPositions(SampleYAML, SampleFile)
	if err != nil {
		t.Fatal(err)
	}
	diffStories(t, got, want)
	if !reflect.DeepEqual(Cards(got), Cards(want)) {
		t.Error("cards of the Markdown sample differ from the built-in sample's")
	}
	// Every value the YAML file places has a place in the Markdown file too.
	for path := range wantPos {
		if _, ok := pos[path]; !ok && path != "sections" {
			t.Errorf("no position for %s", path)
		}
	}
	for path, p := range pos {
		if p.Line < 1 || p.Col < 1 {
			t.Errorf("position of %s = %v", path, p)
		}
	}
}

// TestParseMarkdownGolden runs testdata/markdown/*.txtar. Each holds
// story.md and one or more of: story.yaml (the equivalent YAML story, which
// must parse to the same story), error (the error ParseMarkdown returns) and
// positions (the positions it reports, one "path line:col" a line). The
// error and positions sections are rewritten by -update.
func TestParseMarkdownGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/markdown/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sect := map[string]int{}
			for i, f := range ar.Files {
				sect[f.Name] = i
			}
			i, ok := sect["story.md"]
			if !ok {
				t.Fatal("no story.md")
			}
			s, pos, err := ParseMarkdown(ar.Files[i].Data, "story.md")
			got := map[string][]byte{}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %T is not a *ParseError: %v", err, err)
				}
				got["error"] = []byte(err.Error() + "\n")
			} else {
				got["positions"] = dumpPositions(pos)
			}
			if j, ok := sect["story.yaml"]; ok {
				if err != nil {
					t.Fatalf("ParseMarkdown: %v", err)
				}
				want, err := Parse(ar.Files[j].Data, "story.yaml")
				if err != nil {
					t.Fatalf("Parse(story.yaml): %v", err)
				}
				diffStories(t, s, want)
			}
			for _, name := range []string{"error", "positions"} {
				j, ok := sect[name]
				if *update {
					if got[name] == nil && ok {
						ar.Files = slices.Delete(ar.Files, j, j+1)
						sect = map[string]int{}
						for i, f := range ar.Files {
							sect[f.Name] = i
						}
					} else if got[name] != nil && !ok {
						ar.Files = append(ar.Files, txtar.File{Name: name, Data: got[name]})
					} else if ok {
						ar.Files[j].Data = got[name]
					}
					continue
				}
				switch {
				case got[name] == nil && ok:
					t.Errorf("want %s:\n%s", name, ar.Files[j].Data)
				case got[name] != nil && !ok && name == "error":
					t.Errorf("unexpected error: %s", got[name])
				case ok && !bytes.Equal(got[name], ar.Files[j].Data):
					t.Errorf("%s differs (run go test ./decks -update):\n got %s\nwant %s", name, got[name], ar.Files[j].Data)
				}
			}
			if *update {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func dumpPositions(pos Positions) []byte {
	paths := make([]string, 0, len(pos))
	for p := range pos {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	for _, p := range paths {
		fmt.Fprintf(&b, "%s %d:%d\n", p, pos[p].Line, pos[p].Col)
	}
	return b.Bytes()
}

func TestParseMarkdownLimits(t *testing.T) {
	big := bytes.Repeat([]byte("x"), MaxFileSize+1)
	if _, _, err := ParseMarkdown(big, "big.md"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("too large: err = %v, want ErrTooLarge", err)
	}
	_, _, err := ParseMarkdown([]byte("---\nid: s\n---\n## Task\nI did \xff it.\n"), "bad.md")
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidUTF8) || pe.Line != 5 || pe.Col != 7 {
		t.Errorf("invalid UTF-8: err = %v, want bad.md:5:7 and ErrInvalidUTF8", err)
	}
}

// TestParseMarkdownEncode: a Markdown story converts to a YAML story file
// (what starcards convert writes) that reads back to the same story.
func TestParseMarkdownEncode(t *testing.T) {
	s, _, err := ParseMarkdown(readFile(t, sampleMarkdown), "webhook-drop-rate.md")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out, "converted.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	diffStories(t, back, s)
}

// TestPageConvert: the seed page, converted to a story file (starcards
// convert), reads back to the story the page gives.
func TestPageConvert(t *testing.T) {
	data, err := os.ReadFile(seedPage)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent", seedPage)
	}
	if err != nil {
		t.Fatal(err)
	}
	s := parsePage(t, data, "seed.txt")
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out, "seed.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	diffStories(t, back, s)
	checkAgainstSample(t, back)
}

// FuzzParseMarkdown checks that no input makes the Markdown parser panic or
// use memory out of proportion to the input, that every error is a
// *ParseError with a position inside the input (or none, for a whole-file
// error), and that a parsed story converts to YAML and reads back the same.
func FuzzParseMarkdown(f *testing.F) {
	f.Add(readFile(f, sampleMarkdown))
	f.Add([]byte("---\nid: s\ntitle: T\n---\n## Action (30s)\nI did it.\n\nPhrases: \"I did\"\n"))
	f.Add(TemplateMarkdown)
	files, _ := filepath.Glob("testdata/markdown/*.txtar")
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil {
			for _, af := range ar.Files {
				if af.Name == "story.md" {
					f.Add(af.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, pos, err := ParseMarkdown(data, "fuzz.md")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			if pe.Line < 0 || pe.Line > lines || (pe.Line > 0 && pe.Col < 1) {
				t.Fatalf("error position %d:%d outside the input (%d lines): %v", pe.Line, pe.Col, lines, err)
			}
			if pe.Line == 0 && !errors.Is(err, ErrTooLarge) && !strings.Contains(err.Error(), "empty") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		// Bounded memory: a story holds no more text than its input
		// (positions and cards are linear in it too).
		if n := storySize(s); n > len(data)+1024 {
			t.Fatalf("story holds %d bytes of text from %d bytes of input", n, len(data))
		}
		if len(pos) > len(data) {
			t.Fatalf("%d positions from %d bytes", len(pos), len(data))
		}
		Cards(s)
		out, err := Encode(s)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Parse(out, "re.yaml")
		if err != nil {
			t.Fatalf("re-parse of encoded story failed: %v\n%s", err, out)
		}
		// An empty list in the front matter ("followups:") is left out.
		if !reflect.DeepEqual(nilEmpty(back), nilEmpty(s)) {
			t.Fatalf("round trip changed the story:\n got %#v\nwant %#v\n%s", back, s, out)
		}
	})
}

// nilEmpty sets the story's empty lists to nil, in place, and returns it.
func nilEmpty(s *starcards.Story) *starcards.Story {
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Slice:
			if v.Len() == 0 && v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		}
	}
	walk(reflect.ValueOf(s))
	return s
}

// storySize is the number of bytes of text a story holds.
func storySize(s *starcards.Story) int {
	n := 0
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			n += v.Len()
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		}
	}
	walk(reflect.ValueOf(s))
	return n
}

func TestParseMarkdownErrors(t *testing.T) {
	const fm = "---\nid: s\ntitle: T\n---\n"
	tests := []struct{ name, src, want string }{
		{"UnclosedFrontMatter", "---\nid: s\n", "e.md:1:1: front matter: the opening --- has no closing --- line"},
		{"FrontMatterSyntax", "---\nid: s\ntitle: [T\n---\n## Task\nx\n", "e.md:3:8: syntax error: sequence end token ']' not found"},
		{"FrontMatterUnknownKey", "---\nid: s\ntitel: T\n---\n## Task\nx\n", `e.md:3:1: unknown key "titel" in front matter (did you mean "title"?)`},
		{"FrontMatterBadID", "---\nid: My Story\ntitle: T\n---\n## Task\nx\n", `e.md:2:5: id "My Story" must be lowercase letters, digits, - and _ (at most 64), e.g. "my-story"`},
		{"MissingID", "---\ntitle: T\n---\n## Task\nx\n", "e.md:1:1: missing id: a story needs an id, e.g. id: webhook-drop-rate"},
		{"MissingTitle", "---\nid: s\n---\n## Task\nx\n", "e.md:1:1: missing title: a story needs a title"},
		{"NoSections", fm, "e.md:1:1: missing sections: a story needs at least one section (situation, task, action, result or reflection)"},
		{"TextBeforeHeading", fm + "Hello.\n## Task\nx\n", "e.md:5:1: text before the first ## heading: start with ## Situation (or another section); id, title and question go in the front matter"},
		{"UnknownHeading", fm + "## Situaton\nx\n", `e.md:5:4: unknown heading "## Situaton" (did you mean "## Situation"?): want ## Summary, Coaching, Situation, Task, Action, Result, Reflection, Follow-ups, Quizzes, Weak answer, Angles or Levels`},
		{"DuplicateSection", fm + "## Task\nx\n## Task\ny\n", "e.md:7:4: ## Task given twice (also on line 5)"},
		{"SectionsTwice", "---\nid: s\ntitle: T\nsections: {task: {example: x}}\n---\n## Action\ny\n", "e.md:6:4: the front matter already gives sections (line 4): give them there or as ## headings, not both"},
		{"EmptySection", fm + "## Task\n\n## Action\nx\n", "e.md:5:4: section task is empty: give at least an example, phrases, coaching or a mistake"},
		{"BadTarget", fm + "## Task (half a minute)\nx\n", `e.md:5:10: sections.task.target: "half a minute" is not a duration like 30s, 1m30s, 2m or 2 min`},
		{"LabelTypo", fm + "## Task\nx\n\nCoachng: y\n", `e.md:8:1: unknown label "Coachng:" in the Task section (did you mean "Coaching:"?)`},
		{"LabelElsewhere", fm + "## Task\nx\n\n**Probes:** y\n", `e.md:8:3: label "Probes:" does not belong in the Task section (its labels: Example:, Target:, Phrases:, Coaching:, Mistake:)`},
		{"LabelTwice", fm + "## Task\nx\nCoaching: a\nCoaching: b\n", "e.md:8:1: Coaching given twice in the Task section"},
		{"ListWithoutLabel", fm + "## Task\nx\n\n- a\n", "e.md:8:3: a list in the Task section needs a label line before it (Example:, Target:, Phrases:, Coaching:, Mistake:)"},
		{"PhrasesQuotes", fm + "## Task\nI did x.\n\nPhrases: \"I did\", x\n", `e.md:8:19: quote every phrase ("I noticed", "no ticket") or none (I noticed, no ticket)`},
		{"PhrasesUnclosed", fm + "## Task\nI did x.\n\nPhrases: \"I did\n", "e.md:8:10: phrase quote is never closed"},
		{"LabelNoValue", fm + "## Task\nx\n\nCoaching:\n", "e.md:8:1: coaching has no value in the Task section"},
		{"H3InSection", fm + "## Task\nx\n### Detail\n", "e.md:7:5: ### headings belong under ## Reflection (levels), ## Follow-ups, ## Quizzes, ## Angles or ## Levels"},
		{"H4", fm + "## Task\nx\n#### Deep\n", "e.md:7:6: heading level 4: a story uses ## for its parts and ### for the items of a part"},
		{"TextUnderFollowups", fm + "## Task\nx\n## Follow-ups\nWhy?\n", "e.md:8:1: text under ## Follow-ups belongs under a ### heading (### the question)"},
		{"FollowupNoAnswer", fm + "## Task\nx\n## Follow-ups\n### Why?\nProbes: y\n", "e.md:8:5: followups[0]: give a strong answer or a key line"},
		{"FollowupDuplicate", fm + "## Task\nx\n## Follow-ups\n### Why?\na\n### Why?\nb\n", `e.md:10:5: duplicate follow-up id "why" (also follow-up 1): give one of them another id`},
		{"FollowupBadID", fm + "## Task\nx\n## Follow-ups\n### Why? {#Why Me}\na\n", `e.md:8:12: id "Why Me" must be lowercase letters, digits, - and _, e.g. "why-me"`},
		{"QuizNoMark", fm + "## Task\nx\n## Quizzes\n### Which?\n- [ ] a\n- [ ] b\n", "e.md:8:5: quizzes[0]: mark the right option with [x] (- [x] the option), the others with [ ]"},
		{"QuizTwoMarks", fm + "## Task\nx\n## Quizzes\n### Which?\n- [x] a\n- [x] b\n", "e.md:10:7: quizzes[0]: more than one option marked [x]: mark only the right one"},
		{"QuizOneOption", fm + "## Task\nx\n## Quizzes\n### Which?\n- [x] a\n", "e.md:8:5: quizzes[0]: a quiz needs at least two options (or none, for a question answered by its explanation)"},
		{"QuizNothing", fm + "## Task\nx\n## Quizzes\n### Which?\n", "e.md:8:5: quizzes[0]: a quiz without options needs an explanation to serve as its answer"},
		{"AngleUnlabelled", fm + "## Task\nx\n## Angles\n### Ownership\nLead with the gap.\n", "e.md:9:1: start this paragraph with a label: Lead:, Emphasize:, Downplay:"},
		{"WeakAnswerNoText", fm + "## Task\nx\n## Weak answer\nVerdict: no\n", "e.md:7:4: weak_answer: missing text"},
		{"ReflectionTwice", fm + "## Task\nx\n## Reflection\n### SDE2\na\n### sde2\nb\n", `e.md:11:1: reflection level "sde2" is the same as "SDE2"`},
		{"ReflectionEmpty", fm + "## Task\nx\n## Reflection\n### SDE2\n", `e.md:8:5: reflection for level "SDE2" is empty`},
		{"TitleTwice", "---\nid: s\ntitle: T\n---\n# Other\n## Task\nx\n", `e.md:5:3: the # heading "Other" differs from the front matter's title "T": give the title once`},
		{"UnclosedComment", fm + "## Task\nx\n<!-- note\n", "e.md:7:1: HTML comment <!-- is never closed"},
		{"TextAfterComment", fm + "## Task\n<!-- note --> x\n", "e.md:6:14: text after an HTML comment: put it on a line of its own"},
		{"LevelBadTime", fm + "## Task\nx\n## Levels\n### SDE 1\nTime: soon\n", `e.md:9:7: levels[0].time: "soon" is not a duration like 30s, 1m30s, 2m or 2 min`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseMarkdown([]byte(tt.src), "e.md")
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestParseMarkdownLineEndings: CRLF line endings and a byte-order mark
// change nothing, positions included.
func TestParseMarkdownLineEndings(t *testing.T) {
	src := readFile(t, sampleMarkdown)
	want, wantPos, err := ParseMarkdown(src, "lf.md")
	if err != nil {
		t.Fatal(err)
	}
	crlf := append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))...)
	got, gotPos, err := ParseMarkdown(crlf, "crlf.md")
	if err != nil {
		t.Fatal(err)
	}
	diffStories(t, got, want)
	if !reflect.DeepEqual(gotPos, wantPos) {
		t.Error("positions differ with CRLF line endings")
	}
}

// TestParseMarkdownFences: a fenced code block is text kept as written;
// nothing inside it is a heading, label or list item. An unclosed fence is
// refused at its opening.
func TestParseMarkdownFences(t *testing.T) {
	const fm = "---\nid: s\ntitle: T\n---\n"
	for _, tc := range []struct {
		name, md string
		example  string // the Task's example
		err      string
	}{
		{"Backticks", fm + "## Task\nI ran:\n\n```sh\n## Action\nCoaching: none\n- item\n```\n", "I ran:\n\n## Action\nCoaching: none\n- item", ""},
		{"Tildes", fm + "## Task\n~~~~\n```\n## Result\n~~~~\n", "```\n## Result", ""},
		{"Indented", fm + "## Task\n  ```\n  a\n    b\n  ```\n", "a\n  b", ""},
		{"LongerClose", fm + "## Task\n```\nx\n`````\n", "x", ""},
		{"InBlockquote", fm + "## Task\n> ```\n> ## Action\n> ```\n", "## Action", ""},
		{"Unclosed", fm + "## Task\nx\n\n```\n## Action\ny\n", "", "e.md:8:1: code fence ``` is never closed: close it with a ``` line"},
		{"ShorterCloseIsContent", fm + "## Task\n````\nx\n```\n", "", "e.md:6:1: code fence ```` is never closed: close it with a ```` line"},
		{"BacktickInInfoIsNoFence", fm + "## Task\n``` a`b\n## Action\ny\n", "``` a`b", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, err := ParseMarkdown([]byte(tc.md), "e.md")
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Sections[0]; got.Name != "task" || got.Example != tc.example {
				t.Errorf("section %s example %q, want task %q", got.Name, got.Example, tc.example)
			}
		})
	}
}
