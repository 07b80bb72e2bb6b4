package session_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/starcards/starcards/decks"
)

// memCollection is an in-memory Collection.
type memCollection struct {
	cards []starcards.CardState
	log   []starcards.Review
	cfg   starcards.Config
}

func newMem(src string) *memCollection {
	s, err := decks.Parse([]byte(src), "test.yaml")
	if err != nil {
		panic(err)
	}
	m := &memCollection{cfg: starcards.DefaultConfig()}
	m.cfg.Fuzz = false
	for _, c := range decks.Cards(s) {
		m.cards = append(m.cards, starcards.CardState{Card: c})
	}
	return m
}

func (m *memCollection) find(id starcards.CardID) int {
	for i := range m.cards {
		if m.cards[i].Card.ID == id {
			return i
		}
	}
	return -1
}

func (m *memCollection) Load(now time.Time) ([]starcards.CardState, []starcards.Review, starcards.Config, error) {
	since := starcards.DayStart(now, m.cfg.DayStartHour)
	var today []starcards.Review
	for _, r := range m.log {
		if !r.Time.Before(since) {
			today = append(today, r)
		}
	}
	return append([]starcards.CardState(nil), m.cards...), today, m.cfg, nil
}

func (m *memCollection) Card(id starcards.CardID) (starcards.CardState, error) {
	return m.cards[m.find(id)], nil
}

func (m *memCollection) Answer(r starcards.Review) error {
	i := m.find(r.Card)
	if m.cards[i].Schedule != r.Before {
		return errors.New("conflict")
	}
	m.cards[i].Schedule = r.After
	m.log = append(m.log, r)
	return nil
}

func (m *memCollection) Undo() (starcards.Review, error) {
	if len(m.log) == 0 {
		return starcards.Review{}, session.ErrNothingToUndo
	}
	r := m.log[len(m.log)-1]
	m.log = m.log[:len(m.log)-1]
	m.cards[m.find(r.Card)].Schedule = r.Before
	return r, nil
}

func (m *memCollection) SetSchedule(id starcards.CardID, s starcards.Schedule) error {
	m.cards[m.find(id)].Schedule = s
	return nil
}

// keys is an Input reading one key per rune of a string.
type keys struct{ r *strings.Reader }

func (k keys) Key() (rune, error) {
	r, _, err := k.r.ReadRune()
	if err != nil {
		return 0, io.EOF
	}
	return r, nil
}

// clock returns a clock that advances by step at every reading.
func clock(start time.Time, step time.Duration) func() time.Time {
	t := start
	return func() time.Time { cur := t; t = t.Add(step); return cur }
}

const story = `id: s
title: T
sections:
  task: {example: I owned it.}
  action: {example: I fixed it.}
quizzes:
  - {id: q, question: Which?, options: [we, I], answer: 1, explanation: First person.}
`

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// quizLetters returns the letters of the right and a wrong option of the
// story's quiz at its first review, as the session shows them (shuffled).
func quizLetters(t *testing.T, m *memCollection) (right, wrong string) {
	t.Helper()
	c := m.cards[m.find(starcards.CardID{Story: "s", Kind: starcards.KindQuiz, Key: "q"})].Card
	order := decks.QuizOrder(&c, 0)
	r := decks.QuizAnswer(&c, order)
	return starcards.OptionLetter(r), starcards.OptionLetter(1 - r)
}

func TestSessionAnswersAndSummary(t *testing.T) {
	m := newMem(story)
	right, _ := quizLetters(t, m)
	var out strings.Builder
	// Outline Good, Task Good, Action Easy, then the quiz answered right.
	s := &session.Session{Col: m, In: keys{strings.NewReader(" 3 3 4" + strings.ToLower(right) + "\n")}, Out: &out, Now: clock(t0, time.Second)}
	sum, err := s.Run()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cards != 4 || sum.Again != 0 {
		t.Errorf("summary = %+v, want 4 cards, 0 again", sum)
	}
	var ratings []starcards.Rating
	for _, r := range m.log {
		ratings = append(ratings, r.Rating)
		if r.Duration <= 0 {
			t.Errorf("answer to %s took %v, want > 0", r.Card, r.Duration)
		}
	}
	if fmt.Sprint(ratings) != "[good good easy good]" {
		t.Errorf("ratings = %v, want [good good easy good] (quiz right → Good)", ratings)
	}
	if !strings.Contains(out.String(), "✓ "+right+" is right.") {
		t.Errorf("quiz grading missing from output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), right+". I\n") {
		t.Errorf("the right option is not shown under letter %s:\n%s", right, out.String())
	}
}

// TestSessionQuizWrongLetter: a wrong letter is graded Again and names the
// right option's letter in the shuffled order.
func TestSessionQuizWrongLetter(t *testing.T) {
	m := newMem(story)
	right, wrong := quizLetters(t, m)
	var out strings.Builder
	s := &session.Session{Col: m, In: keys{strings.NewReader(" 3 3 3" + strings.ToLower(wrong) + "\n")}, Out: &out, Now: clock(t0, time.Second)}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if want := "✗ " + wrong + " is wrong: the answer is " + right + "."; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	if last := m.log[len(m.log)-1]; last.Rating != starcards.Again {
		t.Errorf("quiz answered wrong rated %v, want again", last.Rating)
	}
}

func TestSessionUndoRestoresExactly(t *testing.T) {
	m := newMem(story)
	before := m.cards[0].Schedule
	s := &session.Session{Col: m, In: keys{strings.NewReader(" 3u")}, Out: io.Discard, Now: clock(t0, time.Second)}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if len(m.log) != 0 || m.cards[0].Schedule != before {
		t.Errorf("after undo: log %d entries, card %+v; want empty log and %+v", len(m.log), m.cards[0].Schedule, before)
	}
}

func TestSessionQuitKeepsAnswers(t *testing.T) {
	m := newMem(story)
	s := &session.Session{Col: m, In: keys{strings.NewReader(" 1q 3")}, Out: io.Discard, Now: clock(t0, time.Second)}
	sum, err := s.Run()
	if err != nil {
		t.Fatal(err)
	}
	if !sum.QuitEarly || len(m.log) != 1 || m.log[0].Rating != starcards.Again {
		t.Errorf("quit: summary %+v, log %v; want one Again kept", sum, m.log)
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain":             "plain",
		"line\nnext\ttab":   "line\nnext\ttab",
		"\x1b[31mred":       "\uFFFD[31mred",
		"title\x1b]0;x\x07": "title\uFFFD]0;x\uFFFD",
		"bidi \u202eevil":   "bidi \uFFFDevil",
		"c1 \u009b31m":      "c1 \uFFFD31m",
		"emoji 💡 and عربى":  "emoji 💡 and عربى",
	} {
		if got := session.Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func ExampleSession_Run() {
	m := newMem(story)
	s := &session.Session{
		Col: m,
		In:  keys{strings.NewReader(" 3")}, // reveal, Good; then input ends
		Out: io.Discard,
		Now: clock(t0, 2*time.Second),
	}
	sum, _ := s.Run()
	fmt.Fprintf(os.Stdout, "%d card answered: %s → %s\n", sum.Cards, m.log[0].Card, m.log[0].After.State)
	// Output:
	// 1 card answered: s/outline/story → learning
}
