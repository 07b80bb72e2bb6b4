package decks

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// seedPage is the source document the sample story was written from. It
// lives outside the module; tests that need it skip when it is absent.
const seedPage = "../../shared/seeds/000_18fce0603518dfe5.txt"

// pageID of the sample's title: a page has no story id (see ParsePage).
const seedPageID = "speed-execution-success"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parsePage(t testing.TB, data []byte, name string) *starcards.Story {
	t.Helper()
	pg, err := ParsePage(data, name)
	if err != nil {
		t.Fatalf("ParsePage(%s): %v", name, err)
	}
	return pg.Story
}

// sampleStory is the built-in sample as Parse reads it.
func sampleStory(t testing.TB) *starcards.Story {
	t.Helper()
	s, err := Parse(readFile(t, "testdata/page/webhook-drop-rate.yaml"), "webhook-drop-rate.yaml") // the story the page tells
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// diffStories reports every field of got that differs from want.
func diffStories(t *testing.T, got, want *starcards.Story) {
	t.Helper()
	gv, wv := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := range gv.NumField() {
		g, w := gv.Field(i), wv.Field(i)
		if reflect.DeepEqual(g.Interface(), w.Interface()) {
			continue
		}
		name := gv.Type().Field(i).Name
		if g.Kind() == reflect.Slice && g.Len() == w.Len() {
			for j := range g.Len() {
				if !reflect.DeepEqual(g.Index(j).Interface(), w.Index(j).Interface()) {
					t.Errorf("%s[%d]:\n got %+v\nwant %+v", name, j, g.Index(j).Interface(), w.Index(j).Interface())
				}
			}
			continue
		}
		t.Errorf("%s:\n got %+v\nwant %+v", name, g.Interface(), w.Interface())
	}
}

// The seed page's Scenario Overview, less the paragraph that repeats the
// Situation, and its key takeaways.
const (
	seedSummary  = "In this Bias for Action story, the candidate noticed a 0.3% webhook drop rate in a service outside their team with no ticket or request to act. They took initiative by analyzing logs, reproducing the issue, and delivering a fix with proactive alerts. The result was zero drop rate and $8,000 weekly revenue recovered, with the fix adopted as a standard. Reflection showed learning about organizational gaps in shared SLOs."
	seedCoaching = "Explicit ownership proof, first-person action steps, and quantified impact with business translation."
)

// checkAgainstSample compares a story parsed from the walkthrough page with
// the sample, except for what a page cannot give: the story id (derived from
// the title), follow-up and quiz ids (key words of their questions) and quiz
// options (the page lost them); and for what the sample leaves out: the
// overview's summary and coaching.
func checkAgainstSample(t *testing.T, got *starcards.Story) {
	t.Helper()
	want := sampleStory(t)
	if got.ID != seedPageID {
		t.Errorf("ID = %q, want %q", got.ID, seedPageID)
	}
	got.ID = want.ID
	if got.Summary != seedSummary || got.Coaching != seedCoaching {
		t.Errorf("Summary, Coaching = %q, %q\nwant %q, %q", got.Summary, got.Coaching, seedSummary, seedCoaching)
	}
	got.Summary, got.Coaching = "", ""
	for i, id := range []string{"escalate-issue-platform", "ensure-fix-accepted", "differently-faced-similar", "verify-fix-fully"} {
		if i < len(got.Followups) && got.Followups[i].ID != id {
			t.Errorf("Followups[%d].ID = %q, want %q", i, got.Followups[i].ID, id)
		}
	}
	for i := range got.Followups {
		if i < len(want.Followups) {
			got.Followups[i].ID = want.Followups[i].ID
		}
	}
	for i := range got.Quizzes {
		q := got.Quizzes[i]
		if q.ID != keyWordsID(q.Question) || q.Options != nil || q.Answer != 0 {
			t.Errorf("Quizzes[%d] = %+v, want id %q and no options", i, q, keyWordsID(q.Question))
		}
		if i < len(want.Quizzes) {
			want.Quizzes[i].ID, want.Quizzes[i].Options, want.Quizzes[i].Answer = q.ID, nil, 0
		}
	}
	diffStories(t, got, want)
}

func TestParsePageSeed(t *testing.T) {
	data, err := os.ReadFile(seedPage)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent", seedPage)
	}
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstSample(t, parsePage(t, data, "seed.txt"))
}

