package decks

import (
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// nfcMapSegments is nfcMap as it was first written, segment by segment
// for any text: the reference for the ASCII and already-normal shortcuts.
func nfcMapSegments(s string) (string, []int) {
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

// FuzzNFCMap: nfcMap gives the text and offsets of the segment-by-segment
// normalisation, a nil map standing for offsets that are their own.
func FuzzNFCMap(f *testing.F) {
	for _, s := range []string{"", "plain ASCII, 0.3% to zero", "café", "cafe\u0301", "İstanbul ß", "a\u0308\u0301b", "\xff\xfe", "Ω\u0345\u0313"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, m := nfcMap(s)
		want, wm := nfcMapSegments(s)
		if m == nil {
			m = make([]int, len(s)+1)
			for i := range m {
				m[i] = i
			}
		}
		if got != want || !reflect.DeepEqual(m, wm) {
			t.Fatalf("nfcMap(%q) = %q %v, want %q %v", s, got, m, want, wm)
		}
	})
}
