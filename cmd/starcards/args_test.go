package main

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestNormalizeArgs(t *testing.T) {
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"FlagAfterArgument", "show CARD --json", "show --json CARD"},
		{"GlobalAfterCommand", "import --db x f.yaml", "--db x import f.yaml"},
		{"GlobalWithEquals", "list --db=x --json", "--db=x list --json"},
		{"GlobalBeforeCommand", "--color never stats --days 3", "--color never stats --days 3"},
		{"ValueFlagTakesNext", "review --story s --limit 3", "review --story s --limit 3"},
		{"Subcommand", "export apkg --with-scheduling -o out.apkg --db d", "--db d export apkg --with-scheduling -o out.apkg"},
		{"SubcommandArgsFirst", "config set new-per-day 5 --db d", "--db d config set new-per-day 5"},
		{"ParentFlagBeforeSubcommand", "config --json", "config --json"},
		{"DoubleDash", "import -- -x.yaml --json", "import -- -x.yaml --json"},
		{"StdinDash", "lint - --json", "lint --json -"},
		{"UnknownFlagStays", "list some --bogus", "list --bogus some"},
		{"UnknownCommand", "frob --json", "frob --json"},
		{"HelpCommand", "help list --db x", "help list --db x"},
		{"Completion", "show web --generate-bash-completion", "show web --generate-bash-completion"},
		{"Version", "--version", "--version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := normalizeArgs(app, append([]string{"starcards"}, strings.Fields(tc.in)...))
			if err != nil {
				t.Fatal(err)
			}
			want := append([]string{"starcards"}, strings.Fields(tc.want)...)
			if !slices.Equal(got, want) {
				t.Fatalf("normalizeArgs(%q) = %q, want %q", tc.in, got[1:], want[1:])
			}
		})
	}
	for _, in := range []string{"convert f.md -o", "list --db", "review --story"} {
		if _, err := normalizeArgs(app, append([]string{"starcards"}, strings.Fields(in)...)); err == nil || !strings.Contains(err.Error(), "flag needs an argument") {
			t.Errorf("normalizeArgs(%q): err = %v, want flag needs an argument", in, err)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	names := []string{"list", "stats", "show", "suspend", "json", "story"}
	for _, tc := range []struct{ in, want string }{
		{"lsit", "list"},
		{"jsno", "json"},
		{"stat", "stats"},
		{"LIST", "list"},
		{"susp", "suspend"},
		{"frobnicate", ""},
		{"x", ""},
		{"s", ""},
	} {
		if got := didYouMean(tc.in, names); got != tc.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHelpHasExamples: every command's help describes it and shows an
// example, not just the one-line summary.
func TestHelpHasExamples(t *testing.T) {
	var walk func(prefix string, cmds []*cli.Command)
	walk = func(prefix string, cmds []*cli.Command) {
		for _, c := range cmds {
			if c.Hidden {
				continue
			}
			name := strings.TrimSpace(prefix + " " + c.Name)
			t.Run(name, func(t *testing.T) {
				if !strings.Contains(c.Description, "Example") {
					t.Errorf("%s: the help has no example:\n%s", name, c.Description)
				}
			})
			walk(name, c.Subcommands)
		}
	}
	walk("", commands())
}
