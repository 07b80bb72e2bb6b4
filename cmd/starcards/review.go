package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

func reviewCommand() *cli.Command {
	return &cli.Command{
		Name:  "review",
		Usage: "review today's due cards",
		Description: `Shows today's cards one at a time, scheduled with FSRS: learning cards whose
time has come, review cards due today, then new cards in story order, within
the daily limits (starcards config). Cards of one story facet are siblings:
after one is answered the others wait until tomorrow.

Keys: Space or Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy (each
shows the interval it would give); a–d picks a quiz option (graded for you,
Enter accepts); u undoes the last answer, suspend or bury; - (or b) buries
the card until tomorrow and @ (or s) suspends it — on a quiz's question the
letters are its options, so use - and @; e edits the card's story in
$VISUAL or $EDITOR and re-imports it; v shows the whole answer when it does
not fit; ? lists the keys; q quits. Every answer is saved at once.

On a terminal the screen is redrawn when the window is resized, and the
answer is cut to keep the question on screen. Colour follows --color and
NO_COLOR.

When standard input is not a terminal, each line is one key (an empty line
is Enter) and the end of input ends the session.

Examples:
   starcards review
   starcards review --story webhook-drop-rate --kind followup
   starcards review --limit 10
   starcards review --type --kind section
   starcards review --ahead --story webhook-drop-rate`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "story", Usage: "only the cards of story `ID`"},
			&cli.StringSliceFlag{Name: "kind", Usage: "only cards of kind `K`; repeatable"},
			&cli.IntFlag{Name: "limit", Usage: "stop after `N` cards"},
			&cli.BoolFlag{Name: "type", Usage: "type each answer; it is checked for key phrases, \"we\" and numbers, and a rating proposed"},
			&cli.BoolFlag{Name: "ahead", Usage: "study cards not yet due, weakest first, as practice (schedules unchanged)"},
			&cli.BoolFlag{Name: "reschedule", Usage: "with --ahead: count the answers as reviews and reschedule"},
		},
		Action: runReview,
	}
}

func runReview(c *cli.Context) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}
	if c.Bool("reschedule") && !c.Bool("ahead") {
		return errorWithHint("--reschedule needs --ahead", "due cards are always rescheduled; --ahead --reschedule counts study-ahead answers too")
	}
	if c.Int("limit") < 0 {
		return errorf("--limit must be 0 or more, got %d", c.Int("limit"))
	}
	// Create the collection (with the sample) if needed, and check --story.
	db, err := openRW(c)
	if err != nil {
		return err
	}
	err = checkStory(f, db)
	if err == nil {
		err = startPlanSession(db, c.App.Writer)
	}
	var planner func([]starcards.CardState, []starcards.Review, starcards.Config, time.Time) *scheduler.Planner
	if err == nil {
		planner, err = sessionPlanner(db)
	}
	var later []string
	if err == nil {
		later, err = laterStories(db)
	}
	path := db.Path()
	db.Close()
	if err != nil {
		return err
	}

	opt := scheduler.Options{Filter: f, Limit: c.Int("limit"), Later: later}
	in, out := c.App.Reader, c.App.Writer
	color, err := useColor(c, out)
	if err != nil {
		return err
	}
	var col session.Collection = &fileCollection{path: path, filter: f, later: later}
	if c.Bool("ahead") {
		col = allStates{col.(*fileCollection)}
	}
	s := &session.Session{
		Col:        col,
		Out:        out,
		Now:        now,
		Queue:      opt,
		Color:      palette.New(color),
		Type:       c.Bool("type"),
		StoryText:  storyTexts(path),
		Ahead:      c.Bool("ahead"),
		Reschedule: c.Bool("reschedule"),
		Planner:    planner,
	}
	var pause func() func()
	s.Edit = func(id starcards.CardID) (string, error) { return editInReview(c, path, id, pause) }
	if file, ok := in.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		restore, cooked, err := rawMode(file)
		if err != nil {
			return err
		}
		defer restore()
		pause = func() func() {
			old, _ := term.GetState(int(file.Fd()))
			term.Restore(int(file.Fd()), cooked)
			return func() { term.Restore(int(file.Fd()), old) }
		}
		keys := newKeyInput(file)
		defer keys.stop()
		s.Out = crlfWriter{out}
		s.In = &termLineInput{keyInput: keys, echo: s.Out}
		s.Clear = true
		s.Resize = func() (int, int) { return termSize(file) }
		s.Width, s.Height = termSize(file)
	} else {
		s.In = &lineInput{r: bufio.NewReader(in)}
	}
	if s.Ahead && !s.Reschedule {
		fmt.Fprintln(s.Out, "Studying ahead: practice only, every schedule stays as it is (--reschedule counts the answers).")
	}
	_, err = s.Run()
	return err
}

// rawMode puts the terminal in raw mode for single-key input and returns a
// function that restores it. It restores it also on SIGTERM and SIGHUP
// (Ctrl-C arrives as a key in raw mode and quits the session).
func rawMode(f *os.File) (func(), *term.State, error) {
	old, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		return nil, nil, fmt.Errorf("terminal: %w", err)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			term.Restore(int(f.Fd()), old)
			os.Exit(130)
		case <-done:
		}
	}()
	return func() {
		close(done)
		signal.Stop(sigs)
		term.Restore(int(f.Fd()), old)
	}, old, nil
}

// termSize returns the width to wrap at (the terminal's, less one column,
// at most 100) and the terminal's height; zeros if unknown.
func termSize(f *os.File) (width, height int) {
	w, h, err := term.GetSize(int(f.Fd()))
	if err != nil || w <= 20 {
		return 0, 0
	}
	return min(w-1, 100), h
}

