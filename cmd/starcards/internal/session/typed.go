package session

import (
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks/answer"
)

// CardExpect returns what a typed answer to card is checked against, read
// from the card's fields by name so that it works for any kind that has a
// strong answer: the first of Example, Strong, Reflection and Text, and the
// key phrases (Phrases, one a line) or else the key line (Key). ok is false
// for a card with nothing to check against (a quiz, an angle).
func CardExpect(card starcards.Card) (e answer.Expect, ok bool) {
	for _, name := range []string{"Example", "Strong", "Reflection", "Text"} {
		if v := card.Field(name); strings.TrimSpace(v) != "" {
			e.Strong = v
			break
		}
	}
	if e.Strong == "" {
		return e, false
	}
	for _, p := range strings.Split(card.Field("Phrases"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			e.Phrases = append(e.Phrases, p)
		}
	}
	if len(e.Phrases) == 0 {
		if k := strings.TrimSpace(card.Field("Key")); k != "" {
			e.Phrases = []string{k}
		}
	}
	switch {
	case card.Field("Section") != "":
		e.Section = strings.ToLower(card.Field("Section"))
	case card.ID.Kind == starcards.KindReflection:
		e.Section = "reflection"
	}
	return e, true
}

// typeAnswer asks for a typed answer to the card in v and checks it,
// setting what the back shows of the check and the proposed rating. It
// reports whether an answer was typed: with nothing to check against, no
// line input, or an empty line, the card is revealed as usual.
func (s *Session) typeAnswer(v *view) (bool, error) {
	e, ok := CardExpect(v.cs.Card)
	li, canType := s.In.(LineInput)
	if !ok || !canType {
		return false, nil
	}
	s.printf("Type your answer, Enter when done (an empty line just shows the answer):\n> ")
	text, err := li.Line()
	if err != nil && text == "" {
		return false, err
	}
	if !s.Clear {
		s.printf("%s\n", Safe(text)) // piped input is not echoed
	}
	if strings.TrimSpace(text) == "" {
		return false, nil
	}
	if s.StoryText != nil {
		e.Story = s.StoryText(v.cs.Card.ID.Story)
	}
	rep := answer.Check(e, text)
	var lines []string
	if len(rep.Phrases) > 0 {
		lines = append(lines, "Your answer:")
		for _, p := range rep.Phrases {
			mark := "✗"
			if p.Covered {
				mark = "✓"
			}
			lines = append(lines, "  "+mark+" "+Safe(p.Text))
		}
	}
	lines = append(lines, checkLines(rep)...)
	lines = append(lines, "Checker: "+strings.Join(rep.Reasons, "; "))
	v.verdict = strings.Join(lines, "\n")
	v.suggested = rep.Rating
	return true, nil
}
