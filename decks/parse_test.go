package decks

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/starcards/starcards"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

const minimal = "id: s\ntitle: T\nsections:\n  action:\n    example: I did it.\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Syntax", "id: s\ntitle: [unclosed\n", "f.yaml:2:8: syntax error"},
		{"UnknownKeySuggest", "id: s\ntitel: T\n", `f.yaml:2:1: unknown key "titel" in story (did you mean "title"?)`},
		{"UnknownKeyNoSuggest", "id: s\nwhatever: T\n", `f.yaml:2:1: unknown key "whatever" in story`},
		{"UnknownSection", "id: s\ntitle: T\nsections:\n  actoin:\n    example: x\n", `f.yaml:4:3: unknown key "actoin" in sections (did you mean "action"?)`},
		{"UnknownSectionKey", "id: s\ntitle: T\nsections:\n  action:\n    exmaple: x\n", `f.yaml:5:5: unknown key "exmaple" in sections.action (did you mean "example"?)`},
		{"MissingID", "title: T\nsections:\n  action:\n    example: x\n", "f.yaml:1:1: missing id"},
		{"EmptyTitle", "id: s\ntitle:\nsections:\n  action:\n    example: x\n", "f.yaml:2:1: missing title"},
		{"NoSections", "id: s\ntitle: T\n", "f.yaml:1:1: missing sections"},
		{"EmptySection", "id: s\ntitle: T\nsections:\n  action: {}\n", "f.yaml:4:3: section action is empty"},
		{"BadID", "id: My Story\ntitle: T\n", `f.yaml:1:5: id "My Story" must be lowercase letters, digits, - and _ (at most 64), e.g. "my-story"`},
		{"BadDuration", minimal + "    target: 3o s\n", `f.yaml:6:13: sections.action.target: "3o s" is not a duration like 30s, 1m30s, 2m or 2 min`},
		{"QuizAnswerOutside", minimal + "quizzes:\n  - question: Q?\n    options: [a, b]\n    answer: 2\n", "f.yaml:9:13: quizzes[0]: answer 2 is outside its 2 options (0 to 1)"},
		{"QuizAnswerNotInt", minimal + "quizzes:\n  - question: Q?\n    options: [a, b]\n    answer: b\n", "f.yaml:9:13: quizzes[0]: answer must be the index of the right option (0 to 1)"},
		{"QuizOneOption", minimal + "quizzes:\n  - question: Q?\n    options: [a]\n    answer: 0\n", "f.yaml:7:5: quizzes[0]: a quiz needs at least two options"},
		{"DuplicateFollowup", minimal + "followups:\n  - {question: Why?, strong: A}\n  - {question: why, strong: B}\n", `f.yaml:8:6: duplicate follow-up id "why" (also follow-up 1)`},
		{"DuplicateQuizID", minimal + "quizzes:\n  - {id: q, question: A?, explanation: x}\n  - {id: q, question: B?, explanation: y}\n", `f.yaml:8:6: duplicate quiz id "q" (also quiz 1)`},
		{"DuplicateKey", "id: s\nid: t\n", `f.yaml:2:1: syntax error: mapping key "id" already defined`},
		{"Alias", "id: &a s\ntitle: *a\n", "f.yaml:2:8: YAML aliases (*name) are not supported"},
		{"TwoDocuments", minimal + "---\n" + minimal, "f.yaml:7:1: a story file holds one story"},
		{"NotMapping", "- a\n- b\n", "f.yaml:1:1: story must be a mapping of keys to values, got a list"},
		{"TextNotList", minimal + "principles: Ownership\n", "f.yaml:6:13: principles must be a list, got text"},
		{"Empty", "", "f.yaml: file is empty"},
		{"InvalidUTF8", "id: s\ntitle: \xff\n", "f.yaml:2:8: file is not valid UTF-8"},
		{"JSONUnknownKey", `{"id": "s", "title": "T", "sectons": {}}`, `f.yaml:1:27: unknown key "sectons" in story (did you mean "sections"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "f.yaml")
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	big := minimal + "question: " + strings.Repeat("x", MaxFileSize) + "\n"
	_, err := Parse([]byte(big), "big.yaml")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// TestBillionLaughs checks that alias bombs are refused before any expansion.
func TestBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: s\ntitle: T\nsections: {action: {example: x}}\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("lol" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	_, err := Parse([]byte(b.String()), "bomb.yaml")
	if err == nil {
		t.Fatal("Parse accepted an alias bomb")
	}
	// Aliases nested in a known key are refused too.
	_, err = Parse([]byte("id: s\ntitle: T\nprinciples: &p [a, b]\nsections:\n  action:\n    phrases: *p\n"), "alias.yaml")
	if err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Fatalf("err = %v, want aliases refused", err)
	}
}

func TestParseJSONEqualsYAML(t *testing.T) {
	y := "id: s\ntitle: T\nprinciples: [Ownership]\nsections:\n  situation:\n    target: 30s\n    example: I noticed.\n    phrases: [I noticed]\nquizzes:\n  - question: Q?\n    options: [a, b]\n    answer: 1\n"
	j := `{"id": "s", "title": "T", "principles": ["Ownership"], "sections": {"situation": {"target": "30s", "example": "I noticed.", "phrases": ["I noticed"]}}, "quizzes": [{"question": "Q?", "options": ["a", "b"], "answer": 1}]}`
	sy, err := Parse([]byte(y), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sj, err := Parse([]byte(j), "s.json")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sy, sj) {
		t.Errorf("JSON story = %+v, want %+v", sj, sy)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, s := range []*starcards.Story{Sample(), mustParse(t, minimal)} {
		out, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out, "encoded.yaml")
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, s) {
			t.Errorf("round trip of %s changed the story:\n got %+v\nwant %+v", s.ID, back, s)
		}
	}
}

func mustParse(tb testing.TB, src string) *starcards.Story {
	tb.Helper()
	s, err := Parse([]byte(src), "test.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestSampleCards(t *testing.T) {
	got := map[starcards.Kind]int{}
	ids := map[string]bool{}
	for _, c := range Cards(Sample()) {
		got[c.ID.Kind]++
		if ids[c.ID.String()] {
			t.Errorf("duplicate card id %s", c.ID)
		}
		ids[c.ID.String()] = true
		if len(c.Fields) != len(c.ID.Kind.FieldNames()) {
			t.Errorf("%s has %d fields, want %d", c.ID, len(c.Fields), len(c.ID.Kind.FieldNames()))
		}
	}
	// TestSampleCardCounts checks the counts per kind, level by level.
	want := map[starcards.Kind]int{
		starcards.KindOutline: 1, starcards.KindSection: 5, starcards.KindOrder: 5, starcards.KindPhrase: 13,
		starcards.KindNumber: 2, starcards.KindMistake: 6, starcards.KindFollowup: 4, starcards.KindQuiz: 3, starcards.KindAngle: 3,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sample cards by kind = %v, want %v", got, want)
	}
	s := Sample()
	if len(s.Sections) != 5 || len(s.Followups) != 4 || len(s.Quizzes) != 3 || len(s.Angles) != 3 || len(s.Levels) != 2 || len(s.Reflections) != 2 {
		t.Errorf("sample is incomplete: %d sections, %d follow-ups, %d quizzes, %d angles, %d levels, %d reflections",
			len(s.Sections), len(s.Followups), len(s.Quizzes), len(s.Angles), len(s.Levels), len(s.Reflections))
	}
	if s.WeakAnswer == nil || len(s.WeakAnswer.Flaws) != 5 {
		t.Errorf("sample weak answer = %+v, want five flaws", s.WeakAnswer)
	}
	for _, q := range s.Quizzes {
		if len(q.Options) != 4 {
			t.Errorf("quiz %q has %d options, want 4", q.Question, len(q.Options))
		}
	}
	for _, garbled := range []string{"π", "β", "Γ", "â€"} {
		if bytes.Contains(SampleYAML, []byte(garbled)) {
			t.Errorf("sample still holds garbled text %q", garbled)
		}
	}
}

// TestCardsGolden renders the cards of each testdata/cards/*.txtar story and
// compares them with the file's "cards" section; -update rewrites it.
func TestCardsGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/cards/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var src []byte
			var want []byte
			idx := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "story.yaml":
					src = f.Data
				case "cards":
					want, idx = f.Data, i
				}
			}
			s, err := Parse(src, "story.yaml")
			if err != nil {
				t.Fatal(err)
			}
			got := dumpCards(Cards(s))
			if *update {
				if idx < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "cards"})
					idx = len(ar.Files) - 1
				}
				ar.Files[idx].Data = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want) {
				t.Errorf("cards differ from %s (run go test ./decks -update):\n%s", file, got)
			}
		})
	}
}

func dumpCards(cards []starcards.Card) []byte {
	var b bytes.Buffer
	for _, c := range cards {
		b.WriteString("### " + c.ID.String() + " (facet " + c.Facet + ")\n")
		if len(c.Tags) > 0 {
			b.WriteString("tags: " + strings.Join(c.Tags, ", ") + "\n")
		}
		b.WriteString(c.Front + "\n---\n" + c.Back + "\n")
		for i, n := range c.ID.Kind.FieldNames() {
			if i < len(c.Fields) && c.Fields[i] != "" {
				b.WriteString("[" + n + "] " + strings.ReplaceAll(c.Fields[i], "\n", "⏎") + "\n")
			}
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

func TestEncodeIndicators(t *testing.T) {
	for _, text := range []string{"? 0", "- item", ": x", "# not a comment", "&anchor", "*alias", "!tag", "|pipe", ">fold", "'single", `"double`, "%percent", "@at", "`tick", "[list", "{map", ",comma", "  leading space", "tab\there", "\u00e9t\u00e9 \U0001F600", "line one\n\tindented line"} {
		s := mustParse(t, minimal)
		s.Sections[0].Example = text
		s.Principles = []string{text}
		s.Reflections = []starcards.Reflection{{Level: "Senior", Text: text}}
		out, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out, "x.yaml")
		if err != nil {
			t.Errorf("%q: re-parse: %v\n%s", text, err, out)
			continue
		}
		if want := strings.TrimSpace(text); back.Sections[0].Example != want || back.Principles[0] != want || back.Reflections[0].Text != want {
			t.Errorf("%q came back as %q / %q / %q", text, back.Sections[0].Example, back.Principles[0], back.Reflections[0].Text)
		}
	}
}

// TestEncodeReflectionLevels checks level names that cannot be plain YAML
// keys: they round-trip too.
func TestEncodeReflectionLevels(t *testing.T) {
	for _, lvl := range []string{"Senior", "? odd", "- dash", "a: b", "#x", "&a", "*b", "'q", `"d`, "tab\tx", "[x", "{y", "βœ… garbled", "true", "123", "null", "~x"} {
		s := mustParse(t, minimal)
		s.Reflections = []starcards.Reflection{{Level: lvl, Text: "line\n\tand more"}, {Level: lvl + "2", Text: "t"}}
		out, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out, "x.yaml")
		if err != nil {
			t.Errorf("%q: %v\n%s", lvl, err, out)
			continue
		}
		if !reflect.DeepEqual(back.Reflections, s.Reflections) {
			t.Errorf("%q: reflections came back %q, want %q", lvl, back.Reflections, s.Reflections)
		}
	}
}