// keyInput reads single key presses from a terminal in raw mode, and
// reports a resize (SIGWINCH) as session.KeyResize. A key is read only
// while Key waits for one, so an editor started in between (key e) gets
// every key typed into it.
type keyInput struct {
	want    chan struct{}
	keys    chan keyRead
	winch   chan os.Signal
	pending bool // a read was asked for and has not been delivered
}

type keyRead struct {
	r   rune
	err error
}

func newKeyInput(f *os.File) *keyInput {
	k := &keyInput{want: make(chan struct{}), keys: make(chan keyRead), winch: make(chan os.Signal, 1)}
	signal.Notify(k.winch, syscall.SIGWINCH)
	go func() {
		r := bufio.NewReader(f)
		for range k.want {
			c, _, err := r.ReadRune()
			if err == nil && c == 0x1b {
				// An escape sequence (arrow keys…): drop what is buffered of it.
				for r.Buffered() > 0 {
					r.ReadRune()
				}
			}
			k.keys <- keyRead{c, err}
			if err != nil {
				return
			}
		}
	}()
	return k
}

func (k *keyInput) stop() { signal.Stop(k.winch) }

func (k *keyInput) Key() (rune, error) {
	if !k.pending {
		k.want <- struct{}{}
		k.pending = true
	}
	select {
	case <-k.winch:
		return session.KeyResize, nil
	case kr := <-k.keys:
		k.pending = false
		if kr.err != nil {
			return 0, kr.err
		}
		if kr.r == '\r' {
			return session.KeyEnter, nil
		}
		return unicode.ToLower(kr.r), nil
	}
}

// lineInput reads one key per line when standard input is not a terminal:
// an empty line is Enter, otherwise the line's first character counts.
type lineInput struct {
	r   *bufio.Reader
	eof bool
}

func (l *lineInput) Key() (rune, error) {
	if l.eof {
		return 0, io.EOF
	}
	line, err := l.r.ReadString('\n')
	if err == io.EOF {
		l.eof = true
		if line == "" {
			return 0, io.EOF
		}
	} else if err != nil {
		return 0, err
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return session.KeyEnter, nil
	}
	r, _ := utf8.DecodeRuneInString(line)
	return unicode.ToLower(r), nil
}

// crlfWriter turns \n into \r\n for a terminal in raw mode.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	_, err := io.WriteString(c.w, strings.ReplaceAll(string(p), "\n", "\r\n"))
	return len(p), err
}

// fileCollection opens the collection file for each call, so a session
// waiting for a key holds no lock on it.
type fileCollection struct {
	path   string
	filter starcards.Filter
	later  []string // scheduler.Options.Later
}

func (f *fileCollection) open(readOnly bool) (*store.DB, error) {
	opts := store.Options{ReadOnly: true}
	if !readOnly {
		opts = writeOptions()
	}
	db, err := store.Open(f.path, opts, now())
	if err != nil {
		return nil, openError(f.path, err)
	}
	return db, nil
}

func (f *fileCollection) Load(at time.Time) ([]starcards.CardState, []starcards.Review, starcards.Config, error) {
	db, err := f.open(true)
	if err != nil {
		return nil, nil, starcards.Config{}, err
	}
	defer db.Close()
	return loadDay(db, at, scheduler.Options{Filter: f.filter, Later: f.later})
}

// loadDay reads what the day's queue is built from: the settings, the
// review log of the study day containing at, and the cards the queue can
// draw from (scheduler.DayCards decides which).
func loadDay(db *store.DB, at time.Time, opt scheduler.Options) ([]starcards.CardState, []starcards.Review, starcards.Config, error) {
	cfg, err := collectionConfig(db)
	if err != nil {
		return nil, nil, cfg, err
	}
	today, err := db.ReviewsSince(starcards.DayStart(at, cfg.DayStartHour))
	if err != nil {
		return nil, nil, cfg, err
	}
	p, err := activePlan(db, cfg, at)
	if err != nil {
		return nil, nil, cfg, err
	}
	if !p.IsZero() {
		// A plan paces and balances over the whole collection.
		states, err := db.States()
		return states, today, cfg, err
	}
	states, err := scheduler.DayCards(db, today, cfg, at, opt)
	return states, today, cfg, err
}

func (f *fileCollection) Card(id starcards.CardID) (starcards.CardState, error) {
	db, err := f.open(true)
	if err != nil {
		return starcards.CardState{}, err
	}
	defer db.Close()
	return db.Card(id)
}

func (f *fileCollection) write(fn func(db *store.DB) error) error {
	db, err := f.open(false)
	if err != nil {
		return err
	}
	if err := fn(db); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}

func (f *fileCollection) Answer(r starcards.Review) error {
	return f.write(func(db *store.DB) error {
		err := db.Answer(r)
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("%w: %v", session.ErrCardChanged, err)
		}
		return err
	})
}

func (f *fileCollection) Undo() (starcards.Review, error) {
	var r starcards.Review
	err := f.write(func(db *store.DB) error {
		var err error
		r, err = db.Undo()
		if errors.Is(err, store.ErrNothingToUndo) {
			return session.ErrNothingToUndo
		}
		return err
	})
	return r, err
}

func (f *fileCollection) SetSchedule(id starcards.CardID, s starcards.Schedule) error {
	return f.write(func(db *store.DB) error { return db.SetSchedule(id, s) })
}
