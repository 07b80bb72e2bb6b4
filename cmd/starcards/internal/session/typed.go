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

// typeAnswer asks for a typed answer to card and checks it. It returns a
// function printing the check (shown after the back) and the proposed
// rating, or a nil function when the card has nothing to check against or
// the user typed nothing (the card is then revealed as usual).
func (s *Session) typeAnswer(card starcards.Card) (func(), starcards.Rating, error) {
	e, ok := CardExpect(card)
	li, canType := s.In.(LineInput)
	if !ok || !canType {
		return nil, 0, nil
	}
	s.printf("Type your answer, Enter when done (an empty line just shows the answer):\n> ")
	text, err := li.Line()
	if err != nil && text == "" {
		return nil, 0, err
	}
	if !s.Clear {
		s.printf("%s\n", Safe(text)) // piped input is not echoed
	}
	if strings.TrimSpace(text) == "" {
		return nil, 0, nil
	}
	rep := answer.Check(e, text)
	r := &rehearsal{out: s.Out}
	return func() {
		if len(rep.Phrases) > 0 {
			s.printf("Your answer:\n")
			for _, p := range rep.Phrases {
				mark := "✗"
				if p.Covered {
					mark = "✓"
				}
				s.printf("  %s %s\n", mark, Safe(p.Text))
			}
		}
		r.showCheck(rep)
		s.printf("Checker: %s\n\n", strings.Join(rep.Reasons, "; "))
	}, rep.Rating, nil
}
