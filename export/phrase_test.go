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
// (decks.Blanks) from one table: the terminal phrase card, lint's
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

			// The terminal phrase card: the back shows the same blanks.
			s := &starcards.Story{ID: "s", Title: "T", Sections: []starcards.Section{{Name: "action", Example: tc.text, Phrases: tc.phrases}}}
			var card *starcards.Card
			for _, c := range decks.Cards(s) {
				if c.ID.Kind == starcards.KindPhrase {
					card = &c
				}
			}
			if card == nil {
				t.Fatal("no phrase card")
			}
			if len(blanks) > 0 && !strings.Contains(card.Back, tc.blanked) {
				t.Errorf("phrase card back %q does not hold %q", card.Back, tc.blanked)
			}
			if got := strings.Count(card.Front, "____"); got != len(blanks) {
				t.Errorf("phrase card front has %d blanks, want %d:\n%s", got, len(blanks), card.Front)
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

			// The Anki cloze: the same stretches, numbered by phrase.
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
			if also := strings.Contains(cloze, "Also: "); also != (len(tc.missing) > 0) {
				t.Errorf("cloze %q: Also part %v, want %v", cloze, also, len(tc.missing) > 0)
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
