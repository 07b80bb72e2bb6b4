package export

import (
	"strconv"
	"strings"
	"testing"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
)

// TestPhraseMatchingAgrees drives the three users of the one phrase matcher
// (decks.Blanks) from one table: the terminal phrase and number cards, lint's
// phrase-missing rule and the Anki cloze text. A second matcher in any of
// them would drift from the table.
func TestPhraseMatchingAgrees(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		phrases []string
		// blanked is the text with every phrase found written [like this];
		// missing lists the phrases not found, by index.
		blanked string
		missing []int
	}{
		{"Plain", "I noticed the drop. No ticket existed.", []string{"I noticed", "no ticket"}, "[I noticed] the drop. [No ticket] existed.", nil},
		{"DottedCapitalI", "İstanbul team: I noticed the drop.", []string{"I noticed", "the drop"}, "İstanbul team: [I noticed] [the drop].", nil},
		{"DottedCapitalIInPhrase", "Ankara and İzmir, I noticed.", []string{"İzmir", "i noticed"}, "Ankara and [İzmir], [I noticed].", nil},
		{"SharpS", "Die Straße war zu. I acted.", []string{"STRASSE", "straße", "I acted"}, "Die [Straße] war zu. [I acted].", []int{0}},
		{"DecomposedText", "The cafe\u0301 lost orders; I fixed it.", []string{"café", "I fixed"}, "The [cafe\u0301] lost orders; [I fixed] it.", nil},
		{"DecomposedPhrase", "The café lost orders.", []string{"cafe\u0301"}, "The [café] lost orders.", nil},
		{"NoMatchInsideALetter", "The cafe\u0301 lost orders.", []string{"cafe"}, "The cafe\u0301 lost orders.", []int{0}},
		{"Overlap", "retry queue", []string{"retry queue", "queue"}, "[retry queue]", []int{1}},
		{"Repeated", "go go", []string{"go", "go"}, "[go] [go]", nil},
		{"Cyrillic", "Я заметил сбой. Никто не просил.", []string{"я заметил", "никто не просил"}, "[Я заметил] сбой. [Никто не просил].", nil},
		{"Missing", "The result was good.", []string{"0.3% to zero"}, "The result was good.", []int{0}},
		{"OutOfOrder", "a b c", []string{"c", "a"}, "[a] b [c]", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The matcher itself.
			blanks, missing := decks.Blanks(tc.text, tc.phrases)
			var b strings.Builder
			last := 0
			for _, bl := range blanks {
				b.WriteString(tc.text[last:bl.Start] + "[" + tc.text[bl.Start:bl.End] + "]")
				last = bl.End
			}
			b.WriteString(tc.text[last:])
			if got := b.String(); got != tc.blanked {
				t.Errorf("Blanks: %q, want %q", got, tc.blanked)
			}
			if !equalInts(missing, tc.missing) {
				t.Errorf("Blanks missing %v, want %v", missing, tc.missing)
			}

			// The terminal cards: one card per phrase found, its answer the
			// same stretch, blanked once in its sentence.
			s := &starcards.Story{ID: "s", Title: "T", Sections: []starcards.Section{{Name: "action", Example: tc.text, Phrases: tc.phrases}}}
			var clozes []starcards.Card
			for _, c := range decks.Cards(s) {
				if c.ID.Kind == starcards.KindPhrase || c.ID.Kind == starcards.KindNumber {
					clozes = append(clozes, c)
				}
			}
			var answers []string
			for _, bl := range blanks {
				answers = append(answers, tc.text[bl.Start:bl.End])
			}
			var got []string
			for _, c := range clozes {
				got = append(got, c.Back)
				if n := strings.Count(c.Front, "____"); n != 1 {
					t.Errorf("%s front has %d blanks, want 1:\n%s", c.ID, n, c.Front)
				}
			}
			if strings.Join(got, "|") != strings.Join(answers, "|") {
				t.Errorf("cloze cards answer %q, want %q", got, answers)
			}

			// Lint: one phrase-missing warning per missing phrase.
			var warned []string
			for _, f := range lint.Check(s, nil, "f.yaml") {
				if f.Rule == "phrase-missing" {
					warned = append(warned, f.Message)
				}
			}
			if len(warned) != len(tc.missing) {
				t.Errorf("lint phrase-missing %q, want %d", warned, len(tc.missing))
			}

			// The Anki cloze: the same stretch, the one cloze of its note.
			for _, c := range clozes {
				fields, n := noteFields(&c, "T")
				want := "{{c1::" + escapeHTML(c.Back, colonsAll) + "}}"
				if n != 1 || !strings.Contains(fields[3], want) || strings.Contains(fields[3], "{{c2::") {
					t.Errorf("%s: cloze %q (%d), want one cloze %q", c.ID, fields[3], n, want)
				}
			}
			// The cloze text of a whole example agrees too.
			cloze, n := clozeText(tc.text, strings.Join(tc.phrases, "\n"))
			if n != len(tc.phrases) {
				t.Errorf("cloze count %d, want %d", n, len(tc.phrases))
			}
			for _, bl := range blanks {
				want := "{{c" + strconv.Itoa(bl.Phrase+1) + "::" + escapeHTML(tc.text[bl.Start:bl.End], colonsAll) + "}}"
				if !strings.Contains(cloze, want) {
					t.Errorf("cloze %q lacks %q", cloze, want)
				}
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