// The same page with every marker decoded, and with every non-ASCII
// character garbled (Windows-1253, as the seed's markers are), gives the
// sample too.
func TestParsePageEncodings(t *testing.T) {
	for _, name := range []string{"webhook-decoded.txt", "webhook-garbled.txt"} {
		t.Run(name, func(t *testing.T) {
			checkAgainstSample(t, parsePage(t, readFile(t, filepath.Join("testdata/page", name)), name))
		})
	}
}

// Line endings, blank lines, indentation and a byte-order mark change
// nothing.
func TestParsePageLayout(t *testing.T) {
	page := string(readFile(t, "testdata/page/webhook-decoded.txt"))
	want := parsePage(t, []byte(page), "decoded.txt")
	variants := map[string]string{
		"crlf":          strings.ReplaceAll(page, "\n", "\r\n"),
		"cr":            strings.ReplaceAll(page, "\n", "\r"),
		"blank lines":   strings.ReplaceAll(page, "\n\n", "\n\n\n\n"),
		"blank between": strings.ReplaceAll(strings.ReplaceAll(page, "\n\n", "\n"), "\n", "\n\n"),
		"no blanks":     strings.ReplaceAll(page, "\n\n", "\n"),
		"indented":      strings.ReplaceAll(page, "\n", "\n  \t"),
		"trailing":      strings.ReplaceAll(page, "\n", " \u00a0\n"),
		"bom":           "\uFEFF" + page,
	}
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			diffStories(t, parsePage(t, []byte(v), name), want)
		})
	}
}

func TestParsePagePartial(t *testing.T) {
	got := parsePage(t, readFile(t, "testdata/page/partial.txt"), "partial.txt")
	want := &starcards.Story{
		ID:         "disagreed-manager",
		Role:       "SDE1",
		Title:      "You disagreed with your manager",
		Question:   "Tell me about a time you disagreed with your manager",
		Principles: []string{"Have Backbone; Disagree and Commit"},
		Sections: []starcards.Section{
			{
				Name: "situation", Target: 30 * time.Second,
				Example: "As an SDE1 on the billing team, my manager wanted to ship a cache without invalidation.",
				Phrases: []string{"my manager wanted", "without invalidation"},
			},
			{Name: "task", Example: "I had to either convince him or find a safer design."},
			{
				Name: "action", Target: time.Minute,
				Example:  "I wrote a one-page risk analysis and a prototype with TTL-based invalidation.",
				Coaching: "Say what you did, not what the team did.",
			},
			{Name: "result", Target: 20 * time.Second, Mistake: `Saying "we agreed in the end" without numbers.`},
		},
		Followups: []starcards.Followup{{
			ID: "escalate", Question: "Why did you not just escalate?",
			Strong: "I wanted to resolve it with data first.", Key: "Data before escalation.",
		}},
		Quizzes: []starcards.Quiz{{
			ID: "makes-disagreement-story", Question: "What makes a disagreement story strong?",
			Explanation: "Data, a clear position, and commitment once a decision is made.",
		}},
		Angles: []starcards.Angle{{Principle: "Have Backbone; Disagree and Commit", Emphasize: "The risk analysis."}},
		Levels: []starcards.Level{{
			Level: "SDE 1", Focus: "Keep it short and technical.",
			Reflection: "I learned to bring a prototype to a disagreement.",
		}},
	}
	diffStories(t, got, want)
}

