package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/starcards/starcards/decks/answer"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// rehearsalIO is the input, output and timer of a drill or mock: single
// keys, an echoed line editor and a running timer on a terminal; one line
// per answer from a pipe, with no timer display (the time still comes from
// the clock).
type rehearsalIO struct {
	in      session.Input
	out     io.Writer
	width   int
	tick    func() (<-chan time.Time, func())
	restore func()
}

func openRehearsalIO(c *cli.Context) (*rehearsalIO, error) {
	in, out := c.App.Reader, c.App.Writer
	if file, ok := in.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		restore, _, err := rawMode(file)
		if err != nil {
			return nil, err
		}
		keys := newKeyInput(file)
		rio := &rehearsalIO{out: crlfWriter{out}}
		rio.restore = func() {
			keys.stop()
			restore()
		}
		rio.in = &termLineInput{keyInput: keys, echo: rio.out}
		rio.width, _ = termSize(file)
		rio.tick = func() (<-chan time.Time, func()) {
			t := time.NewTicker(time.Second)
			return t.C, t.Stop
		}
		return rio, nil
	}
	return &rehearsalIO{in: &lineInput{r: bufio.NewReader(in)}, out: out, restore: func() {}}, nil
}

// Line reads a whole line from a pipe: a typed answer or a checklist.
func (l *lineInput) Line() (string, error) {
	if l.eof {
		return "", io.EOF
	}
	line, err := l.r.ReadString('\n')
	if err == io.EOF {
		l.eof = true
		if line == "" {
			return "", io.EOF
		}
		err = nil
	}
	return strings.TrimRight(line, "\r\n"), err
}

// termLineInput is a terminal in raw mode that can also read an echoed
// line, with Backspace; Ctrl-C or Ctrl-D ends input.
type termLineInput struct {
	*keyInput
	echo io.Writer
}

func (t *termLineInput) Line() (string, error) {
	var b []rune
	for {
		r, err := t.rawKey()
		if err != nil {
			return string(b), err
		}
		switch r {
		case '\r', '\n':
			io.WriteString(t.echo, "\n")
			return string(b), nil
		case 0x03, 0x04:
			io.WriteString(t.echo, "\n")
			return "", io.EOF
		case 0x7f, 0x08:
			if len(b) > 0 {
				b = b[:len(b)-1]
				io.WriteString(t.echo, "\b \b")
			}
		default:
			if r >= ' ' {
				b = append(b, r)
				io.WriteString(t.echo, string(r))
			}
		}
	}
}

// rehearsalData is what drill and mock read before they start: the
// stories, the card states and the settings.
type rehearsalData struct {
	path    string
	stories []store.StoryInfo
	states  []starcards.CardState
	reviews []starcards.Review
	cfg     starcards.Config
	// planStories and planLevel come from the study plan: its stories
	// (nil for none or all) and the user's level ("" if not set).
	planStories []string
	planLevel   string
}

func loadRehearsal(c *cli.Context, withLog bool) (*rehearsalData, error) {
	db, cfg, err := openConfig(c, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	d := &rehearsalData{path: db.Path(), cfg: cfg}
	if d.stories, err = db.Stories(); err != nil {
		return nil, err
	}
	if d.states, err = db.States(); err != nil {
		return nil, err
	}
	if d.planStories, d.planLevel, err = readPlan(db); err != nil {
		return nil, err
	}
	if withLog {
		err = db.ReviewOutlines(time.Time{}, func(o store.ReviewOutline) bool {
			d.reviews = append(d.reviews, outlineReview(o))
			return true
		})
	}
	return d, err
}

// story returns the live story with this id.
func (d *rehearsalData) story(id string) (*starcards.Story, bool) {
	for i := range d.stories {
		if d.stories[i].Story.ID == id && !d.stories[i].Retired {
			return &d.stories[i].Story, true
		}
	}
	return nil, false
}

// liveIDs returns the ids of the live stories, in collection order.
func (d *rehearsalData) liveIDs() []string {
	var ids []string
	for _, s := range d.stories {
		if !s.Retired {
			ids = append(ids, s.Story.ID)
		}
	}
	return ids
}

// readPlan returns the study plan's stories (nil when there is no plan,
// or it covers every story) and the user's level from it.
func readPlan(db *store.DB) ([]string, string, error) {
	p, err := loadPlan(db)
	return p.Stories, p.Level, err
}

// candidates returns the stories drill and mock choose from: the plan's,
// else all live ones.
func (d *rehearsalData) candidates() []string {
	var ids []string
	for _, id := range d.planStories {
		if _, ok := d.story(id); ok {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		return ids
	}
	return d.liveIDs()
}

func noStoryError(id string) error {
	return errorWithHint("no story "+quote(id)+" in the collection", "starcards list --stories shows the story ids")
}

func quote(s string) string { return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\"" }

var errNoStories = errors.New("the collection has no stories: starcards import FILE adds one")

// allStates is the collection as study-ahead sees it: every card's state,
// not just those due today.
type allStates struct{ *fileCollection }

func (a allStates) Load(at time.Time) ([]starcards.CardState, []starcards.Review, starcards.Config, error) {
	db, err := a.open(true)
	if err != nil {
		return nil, nil, starcards.Config{}, err
	}
	defer db.Close()
	cfg, err := collectionConfig(db)
	if err != nil {
		return nil, nil, cfg, err
	}
	today, err := db.ReviewsSince(starcards.DayStart(at, cfg.DayStartHour))
	if err != nil {
		return nil, nil, cfg, err
	}
	states, err := db.States()
	return states, today, cfg, err
}

// rawKey reads one key as typed (Key lower-cases letters and reports
// resizes), for line editing.
func (k *keyInput) rawKey() (rune, error) {
	for {
		if !k.pending {
			k.want <- struct{}{}
			k.pending = true
		}
		select {
		case <-k.winch:
			continue
		case kr := <-k.keys:
			k.pending = false
			return kr.r, kr.err
		}
	}
}

// storyTexts returns a function giving the text of a story of the
// collection at path (read once, at the first call), for checking typed
// answers' numbers; "" if it cannot be read.
func storyTexts(path string) func(string) string {
	var texts map[string]string
	return func(id string) string {
		if texts == nil {
			texts = map[string]string{}
			db, err := store.Open(path, store.Options{ReadOnly: true}, now())
			if err != nil {
				return ""
			}
			infos, err := db.Stories()
			db.Close()
			if err != nil {
				return ""
			}
			for _, in := range infos {
				texts[in.Story.ID] = answer.StoryText(&in.Story)
			}
		}
		return texts[id]
	}
}
