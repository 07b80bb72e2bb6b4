package decks

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// TestCardsGoldenFormats renders the cards of the sample, both templates
// and a story in each format (YAML, Markdown, a walkthrough page) and
// compares them with testdata/cards/*.cards; -update rewrites them.
func TestCardsGoldenFormats(t *testing.T) {
	parse := map[string]func() (*starcards.Story, error){
		"sample.cards":        func() (*starcards.Story, error) { return Parse(SampleYAML, SampleFile) },
		"sample-senior.cards": func() (*starcards.Story, error) { return Parse(SampleYAML, SampleFile) },
		"template-yaml.cards": func() (*starcards.Story, error) { return Parse(TemplateYAML, "story.yaml") },
		"template-md.cards": func() (*starcards.Story, error) {
			s, _, err := ParseMarkdown(TemplateMarkdown, "story.md")
			return s, err
		},
		"markdown.cards": func() (*starcards.Story, error) {
			s, _, err := ParseMarkdown(readFile(t, sampleMarkdown), sampleMarkdown)
			return s, err
		},
		"page.cards": func() (*starcards.Story, error) {
			pg, err := ParsePage(readFile(t, "testdata/page/webhook-garbled.txt"), "webhook-garbled.txt")
			if err != nil {
				return nil, err
			}
			return pg.Story, nil
		},
	}
	for name, fn := range parse {
		t.Run(name, func(t *testing.T) {
			s, err := fn()
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{}
			if name == "sample-senior.cards" {
				opts.Level = "Senior"
			}
			got := dumpCards(CardsFor(s, opts))
			file := filepath.Join("testdata", "cards", name)
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := readFile(t, file); !bytes.Equal(got, want) {
				t.Errorf("cards differ from %s (run go test ./decks -update):\n%s", file, got)
			}
		})
	}
}

func kindCounts(cards []starcards.Card) map[starcards.Kind]int {
	got := map[starcards.Kind]int{}
	for _, c := range cards {
		got[c.ID.Kind]++
	}
	return got
}

// TestSampleCardCounts: the sample's cards per kind, at the story's own
// level (SDE2) and at the others, stay at about 45 or fewer.
func TestSampleCardCounts(t *testing.T) {
	base := map[starcards.Kind]int{
		starcards.KindOutline:  1,
		starcards.KindSection:  5,  // situation, task, action, result, reflection
		starcards.KindOrder:    5,  // the Action has six sentences; the others two or fewer
		starcards.KindPhrase:   13, // 4 situation, 2 task, 6 action, 1 result
		starcards.KindNumber:   2,  // "0.3% to zero", "$8,000 recovered"
		starcards.KindMistake:  6,  // five section mistakes and the weak answer
		starcards.KindFollowup: 4,
		starcards.KindQuiz:     3,
		starcards.KindAngle:    3,
	}
	with := func(level int) map[starcards.Kind]int {
		m := map[starcards.Kind]int{}
		for k, v := range base {
			m[k] = v
		}
		if level > 0 {
			m[starcards.KindReflection] = level
		}
		return m
	}
	tests := []struct {
		level string
		want  map[starcards.Kind]int
	}{
		// SDE2 has a reflection but no variant: the Reflection section card
		// tells it, and no level card is made.
		{"", with(0)},
		{"SDE2", with(0)},
		{"SDE 1", with(1)},  // the SDE 1 variant
		{"senior", with(1)}, // the Senior reflection tells the section; the Senior SDE variant
		{"Principal", with(0)},
	}
	for _, tt := range tests {
		t.Run("Level"+tt.level, func(t *testing.T) {
			cards := CardsFor(Sample(), Options{Level: tt.level})
			if got := kindCounts(cards); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cards by kind = %v, want %v", got, tt.want)
			}
			if len(cards) > 45 {
				t.Errorf("%d cards, want 45 or fewer", len(cards))
			}
		})
	}
}

