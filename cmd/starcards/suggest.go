package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// didYouMean returns the name in names the user probably meant by s, or "".
//
// It is the seam for the one edit-distance "did you mean" of the project
// (issue 9): commands, flags, story and card ids all go through it.
func didYouMean(s string, names []string) string {
	s = strings.ToLower(s)
	best, bestDist := "", len([]rune(s))/3+1
	for _, n := range names {
		if d := editDistance(s, strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best != "" || len(s) < 3 {
		return best
	}
	// A unique name that starts with s ("sta" for stats) is meant too.
	var found []string
	for _, n := range names {
		if strings.HasPrefix(strings.ToLower(n), s) {
			found = append(found, n)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// editDistance is the edit distance between a and b in runes, counting a
// swap of two neighbours ("jsno" for "json") as one edit (optimal string
// alignment).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

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
