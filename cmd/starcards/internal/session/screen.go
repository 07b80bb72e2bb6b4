package session

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
)

// view is what the screen shows of the card being studied. A terminal
// screen is drawn from it whole, so it can be drawn again after a resize.
type view struct {
	cs        starcards.CardState
	q         scheduler.Queue
	revealed  bool
	verdict   string // the quiz verdict, coloured
	suggested starcards.Rating
	preview   [4]starcards.Schedule
	at        time.Time // when preview was computed
	full      bool      // show the whole back even if it overflows
	// order is the order a quiz's options are shown in at this review
	// (decks.QuizOrder); nil for other cards.
	order []int
}

// front is the card's front as shown: a quiz's options in their order.
func (v *view) front() string {
	if v.order != nil {
		return decks.QuizFront(&v.cs.Card, v.order)
	}
	return v.cs.Card.Front
}

// back is the card's back as shown: a quiz's answer under its letter.
func (v *view) back() string {
	if v.order != nil {
		return decks.QuizBack(&v.cs.Card, v.order)
	}
	return v.cs.Card.Back
}

// paint returns the session's palette.
func (s *Session) paint() palette.Palette { return s.Color }

// frontLines are the lines from the progress line to the key hint.
func (s *Session) frontLines(v *view) []string {
	p := s.paint()
	card := v.cs.Card
	lines := strings.Split(p.Dim(s.wrap(s.progress(v.q))), "\n")
	if s.notice != "" {
		notice := s.notice
		if plain := palette.Strip(notice); s.Width > 0 && runewidth.StringWidth(plain) > s.Width {
			notice = s.wrap(plain) // wrapped at words, without its colours
		}
		lines = append(lines, strings.Split(notice, "\n")...)
	}
	lines = append(lines, p.Dim(Safe(card.ID.Story)+" · "+string(card.ID.Kind)), "")
	lines = append(lines, strings.Split(p.Bold(s.wrap(Safe(v.front()))), "\n")...)
	lines = append(lines, "")
	if len(card.Options) > 0 {
		lines = append(lines, p.Dim(s.wrap(fmt.Sprintf("(a–%s to answer, Space/Enter to show, ? for keys)", strings.ToLower(starcards.OptionLetter(len(card.Options)-1))))))
	} else {
		lines = append(lines, p.Dim(s.wrap("(Space/Enter to show the answer, ? for keys)")))
	}
	return lines
}

// backLines are the lines from the quiz verdict to the rating buttons. The
// body is cut to max lines (when max > 0 and the view is not full), with a
// line saying how much is left out.
func (s *Session) backLines(v *view, max int) []string {
	var lines []string
	if v.verdict != "" {
		lines = append(lines, v.verdict)
	}
	lines = append(lines, s.paint().Dim(strings.Repeat("─", s.ruleWidth())))
	body := strings.Split(s.wrap(Safe(v.back())), "\n")
	if max > 0 && !v.full && len(body) > max {
		cut := len(body) - max + 1
		body = append(body[:max-1], s.paint().Dim(fmt.Sprintf("… %d more lines (v shows the whole answer)", cut)))
	}
	lines = append(lines, body...)
	lines = append(lines, "")
	lines = append(lines, strings.Split(s.buttons(v.preview, v.at, v.suggested), "\n")...)
	return lines
}

// draw writes the screen for v. On a terminal (Clear) it clears it and
// draws the whole card, fitting the back into Height rows so the question
// stays on screen; otherwise it prints only what is new: the front, or the
// back once revealed.
func (s *Session) draw(v *view, part int) {
	const (
		partFront = iota
		partBack
	)
	if !s.Clear {
		var lines []string
		if part == partFront {
			lines = s.frontLines(v)
		} else {
			lines = s.backLines(v, 0)
		}
		s.printf("\n%s\n", strings.Join(lines, "\n"))
		return
	}
	front := s.frontLines(v)
	lines := front
	if v.revealed {
		max := 0
		if s.Height > 0 {
			// Rows left for the back's body: the height less the front,
			// the verdict, the rule, the blank line and the buttons.
			fixed := len(s.backLines(v, 1)) - 1
			max = s.Height - 1 - len(front) - fixed
			if max < 3 {
				max = 3
			}
		}
		lines = append(lines, s.backLines(v, max)...)
	}
	s.printf("\x1b[H\x1b[2J\n%s\n", strings.Join(lines, "\n"))
}