func TestParsePageSmall(t *testing.T) {
	const title = "Tell Me About a Time You Shipped Fast - Amazon LP STAR Walkthrough\n"
	tests := []struct {
		name string
		page string
		want func(s *starcards.Story) any // the part under test
		val  any
	}{
		{
			"minimal", title + "⏱ Target: 30s\nS\nStrong Example\nI shipped it.\n",
			func(s *starcards.Story) any { return s.Sections },
			[]starcards.Section{{Name: "situation", Target: 30 * time.Second, Example: "I shipped it."}},
		},
		{
			"crlf", strings.ReplaceAll(title+"⏱ Target: 90s\r\nA\r\nStrong Example\r\nI shipped it.\r\n", "\n", "\r\n"),
			func(s *starcards.Story) any { return s.Sections },
			[]starcards.Section{{Name: "action", Target: 90 * time.Second, Example: "I shipped it."}},
		},
		{
			"ids", title + "⏱ Target: 30s\nS\nStrong Example\nx\n",
			func(s *starcards.Story) any { return [3]string{s.ID, s.Title, s.Question} },
			[3]string{"shipped-fast", "You shipped fast", "Tell me about a time you shipped fast"},
		},
		{
			"sentence case kept", "Tell me about a time you used AWS Lambda - Amazon LP STAR Walkthrough\n⏱ Target: 30s\nS\nStrong Example\nx\n",
			func(s *starcards.Story) any { return s.Question }, "Tell me about a time you used AWS Lambda",
		},
		{
			"title without suffix", "Tell Me About a Time I Took a Calculated Risk\n⏱ Target: 30s\nS\nStrong Example\nx\n",
			func(s *starcards.Story) any { return [2]string{s.Question, s.Title} },
			[2]string{"Tell me about a time I took a calculated risk", "I took a calculated risk"},
		},
		{
			"role", title + "🎬\nScenario Overview\nWhile working as a Senior SDE at Acme, I saw it.\n⏱ Target: 30s\nS\nStrong Example\nx\n",
			func(s *starcards.Story) any { return s.Role }, "Senior SDE",
		},
		{
			"decoded markers", title + "⏱ Target: 15s\n💭\nStrong Example\n\"a\"\"b\"\n💡 Coaching\n\nc\n\n⚠️ Common Mistake\n\nm\n",
			func(s *starcards.Story) any { return s.Sections },
			[]starcards.Section{{Name: "reflection", Target: 15 * time.Second, Phrases: []string{"a", "b"}, Coaching: "c", Mistake: "m"}},
		},
		{
			"garbled markers", title + "β± Target: 15s\nπŸ’\nStrong Example\n“a”“b”\nπŸ’‘ Coaching\n\nc\n\nβš\u00a0οΈ Common Mistake\n\nm\n",
			func(s *starcards.Story) any { return s.Sections },
			[]starcards.Section{{Name: "reflection", Target: 15 * time.Second, Phrases: []string{"a", "b"}, Coaching: "c", Mistake: "m"}},
		},
		{
			"inline heading text", title + "⏱ Target: 30s\nS\nStrong Example: x\n💡 Coaching: keep it short\n",
			func(s *starcards.Story) any { return s.Sections },
			[]starcards.Section{{Name: "situation", Target: 30 * time.Second, Example: "x", Coaching: "keep it short"}},
		},
		{
			"wrapped paragraph", title + "⏱ Target: 30s\nS\nStrong Example\nline one\nline two\n\nsecond paragraph\n",
			func(s *starcards.Story) any { return s.Sections[0].Example }, "line one line two\n\nsecond paragraph",
		},
		{
			"no letters", title + "⏱ Target: 30s\nStrong Example\na\n⏱ Target: 20s\nStrong Example\nb\n",
			func(s *starcards.Story) any { return []string{s.Sections[0].Name, s.Sections[1].Name} },
			[]string{"situation", "task"},
		},
		{
			"followup weak without quotes", title + "⏱ Target: 30s\nS\nStrong Example\nx\n❓\nWhy?\nProbes: p\n▼\n❌ Weak\n\nI waited.\n\nPassive.\n\n✅ Strong\n\nI acted.\n",
			func(s *starcards.Story) any { return s.Followups },
			[]starcards.Followup{{ID: "why", Question: "Why?", Probes: "p", Weak: "I waited.", WeakWhy: "Passive.", Strong: "I acted."}},
		},
		{
			"repeated questions", title + "⏱ Target: 30s\nS\nStrong Example\nx\n🧠\nWhy?\n\nA.\n\n🧠\nWhy?\n\nB.\n",
			func(s *starcards.Story) any { return []string{s.Quizzes[0].ID, s.Quizzes[1].ID} },
			[]string{"why", "why-2"},
		},
		{
			"weak answer", title + "⏱ Target: 30s\nS\nStrong Example\nx\n✗\nWeak Answer\nWe did it.\n  • uses we\n  - no numbers\nBar Raiser Thinks: No Hire.\n",
			func(s *starcards.Story) any { return *s.WeakAnswer },
			starcards.WeakAnswer{Text: "We did it.", Flaws: []string{"uses we", "no numbers"}, Verdict: "No Hire."},
		},
		{
			"level times", title + "⏱ Target: 30s\nS\nStrong Example\nx.\nSDE 1\n\nf\n\nReflection: r\nBar b\n⏱ Keep to 2 minutes.\nSenior SDE\n\nf\n\nReflection: r\n⏱ 2.5-3 minutes.\nPrincipal\n\nf\n\nReflection: r\n⏱ 90 seconds\n",
			func(s *starcards.Story) any {
				var d []time.Duration
				for _, l := range s.Levels {
					d = append(d, l.Time)
				}
				return d
			},
			[]time.Duration{2 * time.Minute, 3 * time.Minute, 90 * time.Second},
		},
		{
			"garbled punctuation", title + "⏱ Target: 30s\nS\nStrong Example\nI didnβ€™t wait β€” I acted.\n",
			func(s *starcards.Story) any { return s.Sections[0].Example }, "I didn’t wait — I acted.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parsePage(t, []byte(tt.page), tt.name)
			if got := tt.want(s); !reflect.DeepEqual(got, tt.val) {
				t.Errorf("got  %#v\nwant %#v", got, tt.val)
			}
		})
	}
}

