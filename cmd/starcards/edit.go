package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

func editCommand() *cli.Command {
	return &cli.Command{
		Name:      "edit",
		Usage:     "edit a story's file in your editor, then lint and re-import it",
		ArgsUsage: "STORY|CARD",
		Description: `Opens the file a story was imported from in $VISUAL (or $EDITOR, or vi),
at the line of the card if a card id is given. When the editor closes, the
file is linted and imported again, so the cards follow the edit and keep
their progress. If the file no longer parses, the error says where and the
collection keeps the old version: fix the file and run edit (or import)
again. In a review, e does the same for the card on screen.

Examples:
   starcards edit fix-pager
   starcards edit fix-pager/followup/why-me`,
		Action: runEdit,
	}
}

func runEdit(c *cli.Context) error {
	if c.NArg() != 1 {
		return errorWithHint("edit needs one story id or card id", "starcards list --stories shows the story ids")
	}
	arg := c.Args().First()
	storyID, id := arg, starcards.CardID{}
	if strings.Contains(arg, "/") {
		var err error
		if id, err = starcards.ParseCardID(arg); err != nil {
			return errorWithHint(err.Error(), "starcards list shows the card ids (story/kind/key)")
		}
		storyID = id.Story
	}
	db, err := openRO(c)
	if err != nil {
		return err
	}
	source, err := storySource(db, storyID)
	db.Close()
	if err != nil {
		return err
	}
	report, err := editAndImport(c, source, id, nil)
	if err != nil {
		return err
	}
	fmt.Fprint(c.App.Writer, report)
	return nil
}

// storySource returns the file a story was imported from.
func storySource(db *store.DB, id string) (string, error) {
	infos, err := db.Stories()
	if err != nil {
		return "", err
	}
	var ids []string
	for _, si := range infos {
		if si.Retired {
			continue
		}
		if si.Story.ID == id {
			if si.Source == "" || si.Source == sampleSource {
				return "", errorWithHint(fmt.Sprintf("story %s is the built-in sample: it has no file to edit", id),
					"starcards new --from-sample my-story.yaml writes a copy to edit and import")
			}
			return si.Source, nil
		}
		ids = append(ids, si.Story.ID)
	}
	return "", unknownID("story", id, ids)
}

// editAndImport opens file in the user's editor (at the line of card id,
// if given), then lints and imports it. pause, if set, is called before
// the editor starts and the function it returns after it ends (a review
// gives the terminal back to the editor). It returns the import report;
// on a parse error the collection is unchanged and the error names the
// position.
func editAndImport(c *cli.Context, file string, id starcards.CardID, pause func() func()) (string, error) {
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return "", errorWithHint(fmt.Sprintf("%s: the story file is gone", file), "import the story from where it lives now")
	}
	line := 0
	if id != (starcards.CardID{}) {
		if sf, err := readStoryFile(file); err == nil {
			line = cardLine(sf, id)
		}
	}
	cmd, err := editorCommand(file, line)
	if err != nil {
		return "", err
	}
	if pause != nil {
		resume := pause()
		defer resume()
	}
	// The editor gets the terminal; never a pipe of review keys, which it
	// would eat.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if f, ok := c.App.Reader.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		cmd.Stdin = f
	} else if tty, err := os.Open("/dev/tty"); err == nil {
		defer tty.Close()
		cmd.Stdin = tty
	}
	if err := cmd.Run(); err != nil {
		return "", errorf("editor %s: %v", cmd.Path, err)
	}
	sf, err := readStoryFile(file)
	if err != nil {
		return "", keepOld(err)
	}
	if err := placeholderError(sf); err != nil {
		return "", keepOld(err)
	}
	results, err := importFiles(c, []*storyFile{sf}, false)
	if err != nil {
		return "", keepOld(err)
	}
	var b strings.Builder
	for _, r := range results {
		b.WriteString(r.String())
	}
	for _, f := range sf.findings {
		if f.Severity == lint.Error {
			b.WriteString("lint: " + safe(f.String()) + "\n")
		}
	}
	return b.String(), nil
}

// keepOld words a parse error after an edit: the error with its position,
// and that the collection kept the story as it was.
func keepOld(err error) error {
	msg, hints := describe(err)
	return errorWithHint(msg, append(hints, "the collection keeps the story as it was; fix the file, then starcards edit (or import) again")...)
}