// TestLevelFilter: only the user's level makes cards, and the Reflection
// section card tells the reflection of that level.
func TestLevelFilter(t *testing.T) {
	tests := []struct {
		level      string
		levelCard  string // key of the level card, "" for none
		reflection string // words the Reflection section card's back holds
		absent     string // words no card of the story holds
	}{
		{"", "", "reproduce and debug race conditions", "Senior SDE"},
		{"SDE2", "", "reproduce and debug race conditions", "organizational gap"},
		{"L5", "", "reproduce and debug race conditions", "organizational gap"},
		{"Senior", "senior", "shared webhook reliability SLO", "troubleshooting skills"},
		{"Senior SDE", "senior", "shared webhook reliability SLO", "troubleshooting skills"},
		{"SDE1", "sde1", "", "organizational gap"},
	}
	for _, tt := range tests {
		t.Run("Level"+tt.level, func(t *testing.T) {
			var levelKeys []string
			for _, c := range CardsFor(Sample(), Options{Level: tt.level}) {
				if c.ID.Kind == starcards.KindReflection {
					levelKeys = append(levelKeys, c.ID.Key)
				}
				if c.ID == (starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: "reflection"}) && tt.reflection != "" && !strings.Contains(c.Back, tt.reflection) {
					t.Errorf("Reflection section back %q lacks %q", c.Back, tt.reflection)
				}
				if strings.Contains(c.Front+c.Back, tt.absent) {
					t.Errorf("%s holds %q, of another level", c.ID, tt.absent)
				}
			}
			want := []string(nil)
			if tt.levelCard != "" {
				want = []string{tt.levelCard}
			}
			if !reflect.DeepEqual(levelKeys, want) {
				t.Errorf("level cards %v, want %v", levelKeys, want)
			}
		})
	}
}