// ruleWidth is the width of the line between question and answer.
func (s *Session) ruleWidth() int {
	if s.Width > 0 {
		return min(40, s.Width)
	}
	return 40
}

// hanging matches the start of a line whose continuation lines are
// indented under its text: a quiz option ("A. "), a list item ("- ", "• ",
// "1. ") or a labelled line ("Key line: " is not one: only short markers).
var hanging = regexp.MustCompile(`^(\s*(?:[A-Z][.)]|[-•*]|\d{1,2}[.)])\s+)`)

// wrap breaks each line of text at spaces to fit s.Width columns; the
// continuation lines of a quiz option or list item are indented under its
// text (a hanging indent).
func (s *Session) wrap(text string) string {
	return wrapText(text, s.Width)
}

func wrapText(text string, width int) string {
	if width <= 0 {
		return text
	}
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		indent := ""
		if m := hanging.FindString(line); m != "" && runewidth.StringWidth(m) < width/2 {
			indent = strings.Repeat(" ", runewidth.StringWidth(m))
		}
		lead := line[:len(line)-len(strings.TrimLeft(line, " "))]
		col := runewidth.StringWidth(lead)
		b.WriteString(lead)
		for j, word := range strings.Fields(line) {
			w := runewidth.StringWidth(word)
			if j > 0 {
				if col+1+w > width {
					b.WriteByte('\n')
					b.WriteString(indent)
					col = len(indent)
				} else {
					b.WriteByte(' ')
					col++
				}
			}
			b.WriteString(word)
			col += w
		}
	}
	return b.String()
}

// WrapText is the session's word wrap, for the command's other screens:
// it breaks lines at spaces to fit width columns, with a hanging indent
// under list markers and quiz letters. Width 0 leaves text as it is.
func WrapText(text string, width int) string { return wrapText(text, width) }

// keyHelp lists every key of a review, one per line.
var keyHelp = [][2]string{
	{"Space, Enter", "show the answer"},
	{"1 2 3 4", "rate: Again, Hard, Good, Easy (with the interval each gives)"},
	{"a b c d", "on a quiz: pick an option (graded; Enter accepts the grade)"},
	{"u", "undo the last answer, suspend or bury"},
	{"- or b", "bury until tomorrow (on a quiz question, b is option B: use -)"},
	{"@ or s", "suspend the card (on a quiz question, use @)"},
	{"e", "edit the story in $VISUAL or $EDITOR, then re-import it"},
	{"v", "show the whole answer when it does not fit"},
	{"?", "this help"},
	{"q", "quit: every answer given is kept"},
}

// helpText renders keyHelp to fit the width, the descriptions in a column
// wrapped at word boundaries.
func (s *Session) helpText() string {
	key := 0
	for _, k := range keyHelp {
		key = max(key, runewidth.StringWidth(k[0]))
	}
	width := s.Width
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	b.WriteString("\nkeys:\n")
	for _, k := range keyHelp {
		pad := strings.Repeat(" ", key-runewidth.StringWidth(k[0]))
		desc := wrapText(k[1], max(width-key-4, 20))
		desc = strings.ReplaceAll(desc, "\n", "\n"+strings.Repeat(" ", key+4))
		fmt.Fprintf(&b, "  %s%s  %s\n", s.paint().Accent(k[0]), pad, desc)
	}
	return b.String()
}