// sampleSource is the source recorded for the built-in sample.
const sampleSource = "built-in sample"

// editorCommand builds the command that edits file at line (0: the top):
// $VISUAL, else $EDITOR, else vi. The variable may hold arguments
// ("code --wait"). Editors known to take a line get it: +LINE for the vi
// and Emacs families, nano, micro and kakoune; FILE:LINE with -g for VS
// Code; FILE:LINE for Sublime Text and Helix.
func editorCommand(file string, line int) (*exec.Cmd, error) {
	spec := os.Getenv("VISUAL")
	if spec == "" {
		spec = os.Getenv("EDITOR")
	}
	if strings.TrimSpace(spec) == "" {
		spec = "vi"
	}
	words := strings.Fields(spec)
	args := words[1:]
	switch base := filepath.Base(words[0]); {
	case line <= 0:
		args = append(args, file)
	case base == "code" || base == "codium":
		args = append(args, "-g", fmt.Sprintf("%s:%d", file, line))
	case base == "subl" || base == "hx" || base == "helix":
		args = append(args, fmt.Sprintf("%s:%d", file, line))
	case strings.Contains(base, "vi") || strings.Contains(base, "emacs") || base == "nano" || base == "micro" || base == "kak" || base == "mg" || base == "joe":
		args = append(args, fmt.Sprintf("+%d", line), file)
	default:
		args = append(args, file)
	}
	path, err := exec.LookPath(words[0])
	if err != nil {
		return nil, errorWithHint(fmt.Sprintf("editor %q not found", words[0]), "set VISUAL or EDITOR to your editor, e.g. export EDITOR=nano")
	}
	return exec.Command(path, args...), nil
}

// cardLine returns the line of the story file where the item a card comes
// from starts: its section, follow-up, quiz, angle, level or reflection;
// else the story's id line; else 1.
func cardLine(sf *storyFile, id starcards.CardID) int {
	s := sf.story
	at := func(path string) int {
		if p, ok := sf.pos[path]; ok {
			return p.Line
		}
		return 0
	}
	key, _, _ := strings.Cut(id.Key, "/")
	var line int
	for _, sec := range s.Sections {
		if sec.Name == key {
			line = at("sections." + key)
		}
	}
	for i, f := range s.Followups {
		if id.Kind == starcards.KindFollowup && decks.FollowupKey(f) == key {
			line = at(fmt.Sprintf("followups[%d]", i))
		}
	}
	for i, q := range s.Quizzes {
		if id.Kind == starcards.KindQuiz && decks.QuizKey(q) == key {
			line = at(fmt.Sprintf("quizzes[%d]", i))
		}
	}
	for i, a := range s.Angles {
		if decks.Slug(a.Principle) == key {
			line = at(fmt.Sprintf("angles[%d]", i))
		}
	}
	for i, l := range s.Levels {
		if "level-"+decks.Slug(l.Level) == key {
			line = at(fmt.Sprintf("levels[%d]", i))
		}
	}
	if key == "weak-answer" {
		line = at("weak_answer")
	}
	if line == 0 && id.Kind == starcards.KindReflection {
		for _, r := range s.Reflections {
			if decks.Slug(r.Level) == key {
				line = at("reflections." + r.Level)
			}
		}
	}
	if line == 0 {
		line = max(at("id"), 1)
	}
	return line
}

// editInReview is the review's e key: edit the card's story and re-import
// it, the terminal handed to the editor meanwhile. An error the user can
// fix (a parse error, no file) is reported on the screen, not fatal.
func editInReview(c *cli.Context, dbPath string, id starcards.CardID, pause func() func()) (string, error) {
	db, err := store.Open(dbPath, store.Options{ReadOnly: true}, now())
	if err != nil {
		return "", openError(dbPath, err)
	}
	source, err := storySource(db, id.Story)
	db.Close()
	if err == nil {
		var report string
		report, err = editAndImport(c, source, id, pause)
		if err == nil {
			return strings.TrimSpace(report), nil
		}
	}
	var ue *userError
	if errors.As(err, &ue) {
		msg, hints := describe(err)
		return strings.Join(append([]string{"starcards: " + msg}, hints...), "\n"), nil
	}
	return "", err
}
