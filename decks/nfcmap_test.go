package decks

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// nfcMapSlow is nfcMap without its ASCII shortcut: every character asked
// of norm.
func nfcMapSlow(s string) (string, []int) {
	var out []byte
	m := []int{}
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
		out = append(out, seg...)
		at += n
	}
	m = append(m, len(s))
	return string(out), m
}

// FuzzNFCMap: the ASCII shortcut changes nothing, for ASCII followed by
// combining marks, decomposed and invalid text too.
func FuzzNFCMap(f *testing.F) {
	for _, s := range []string{"", "a", "plain ASCII text.", "e\u0301t\u00e9", "Ae\u0301\u0323x", "\xff\xfeab", "a\u0308\u0301", "ﬁ İ ß", "x\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gm := nfcMap(s)
		want, wm := nfcMapSlow(s)
		if got != want || !slices.Equal(gm, wm) {
			t.Fatalf("nfcMap(%q) = %q %v, want %q %v", s, got, gm, want, wm)
		}
	})
}