func TestLevelKey(t *testing.T) {
	for in, want := range map[string]string{
		"SDE 1": "sde1", "SDE1": "sde1", "sde i": "sde1", "L4": "sde1",
		"SDE2": "sde2", "SDE II": "sde2", "l5": "sde2",
		"Senior": "senior", "Senior SDE": "senior", "SDE3": "senior", "SDE III": "senior", "L6": "senior",
		"Principal Engineer": "principal", "L7": "principal",
		"Staff": "staff", "": "",
	} {
		if got := LevelKey(in); got != want {
			t.Errorf("LevelKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOneThingPerCard: every phrase and number card blanks exactly one
// stretch of one sentence of its section, and every number in a section is
// asked by some card of the story.
func TestOneThingPerCard(t *testing.T) {
	s := Sample()
	cards := Cards(s)
	asked := ""
	for _, c := range cards {
		switch c.ID.Kind {
		case starcards.KindPhrase, starcards.KindNumber:
			if n := strings.Count(c.Front, "____"); n != 1 {
				t.Errorf("%s has %d blanks, want 1", c.ID, n)
			}
			text := c.Field("Text")
			if len(Sentences(text)) != 1 {
				t.Errorf("%s: text %q is not one sentence", c.ID, text)
			}
			if !strings.Contains(text, c.Back) {
				t.Errorf("%s: answer %q not in %q", c.ID, c.Back, text)
			}
			if c.ID.Kind == starcards.KindNumber {
				asked += " " + c.Back
			}
			if hasNumber(c.Back) != (c.ID.Kind == starcards.KindNumber) {
				t.Errorf("%s: kind %s for answer %q", c.ID, c.ID.Kind, c.Back)
			}
		}
	}
	for _, sec := range s.Sections {
		for _, n := range Numbers(sec.Example) {
			if !strings.Contains(asked, sec.Example[n.Start:n.End]) {
				t.Errorf("number %q of the %s is asked by no card", sec.Example[n.Start:n.End], sec.Name)
			}
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"It fell from 0.3% to zero. Then $8,000 came back.", []string{"It fell from 0.3% to zero.", "Then $8,000 came back."}},
		{"We used e.g. Go. And approx. Five more.", []string{"We used e.g. Go.", "And approx. Five more."}},
		{"He said \"stop.\" Then I left.", []string{"He said \"stop.\"", "Then I left."}},
		{"lower. case stays together", []string{"lower. case stays together"}},
		{"First para\n\nSecond para", []string{"First para", "Second para"}},
		{"  ", nil},
		{"No end", []string{"No end"}},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range Sentences(tt.in) {
			got = append(got, tt.in[sp.Start:sp.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"from 0.3% to zero", []string{"0.3% to zero"}},
		{"recovered $8,000 weekly", []string{"$8,000"}},
		{"p99 went 450 ms → 120 ms", []string{"450 ms → 120 ms"}},
		{"added 2-3 weeks", []string{"2-3 weeks"}},
		{"As an SDE2 on L5", nil},
		{"3 teams and 40% fewer pages", []string{"3", "40%"}},
		{"cut it 10x", []string{"10x"}},
		{"the 3rd try, \x1b[31mred", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range Numbers(tt.in) {
			got = append(got, tt.in[sp.Start:sp.End])
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Numbers(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLabels: no label repeats the text it labels, and counts are plural
// only when they are not one.
func TestLabels(t *testing.T) {
	for _, tt := range []struct{ label, text, want string }{
		{"Lead with", "Lead with the outcome.", "Lead with the outcome."},
		{"Focus", "focus on the fix.", "Focus on the fix."},
		{"Focus", "Focusing pays.", "Focus: Focusing pays."},
		{"Bar", "Basic ownership.", "Bar: Basic ownership."},
		{"Bar", "", ""},
	} {
		if got := labelled(tt.label, tt.text); got != tt.want {
			t.Errorf("labelled(%q, %q) = %q, want %q", tt.label, tt.text, got, tt.want)
		}
	}
	s := mustParse(t, "id: s\ntitle: T\nsections:\n  action:\n    example: I fixed it.\n    phrases: [I fixed]\n")
	for _, c := range Cards(s) {
		if c.ID.Kind == starcards.KindSection && !strings.HasPrefix(c.Back, "Key phrase: I fixed") {
			t.Errorf("section back %q, want the singular label", c.Back)
		}
	}
	for _, c := range Cards(Sample()) {
		for _, label := range []string{"Focus: Focus", "Lead with: Lead with", "Emphasize: Emphasize", "phrase(s)"} {
			if strings.Contains(c.Back, label) || strings.Contains(c.Front, label) {
				t.Errorf("%s repeats a label: %q", c.ID, label)
			}
		}
	}
}

// TestQuizOrder: the options' order is the same for one card and review,
// differs across reviews, is a permutation, and the letters map back to
// the right option.
func TestQuizOrder(t *testing.T) {
	cards := Cards(Sample())
	var quizzes []starcards.Card
	for _, c := range cards {
		if c.ID.Kind == starcards.KindQuiz {
			quizzes = append(quizzes, c)
		}
	}
	if len(quizzes) != 3 {
		t.Fatalf("%d quizzes", len(quizzes))
	}
	for _, c := range quizzes {
		orders := map[string]bool{}
		positions := map[int]bool{}
		for rep := uint64(0); rep < 40; rep++ {
			order := QuizOrder(&c, rep)
			if again := QuizOrder(&c, rep); !reflect.DeepEqual(order, again) {
				t.Fatalf("%s review %d: order %v then %v", c.ID, rep, order, again)
			}
			seen := map[int]bool{}
			for _, o := range order {
				seen[o] = true
			}
			if len(order) != len(c.Options) || len(seen) != len(c.Options) {
				t.Fatalf("%s: order %v is not a permutation of %d options", c.ID, order, len(c.Options))
			}
			orders[fmt.Sprint(order)] = true
			i := QuizAnswer(&c, order)
			positions[i] = true
			letter := starcards.OptionLetter(i)
			front, back := QuizFront(&c, order), QuizBack(&c, order)
			line := letter + ". " + c.Options[c.Answer]
			if !strings.Contains(front, line+"\n") && !strings.HasSuffix(front, line) {
				t.Errorf("%s review %d: front lacks %q:\n%s", c.ID, rep, line, front)
			}
			if !strings.HasPrefix(back, line) {
				t.Errorf("%s review %d: back %q does not start with %q", c.ID, rep, back, line)
			}
		}
		if len(orders) < 10 {
			t.Errorf("%s: only %d orders in 40 reviews", c.ID, len(orders))
		}
		if len(positions) != len(c.Options) {
			t.Errorf("%s: the answer took %d of %d letters in 40 reviews", c.ID, len(positions), len(c.Options))
		}
	}
	// Pinned: the order is part of what a review shows; changing the
	// shuffle changes every user's quizzes.
	if got := fmt.Sprint(QuizOrder(&quizzes[0], 0), QuizOrder(&quizzes[0], 1)); got != pinnedQuizOrder {
		t.Errorf("orders of %s = %s, want %s", quizzes[0].ID, got, pinnedQuizOrder)
	}
	var none starcards.Card
	if QuizOrder(&none, 0) != nil || QuizAnswer(&none, nil) != -1 {
		t.Error("a card without options has an order or an answer")
	}
}

const pinnedQuizOrder = "[2 3 0 1] [1 0 3 2]"

// FuzzCardText checks the text scanners the cards are cut with: sentence
// and number spans are in order, within the text and never overlapping, and
// the cards of a story with that text as every section's example, each key
// phrase a piece of it, blank exactly one stretch each.
func FuzzCardText(f *testing.F) {
	for _, sec := range Sample().Sections {
		f.Add(sec.Example, "minimal fix")
	}
	f.Add("It fell from 0.3% to zero. Then $8,000 came back.", "0.3%")
	f.Add("e.g. approx. 2-3 weeks... \"Done.\" Next", "Next")
	f.Fuzz(func(t *testing.T, text, phrase string) {
		for name, spans := range map[string][]Span{"Sentences": Sentences(text), "Numbers": Numbers(text)} {
			last := 0
			for _, sp := range spans {
				if sp.Start < last || sp.End <= sp.Start || sp.End > len(text) {
					t.Fatalf("%s(%q): bad span %v after %d", name, text, sp, last)
				}
				last = sp.End
			}
		}
		s := &starcards.Story{ID: "s", Title: "T", Sections: []starcards.Section{
			{Name: "action", Example: text, Phrases: []string{phrase}},
			{Name: "result", Example: text},
		}}
		ids := map[starcards.CardID]bool{}
		for _, c := range CardsFor(s, Options{Level: phrase}) {
			if ids[c.ID] {
				t.Fatalf("duplicate card %s", c.ID)
			}
			ids[c.ID] = true
			if (c.ID.Kind == starcards.KindPhrase || c.ID.Kind == starcards.KindNumber) && strings.Count(c.Front, "____") < 1 {
				t.Fatalf("%s has no blank: %q", c.ID, c.Front)
			}
		}
	})
}

// TestNoGiveAway: no cue shows the answer of a number or phrase card of
// another facet — the outline's lines, a recital's and an order card's
// front, and the "(After “…”)" context of a cloze are cut before, or mask,
// the clozes they would hold. (A recital's back lists the phrases on
// purpose, see the sibling rule in the scheduler's documentation; a phrase
// the story says twice, or a quiz quoting one, is the story's redundancy.)
func TestNoGiveAway(t *testing.T) {
	for _, level := range []string{"", "Senior"} {
		cards := CardsFor(Sample(), Options{Level: level})
		cues := 0
		for _, c := range cards {
			var shown string
			switch c.ID.Kind {
			case starcards.KindOutline:
				shown = c.Back
			case starcards.KindSection, starcards.KindOrder:
				shown = c.Front
			case starcards.KindPhrase, starcards.KindNumber:
				if i := strings.Index(c.Front, "(After “"); i >= 0 {
					shown = c.Front[i : i+strings.Index(c.Front[i:], "”)")]
				}
			}
			if shown == "" {
				continue
			}
			cues++
			for _, x := range cards {
				if (x.ID.Kind != starcards.KindPhrase && x.ID.Kind != starcards.KindNumber) || x.Facet == c.Facet {
					continue
				}
				if strings.Contains(shown, x.Back) {
					t.Errorf("level %q: %s shows %q, the answer of %s", level, c.ID, x.Back, x.ID)
				}
			}
		}
		if cues < 12 {
			t.Errorf("level %q: only %d cues checked", level, cues)
		}
	}
}

// TestOutlineCoaching: the story's coaching closes the outline card's back
// (labelled once), and its summary, which states the result's numbers, is
// not shown on the card.
func TestOutlineCoaching(t *testing.T) {
	for _, tc := range []struct {
		name, coaching, wantTail string
	}{
		{"Plain", "Lead with the outcome.", "\n\nCoaching: Lead with the outcome."},
		{"AlreadyLabelled", "coaching: say I, not we.", "\n\nCoaching: say I, not we."},
		{"None", "", "Result (20 s): We cut it by…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &starcards.Story{
				ID: "s", Title: "T", Question: "Tell me about a time.",
				Summary:  "We cut the error rate by 40% in a week.",
				Coaching: tc.coaching,
				Sections: []starcards.Section{
					{Name: "task", Example: "I owned the fix."},
					{Name: "result", Example: "We cut it by 40% in a week.", Target: 20 * time.Second},
				},
			}
			var outline *starcards.Card
			cards := CardsFor(s, Options{})
			for i := range cards {
				if cards[i].ID.Kind == starcards.KindOutline {
					outline = &cards[i]
				}
			}
			if outline == nil {
				t.Fatal("no outline card")
			}
			if !strings.HasSuffix(outline.Back, tc.wantTail) {
				t.Errorf("back %q, want it to end %q", outline.Back, tc.wantTail)
			}
			if strings.Contains(outline.Front+outline.Back, "40%") {
				t.Errorf("outline shows the summary's number: %q / %q", outline.Front, outline.Back)
			}
			if got := outline.Fields[len(outline.Fields)-1]; got != outline.Back {
				t.Errorf("Outline field %q, want the back %q", got, outline.Back)
			}
		})
	}
}
