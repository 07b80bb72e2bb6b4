package session_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/starcards/starcards/decks"
)

// quizFirst is a story whose first card is a quiz.
const quizFirst = `id: q
title: T
quizzes:
  - {id: pick, question: Which?, options: [we, I, they], answer: 1, explanation: First person.}
sections:
  task: {example: I owned it.}
`

// resizeKeys is an Input that delivers keys from a string; '~' is a
// terminal resize.
type resizeKeys struct{ r *strings.Reader }

func (k resizeKeys) Key() (rune, error) {
	r, _, err := k.r.ReadRune()
	if err != nil {
		return 0, io.EOF
	}
	if r == '~' {
		return session.KeyResize, nil
	}
	return r, nil
}

func run(t *testing.T, m *memCollection, keys string, setup func(*session.Session)) string {
	t.Helper()
	var out strings.Builder
	s := &session.Session{Col: m, In: resizeKeys{strings.NewReader(keys)}, Out: &out, Now: clock(t0, time.Second)}
	if setup != nil {
		setup(s)
	}
	if _, err := s.Run(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestSessionKeys(t *testing.T) {
	id := func(kind starcards.Kind, key string) starcards.CardID {
		return starcards.CardID{Story: "q", Kind: kind, Key: key}
	}
	quiz, task := id(starcards.KindQuiz, "pick"), id(starcards.KindSection, "task")
	for _, tc := range []struct {
		name       string
		keys       string
		suspended  []starcards.CardID
		buried     []starcards.CardID
		answers    int
		wantOutput string
	}{
		// The task (a section) comes first, then the quiz.
		{"BOnQuizIsAnOption", " 3b", nil, nil, 1, " B is "},
		{"DashBuriesAQuiz", " 3-q", nil, []starcards.CardID{quiz}, 1, "buried q/quiz/pick until tomorrow · u undoes it"},
		{"AtSuspendsAQuiz", " 3@q", []starcards.CardID{quiz}, nil, 1, "suspended q/quiz/pick"},
		{"BOnQuizBackBuries", " 3 bq", nil, []starcards.CardID{quiz}, 1, "buried q/quiz/pick"},
		{"SOnSectionSuspends", "sq", []starcards.CardID{task}, nil, 0, "suspended q/section/task"},
		{"BOnSectionBuries", "bq", nil, []starcards.CardID{task}, 0, "buried q/section/task"},
		{"UndoesBury", "-uq", nil, nil, 0, "↶ undid bury of q/section/task"},
		{"UndoesSuspend", "@uq", nil, nil, 0, "↶ undid suspend of q/section/task"},
		{"UndoesInOrder", " 3-uuq", nil, nil, 0, "↶ undid good on q/section/task"},
		{"NothingToUndo", "uq", nil, nil, 0, "(nothing to undo in this session)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMem(quizFirst)
			out := run(t, m, tc.keys, nil)
			if !strings.Contains(out, tc.wantOutput) {
				t.Errorf("output lacks %q:\n%s", tc.wantOutput, out)
			}
			for _, cs := range m.cards {
				wantS := contains(tc.suspended, cs.Card.ID)
				wantB := contains(tc.buried, cs.Card.ID)
				if cs.Schedule.Suspended != wantS || !cs.Schedule.BuriedUntil.IsZero() != wantB {
					t.Errorf("%s: suspended %v buried %v, want %v %v", cs.Card.ID, cs.Schedule.Suspended, !cs.Schedule.BuriedUntil.IsZero(), wantS, wantB)
				}
			}
			if len(m.log) != tc.answers {
				t.Errorf("answers = %d, want %d", len(m.log), tc.answers)
			}
		})
	}
}

func contains(ids []starcards.CardID, id starcards.CardID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestHelpWrapsAtWords: at 50 columns every line of the ? help fits and
// no word is cut.
func TestHelpWrapsAtWords(t *testing.T) {
	out := run(t, newMem(quizFirst), "?q", func(s *session.Session) { s.Width = 50 })
	help := out[strings.Index(out, "keys:"):]
	words := map[string]bool{}
	for _, line := range strings.Split(help, "\n") {
		if w := runewidth.StringWidth(line); w > 50 {
			t.Errorf("line is %d columns wide, want ≤ 50: %q", w, line)
		}
		for _, w := range strings.Fields(line) {
			words[w] = true
		}
	}
	for _, w := range []string{"(graded;", "$VISUAL", "re-import", "suspend", "tomorrow"} {
		if !words[w] {
			t.Errorf("word %q was cut or lost:\n%s", w, help)
		}
	}
}

func TestQuizOptionsHangingIndent(t *testing.T) {
	m := newMem(`id: q
title: T
sections:
  task: {example: I owned it.}
quizzes:
  - id: pick
    question: Which?
    options: ["a very long option that goes on and on about how the work was done and who did it", "I"]
    answer: 1
`)
	out := run(t, m, " 3q", func(s *session.Session) { s.Width = 40 })
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "A. ") {
			if next := lines[i+1]; !strings.HasPrefix(next, "   ") || strings.HasPrefix(next, "    ") {
				t.Errorf("continuation of option A is not indented under its text: %q", next)
			}
			return
		}
	}
	t.Fatalf("no option A in:\n%s", out)
}

