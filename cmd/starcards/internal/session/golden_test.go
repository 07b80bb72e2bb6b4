package session_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/starcards/starcards/decks"
)

var update = flag.Bool("update", false, "rewrite the golden screens in testdata")

// TestScreenGolden draws the review screens of the sample's first quiz
// (question, a wrong pick, the answer) as a terminal of 80 and of 50
// columns shows them (the session wraps one column short of the width).
func TestScreenGolden(t *testing.T) {
	for _, tc := range []struct {
		file          string
		width, height int
	}{
		{"screen-80.golden", 80, 24},
		{"screen-50.golden", 50, 20},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m := newMem(string(decks.SampleYAML))
			var quiz []int
			for i, cs := range m.cards {
				if len(cs.Card.Options) > 0 {
					quiz = append(quiz, i)
				}
			}
			m.cards = m.cards[quiz[0] : quiz[0]+1]
			out := run(t, m, "a?q", func(s *session.Session) {
				s.Width, s.Height, s.Clear = tc.width-1, tc.height, true
			})
			got := strings.ReplaceAll(out, "\x1b[H\x1b[2J", "\n==== screen ====\n")
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("screens differ from %s (go test -update to accept):\n%s", path, got)
			}
		})
	}
}
