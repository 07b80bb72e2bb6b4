package answer

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/starcards/starcards"
	"golang.org/x/text/unicode/norm"
)

// token is one word or number of a text.
type token struct {
	word string // normalised word; for a number, its text as written
	stem string
	num  bool
	val  float64
	unit string // "$", "%" or ""
	// spelled is set for a number written as a word ("zero"): it counts as
	// a number but is never a wrong one.
	spelled bool
	// clause is set on the first token of a sentence or clause.
	clause bool
	// sent numbers the sentences of a text.
	sent int
}

// fold lower-cases s and removes accents.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var multipliers = map[string]float64{
	"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9,
}

var spelledNumbers = map[string]float64{"zero": 0}

// tokens splits s into words and numbers. Sentence ends (. ! ? ;), commas
// and the conjunctions and/then/so/but mark clause starts.
func tokens(s string) []token {
	s = fold(s)
	rs := []rune(s)
	var raw []token
	clause := true
	sent := 0
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '$' || r == '€' || r == '£':
			// A currency sign before a number.
			j := i + 1
			for j < len(rs) && rs[j] == ' ' {
				j++
			}
			if j < len(rs) && unicode.IsDigit(rs[j]) {
				t, n := number(rs[j:])
				t.unit = "$"
				t.clause, t.sent = clause, sent
				clause = false
				raw = append(raw, t)
				i = j + n
				continue
			}
			i++
		case unicode.IsDigit(r):
			t, n := number(rs[i:])
			t.clause, t.sent = clause, sent
			clause = false
			raw = append(raw, t)
			i += n
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || isApostrophe(rs[j]) && j+1 < len(rs) && unicode.IsLetter(rs[j+1])) {
				j++
			}
			orig := string(rs[i:j])
			w := strings.Map(func(r rune) rune {
				if isApostrophe(r) {
					return -1
				}
				return r
			}, orig)
			if base, ok := strings.CutSuffix(w, "nt"); ok && len(w) < len(orig) && len(base) >= 2 {
				// A contraction: wasn't, didn't, isn't.
				raw = append(raw, token{word: base, clause: clause, sent: sent}, token{word: "not", sent: sent})
			} else {
				raw = append(raw, token{word: w, clause: clause, sent: sent})
			}
			clause = false
			i = j
		case r == '%':
			if n := len(raw); n > 0 && raw[n-1].num {
				raw[n-1].unit = "%"
			}
			i++
		case (r == '.' || r == '!' || r == '?' || r == ';') && (i+1 == len(rs) || !unicode.IsDigit(rs[i+1])):
			sent++
			clause = true
			i++
		case r == '.' || r == '!' || r == '?' || r == ';' || r == ',' || r == ':' || r == '—' || r == '–' || r == '(' || r == ')' || r == '"' || r == '“' || r == '”':
			clause = true
			i++
		default:
			i++
		}
	}
	// Second pass: units and multipliers written as words, spelled numbers,
	// clause-starting conjunctions, stems.
	out := make([]token, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		if !t.num {
			if v, ok := spelledNumbers[t.word]; ok {
				t.num, t.val, t.spelled = true, v, true
			}
		}
		if t.num && !t.spelled && len(out) > 0 {
			if p := out[len(out)-1]; !p.num && (p.word == "usd" || p.word == "eur") {
				t.unit = "$"
			}
		}
		if t.num && !t.spelled {
			for i+1 < len(raw) && !raw[i+1].num {
				next := raw[i+1].word
				if m, ok := multipliers[next]; ok && !raw[i+1].clause {
					t.val *= m
					i++
					continue
				}
				switch next {
				case "dollars", "dollar", "usd", "bucks", "euros", "eur":
					t.unit = "$"
					i++
					continue
				case "percent", "pct":
					t.unit = "%"
					i++
					continue
				case "per":
					if i+2 < len(raw) && raw[i+2].word == "cent" {
						t.unit = "%"
						i += 2
						continue
					}
				}
				break
			}
		}
		if !t.num {
			if t.word == "one" && len(out) > 0 && out[len(out)-1].word == "no" && !t.clause {
				out[len(out)-1].word = "nobody"
				out[len(out)-1].stem = stem("nobody")
				continue
			}
			if (t.word == "and" || t.word == "then" || t.word == "so" || t.word == "but" || t.word == "after" || t.word == "together") && i+1 < len(raw) {
				raw[i+1].clause = true
			}
			t.stem = stem(t.word)
		}
		out = append(out, t)
	}
	return out
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '`' }

// number reads a number at the start of rs: digits with thousands commas and
// a decimal point, and an attached multiplier (8k, 2m). It returns the token
// and the runes consumed.
func number(rs []rune) (token, int) {
	j := 0
	var digits strings.Builder
	for j < len(rs) {
		r := rs[j]
		switch {
		case unicode.IsDigit(r):
			digits.WriteRune(r)
		case r == ',' && digitRun(rs[j+1:]) == 3:
			// thousands separator: skip
		case r == '.' && j+1 < len(rs) && unicode.IsDigit(rs[j+1]):
			digits.WriteRune('.')
		default:
			goto done
		}
		j++
	}
done:
	v, err := strconv.ParseFloat(digits.String(), 64)
	if err != nil || math.IsInf(v, 0) {
		v = 0
	}
	t := token{word: string(rs[:j]), num: true, val: v}
	// An attached multiplier: 8k, 2M, 3bn — but not a word like "8kg" or "2nd".
	k := j
	for k < len(rs) && unicode.IsLetter(rs[k]) {
		k++
	}
	if k > j {
		suffix := string(rs[j:k])
		if m, ok := multipliers[suffix]; ok {
			t.val *= m
		}
		t.word = string(rs[:k])
		j = k
	}
	return t, j
}

// digitRun returns how many digits start rs.
func digitRun(rs []rune) int {
	n := 0
	for n < len(rs) && unicode.IsDigit(rs[n]) {
		n++
	}
	return n
}

// suffixes are stripped, longest first, to find a word's stem.
var suffixes = []string{"ations", "ation", "ingly", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s"}

// stem returns a light stem of a lower-case word: common suffixes and a
// final e are removed, so "notice", "noticed" and "noticing" share one.
func stem(w string) string {
	for _, suf := range suffixes {
		if len(w)-len(suf) >= 3 && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// sameNumber reports whether a and b are the same value, with compatible
// units (a number without a unit matches any).
func sameNumber(a, b token) bool {
	if a.unit != "" && b.unit != "" && a.unit != b.unit {
		return false
	}
	if a.val == b.val {
		return true
	}
	d := math.Abs(a.val - b.val)
	return d <= 1e-9*math.Max(math.Abs(a.val), math.Abs(b.val))
}

// sameWord reports whether two tokens match: equal numbers, or words whose
// stems agree or are a small edit apart.
func sameWord(a, b token) bool {
	if a.num || b.num {
		return a.num && b.num && sameNumber(a, b)
	}
	if a.word == b.word || a.stem == b.stem {
		return true
	}
	n := min(len(a.stem), len(b.stem))
	switch {
	case n >= 8:
		return starcards.EditDistance(a.stem, b.stem) <= 2
	case n >= 4:
		return starcards.EditDistance(a.stem, b.stem) <= 1
	}
	return false
}
