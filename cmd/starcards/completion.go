package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

// argKind says what a command's arguments are, for completion.
type argKind int

const (
	argNone argKind = iota
	argFiles
	argCards
	argStories
	argStoryOrCard
	argCardThenRating
	argConfigKey
)

// completionArgs maps each command that takes arguments to their kind.
var completionArgs = map[string]argKind{
	"show": argCards, "grade": argCardThenRating, "suspend": argCards, "unsuspend": argCards,
	"bury": argCards, "reset": argCards, "remove": argStories, "edit": argStoryOrCard,
	"import": argFiles, "lint": argFiles, "convert": argFiles, "new": argFiles,
	"config get": argConfigKey, "config set": argConfigKey,
	"drill": argStories, "cheatsheet": argStories,
}

// completionFlagArgs maps flags whose value is a story or card id.
var completionFlagArgs = map[string]argKind{"story": argStories}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a script that completes starcards' commands, flags, story ids
(--story, remove, edit) and card ids (show, grade, suspend, bury, reset…)
from the collection. Source it from your shell's startup file.

Examples:
   source <(starcards completion bash)          # in ~/.bashrc
   source <(starcards completion zsh)           # in ~/.zshrc
   starcards completion fish > ~/.config/fish/completions/starcards.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return errorWithHint("completion needs a shell: bash, zsh or fish", "source <(starcards completion bash)")
			}
			script, ok := completionScripts[c.Args().First()]
			if !ok {
				return errorWithHint(fmt.Sprintf("no completion for shell %q", c.Args().First()), "starcards completion bash, zsh or fish")
			}
			_, err := fmt.Fprint(c.App.Writer, script)
			return err
		},
	}
}

// completeCommand is the hidden command the scripts call: __complete
// WORD... prints the candidates for the last word, one a line. It never
// fails and never creates or changes the collection.
func completeCommand() *cli.Command {
	return &cli.Command{
		Name:            "__complete",
		ArgsUsage:       "WORD...",
		HideHelp:        true,
		Hidden:          true,
		SkipFlagParsing: true,
		Action: func(c *cli.Context) error {
			for _, s := range complete(c, c.Args().Slice()) {
				fmt.Fprintln(c.App.Writer, s)
			}
			return nil
		},
	}
}

// complete returns the candidates for the last of words, the words typed
// after "starcards".
func complete(c *cli.Context, words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	cmds := c.App.Commands
	var cmd *cli.Command
	var path []string
	nargs := 0
	prevFlag := ""
	for _, w := range before {
		if prevFlag != "" {
			prevFlag = ""
			continue
		}
		if isFlag(w) {
			if takesValue(c.App.Flags, cmd, w) && !strings.Contains(w, "=") {
				prevFlag = flagName(w)
			}
			continue
		}
		if sub := findCommand(cmds, w); sub != nil && nargs == 0 {
			cmd, cmds = sub, sub.Subcommands
			path = append(path, sub.Name)
			continue
		}
		nargs++
	}
	var out []string
	switch {
	case prevFlag != "":
		if kind, ok := completionFlagArgs[prevFlag]; ok {
			out = completeIDs(c, kind)
		}
		if prevFlag == "kind" {
			out = kindNames()
		}
		if prevFlag == "color" {
			out = []string{"auto", "always", "never"}
		}
	case strings.HasPrefix(cur, "-"):
		flags := c.App.Flags
		if cmd != nil {
			flags = append(slices.Clip(cmd.Flags), flags...)
		}
		for _, f := range flags {
			for _, n := range f.Names() {
				if len(n) > 1 {
					out = append(out, "--"+n)
				}
			}
		}
		out = append(out, "--help")
		slices.Sort(out)
		out = slices.Compact(out)
	case cmd == nil || (len(cmd.Subcommands) > 0 && nargs == 0):
		for _, sc := range cmds {
			if !sc.Hidden && sc.Name != "help" {
				out = append(out, sc.Name)
			}
		}
	default:
		kind := completionArgs[strings.Join(path, " ")]
		switch {
		case kind == argCardThenRating && nargs == 1:
			out = []string{"again", "hard", "good", "easy"}
		case kind == argCardThenRating:
			out = completeIDs(c, argCards)
		case kind == argConfigKey && nargs == 0:
			for _, k := range scheduler.ConfigKeys {
				out = append(out, k.Name)
			}
		case kind == argCards || kind == argStories || kind == argStoryOrCard:
			out = completeIDs(c, kind)
		case kind == argFiles:
			// The shell completes file names itself when given nothing.
		}
	}
	var keep []string
	for _, s := range out {
		if strings.HasPrefix(s, cur) {
			keep = append(keep, s)
		}
	}
	return keep
}

func takesValue(global []cli.Flag, cmd *cli.Command, w string) bool {
	if cmd != nil {
		if takes, ok := flagSet(cmd.Flags, false)[flagName(w)]; ok {
			return takes
		}
	}
	return flagSet(global, false)[flagName(w)]
}

func kindNames() []string {
	return []string{"section", "phrase", "mistake", "followup", "quiz", "reflection", "angle"}
}

// completeIDs lists story ids or card ids from the collection, if it
// exists; card ids come with their story prefixes ("story/"), so that a
// user can complete part by part.
func completeIDs(c *cli.Context, kind argKind) []string {
	path, err := dbPath(c)
	if err != nil {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	db, err := store.Open(path, store.Options{ReadOnly: true}, now())
	if err != nil {
		return nil
	}
	defer db.Close()
	var out []string
	if kind == argStories || kind == argStoryOrCard {
		infos, _ := db.Stories()
		for _, si := range infos {
			if !si.Retired {
				out = append(out, si.Story.ID)
			}
		}
	}
	if kind == argCards || kind == argStoryOrCard {
		cards, _ := db.AllCards()
		for _, cs := range cards {
			if !cs.Retired {
				out = append(out, cs.Card.ID.String())
			}
		}
	}
	return out
}

var completionScripts = map[string]string{
	"bash": `# bash completion for starcards: source <(starcards completion bash)
_starcards() {
	local IFS=$'\n'
	local words=("${COMP_WORDS[@]:1:COMP_CWORD}")
	local out
	out=$(starcards __complete "${words[@]}" 2>/dev/null)
	if [ -z "$out" ]; then
		compopt -o default 2>/dev/null
		COMPREPLY=()
		return
	fi
	COMPREPLY=($out)
}
complete -F _starcards starcards
`,
	"zsh": `#compdef starcards
# zsh completion for starcards: source <(starcards completion zsh)
_starcards() {
	local -a out
	out=("${(@f)$(starcards __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
	if [[ -z "${out[*]}" ]]; then
		_files
		return
	fi
	compadd -a out
}
compdef _starcards starcards
`,
	"fish": `# fish completion for starcards: starcards completion fish > ~/.config/fish/completions/starcards.fish
function __starcards_complete
	set -l words (commandline -opc)[2..-1] (commandline -ct)
	starcards __complete $words 2>/dev/null
end
complete -c starcards -f -a '(__starcards_complete)'
complete -c starcards -n 'test -z "(__starcards_complete)"' -F
`,
}
