package decks

import (
	"strings"
	"unicode"

	"github.com/starcards/starcards"
)

// maxSlug bounds the length of a generated slug, in bytes.
const maxSlug = 48

// Slug returns a lowercase ASCII slug of s: letters and digits, runs of
// anything else turned into single dashes, cut at a word boundary so that it
// is at most 48 bytes long. It returns "" when s has no letters or digits.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019':
			// "didn't" → "didnt"
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > maxSlug/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// FollowupKey returns the card key of a follow-up: its explicit ID, or a slug
// of its question.
func FollowupKey(f starcards.Followup) string {
	if f.ID != "" {
		return f.ID
	}
	return Slug(f.Question)
}

// QuizKey returns the card key of a quiz: its explicit ID, or a slug of its
// question.
func QuizKey(q starcards.Quiz) string {
	if q.ID != "" {
		return q.ID
	}
	return Slug(q.Question)
}
