package export

import (
	"strings"
	"testing"
)

// escapeHTMLBytes is escapeHTML as first written, byte by byte: the
// reference for the one that copies runs of plain text.
func escapeHTMLBytes(s string, colons int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		case '{':
			b.WriteString("&#123;")
		case '}':
			b.WriteString("&#125;")
		case '[':
			b.WriteString("&#91;")
		case '\n':
			b.WriteString("<br>")
		case '\t':
			b.WriteString("&#9;")
		case ':':
			if colons == colonsAll || (i > 0 && s[i-1] == ':') || (i+1 < len(s) && s[i+1] == ':') {
				b.WriteString("&#58;")
			} else {
				b.WriteByte(':')
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FuzzEscapeHTML: escapeHTML writes what the byte-by-byte escaper writes,
// with either colon rule.
func FuzzEscapeHTML(f *testing.F) {
	for _, s := range []string{"", "plain", "a::b", ":x:", "{{c1::x}} & <b> 'q' \"d\" [t]\n\t:", "é::中"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, colons := range []int{colonsPaired, colonsAll} {
			if got, want := escapeHTML(s, colons), escapeHTMLBytes(s, colons); got != want {
				t.Fatalf("escapeHTML(%q, %d) = %q, want %q", s, colons, got, want)
			}
		}
	})
}
