package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// now is the clock; tests replace it through STARCARDS_TEST_NOW (see main_test.go).
var now = time.Now

// userError is an error whose message is meant for the user as it is, with
// optional hint lines.
type userError struct {
	msg   string
	hints []string
}

func (e *userError) Error() string { return e.msg }

func errorf(format string, args ...any) error {
	return &userError{msg: fmt.Sprintf(format, args...)}
}

func errorWithHint(msg string, hints ...string) error {
	return &userError{msg: msg, hints: hints}
}

// exitError carries an exit status without a message (e.g. lint found
// errors and already printed them).
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const appUsage = `starcards turns your interview stories (STAR answers) into flashcards,
schedules them with FSRS so you can tell every story, number and key phrase
cold on the day of your loop, and exports real Anki decks.

A new collection starts with a built-in sample story, so you can try it at once:

   starcards review                 # today's cards, one key per answer
   starcards new my-story.yaml      # a commented template for your own story
   starcards import my-story.yaml   # add it (run again after every edit)
   starcards stats                  # readiness per story and principle`

// Run runs starcards with the given arguments and standard streams and
// returns the exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	args, err := normalizeArgs(app, args)
	if err == nil {
		err = app.RunContext(ctx, args)
	}
	if err == nil {
		return 0
	}
	var code exitError
	if errors.As(err, &code) {
		return int(code)
	}
	printError(stderr, err)
	return 1
}

func printError(w io.Writer, err error) {
	msg, hints := describe(err)
	// One line: a message that spans lines would break the contract. File
	// names, ids and values in it come from the user: no terminal escapes.
	fmt.Fprintf(w, "starcards: %s\n", errorLine(msg))
	for _, h := range hints {
		fmt.Fprintf(w, "starcards: hint: %s\n", errorLine(h))
	}
}

// errorLine makes a message one line that is safe to print.
func errorLine(s string) string {
	return strings.ReplaceAll(safe(s), "\n", " ")
}

// describe turns an error into the message and hints the user sees.
func describe(err error) (string, []string) {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.msg, ue.hints
	}
	// urfave/cli's own words for "starcards help zip".
	if topic, ok := strings.CutPrefix(err.Error(), "No help topic for '"); ok {
		return describe(unknownCommand(commands(), "", strings.TrimSuffix(topic, "'")))
	}
	switch {
	case errors.Is(err, store.ErrLocked):
		return store.ErrLocked.Error(), []string{"finish or quit the other session (q), then try again"}
	case errors.Is(err, store.ErrNeedsUpgrade):
		return err.Error(), []string{"run any command that writes (starcards backup, say) to upgrade it; a backup is taken first"}
	case errors.Is(err, store.ErrEmptyFile), errors.Is(err, store.ErrNotRegular):
		return err.Error(), []string{"point --db or STARCARDS_DB at a starcards collection, or remove the file to start a new one"}
	case errors.Is(err, store.ErrSchemaTooNew):
		return err.Error(), []string{"this collection needs a newer starcards; upgrade it, or use --db for another collection"}
	case errors.Is(err, store.ErrNotCollection):
		return err.Error(), []string{"point --db or STARCARDS_DB at a starcards collection, or at a new file name"}
	case errors.Is(err, store.ErrCorrupt):
		return err.Error(), []string{"run 'starcards check' to see the damage, then 'starcards check --repair' or 'starcards restore BACKUP' (starcards backup list)"}
	}
	return err.Error(), nil
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:           "starcards",
		Usage:          "flashcards and FSRS review for behavioural-interview stories",
		Description:    appUsage,
		Reader:         stdin,
		Writer:         stdout,
		ErrWriter:      stderr,
		Version:        version(),
		Suggest:        true,
		ExitErrHandler: func(*cli.Context, error) {},
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:    "db",
				Usage:   "collection file (default $XDG_DATA_HOME/starcards/collection.db)",
				EnvVars: []string{"STARCARDS_DB"},
			},
			&cli.StringFlag{
				Name:  "color",
				Usage: "colour output: auto, always or never (NO_COLOR turns auto off)",
				Value: "auto",
			},
		},
		Commands:     commands(),
		OnUsageError: usageError,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return unknownCommand(c.App.Commands, "", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
	}
	setUsageError(app.Commands)
	noArgs(app.Commands)
	return app
}

// usageError turns a bad flag into one line and a hint, instead of the
// usage text.
func usageError(c *cli.Context, err error, _ bool) error {
	cmd := "starcards"
	flags := c.App.Flags
	if c.Command != nil && c.Command.HelpName != "" {
		cmd = c.Command.HelpName
		flags = c.Command.Flags
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		// Go's flag package names every flag with one dash; say it as
		// the user wrote it: --name for a long flag, -n for a short one.
		if n := strings.TrimLeft(name, "-"); len(n) > 1 {
			name = "--" + n
		}
		msg = "unknown flag " + name
		if s := suggestFlag(flags, name, false); s != "" {
			return errorWithHint(msg, "did you mean "+s+"?", "run '"+cmd+" --help' for usage")
		}
	}
	return errorWithHint(msg, "run '"+cmd+" --help' for usage")
}

// unknownCommand refuses a command (or, under parent, a subcommand) that
// does not exist, suggesting the one meant.
func unknownCommand(cmds []*cli.Command, parent, name string) error {
	what, help := "command", "starcards --help"
	if parent != "" {
		what, help = parent+" subcommand", "starcards "+parent+" --help"
	}
	msg := fmt.Sprintf("unknown %s %q", what, name)
	if s := suggestCommand(cmds, name); s != "" {
		return errorWithHint(msg, "did you mean '"+strings.Join(strings.Fields("starcards "+parent+" "+s), " ")+"'?")
	}
	return errorWithHint(msg, "run '"+help+"' for the commands")
}

func setUsageError(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageError
		setUsageError(c.Subcommands)
	}
}

// useColor decides whether to colour output written to w.
func useColor(c *cli.Context, w io.Writer) (bool, error) {
	// --color may be given before the command or after it.
	mode := "auto"
	for _, ctx := range c.Lineage() {
		if ctx.IsSet("color") {
			mode = ctx.String("color")
			break
		}
	}
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		if os.Getenv("NO_COLOR") != "" {
			return false, nil
		}
		f, ok := w.(*os.File)
		return ok && term.IsTerminal(int(f.Fd())), nil
	}
	return false, errorf("--color must be auto, always or never, got %q", mode)
}