// TestScreenFitsHeight: on a 20-row terminal a long answer is cut so the
// question stays on screen; v shows it whole.
func TestScreenFitsHeight(t *testing.T) {
	long := strings.Repeat("I measured the drop rate every hour and wrote it down. ", 40)
	m := newMem("id: s\ntitle: T\nsections:\n  task: {example: \"" + long + "\"}\n")
	out := run(t, m, " vq", func(s *session.Session) { s.Width, s.Height, s.Clear = 60, 20, true })
	screens := strings.Split(out, "\x1b[H\x1b[2J")
	if len(screens) < 4 {
		t.Fatalf("want 3 screens (front, back, whole back), got %d", len(screens)-1)
	}
	back := screens[2]
	if n := strings.Count(back, "\n"); n > 20 {
		t.Errorf("the back screen has %d lines, want ≤ 20:\n%s", n, back)
	}
	if !strings.Contains(back, "Tell the Task") {
		t.Errorf("the question is off the back screen:\n%s", back)
	}
	if !strings.Contains(back, "more lines (v shows the whole answer)") {
		t.Errorf("no note of the lines left out:\n%s", back)
	}
	if _, whole, _ := strings.Cut(screens[3], "────"); strings.Count(whole, "measured") != 40 {
		t.Errorf("v shows %d of 40 sentences", strings.Count(whole, "measured"))
	}
}

// TestResizeRedraws: a resize draws the card again at the new width.
func TestResizeRedraws(t *testing.T) {
	m := newMem("id: s\ntitle: A title long enough to wrap at a narrow width for sure\nsections:\n  task: {example: I did it.}\n")
	width := 80
	out := run(t, m, "~q", func(s *session.Session) {
		s.Width, s.Height, s.Clear = 80, 24, true
		s.Resize = func() (int, int) { width = 30; return width, 24 }
	})
	screens := strings.Split(out, "\x1b[H\x1b[2J")
	if len(screens) != 3 {
		t.Fatalf("want 2 screens (before and after the resize), got %d:\n%s", len(screens)-1, out)
	}
	narrow, _, _ := strings.Cut(screens[2], "No cards answered")
	for _, line := range strings.Split(narrow, "\n") {
		if w := runewidth.StringWidth(line); w > 30 {
			t.Errorf("after the resize a line is %d wide, want ≤ 30: %q", w, line)
		}
	}
	if strings.Count(screens[1], "\n") >= strings.Count(screens[2], "\n") {
		t.Errorf("the narrow screen has no more lines than the wide one")
	}
}

func TestColor(t *testing.T) {
	// The quiz's options are shuffled: find the right one and a wrong one.
	var right, wrong rune
	for _, cs := range newMem(quizFirst).cards {
		if card := cs.Card; len(card.Options) > 0 {
			a := decks.QuizAnswer(&card, decks.QuizOrder(&card, 0))
			right, wrong = rune('a'+a), rune('a'+(a+1)%len(card.Options))
		}
	}
	R, W := strings.ToUpper(string(right)), strings.ToUpper(string(wrong))
	for _, tc := range []struct {
		keys string
		want []string
	}{
		{" 3" + string(right) + "q", []string{"\x1b[32m✓ " + R + " is right.\x1b[0m", "\x1b[31m1 Again", "\x1b[32m[3 Good"}},
		{" 3" + string(wrong) + "q", []string{"\x1b[31m✗ " + W + " is wrong: the answer is " + R + ".\x1b[0m", "\x1b[31m[1 Again", "\x1b[36m4 Easy"}},
	} {
		on := run(t, newMem(quizFirst), tc.keys, func(s *session.Session) { s.Color = palette.New(true) })
		for _, w := range tc.want {
			if !strings.Contains(on, w) {
				t.Errorf("%s: coloured output lacks %q:\n%q", tc.keys, w, on)
			}
		}
		off := run(t, newMem(quizFirst), tc.keys, nil)
		if strings.Contains(off, "\x1b") || off != palette.Strip(on) {
			t.Errorf("%s: without colour the text differs from the coloured text less its colours", tc.keys)
		}
	}
}
