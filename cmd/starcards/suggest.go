package main

import (
	"strings"

	"github.com/starcards/starcards"
	"github.com/urfave/cli/v2"
)

// didYouMean returns the name in names the user probably meant by s, or "":
// the project's one "did you mean" ([starcards.Suggest]) for commands,
// flags, story and card ids.
func didYouMean(s string, names []string) string { return starcards.Suggest(s, names) }

// suggestCommand and suggestFlag replace urfave/cli's suggestions (Jaro-
// Winkler, always some answer however far) with didYouMean, which answers
// only for a likely typo. They return "" for no suggestion.
func suggestCommand(cmds []*cli.Command, provided string) string {
	var names []string
	for _, c := range cmds {
		if c.Hidden || c.Name == "help" {
			continue
		}
		names = append(names, c.Names()...)
	}
	return didYouMean(provided, names)
}

func suggestFlag(flags []cli.Flag, provided string, _ bool) string {
	var names []string
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	name := didYouMean(strings.TrimLeft(provided, "-"), names)
	switch {
	case name == "":
		return ""
	case len(name) == 1:
		return "-" + name
	}
	return "--" + name
}

func init() {
	cli.SuggestCommand = func(cmds []*cli.Command, provided string) string {
		if s := suggestCommand(cmds, provided); s != "" {
			return "did you mean " + s + "?"
		}
		return ""
	}
	cli.SuggestFlag = suggestFlag
}
