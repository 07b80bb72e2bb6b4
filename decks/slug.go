package decks

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starcards/starcards"
	"golang.org/x/text/unicode/norm"
)

// maxSlug bounds the length of a generated slug, in runes.
const maxSlug = 48

// Slug returns a lowercase slug of s: its letters and digits, in any
// script, with every run of anything else turned into one dash, cut at a
// word boundary to at most 48 letters. Latin letters lose their accents and
// the few Latin letters with no accent-free form are spelled out ("Café
// résumé" → "cafe-resume", "Straße" → "strasse"); letters of other scripts
// are kept as they are, lowercased ("Как вы узнали?" → "как-вы-узнали"), with
// the marks they need (Devanagari vowel signs, Cyrillic й). Apostrophes
// vanish ("didn't" → "didnt"). It returns "" when s has no letters or
// digits.
//
// Keeping other scripts rather than transliterating them keeps a slug
// readable to the person who wrote the question, needs no per-language
// table (Russian, Ukrainian and Serbian spell the same letter differently),
// and works for scripts no table covers (Chinese, Japanese). Card ids are
// UTF-8 throughout starcards, its store and the Anki export.
func Slug(s string) string { return cutSlug(slugAll(s), maxSlug) }

// slugAll is [Slug] without its cut.
func slugAll(s string) string {
	var b strings.Builder
	dash := false
	n := 0
	latinBase := false // the last letter written was Latin: drop its accents
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) && latinBase:
			// an accent on a Latin letter
		case unicode.IsLetter(r) && !isCased(unicode.ToLower(r)) || unicode.IsDigit(r) || unicode.IsMark(r) && n > 0 && !dash:
			if unicode.IsMark(r) {
				b.WriteRune(r)
				continue
			}
			if dash && n > 0 {
				b.WriteByte('-')
			}
			dash = false
			latinBase = unicode.Is(unicode.Latin, r)
			if t, ok := latinSpelled[unicode.ToLower(r)]; ok {
				b.WriteString(t)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			n++
		case r == '\'' || r == '\u2019':
			// "didn't" → "didnt"
		default:
			latinBase = false
			dash = true
		}
	}
	return norm.NFC.String(b.String())
}

// isCased reports whether r is an upper- or title-case letter: one an id
// may not hold.
func isCased(r rune) bool { return unicode.IsUpper(r) || unicode.IsTitle(r) }

// validID reports whether id is a story id or item id: 1 to 64 lowercase
// letters (of any script, with their marks), digits, "-" and "_", starting
// with a letter or digit. Every [Slug] is one. docs/story.schema.json spells
// the same rule as a pattern.
func validID(id string) bool {
	n := 0
	for i, r := range id {
		n++
		switch {
		case unicode.IsLetter(r) && !isCased(r), unicode.Is(unicode.Nd, r):
		case i > 0 && (r == '-' || r == '_' || unicode.IsMark(r)):
		default:
			return false
		}
	}
	return n > 0 && n <= 64 && utf8.ValidString(id)
}

// latinSpelled spells the Latin letters that have no decomposition.
var latinSpelled = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ħ': "h",
}

// cutSlug cuts slug to at most max runes at a dash, when one falls in its
// second half, and drops trailing dashes.
func cutSlug(slug string, max int) string {
	if utf8.RuneCountInString(slug) <= max {
		return slug
	}
	cut := 0
	for i := range slug {
		if cut == max {
			slug = slug[:i]
			break
		}
		cut++
	}
	if i := strings.LastIndexByte(slug, '-'); i >= 0 && utf8.RuneCountInString(slug[:i]) > max/2 {
		slug = slug[:i]
	}
	return strings.TrimRight(slug, "-")
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
