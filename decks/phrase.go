package decks

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Blank is a stretch of a strong example that a phrase card hides.
type Blank struct {
	Start, End int // byte offsets into the text as given
	Phrase     int // index of the phrase in the section's phrases
}

// Blanks finds each key phrase in the strong example text and returns the
// blanks in text order, and the indexes of the phrases that do not occur.
// It is the one phrase matcher: the terminal phrase card, lint's
// phrase-missing rule and the Anki export's cloze text all use it.
//
// Text and phrases are compared in Unicode NFC, rune by rune under simple
// case folding (as [strings.EqualFold] does), so "İ", "ß" or a decomposed
// "é" in either never makes a phrase go missing. Each phrase takes its first
// occurrence that does not overlap an earlier phrase's blank; a match never
// starts or ends inside a character (a letter and its combining marks). The
// offsets are byte offsets into text as given, normalised or not.
func Blanks(text string, phrases []string) (blanks []Blank, missing []int) {
	nt, toOrig := nfcMap(text)
	for i, ph := range phrases {
		np := norm.NFC.String(ph)
		found := false
		for from := 0; np != "" && from < len(nt); {
			start, end, ok := indexFold(nt[from:], np)
			if !ok {
				break
			}
			start, end = start+from, end+from
			os, oe := start, end
			if toOrig != nil {
				os, oe = toOrig[start], toOrig[end]
			}
			if os >= 0 && oe >= 0 && !overlaps(blanks, os, oe) {
				blanks = append(blanks, Blank{Start: os, End: oe, Phrase: i})
				found = true
				break
			}
			_, size := utf8.DecodeRuneInString(nt[start:])
			from = start + size
		}
		if !found {
			missing = append(missing, i)
		}
	}
	sort.SliceStable(blanks, func(a, b int) bool { return blanks[a].Start < blanks[b].Start })
	return blanks, missing
}

func overlaps(blanks []Blank, start, end int) bool {
	for _, b := range blanks {
		if start < b.End && b.Start < end {
			return true
		}
	}
	return false
}

// nfcMap returns s in NFC and, for every byte offset of the result, the
// offset in s it comes from, or -1 inside a character (a starter and the
// marks that follow it): no match may begin or end there. For ASCII text,
// which NFC leaves as it is, byte for byte, the map is nil: every offset
// is its own.
func nfcMap(s string) (string, []int) {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return s, nil
	}
	// A text already in NFC (most are) is its own result. norm's quick
	// check can call text with invalid UTF-8 normal although a segment
	// changes ("\xf2" then U+0340, which NFC makes U+0300), so such text
	// takes the long way.
	normal := utf8.ValidString(s) && norm.NFC.IsNormalString(s)
	var out []byte
	if !normal {
		out = make([]byte, 0, len(s)+len(s)/4)
	}
	m := make([]int, 0, len(s)+1)
	for at := 0; at < len(s); {
		n := norm.NFC.NextBoundaryInString(s[at:], true)
		if n <= 0 {
			n = len(s) - at
		}
		seg := norm.NFC.String(s[at : at+n])
		m = append(m, at)
		for k := 1; k < len(seg); k++ {
			m = append(m, -1)
		}
		if !normal {
			out = append(out, seg...)
		}
		at += n
	}
	m = append(m, len(s))
	if normal {
		return s, m
	}
	return string(out), m
}

// indexFold returns the first match of sub in s under simple case folding,
// as byte offsets into s.
func indexFold(s, sub string) (start, end int, ok bool) {
	first, _ := utf8.DecodeRuneInString(sub)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if equalFold(r, first) {
			if n, ok := prefixFold(s[i:], sub); ok {
				return i, i + n, true
			}
		}
		i += size
	}
	return 0, 0, false
}

// prefixFold reports whether s starts with prefix under simple case
// folding, and the length in s of the match.
func prefixFold(s, prefix string) (int, bool) {
	i := 0
	for _, pr := range prefix {
		if i >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !equalFold(r, pr) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// equalFold reports whether a and b are equal under simple Unicode case
// folding.
func equalFold(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return 'A' <= a && a <= 'Z' && a+'a'-'A' == b || 'A' <= b && b <= 'Z' && b+'a'-'A' == a
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}
