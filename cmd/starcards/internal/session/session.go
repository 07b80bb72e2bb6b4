package session

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/mattn/go-runewidth"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
)

// Collection is what a session needs of the collection. Each method is one
// transaction.
type Collection interface {
	// Load returns every card's state in collection order, the settings,
	// and the review-log entries of the study day that contains now
	// (since starcards.DayStart(now, cfg.DayStartHour)).
	Load(now time.Time) ([]starcards.CardState, []starcards.Review, starcards.Config, error)
	// Card returns one card with its text.
	Card(id starcards.CardID) (starcards.CardState, error)
	// Answer records an answer (new state and log entry) atomically.
	Answer(r starcards.Review) error
	// Undo takes back the last answer and returns it.
	Undo() (starcards.Review, error)
	// SetSchedule replaces a card's state without a log entry.
	SetSchedule(id starcards.CardID, s starcards.Schedule) error
}

// ErrNothingToUndo is returned by Collection.Undo when there is no answer
// to take back; the session reports it and goes on.
var ErrNothingToUndo = errors.New("nothing to undo")

// Input delivers the user's keys. On a terminal each key is one press; from
// a pipe each line is one key (an empty line is Enter). It returns io.EOF
// when input ends, which ends the session cleanly.
type Input interface {
	Key() (rune, error)
}

// Keys the session understands.
const (
	KeyEnter = '\n'
	KeySpace = ' '
	KeyCtrlC = 0x03
	KeyCtrlD = 0x04
)

// maxAnswerTime caps the time recorded for one answer, as Anki's 60 s.
const maxAnswerTime = 60 * time.Second

// Session is one review session.
type Session struct {
	Col Collection
	In  Input
	Out io.Writer
	Now func() time.Time // the clock; its location is the user's
	// Queue selects the cards and limits the session (Queue.Limit cards).
	Queue scheduler.Options
	// Planner, if set, gives the study plan's planner for the collection as
	// loaded (nil when no plan applies): the queue and the answers follow
	// the plan.
	Planner func(states []starcards.CardState, today []starcards.Review, cfg starcards.Config, now time.Time) *scheduler.Planner
	// Width, if positive, wraps card text at that many columns.
	Width int
	// Clear clears the screen before each card (on a terminal).
	Clear bool

	sched    *scheduler.Scheduler
	planned  *scheduler.Scheduler // sched under the plan of the last load
	cfg      starcards.Config
	answered []starcards.Review // this session's answers, for the summary and undo
	limit    int                // Queue.Limit left to study
	again    starcards.CardID   // a card just undone, shown next
}

// Summary is what a finished session did.
type Summary struct {
	Cards         int           // answers given (net of undos)
	Again         int           // of which Again
	Time          time.Duration // time spent answering
	DueTomorrow   int           // cards due in the next study day
	LeftToday     int           // cards still due today (scheduler.DayCounts), after quitting early
	QuitEarly     bool
	NothingDueNow bool
}

// Run runs the session until the queue is empty, the user quits or input
// ends, then prints and returns the summary.
func (s *Session) Run() (Summary, error) {
	s.limit = s.Queue.Limit
	sum, err := s.loop()
	if err != nil {
		return sum, err
	}
	s.printSummary(&sum)
	return sum, nil
}

func (s *Session) printf(format string, args ...any) {
	fmt.Fprintf(s.Out, format, args...)
}

// load reads the collection and builds the queue as of now.
func (s *Session) load(now time.Time) (scheduler.Queue, error) {
	states, today, cfg, err := s.Col.Load(now)
	if err != nil {
		return scheduler.Queue{}, err
	}
	if s.sched == nil || !sameConfig(cfg, s.cfg) {
		sc, err := scheduler.New(cfg)
		if err != nil {
			return scheduler.Queue{}, fmt.Errorf("collection settings: %w", err)
		}
		s.sched = sc
	}
	s.cfg = cfg
	f := s.Queue
	f.Limit = 0
	if s.Queue.Limit > 0 {
		f.Limit = s.limit
	}
	s.planned = s.sched
	if s.Planner != nil {
		if pl := s.Planner(states, today, cfg, now); pl != nil {
			f.Plan = pl
			s.planned = s.sched.WithPlanner(pl)
		}
	}
	return scheduler.BuildQueue(states, today, cfg, now, f), nil
}

