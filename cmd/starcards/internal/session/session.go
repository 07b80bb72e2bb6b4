package session

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
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

// ErrCardChanged is returned (wrapped) by Collection.Answer when the card
// changed since it was read (another process answered it): the session
// reloads it and goes on.
var ErrCardChanged = errors.New("card changed in another starcards process")

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
	// KeyResize is delivered by an Input when the terminal was resized.
	KeyResize = rune(-2)
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
	// Clear clears the screen before each card and draws it whole (on a
	// terminal); otherwise output is printed line after line.
	Clear bool
	// Height, if positive, is the terminal's rows: the answer is cut to fit
	// under the question (v shows all of it).
	Height int
	// Resize, if set, returns the terminal's new width and height when In
	// delivers KeyResize; the screen is then drawn again.
	Resize func() (width, height int)
	// Color colours the screen; the zero Palette leaves it plain.
	Color palette.Palette
	// Edit, if set, opens the story of a card in the user's editor and
	// re-imports it (key e); it returns a one-line report.
	Edit func(id starcards.CardID) (string, error)
	// Type asks for a typed answer before revealing cards that have a
	// strong answer to check it against (In must be a LineInput).
	Type bool
	// StoryText, if set, returns all the text of a story, so that a typed
	// answer's numbers are checked against the whole story.
	StoryText func(story string) string
	// Ahead studies cards not yet due, weakest first; unless Reschedule,
	// answers are practice and change no schedule (see ahead.go).
	Ahead, Reschedule bool

	sched    *scheduler.Scheduler
	planned  *scheduler.Scheduler // sched under the plan of the last load
	cfg      starcards.Config
	answered []starcards.Review        // this session's answers, for the summary and undo
	limit    int                       // Queue.Limit left to study
	again    starcards.CardID          // a card just undone, shown next
	undo     []undoEntry               // what u can take back, last first
	notice   string                    // a one-line report shown above the next card
	studied  map[starcards.CardID]bool // cards studied ahead in this session
	left     scheduler.Counts          // what is still due today, for the status line
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
	if s.Ahead {
		q := s.aheadQueue(states, now)
		s.left = q.Counts
		return q, nil
	}
	if s.Planner != nil {
		if pl := s.Planner(states, today, cfg, now); pl != nil {
			f.Plan = pl
			s.planned = s.sched.WithPlanner(pl)
		}
	}
	q := scheduler.BuildQueue(states, today, cfg, now, f)
	// The status line counts what is still due today as due and stats do
	// (scheduler.DayCounts, under the plan when there is one): learning
	// cards due later today included.
	s.left = scheduler.DayCounts(states, today, cfg, now, f)
	if f.Limit > 0 && s.left.Total() > f.Limit {
		s.left = q.Counts
	}
	return q, nil
}

func sameConfig(a, b starcards.Config) bool { return reflect.DeepEqual(a, b) }

