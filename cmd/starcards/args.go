package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// completionFlag is the flag urfave/cli's shell completion appends last.
const completionFlag = "--generate-bash-completion"

// normalizeArgs reorders a command line so that urfave/cli v2, whose flag
// parsing stops at the first argument, accepts flags wherever the user put
// them:
//
//	starcards show CARD --json        → starcards show --json CARD
//	starcards import --db x f.yaml    → starcards --db x import f.yaml
//
// Global flags after the command name move in front of it; a command's own
// flags after its arguments move in front of the arguments. "--" ends the
// flags: what follows it stays an argument. Unknown flags stay with the
// command, so that it reports them. The completion flag stays last.
//
// A flag that needs a value but ends the line is an error here, since moved
// in front of the arguments it would take the first of them as its value.
func normalizeArgs(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	global := flagSet(append([]cli.Flag{cli.VersionFlag}, app.Flags...), true)
	var globals, path, flags, positional []string
	complete := false
	rest := args[1:]
	if n := len(rest); n > 0 && rest[n-1] == completionFlag {
		complete = true
		rest = rest[:n-1]
	}
	// Global flags before the command, then the command path.
	cmds := app.Commands
	var cmd *cli.Command
	i := 0
	for i < len(rest) {
		a := rest[i]
		if a == "--" {
			break
		}
		if isFlag(a) {
			// Before a subcommand's name, a flag is the parent command's
			// (it stays in place) or a global one (it moves to the front).
			if cmd != nil {
				if local := flagSet(cmd.Flags, true); hasFlag(local, a) {
					n := flagWidth(a, local, rest[i+1:])
					path = append(path, rest[i:i+1+n]...)
					i += 1 + n
					continue
				}
			}
			n := flagWidth(a, global, rest[i+1:])
			globals = append(globals, rest[i:i+1+n]...)
			i += 1 + n
			continue
		}
		sub := findCommand(cmds, a)
		if sub == nil {
			break
		}
		cmd = sub
		path = append(path, a)
		cmds = sub.Subcommands
		i++
		if cmd.SkipFlagParsing {
			break
		}
		// A subcommand's name may follow the command's own flags.
		if len(cmds) == 0 {
			break
		}
	}
	if cmd == nil || cmd.SkipFlagParsing || cmd.Name == "help" {
		return args, nil
	}
	local := flagSet(cmd.Flags, true)
	for ; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if !isFlag(a) {
			positional = append(positional, a)
			continue
		}
		if !hasFlag(local, a) {
			if hasFlag(global, a) {
				n := flagWidth(a, global, rest[i+1:])
				if global[flagName(a)] && n == 0 && !strings.Contains(a, "=") {
					return nil, errorWithHint("flag needs an argument: "+a, "run 'starcards --help' for usage")
				}
				globals = append(globals, rest[i:i+1+n]...)
				i += n
				continue
			}
		}
		n := flagWidth(a, local, rest[i+1:])
		if takes := local[flagName(a)]; takes && n == 0 && !strings.Contains(a, "=") {
			return nil, errorWithHint("flag needs an argument: "+a, "run '"+strings.Join(append([]string{app.Name}, path...), " ")+" --help' for usage")
		}
		flags = append(flags, rest[i:i+1+n]...)
		i += n
	}
	out := append([]string{args[0]}, globals...)
	out = append(out, path...)
	out = append(out, flags...)
	if len(positional) > 0 {
		dash := false
		for _, p := range positional {
			if strings.HasPrefix(p, "-") && p != "-" {
				dash = true
			}
		}
		if dash {
			out = append(out, "--")
		}
		out = append(out, positional...)
	}
	if complete {
		out = append(out, completionFlag)
	}
	return out, nil
}

// flagSet maps each name of flags (and, if help, of the help flag) to
// whether the flag takes a value.
func flagSet(flags []cli.Flag, help bool) map[string]bool {
	m := map[string]bool{}
	if help {
		for _, n := range cli.HelpFlag.Names() {
			m[n] = false
		}
	}
	for _, f := range flags {
		takes := true
		if _, ok := f.(*cli.BoolFlag); ok {
			takes = false
		}
		for _, n := range f.Names() {
			m[n] = takes
		}
	}
	return m
}

func hasFlag(known map[string]bool, a string) bool {
	_, ok := known[flagName(a)]
	return ok
}

// isFlag reports whether a is a flag. A negative number ("-1") is a value,
// never a flag: no flag of starcards is named by a digit.
func isFlag(a string) bool {
	return len(a) > 1 && a[0] == '-' && a != "--" && !(a[1] >= '0' && a[1] <= '9') && !(a[1] == '.' && len(a) > 2)
}

// flagName returns the name in -name, --name or --name=value.
func flagName(a string) string {
	a = strings.TrimLeft(a, "-")
	name, _, _ := strings.Cut(a, "=")
	return name
}

// flagWidth is how many of the following arguments flag a consumes: one
// for a known flag that takes a value not given with "=", else none.
func flagWidth(a string, known map[string]bool, next []string) int {
	if strings.Contains(a, "=") {
		return 0
	}
	if takes, ok := known[flagName(a)]; ok && takes && len(next) > 0 {
		return 1
	}
	return 0
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// noArgs wraps the action of every command that declares no arguments
// (no ArgsUsage) so that a stray argument is refused instead of ignored.
func noArgs(cmds []*cli.Command) {
	for _, c := range cmds {
		noArgs(c.Subcommands)
		if len(c.Subcommands) > 0 && c.Action == nil {
			// export zip: not urfave's "No help topic for 'zip'".
			c.Action = func(ctx *cli.Context) error {
				if ctx.Args().Present() {
					return unknownCommand(ctx.Command.Subcommands, ctx.Command.Name, ctx.Args().First())
				}
				return cli.ShowSubcommandHelp(ctx)
			}
		}
		if c.ArgsUsage != "" || c.Action == nil || len(c.Subcommands) > 0 || c.Name == "help" {
			continue
		}
		action, c := c.Action, c
		c.Action = func(ctx *cli.Context) error {
			if ctx.NArg() > 0 {
				return strayArgs(ctx, c)
			}
			return action(ctx)
		}
	}
}

// strayArgs words the refusal of arguments a command does not take, with a
// hint toward the flag the user probably meant.
func strayArgs(ctx *cli.Context, c *cli.Command) error {
	first := ctx.Args().First()
	name := strings.TrimPrefix(c.HelpName, "starcards ")
	msg := fmt.Sprintf("%s takes no arguments, got %q", name, first)
	if ctx.NArg() > 1 {
		msg = fmt.Sprintf("%s takes no arguments, got %d (%q…)", name, ctx.NArg(), first)
	}
	for _, f := range c.Flags {
		if f.Names()[0] == "story" {
			return errorWithHint(msg, fmt.Sprintf("to pick a story: %s --story %s", c.HelpName, first))
		}
	}
	return errorWithHint(msg, "run '"+c.HelpName+" --help' for usage")
}