func TestParsePageErrors(t *testing.T) {
	const title = "Tell Me About a Time You Shipped Fast - Amazon LP STAR Walkthrough\n"
	invalid := []byte(title + "⏱ Target: 30s\nS\nStrong Example\nab\xffc\n")
	tests := []struct {
		name      string
		page      []byte
		line, col int
		is        error  // a sentinel the error wraps, or nil
		msg       string // a part of the message
	}{
		{"empty", nil, 0, 0, nil, "empty"},
		{"blank", []byte("\n \r\n\t\n"), 0, 0, nil, "empty"},
		{"garbage", []byte("hello\nworld\n"), 1, 1, nil, "not a STAR walkthrough page"},
		{"garbage after blanks", []byte("\n\nhello: world\nCoaching\n"), 3, 1, nil, "not a STAR walkthrough page"},
		{"not a page", readFile(t, "testdata/page/notapage.txt"), 1, 1, nil, "no title line"},
		{"binary", []byte{0, 1, 2, '\n', 3}, 1, 1, nil, "not a STAR walkthrough page"},
		{"title only", []byte("Bird\n" + title + "\nsome text\n"), 2, 1, nil, "no STAR sections"},
		{"invalid UTF-8", invalid, 5, 3, ErrInvalidUTF8, "not valid UTF-8"},
		{"too large", bytes.Repeat([]byte("x"), MaxFileSize+1), 0, 0, ErrTooLarge, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParsePage(tt.page, "page.txt")
			if err == nil {
				t.Fatalf("no error; story %+v", s)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			if pe.File != "page.txt" || pe.Line != tt.line || pe.Col != tt.col {
				t.Errorf("error at %s:%d:%d, want page.txt:%d:%d (%v)", pe.File, pe.Line, pe.Col, tt.line, tt.col, err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not wrap %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestPageMarkers(t *testing.T) {
	for _, m := range pageMarkers {
		for _, form := range []string{m.decoded, m.garbled} {
			if !markerOnly(strings.TrimSpace(form)) {
				t.Errorf("%q (%s) is not seen as a marker line", form, m.meaning)
			}
			if got := stripMarker(form + " Coaching"); got != "Coaching" {
				t.Errorf("stripMarker(%q) = %q", form+" Coaching", got)
			}
		}
	}
	for _, text := range []string{"S", "Bias for Action", `"I noticed"`, "• a flaw", "$8,000", "0.3%"} {
		if markerOnly(text) {
			t.Errorf("%q is seen as a marker line", text)
		}
	}
}

func TestPageDerivations(t *testing.T) {
	for in, want := range map[string]string{
		"Tell Me About a Time Speed of Execution Was the Key to Success": "Tell me about a time speed of execution was the key to success",
		"Tell Me About a Time I Used SDE2 Skills With AWS":               "Tell me about a time I used SDE2 skills with AWS",
		"Tell me about a time you worked with Amazon":                    "Tell me about a time you worked with Amazon",
		"Tell Me More": "Tell Me More",
	} {
		if got := sentenceCase(in); got != want {
			t.Errorf("sentenceCase(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Tell me about a time speed of execution was the key to success": "Speed of execution was the key to success",
		"Tell me about a time when you failed?":                          "You failed",
		"Describe a situation where you took a risk.":                    "You took a risk",
		"What is your greatest strength?":                                "What is your greatest strength",
	} {
		if got := pageTitle(in); got != want {
			t.Errorf("pageTitle(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Speed of execution was the key to success":  seedPageID,
		"You shipped fast":                           "shipped-fast",
		"Earn trust of the team for a good cause":    "earn-trust-team",
		"You dug into the data to find a root cause": "data-root-cause",
		"Why did you not just escalate?":             "escalate",
		"Tell me about a time when":                  "tell-me-about",
		"Как вы узнали о проблеме?":                  "как-вы-узнали",
		"Supercalifragilisticexpialidociousnessity":  "supercalifragilisticexpialidocio",
		"Ça va": "ca-va",
		"日本":    "日本",
	} {
		if got := keyWordsID(in); got != want {
			t.Errorf("keyWordsID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]time.Duration{
		"30s": 30 * time.Second, "90s": 90 * time.Second, "1m30s": 90 * time.Second, "1 m": time.Minute,
		"~20 s": 20 * time.Second, "Keep to 2 minutes.": 2 * time.Minute, "2.5-3 minutes.": 3 * time.Minute,
		"2.5 minutes": 150 * time.Second, "under 90 seconds": 90 * time.Second, "0s": 0, "2h": 0, "soon": 0,
	} {
		if got, ok := pageDuration(in); got != want || ok != (want != 0) {
			t.Errorf("pageDuration(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
}

// FuzzParsePage checks that no input makes the page parser panic, that every
// error is a *ParseError, and that a parsed story is a valid story: an id,
// a title, a section, cards, and a story file that reads back the same.
func FuzzParsePage(f *testing.F) {
	if data, err := os.ReadFile(seedPage); err == nil {
		f.Add(data)
	}
	files, _ := filepath.Glob("testdata/page/*.txt")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("Tell Me About a Time X - Amazon LP STAR Walkthrough\r\n⏱ Target: 30s\r\nS\r\nStrong Example\r\nx\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pg, err := ParsePage(data, "fuzz.txt")
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			return
		}
		s := pg.Story
		if s.ID == "" || s.Title == "" || len(s.Sections) == 0 {
			t.Fatalf("story without id, title or section: %+v", s)
		}
		Cards(s)
		out, err := Encode(s)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Parse(out, "fuzz.yaml")
		if err != nil {
			t.Fatalf("the story file of a parsed page does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("story changed through its story file:\n got %+v\nwant %+v\n%s", back, s, out)
		}
	})
}

// TestParsePageWarnings: what the parser cannot place, or what the story
// format refuses, is left out with a warning naming its line, and the rest
// of the page is read.
func TestParsePageWarnings(t *testing.T) {
	const title = "Tell Me About a Time You Shipped Fast - Amazon LP STAR Walkthrough\n"
	const sec = "⏱ Target: 30s\nS\nStrong Example\nx.\n"
	tests := []struct {
		name string
		page string
		line int
		msg  string // a part of the warning
	}{
		{"bad target", title + "\n⏱ Target: soon\nS\nStrong Example\nx\n", 3, `sections.situation.target: "soon" is not a duration like 30s, 1m30s, 2m or 2 min; the section is kept without a target`},
		{"huge target", title + "⏱ Target: 2h\nS\nStrong Example\nx\n", 2, `"2h" is not a duration`},
		{"coaching outside a section", title + "💡 Coaching\n\nx\n" + sec, 2, `"Coaching" outside a STAR section`},
		{"weak outside a follow-up", title + sec + "βŒ Weak\n\nx\n", 6, `"Weak" outside a follow-up`},
		{"emphasize outside an angle", title + sec + "✅ Emphasize\nx\n", 6, "outside a principle angle"},
		{"verdict without weak answer", title + sec + "Bar Raiser ThinksNo.\n", 6, "outside the weak answer"},
		{"empty section", title + "⏱ Target: 30s\nS\n" + sec, 2, "situation section is empty"},
		{"second section", title + sec + sec, 6, "second situation section (the first is at line 2)"},
		{"sixth section", title + strings.Repeat("⏱ Target: 30s\nStrong Example\nx\n", 6), 17, "sixth STAR section"},
		{"quoted line after the phrases", title + sec + "\"a\"\"b\"\n\"c\"\"d\"\n", 7, `not understood here: “"c""d"”`},
		{"follow-up without strong", title + sec + "❓\nWhy?\nProbes: p\n❌ Weak\n\n\"no\"\n", 7, "followups[0]: give a strong answer or a key line; left out"},
		{"quiz without explanation", title + sec + "🧠\nWhy?\n", 7, "quizzes[0]: a quiz without options needs an explanation to serve as its answer"},
		{"weak answer without text", title + sec + "✗\nWeak Answer\n  • a flaw\n", 7, "weak_answer: missing text"},
		{"second weak answer", title + sec + "Weak Answer\nx\nWeak Answer\ny\n", 8, "second weak answer (the first is at line 6)"},
		{"empty reflection", title + sec + "SDE2 Reflection\n", 6, `reflection for level "SDE2" is empty`},
		{"second angle", title + sec + "Ownership\n\nx\n\n✅ Emphasize\ne.\nOwnership\n\ny\n\n✅ Emphasize\ne.\n", 12, `duplicate angle id "ownership"`},
		{"stray text", title + "⏱ Target: 30s\nS\nWhat next\nStrong Example\nx.\n", 4, "not understood here: “What next”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg, err := ParsePage([]byte(tt.page), "page.txt")
			if err != nil {
				t.Fatalf("ParsePage: %v", err)
			}
			for _, w := range pg.Warnings {
				if w.Line == tt.line && strings.Contains(w.Msg, tt.msg) {
					return
				}
			}
			t.Errorf("warnings %v, want one at line %d with %q", pg.Warnings, tt.line, tt.msg)
		})
	}
}

// TestParsePageVariants: phrasings other pages of the site use.
func TestParsePageVariants(t *testing.T) {
	const sec = "⏱ Target: 30s\nS\nStrong Example\nI shipped it.\n"
	for _, tc := range []struct {
		name string
		page string
		got  func(s *starcards.Story) any
		want any
	}{
		{
			"give me an example", "Give Me an Example of a Time You Took a Risk - Amazon LP STAR Walkthrough\n" + sec,
			func(s *starcards.Story) any { return [2]string{s.ID, s.Title} },
			[2]string{"risk", "You took a risk"},
		},
		{
			"phrases with commas", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "\"I shipped\", \"it\"\n",
			func(s *starcards.Story) any { return s.Sections[0].Phrases },
			[]string{"I shipped", "it"},
		},
		{
			"quiz question without a question mark", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "🧠\nPick the strongest result line.\n\nThe one with a number.\n",
			func(s *starcards.Story) any { return [2]string{s.Quizzes[0].Question, s.Quizzes[0].Explanation} },
			[2]string{"Pick the strongest result line.", "The one with a number."},
		},
		{
			"follow-up without a question mark", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "β“\nWalk me through the rollback.\nProbes: depth\n✅ Strong\n\nI rolled back in 6 minutes.\n",
			func(s *starcards.Story) any {
				return [3]string{s.Followups[0].ID, s.Followups[0].Question, s.Followups[0].Probes}
			},
			[3]string{"rollback", "Walk me through the rollback.", "depth"},
		},
		{
			"principle from the overview", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n🎬\nScenario Overview\nIn this Deliver Results story, the candidate shipped.\n" + sec,
			func(s *starcards.Story) any { return s.Principles },
			[]string{"Deliver Results"},
		},
		{
			"role while working as", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + strings.Replace(sec, "I shipped it.", "While working as an SDE2 at Acme, I shipped it.", 1),
			func(s *starcards.Story) any { return s.Role }, "SDE2",
		},
		{
			"role as a", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + strings.Replace(sec, "I shipped it.", "As a Senior SDE on the ads team, I shipped it.", 1),
			func(s *starcards.Story) any { return s.Role }, "Senior SDE",
		},
		{
			"role as a result is none", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + strings.Replace(sec, "I shipped it.", "I shipped it. As a result of the launch, sales rose.", 1),
			func(s *starcards.Story) any { return s.Role }, "",
		},
		{
			"role in my role as", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + strings.Replace(sec, "I shipped it.", "In my role as tech lead for checkout, I shipped it.", 1),
			func(s *starcards.Story) any { return s.Role }, "tech lead",
		},
		{
			"role I was the", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + strings.Replace(sec, "I shipped it.", "I was the only backend engineer on a team of five, and I shipped it.", 1),
			func(s *starcards.Story) any { return s.Role }, "only backend engineer",
		},
		{
			"marker on the question's line", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "❓ Why so fast?\nProbes: p\n✅ Strong\n\nThe deadline.\n",
			func(s *starcards.Story) any { return [2]string{s.Followups[0].ID, s.Followups[0].Question} },
			[2]string{"fast", "Why so fast?"},
		},
		{
			"follow-up weak answer heading", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "❓\nWhy?\n❌ Weak Answer\n\n\"Because.\"\n\nVague.\n\n✅ Strong Answer\n\nThe deadline.\n",
			func(s *starcards.Story) any {
				return [3]string{s.Followups[0].Weak, s.Followups[0].WeakWhy, s.Followups[0].Strong}
			},
			[3]string{"Because.", "Vague.", "The deadline."},
		},
		{
			"example without its heading", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n⏱ Target: 30s\nS\nI shipped it alone.\n\"shipped it alone\"\n",
			func(s *starcards.Story) any { return [2]any{s.Sections[0].Example, s.Sections[0].Phrases} },
			[2]any{"I shipped it alone.", []string{"shipped it alone"}},
		},
		{
			"quoted example", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n⏱ Target: 30s\nS\nStrong Example\n\"I shipped it alone.\"\n\"shipped\"\"alone\"\n",
			func(s *starcards.Story) any { return [2]any{s.Sections[0].Example, s.Sections[0].Phrases} },
			[2]any{"\"I shipped it alone.\"", []string{"shipped", "alone"}},
		},
		{
			"level time with max", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "SDE 1\n\nFocus.\n\nReflection: r\n⏱ 2 minutes max\n",
			func(s *starcards.Story) any { return s.Levels[0].Time }, 2 * time.Minute,
		},
		{
			"role not in follow-ups", "Tell Me About a Time You Shipped - Amazon LP STAR Walkthrough\n" + sec + "❓\nWhy?\n✅ Strong\n\nAs an SDE1 on the team I had to.\n",
			func(s *starcards.Story) any { return s.Role }, "",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := parsePage(t, []byte(tc.page), "p.txt")
			if got := tc.got(s); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}