func (s *Session) loop() (Summary, error) {
	s.cfg = starcards.DefaultConfig()
	var sum Summary
	for {
		now := s.Now()
		var q scheduler.Queue
		var loadErr error
		quit, err := s.retry("read the collection", func() (err error) {
			q, err = s.load(now)
			loadErr = err
			return err
		})
		if quit && loadErr != nil && err == nil {
			// Quitting because the collection cannot be read is a
			// failure: the command exits 1 with the reason.
			err = fmt.Errorf("could not read the collection: %w", loadErr)
		}
		if err != nil || quit {
			sum.QuitEarly = quit
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
		var cs starcards.CardState
		quit, err = s.retry("read the card", func() (err error) {
			cs, err = s.Col.Card(next)
			return err
		})
		if err != nil || quit {
			sum.QuitEarly = quit
			return sum, err
		}
		quit, err = s.study(cs, q)
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
	v := &view{cs: cs, q: q}
	quiz := len(card.Options) > 0
	if quiz {
		// Options are shuffled for each review, the same for one card and
		// review; the letters map back through v.order.
		v.order = decks.QuizOrder(&card, cs.Schedule.Reps)
	}
	s.draw(v, 0)
	s.notice = ""
	reveal := func() {
		v.revealed = true
		v.at = s.Now().Truncate(time.Second)
		v.preview = s.planned.Preview(card.ID, cs.Schedule, v.at)
		s.draw(v, 1)
	}
	// Front side.
	if s.Type && !quiz {
		typed, err := s.typeAnswer(v)
		if err != nil {
			return true, ignoreQuit(err)
		}
		if typed {
			reveal()
		}
	}
	for !v.revealed {
		k, err := s.key()
		if err != nil {
			return true, ignoreQuit(err)
		}
		switch {
		case k == KeyResize:
			s.resize(v)
		case k == KeySpace || k == KeyEnter:
			reveal()
		case quiz && k >= 'a' && int(k-'a') < len(card.Options):
			pick := int(k - 'a')
			if v.order[pick] == card.Answer {
				v.verdict = s.paint().Good(fmt.Sprintf("✓ %s is right.", starcards.OptionLetter(pick)))
				v.suggested = starcards.Good
			} else {
				v.verdict = s.paint().Bad(fmt.Sprintf("✗ %s is wrong: the answer is %s.", starcards.OptionLetter(pick), starcards.OptionLetter(decks.QuizAnswer(&card, v.order))))
				v.suggested = starcards.Again
			}
			reveal()
		default:
			done, err := s.command(k, cs)
			if err != nil || done {
				return false, err
			}
		}
	}
	// Back side.
	for {
		k, err := s.key()
		if err != nil {
			return true, ignoreQuit(err)
		}
		var r starcards.Rating
		switch {
		case k == KeyResize:
			s.resize(v)
			continue
		case k >= '1' && k <= '4':
			r = starcards.Rating(k - '0')
		case (k == KeyEnter || k == KeySpace) && v.suggested != 0:
			r = v.suggested
		case k == KeyEnter || k == KeySpace:
			s.printf("(rate it: 1 Again, 2 Hard, 3 Good, 4 Easy)\n")
			continue
		case k == 'v':
			v.full = true
			s.draw(v, 1)
			continue
		default:
			done, err := s.command(k, cs)
			if err != nil || done {
				return false, err
			}
			continue
		}
		return s.answer(cs, r, shown)
	}
}

// retry runs fn until it succeeds or the user quits. After a failure (the
// collection busy or unwritable) it says why in one line and waits for r to
// retry or q to quit; the end of input quits. It never ends the session on
// its own. An ErrCardChanged is returned as it is, for the caller.
func (s *Session) retry(what string, fn func() error) (quit bool, err error) {
	for {
		err := fn()
		if err == nil || errors.Is(err, ErrCardChanged) {
			return false, err
		}
		msg := strings.Join(strings.Fields(Safe(err.Error())), " ")
		s.printf("✗ could not %s: %s (r retries, q quits)\n", what, msg)
		for {
			k, kerr := s.key()
			if kerr != nil {
				return true, nil
			}
			if k == 'r' || k == KeyEnter {
				break
			}
			s.printf("(r retries, q quits)\n")
		}
	}
}

// resize takes the terminal's new size and draws the screen again.
func (s *Session) resize(v *view) {
	if s.Resize == nil || !s.Clear {
		return
	}
	s.Width, s.Height = s.Resize()
	part := 0
	if v.revealed {
		part = 1
	}
	s.draw(v, part)
}

func ignoreQuit(err error) error {
	if errors.Is(err, errQuit) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// key reads a key; Ctrl-C, Ctrl-D and q quit.
func (s *Session) key() (rune, error) { return readKey(s.In) }

// readKey reads a key from in; Ctrl-C, Ctrl-D and q quit (errQuit). The
// review, drill and mock all read keys through it.
func readKey(in Input) (rune, error) {
	k, err := in.Key()
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
// card is finished with (suspended, buried, edited, or an undo changed the
// queue). Letters a–d on a quiz's question never get here: they are its
// options, so bury and suspend have keys of their own (- and @).
func (s *Session) command(k rune, cs starcards.CardState) (done bool, err error) {
	id := cs.Card.ID
	p := s.paint()
	switch k {
	case '?', 'h':
		s.printf("%s", s.helpText())
	case 'u':
		return s.undoLast()
	case '@', 's':
		sched := cs.Schedule
		sched.Suspended = true
		if err := s.Col.SetSchedule(id, sched); err != nil {
			return false, err
		}
		s.undo = append(s.undo, undoEntry{card: id, before: cs.Schedule, what: "suspend"})
		s.say(p.Warn("suspended "+id.String()) + p.Dim(" · u undoes it; later: starcards unsuspend "+id.String()))
		return true, nil
	case '-', 'b':
		sched := cs.Schedule
		sched.BuriedUntil = starcards.NextDayStart(s.Now(), s.cfg.DayStartHour).UTC()
		if err := s.Col.SetSchedule(id, sched); err != nil {
			return false, err
		}
		s.undo = append(s.undo, undoEntry{card: id, before: cs.Schedule, what: "bury"})
		s.say(p.Warn("buried "+id.String()+" until tomorrow") + p.Dim(" · u undoes it"))
		return true, nil
	case 'e':
		if s.Edit == nil {
			s.printf("(editing is not available here)\n")
			return false, nil
		}
		msg, err := s.Edit(id)
		if err != nil {
			return false, err
		}
		s.again = id
		s.say(msg)
		return true, nil
	default:
		s.printf("(unknown key %q: ? lists the keys)\n", k)
	}
	return false, nil
}

// say reports what a key did in one line: at once when printing line by
// line, at the top of the next card on a terminal (where the screen is
// cleared for it).
func (s *Session) say(msg string) {
	if s.Clear {
		s.notice = msg
		return
	}
	s.printf("%s\n", msg)
}

// undoEntry is one step u can take back: an answer (what == "answer") or a
// suspend or bury, with the schedule to restore.
type undoEntry struct {
	what   string
	card   starcards.CardID
	before starcards.Schedule
}

// undoLast takes back the last answer, suspend or bury of the session.
func (s *Session) undoLast() (bool, error) {
	if len(s.undo) == 0 {
		s.printf("(nothing to undo in this session)\n")
		return false, nil
	}
	e := s.undo[len(s.undo)-1]
	p := s.paint()
	if e.what == "practice" {
		return s.undoPractice(e), nil
	}
	if e.what != "answer" {
		if err := s.Col.SetSchedule(e.card, e.before); err != nil {
			return false, err
		}
		s.undo = s.undo[:len(s.undo)-1]
		s.again = e.card
		s.say(p.Accent(fmt.Sprintf("↶ undid %s of %s", e.what, e.card)))
		return true, nil
	}
	r, err := s.Col.Undo()
	if errors.Is(err, ErrNothingToUndo) {
		s.printf("(nothing to undo)\n")
		return false, nil
	}
	if err != nil {
		return false, err
	}
	s.undo = s.undo[:len(s.undo)-1]
	s.forget(r)
	s.again = r.Card
	s.say(p.Accent(fmt.Sprintf("↶ undid %s on %s", r.Rating, r.Card)))
	return true, nil
}

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

// answer records an answer. If it cannot be written the card stays on
// screen and the user retries or quits (quit is then true, and the session
// says the answer was not saved); a card changed by another process is
// reloaded.
func (s *Session) answer(cs starcards.CardState, r starcards.Rating, shown time.Time) (quit bool, err error) {
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
	what := "answer"
	if s.Ahead {
		s.markStudied(rev.Card)
	}
	if s.practice() {
		rev.After, what = cs.Schedule, "practice" // nothing is written
	} else {
		quit, err = s.retry("save the answer", func() error { return s.Col.Answer(rev) })
		if errors.Is(err, ErrCardChanged) {
			s.printf("↻ %s changed in another starcards process; it is read again\n", Safe(cs.Card.ID.String()))
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if quit {
			s.printf("(the answer to %s was not saved)\n", Safe(cs.Card.ID.String()))
			return true, nil
		}
	}
	s.answered = append(s.answered, rev)
	s.undo = append(s.undo, undoEntry{what: what, card: rev.Card})
	if s.Queue.Limit > 0 {
		s.limit--
	}
	if after.Leech && !cs.Schedule.Leech || after.Leech && after.Suspended && !cs.Schedule.Suspended {
		s.printf("⚑ leech: %s has lapsed %d times and is now suspended; rewrite it or unsuspend it\n", cs.Card.ID, after.Lapses)
	}
	return false, nil
}

// plural returns "1 card" or "n cards".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// progress is the line above each card: done, and what is still due
// today by state, the one count due, stats and the summary use.
func (s *Session) progress(_ scheduler.Queue) string {
	c := s.left
	return fmt.Sprintf("[%d done · %d left: %d new · %d learning · %d review]",
		len(s.answered), c.Total(), c.New, c.Learning, c.Review)
}

// buttons shows the four ratings with the interval each would give.
func (s *Session) buttons(preview [4]starcards.Schedule, now time.Time, suggested starcards.Rating) string {
	parts := make([]string, 4)
	for i, r := range starcards.Ratings {
		label := fmt.Sprintf("%d %s %s", r, starcards.Capitalize(r.String()), scheduler.FormatInterval(preview[i].Due.Sub(now)))
		if r == suggested {
			label = "[" + label + "]"
		}
		parts[i] = s.paint().Rating(r, label)
	}
	line := strings.Join(parts, " · ")
	if s.Width > 0 && s.Width < 60 {
		// Two buttons a line on a narrow terminal.
		line = parts[0] + " · " + parts[1] + "\n" + parts[2] + " · " + parts[3]
	}
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
	opt := scheduler.Options{Filter: s.Queue.Filter, Later: s.Queue.Later}
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
