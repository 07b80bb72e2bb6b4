package starcards

import (
	"strings"
	"unicode"
)

// Suggest returns the word of known that s was probably meant to be, or ""
// when none is close enough to be a typo. It is the one "did you mean" of
// starcards: story keys, Markdown headings and labels, and config keys all
// use it.
//
// Words are compared ignoring case and treating "_", "-" and " " alike.
// The nearest word by edit distance (insertions, deletions, substitutions
// and transpositions of adjacent letters, counted in runes) wins when the
// distance is at most a third of s's length, at least 1 and at most 2; the
// first such word in known wins a tie. Failing that, a word of 3 or more
// letters that is part of exactly one known word suggests that word
// ("retention" → "desired-retention").
func Suggest(s string, known []string) string {
	k := suggestForm(s)
	n := len([]rune(k))
	limit := min(max(n/3, 1), 2)
	best, bestD := "", limit+1
	for _, w := range known {
		if d := EditDistance(k, suggestForm(w)); d < bestD {
			best, bestD = w, d
		}
	}
	if best != "" || n < 3 {
		return best
	}
	var found string
	for _, w := range known {
		if strings.Contains(suggestForm(w), k) {
			if found != "" {
				return ""
			}
			found = w
		}
	}
	return found
}

func suggestForm(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == ' ' {
			return '-'
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
}

// EditDistance is the optimal string alignment distance between a and b, in
// runes: Levenshtein's, with a swap of two adjacent runes counted as one edit
// ("tikcet" is one edit from "ticket"). It is the one edit distance of
// starcards: [Suggest] and the typed-answer checker both use it.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: two back (for transpositions), one back, and the current.
	pp := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}
