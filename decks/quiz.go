package decks

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"

	"github.com/starcards/starcards"
)

// QuizOrder returns the order in which the options of a quiz card are
// shown at one review: order[i] is the index in Card.Options of the option
// shown with letter i ([starcards.OptionLetter]). review counts the card's
// reviews so far (Schedule.Reps before the answer), so each review shows its
// own order while the same card at the same review always shows the same
// one: the order is a Fisher–Yates shuffle driven by a PCG generator seeded
// with an FNV-1a hash of the card id and review. A card without options
// gives nil.
func QuizOrder(c *starcards.Card, review uint64) []int {
	n := len(c.Options)
	if n == 0 {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte("starcards/quiz/v1\x00" + c.ID.String()))
	rng := rand.NewPCG(h.Sum64(), review)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := int(rng.Uint64() % uint64(i+1))
		order[i], order[j] = order[j], order[i]
	}
	return order
}

// QuizAnswer returns the letter position of the right option in order, or
// −1 if the card has no valid answer.
func QuizAnswer(c *starcards.Card, order []int) int {
	for i, o := range order {
		if o == c.Answer {
			return i
		}
	}
	return -1
}

// QuizFront returns the front of a quiz card with its options lettered in
// order (see [QuizOrder]); a nil order is the order of the story file.
func QuizFront(c *starcards.Card, order []int) string {
	if len(c.Options) == 0 {
		return c.Front
	}
	return paragraphs(c.Field("Question"), strings.Join(quizLines(c, order), "\n"))
}

// QuizBack returns the back of a quiz card, the right option under its
// letter in order, then the explanation.
func QuizBack(c *starcards.Card, order []int) string {
	if len(c.Options) == 0 {
		return c.Back
	}
	lines := quizLines(c, order)
	answer := ""
	if i := QuizAnswer(c, orderOrIdentity(order, len(c.Options))); i >= 0 {
		answer = lines[i]
	}
	return paragraphs(answer, c.Field("Explanation"))
}

func orderOrIdentity(order []int, n int) []int {
	if order != nil {
		return order
	}
	order = make([]int, n)
	for i := range order {
		order[i] = i
	}
	return order
}

func quizLines(c *starcards.Card, order []int) []string {
	order = orderOrIdentity(order, len(c.Options))
	lines := make([]string, 0, len(order))
	for i, o := range order {
		if o >= 0 && o < len(c.Options) {
			lines = append(lines, starcards.OptionLetter(i)+". "+c.Options[o])
		}
	}
	return lines
}