func sameConfig(a, b starcards.Config) bool { return reflect.DeepEqual(a, b) }

func (s *Session) loop() (Summary, error) {
	s.cfg = starcards.DefaultConfig()
	var sum Summary
	for {
		now := s.Now()
		q, err := s.load(now)
		if err != nil {
			return sum, err
		}
		if len(q.Cards) == 0 || (s.Queue.Limit > 0 && s.limit <= 0) {
			sum.NothingDueNow = len(s.answered) == 0
			if !q.NextLearning.IsZero() && (s.Queue.Limit == 0 || s.limit > 0) {
				s.printf("\nNothing due right now; the next learning card is due at %s.\n", q.NextLearning.In(now.Location()).Format("15:04"))
			}
			return sum, s.fillSummary(&sum, now)
		}
		next := q.Cards[0]
		if s.again != (starcards.CardID{}) {
			// An undone card comes back at once, as in Anki.
			next, s.again = s.again, starcards.CardID{}
		}
		cs, err := s.Col.Card(next)
		if err != nil {
			return sum, err
		}
		quit, err := s.study(cs, q)
		if err != nil {
			return sum, err
		}
		if quit {
			sum.QuitEarly = true
			return sum, s.fillSummary(&sum, s.Now())
		}
	}
}

// errQuit ends the session from inside study.
var errQuit = errors.New("quit")

// study shows one card and handles keys until it is answered, suspended,
// buried or skipped by undo. It reports whether the user quit.
func (s *Session) study(cs starcards.CardState, q scheduler.Queue) (quit bool, err error) {
	card := cs.Card
	shown := s.Now()
	if s.Clear {
		s.printf("\x1b[H\x1b[2J")
	}
	s.printf("\n%s\n", s.progress(q))
	s.printf("%s · %s\n\n", Safe(card.ID.Story), card.ID.Kind)
	s.printf("%s\n", s.wrap(Safe(card.Front)))
	quiz := len(card.Options) > 0
	if quiz {
		s.printf("\n(a–%s to answer, Space/Enter to show, ? for keys)\n", strings.ToLower(decks.OptionLetter(len(card.Options)-1)))
	} else {
		s.printf("\n(Space/Enter to show the answer, ? for keys)\n")
	}
	// Front side.
	suggested := starcards.Rating(0)
	for revealed := false; !revealed; {
		k, err := s.key()
		if err != nil {
			return true, ignoreQuit(err)
		}
		switch {
		case k == KeySpace || k == KeyEnter:
			revealed = true
		case quiz && k >= 'a' && int(k-'a') < len(card.Options):
			pick := int(k - 'a')
			if pick == card.Answer {
				s.printf("\n✓ %s is right.\n", decks.OptionLetter(pick))
				suggested = starcards.Good
			} else {
				s.printf("\n✗ %s is wrong: the answer is %s.\n", decks.OptionLetter(pick), decks.OptionLetter(card.Answer))
				suggested = starcards.Again
			}
			revealed = true
		default:
			done, quit, err := s.command(k, cs)
			if err != nil || quit || done {
				return quit, err
			}
		}
	}
	// Back side.
	s.printf("%s\n%s\n\n", strings.Repeat("─", 40), s.wrap(Safe(card.Back)))
	at := s.Now().Truncate(time.Second)
	preview := s.planned.Preview(card.ID, cs.Schedule, at)
	s.printf("%s\n", s.buttons(preview, at, suggested))
	for {
		k, err := s.key()
		if err != nil {
			return true, ignoreQuit(err)
		}
		var r starcards.Rating
		switch {
		case k >= '1' && k <= '4':
			r = starcards.Rating(k - '0')
		case (k == KeyEnter || k == KeySpace) && suggested != 0:
			r = suggested
		case k == KeyEnter || k == KeySpace:
			s.printf("(rate it: 1 Again, 2 Hard, 3 Good, 4 Easy)\n")
			continue
		default:
			done, quit, err := s.command(k, cs)
			if err != nil || quit || done {
				return quit, err
			}
			continue
		}
		return false, s.answer(cs, r, shown)
	}
}

