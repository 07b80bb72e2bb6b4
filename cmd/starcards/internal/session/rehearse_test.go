package session

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

var r0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func TestParseTicks(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "___", true},
		{"1 3", "x_x", true},
		{"1,2", "xx_", true},
		{"a", "xxx", true},
		{"4", "___", false},
		{"one", "___", false},
	}
	for _, tt := range tests {
		ticked := make([]bool, 3)
		ok := parseTicks(tt.in, ticked)
		var b strings.Builder
		for _, x := range ticked {
			if x {
				b.WriteByte('x')
			} else {
				b.WriteByte('_')
			}
		}
		if ok != tt.ok || b.String() != tt.want {
			t.Errorf("parseTicks(%q)=%s,%v want %s,%v", tt.in, b.String(), ok, tt.want, tt.ok)
		}
	}
}

func TestProposeSpoken(t *testing.T) {
	all, two := []bool{true, true, true}, []bool{true, true, false}
	tests := []struct {
		name    string
		ticked  []bool
		elapsed time.Duration
		want    starcards.Rating
	}{
		{"AllQuick", all, 20 * time.Second, starcards.Easy},
		{"AllInTime", all, 30 * time.Second, starcards.Good},
		{"AllLittleOver", all, 40 * time.Second, starcards.Good},
		{"AllFarOver", all, 50 * time.Second, starcards.Hard},
		{"TwoThirds", two, 30 * time.Second, starcards.Hard},
		{"None", []bool{false, false}, 10 * time.Second, starcards.Again},
		{"NoneFarOverStaysAgain", []bool{false}, time.Minute, starcards.Again},
		// An empty, instant answer is no telling, phrases or not.
		{"InstantAllTicked", all, 0, starcards.Again},
		{"InstantNoPhrases", nil, 2 * time.Second, starcards.Again},
		{"UnderHalfTarget", all, 12 * time.Second, starcards.Hard},
	}
	for _, tt := range tests {
		if got := proposeSpoken(tt.ticked, tt.elapsed, 30*time.Second); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func states(s *starcards.Story) []starcards.CardState {
	var out []starcards.CardState
	for _, c := range decks.Cards(s) {
		out = append(out, starcards.CardState{Card: c})
	}
	return out
}

func mustStory(t *testing.T, src string) *starcards.Story {
	t.Helper()
	s, err := decks.Parse([]byte(src), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const storyA = `id: a
title: A
principles: [Ownership, Dive Deep]
sections:
  situation: {target: 30s, example: I noticed it.}
followups:
  - {id: f1, question: One?, strong: Yes.}
  - {id: f2, question: Two?, strong: Yes.}
  - {id: f3, question: Three?, strong: Yes.}
  - {id: f4, question: Four?, strong: Yes.}
angles:
  - {principle: Ownership, lead: Lead with it.}
`

const storyB = `id: b
title: B
principles: [Ownership]
sections:
  situation: {target: 30s, example: I saw it.}
followups:
  - {id: g1, question: One?, strong: Yes.}
`

func TestPlanMock(t *testing.T) {
	a, b := mustStory(t, storyA), mustStory(t, storyB)
	st := append(states(a), states(b)...)
	// Story a is well known: every card reviewed just now (recall 1),
	// except follow-up f3, reviewed long ago (recall low) and f1 never.
	for i := range st {
		if st[i].Card.ID.Story != "a" || st[i].Card.ID.Key == "f1" {
			continue
		}
		st[i].Schedule = starcards.Schedule{State: starcards.StateReview, Stability: 10, LastReview: r0, Due: r0.Add(240 * time.Hour)}
		if st[i].Card.ID.Key == "f3" {
			st[i].Schedule.LastReview = r0.Add(-100 * 24 * time.Hour)
		}
	}
	// Ownership: mean of a (high) and b (0); Dive Deep: a alone. So
	// Ownership is the weaker, and comes first.
	log := []starcards.Review{{Card: starcards.CardID{Story: "b", Kind: starcards.KindSection, Key: "situation"}, Spoken: true}}
	rounds, err := PlanMock([]*starcards.Story{a, b}, st, log, r0, MockOptions{Rounds: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rounds {
		got = append(got, r.Principle+":"+r.Story.ID+":"+r.Card.String())
	}
	// Ownership: a has no spoken answers, b one, so a first; then Dive Deep
	// (a, used, but the only one); then Ownership again, b now.
	want := []string{
		"Ownership:a:a/angle/ownership",
		"Dive Deep:a:a/section/situation",
		"Ownership:b:b/section/situation",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("rounds=%v\nwant %v", got, want)
	}
	// Follow-ups weakest first (new f1, then f3 with low recall), at most 3.
	var fs []string
	for _, f := range rounds[0].Followups {
		fs = append(fs, f.ID)
	}
	if strings.Join(fs, " ") != "f1 f3 f2" {
		t.Errorf("follow-ups=%v, want [f1 f3 f2]", fs)
	}
	// A budget: 4 minutes for one question leaves two follow-ups.
	rounds, _ = PlanMock([]*starcards.Story{a, b}, st, nil, r0, MockOptions{Principle: "dive deep", Minutes: 4})
	if len(rounds) != 1 || len(rounds[0].Followups) != 2 {
		t.Errorf("4 minutes: %d rounds, want 1 with 2 follow-ups", len(rounds))
	}
	if _, err := PlanMock([]*starcards.Story{a, b}, st, nil, r0, MockOptions{Principle: "Frugality"}); !errors.Is(err, ErrNoPrinciple) {
		t.Errorf("unknown principle: err=%v", err)
	}
}

// memCol is a Collection over states, recording answers.
type memCol struct {
	cards []starcards.CardState
	log   []starcards.Review
}

func (m *memCol) Load(time.Time) ([]starcards.CardState, []starcards.Review, starcards.Config, error) {
	return m.cards, nil, starcards.DefaultConfig(), nil
}

func (m *memCol) Card(id starcards.CardID) (starcards.CardState, error) {
	for _, c := range m.cards {
		if c.Card.ID == id {
			return c, nil
		}
	}
	return starcards.CardState{}, errors.New("not found")
}

func (m *memCol) Answer(r starcards.Review) error {
	for i := range m.cards {
		if m.cards[i].Card.ID == r.Card {
			m.cards[i].Schedule = r.After
		}
	}
	m.log = append(m.log, r)
	return nil
}

func (m *memCol) Undo() (starcards.Review, error)                        { return starcards.Review{}, ErrNothingToUndo }
func (m *memCol) SetSchedule(starcards.CardID, starcards.Schedule) error { return nil }

// lines is a LineInput over lines of text.
type lines struct{ ls []string }

func (l *lines) Line() (string, error) {
	if len(l.ls) == 0 {
		return "", io.EOF
	}
	s := l.ls[0]
	l.ls = l.ls[1:]
	return s, nil
}

func (l *lines) Key() (rune, error) {
	s, err := l.Line()
	if err != nil {
		return 0, err
	}
	if s == "" {
		return KeyEnter, nil
	}
	return rune(s[0]), nil
}

func TestDrillRecordsSpokenReviews(t *testing.T) {
	a := mustStory(t, storyA)
	col := &memCol{cards: states(a)}
	var out strings.Builder
	d := &Drill{
		Col: col, In: &lines{[]string{"", "a", ""}}, Out: &out,
		Now: func() func() time.Time {
			t := r0
			return func() time.Time { t = t.Add(20 * time.Second); return t }
		}(),
		Story: a, Cards: col.cards, Config: starcards.DefaultConfig(),
	}
	sum, err := d.Run()
	if err != nil {
		t.Fatal(err)
	}
	if len(col.log) != 1 {
		t.Fatalf("log=%+v, want one review", col.log)
	}
	r := col.log[0]
	if r.Card.String() != "a/section/situation" || !r.Spoken || r.Duration != 20*time.Second || r.Rating != starcards.Easy {
		t.Errorf("review=%+v, want a spoken Easy review of a/section/situation lasting 20s", r)
	}
	if sum.Total != 20*time.Second || len(sum.Sections) != 1 {
		t.Errorf("summary=%+v", sum)
	}
}

func FuzzParseTicks(f *testing.F) {
	f.Add("1 3", 4)
	f.Add("a", 2)
	f.Add("1,,9999999999999999999", 3)
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = n%20 + 1
		if n < 1 {
			n = 1
		}
		ticked := make([]bool, n)
		if !parseTicks(text, ticked) {
			for _, x := range ticked {
				if x {
					t.Fatalf("invalid %q left ticks set", text)
				}
			}
		}
	})
}
