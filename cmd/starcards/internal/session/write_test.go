package session_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
)

// flakyCollection fails the first failures answers it is given, and can
// have another process change a card under the session.
type flakyCollection struct {
	*memCollection
	failures int
	// changeOnce, if set, is applied to the card before the first answer
	// reaches the collection: another process answered it meanwhile.
	changeOnce func(m *memCollection)
}

var errBusy = errors.New("collection is in use by another starcards process")

func (f *flakyCollection) Answer(r starcards.Review) error {
	if f.failures > 0 {
		f.failures--
		return errBusy
	}
	if f.changeOnce != nil {
		f.changeOnce(f.memCollection)
		f.changeOnce = nil
	}
	i := f.find(r.Card)
	if f.cards[i].Schedule != r.Before {
		return fmt.Errorf("card %s: %w", r.Card, session.ErrCardChanged)
	}
	return f.memCollection.Answer(r)
}

func TestSessionSurvivesFailedWrite(t *testing.T) {
	for _, tt := range []struct {
		name      string
		keys      string
		failures  int
		wantCards int
		wantOut   []string
	}{
		// Two failures: r, r retries; the answer is saved once.
		{"Retry", " 3rr 3 3", 2, 3, []string{"✗ could not save the answer: collection is in use by another starcards process (r retries, q quits)"}},
		// Quit after a failure: the answer is said to be lost, nothing else.
		{"Quit", " 3q", 1, 0, []string{"(the answer to s/outline/story was not saved)"}},
		// Input ends while the card is on screen: the same.
		{"EOF", " 3", 1, 0, []string{"(the answer to s/outline/story was not saved)"}},
		// Another key is not taken for a retry.
		{"OtherKey", " 3xr 3 3", 1, 3, []string{"(r retries, q quits)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := &flakyCollection{memCollection: newMem(story), failures: tt.failures}
			var out strings.Builder
			s := &session.Session{Col: m, In: keys{strings.NewReader(tt.keys)}, Out: &out, Now: clock(t0, time.Second)}
			sum, err := s.Run()
			if err != nil {
				t.Fatalf("session ended with %v, want it to go on", err)
			}
			if len(m.log) != tt.wantCards || sum.Cards != tt.wantCards {
				t.Errorf("log has %d answers, summary %d; want %d", len(m.log), sum.Cards, tt.wantCards)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			seen := map[starcards.CardID]int{}
			for _, r := range m.log {
				if seen[r.Card]++; seen[r.Card] > 1 {
					t.Errorf("%s answered twice in the log", r.Card)
				}
			}
		})
	}
}

func TestSessionReloadsChangedCard(t *testing.T) {
	m := &flakyCollection{memCollection: newMem(story)}
	task := starcards.CardID{Story: "s", Kind: starcards.KindOutline, Key: "story"} // the first card
	m.changeOnce = func(mc *memCollection) {
		// Another session answered the outline card Easy: due in days.
		i := mc.find(task)
		mc.cards[i].Schedule = starcards.Schedule{State: starcards.StateReview, Due: t0.Add(96 * time.Hour), LastReview: t0, Stability: 4, Difficulty: 3, Reps: 1}
	}
	var out strings.Builder
	// Outline (changed under the session), then task, action and quiz.
	s := &session.Session{Col: m, In: keys{strings.NewReader(" 3 3 3 3")}, Out: &out, Now: clock(t0, time.Second)}
	if _, err := s.Run(); err != nil {
		t.Fatalf("session ended with %v, want it to go on", err)
	}
	if !strings.Contains(out.String(), "↻ s/outline/story changed in another starcards process") {
		t.Errorf("no reload line in:\n%s", out.String())
	}
	for _, r := range m.log {
		if r.Card == task {
			t.Errorf("the session answered %s over the other process's answer", task)
		}
	}
	if len(m.log) != 3 {
		t.Errorf("log has %d answers, want the 3 other cards: %v\n%s", len(m.log), m.log, out.String())
	}
}

// unreadableCollection cannot be read at all (a damaged file).
type unreadableCollection struct{ *memCollection }

func (unreadableCollection) Load(time.Time) ([]starcards.CardState, []starcards.Review, starcards.Config, error) {
	return nil, nil, starcards.Config{}, errors.New("collection is corrupt")
}

// TestSessionUnreadableFails: quitting a session whose collection cannot be
// read is a failure (the command exits 1), never a quiet end.
func TestSessionUnreadableFails(t *testing.T) {
	var out strings.Builder
	s := &session.Session{Col: unreadableCollection{newMem(story)}, In: keys{strings.NewReader("q")}, Out: &out, Now: clock(t0, time.Second)}
	_, err := s.Run()
	if err == nil || !strings.Contains(err.Error(), "could not read the collection: collection is corrupt") {
		t.Fatalf("Run = %v, want the read failure", err)
	}
}