func ignoreQuit(err error) error {
	if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// key reads a key; Ctrl-C, Ctrl-D and q quit.
func (s *Session) key() (rune, error) {
	k, err := s.In.Key()
	if err != nil {
		return 0, err
	}
	switch k {
	case KeyCtrlC, KeyCtrlD, 'q', 'Q':
		return 0, errQuit
	}
	return k, nil
}

// command handles the keys valid on both sides of a card. done means the
// card is finished with (suspended, buried, or an undo changed the queue).
func (s *Session) command(k rune, cs starcards.CardState) (done, quit bool, err error) {
	switch k {
	case '?', 'h':
		s.printf("%s", helpText)
	case 'u':
		if len(s.answered) == 0 {
			s.printf("(nothing to undo in this session)\n")
			return false, false, nil
		}
		r, err := s.Col.Undo()
		if errors.Is(err, ErrNothingToUndo) {
			s.printf("(nothing to undo)\n")
			return false, false, nil
		}
		if err != nil {
			return false, false, err
		}
		s.forget(r)
		s.again = r.Card
		s.printf("↶ undid %s on %s\n", r.Rating, r.Card)
		return true, false, nil
	case 's':
		sched := cs.Schedule
		sched.Suspended = true
		if err := s.Col.SetSchedule(cs.Card.ID, sched); err != nil {
			return false, false, err
		}
		s.printf("suspended %s (starcards unsuspend %s brings it back)\n", cs.Card.ID, cs.Card.ID)
		return true, false, nil
	case 'b':
		sched := cs.Schedule
		sched.BuriedUntil = starcards.NextDayStart(s.Now(), s.cfg.DayStartHour).UTC()
		if err := s.Col.SetSchedule(cs.Card.ID, sched); err != nil {
			return false, false, err
		}
		s.printf("buried %s until tomorrow\n", cs.Card.ID)
		return true, false, nil
	default:
		s.printf("(unknown key %q: ? lists the keys)\n", k)
	}
	return false, false, nil
}

const helpText = `
keys: Space/Enter show the answer · 1 Again · 2 Hard · 3 Good · 4 Easy
      a–d pick a quiz option · u undo the last answer · s suspend · b bury until tomorrow
      ? this help · q quit (every answer given is kept)
`

// forget drops an undone answer from the session's record.
func (s *Session) forget(r starcards.Review) {
	for i := len(s.answered) - 1; i >= 0; i-- {
		if s.answered[i].Card == r.Card {
			s.answered = append(s.answered[:i], s.answered[i+1:]...)
			if s.Queue.Limit > 0 {
				s.limit++
			}
			return
		}
	}
}

func (s *Session) answer(cs starcards.CardState, r starcards.Rating, shown time.Time) error {
	clock := s.Now()
	now := clock.Truncate(time.Second)
	taken := clock.Sub(shown)
	if taken > maxAnswerTime {
		taken = maxAnswerTime
	}
	if taken < 0 {
		taken = 0
	}
	after := s.planned.Answer(cs.Card.ID, cs.Schedule, r, now)
	rev := starcards.Review{
		Card: cs.Card.ID, Time: now.UTC(), Rating: r, Duration: taken.Round(time.Millisecond),
		Before: cs.Schedule, After: after,
	}
	if err := s.Col.Answer(rev); err != nil {
		return err
	}
	s.answered = append(s.answered, rev)
	if s.Queue.Limit > 0 {
		s.limit--
	}
	if after.Leech && !cs.Schedule.Leech || after.Leech && after.Suspended && !cs.Schedule.Suspended {
		s.printf("⚑ leech: %s has lapsed %d times and is now suspended; rewrite it or unsuspend it\n", cs.Card.ID, after.Lapses)
	}
	return nil
}

// wrap breaks each line of text at spaces to fit s.Width columns.
func (s *Session) wrap(text string) string {
	if s.Width <= 0 {
		return text
	}
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		col := 0
		for j, word := range strings.Fields(line) {
			w := runewidth.StringWidth(word)
			if j > 0 {
				if col+1+w > s.Width {
					b.WriteByte('\n')
					col = 0
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

// plural returns "1 card" or "n cards".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// progress is the line above each card: done, left, and the queue counts.
func (s *Session) progress(q scheduler.Queue) string {
	return fmt.Sprintf("[%d done · %d left: %d new · %d learning · %d review]",
		len(s.answered), q.Total(), q.New, q.Learning, q.Review)
}

// buttons shows the four ratings with the interval each would give.
func (s *Session) buttons(preview [4]starcards.Schedule, now time.Time, suggested starcards.Rating) string {
	parts := make([]string, 4)
	for i, r := range starcards.Ratings {
		label := fmt.Sprintf("%d %s %s", r, starcards.Capitalize(r.String()), scheduler.FormatInterval(preview[i].Due.Sub(now)))
		if r == suggested {
			label = "[" + label + "]"
		}
		parts[i] = label
	}
	line := strings.Join(parts, " · ")
	if suggested != 0 {
		line += "\n(Enter accepts " + starcards.Capitalize(suggested.String()) + ")"
	}
	return line
}

func (s *Session) fillSummary(sum *Summary, now time.Time) error {
	// The collection as seen from tomorrow holds what is due until its end.
	tomorrow := starcards.NextDayStart(now, s.cfg.DayStartHour)
	states, _, _, err := s.Col.Load(tomorrow)
	if err != nil {
		return err
	}
	sum.Cards = len(s.answered)
	sum.Again, sum.Time = 0, 0
	for _, r := range s.answered {
		if r.Rating == starcards.Again {
			sum.Again++
		}
		sum.Time += r.Duration
	}
	end := starcards.NextDayStart(tomorrow, s.cfg.DayStartHour)
	sum.DueTomorrow = 0
	for _, cs := range states {
		sc := cs.Schedule
		if cs.Retired || sc.Suspended || sc.State == starcards.StateNew || !s.Queue.Filter.Match(cs.Card.ID) {
			continue
		}
		if !sc.Due.Before(tomorrow) && sc.Due.Before(end) {
			sum.DueTomorrow++
		}
	}
	// Still due today is the one count the scheduler defines, as due and
	// stats show it.
	states, today, cfg, err := s.Col.Load(now)
	if err != nil {
		return err
	}
	opt := scheduler.Options{Filter: s.Queue.Filter}
	if s.Planner != nil {
		opt.Plan = s.Planner(states, today, cfg, now)
	}
	sum.LeftToday = scheduler.DayCounts(states, today, cfg, now, opt).Total()
	return nil
}

func (s *Session) printSummary(sum *Summary) {
	if sum.Cards == 0 {
		if sum.NothingDueNow {
			s.printf("Nothing to review now. Due tomorrow: %s.\n", plural(sum.DueTomorrow, "card"))
		} else {
			s.printf("No cards answered. Due tomorrow: %s.\n", plural(sum.DueTomorrow, "card"))
		}
		return
	}
	per := sum.Time / time.Duration(sum.Cards)
	s.printf("\n%s\n", strings.Repeat("═", 40))
	s.printf("Session: %s in %s (%.1f s per card), again %d (%.0f%%).\n",
		plural(sum.Cards, "card"), sum.Time.Round(time.Second), per.Seconds(), sum.Again, 100*float64(sum.Again)/float64(sum.Cards))
	if sum.QuitEarly && sum.LeftToday > 0 {
		s.printf("Still due today: %s. ", plural(sum.LeftToday, "card"))
	}
	s.printf("Due tomorrow: %s.\n", plural(sum.DueTomorrow, "card"))
}

// Safe neutralises terminal control sequences in text from story files:
// every control character but newline and tab, and the bidirectional
// overrides that can disguise text, become U+FFFD, so a story cannot move
// the cursor, recolour the terminal or set its title.
func Safe(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
