package decks

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Span is a stretch of text, as byte offsets.
type Span struct{ Start, End int }

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "vs": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "approx": true, "no": true, "st": true, "inc": true, "ltd": true, "jr": true, "sr": true,
}

// Sentences splits text into sentences: a sentence ends at ".", "!" or "?"
// (and any closing quotes or brackets after it) followed by white space and
// a capital letter, a digit, a currency sign or an opening quote, unless the
// word before the period is a common abbreviation ("e.g.", "approx."); a
// blank line also ends one. Decimal points ("0.3%") never end a sentence.
// Spans exclude the white space between sentences.
func Sentences(text string) []Span {
	var out []Span
	start := -1
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if start < 0 {
			if !unicode.IsSpace(r) {
				start = i
			}
			i += size
			continue
		}
		if r == '\n' && strings.HasPrefix(strings.TrimLeft(text[i+1:], " \t\r"), "\n") {
			out = append(out, Span{start, trimEnd(text, start, i)})
			start = -1
			i += size
			continue
		}
		if r != '.' && r != '!' && r != '?' {
			i += size
			continue
		}
		end := i + size
		for end < len(text) {
			c, n := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(`"')]”’»`, c) && c != '.' {
				break
			}
			end += n
		}
		j := end
		for j < len(text) {
			c, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(c) {
				break
			}
			j += n
		}
		if j == end || j == len(text) { // no space after, or the end
			i = end
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[j:])
		opens := unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`$€£"'“‘(«`, next)
		if !opens || (r == '.' && abbreviations[strings.ToLower(lastWord(text[start:i]))]) {
			i = end
			continue
		}
		out = append(out, Span{start, end})
		start = -1
		i = j
	}
	if start >= 0 {
		if e := trimEnd(text, start, len(text)); e > start {
			out = append(out, Span{start, e})
		}
	}
	return out
}

func trimEnd(text string, start, end int) int {
	return start + len(strings.TrimRightFunc(text[start:end], unicode.IsSpace))
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	return s[i+1:]
}

// number matches one quantity: an optional currency sign, digits with
// separators, an optional range ("2-3"), and an optional unit. numberRe
// adds an optional "to <quantity>" or "→ <quantity>" change.
const number = `[$€£]?\d+(?:[.,]\d+)*(?:\s?[-–]\s?\d+(?:[.,]\d+)*)?` +
	`(?:\s?(?:%|×|(?i:percent|[kmb]|x|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|years?)\b))?`

var numberRe = lazyRegexp(number + `(?:\s*(?:→|->|\b(?i:to)\b)\s*(?:` + number + `|\b(?i:zero)\b))?`)

// Numbers returns where numbers and metrics occur in text: percentages,
// amounts, durations, counts and before→after changes ("0.3% to zero"),
// in text order. Digits that are part of a word (SDE2, L5, p99, 3rd) are
// not numbers.
func Numbers(text string) []Span {
	var out []Span
	for _, m := range numberRe().FindAllStringIndex(text, -1) {
		if m[0] > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:m[0]])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' {
				continue
			}
		}
		if m[1] < len(text) {
			r, _ := utf8.DecodeRuneInString(text[m[1]:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
				continue // part of a word: "3rd", "31mred"
			}
		}
		out = append(out, Span{m[0], m[1]})
	}
	return out
}

// hasNumber reports whether s holds a number, as [Numbers] finds them.
func hasNumber(s string) bool { return len(Numbers(s)) > 0 }

// opening returns the first words of a sentence as a cue: at most max
// words and at most half of the sentence's (so a cue never is the answer),
// cut before the first of the spans (the answers of other cards) that falls
// among them when two words or more come before it, else with the span
// shown as "…": a cue gives no other card's answer away. It ends with "…"
// when it is not the whole sentence.
func opening(sentence string, max int, answers []Span) string {
	if half := (len(strings.Fields(sentence)) + 1) / 2; half < max {
		max = half
	}
	var masked strings.Builder
	last := 0
	for _, a := range answers {
		if a.Start < last || a.End > len(sentence) || a.Start >= a.End {
			continue
		}
		masked.WriteString(sentence[last:a.Start])
		masked.WriteString(" … ")
		last = a.End
	}
	masked.WriteString(sentence[last:])
	words := strings.Fields(masked.String())
	n := min(max, len(words))
	// Cut before the first mask when two words or more come before it.
	for i, w := range words[:n] {
		if w == "…" && i >= 2 {
			n = i
			break
		}
	}
	cue := strings.Join(words[:n], " ")
	cue = strings.TrimRightFunc(cue, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' })
	if n < len(words) && !strings.HasSuffix(cue, "…") {
		cue += "…"
	}
	return cue
}

// lazyRegexp compiles expr on first use: a command that never needs a
// pattern does not pay for compiling it at start-up.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
