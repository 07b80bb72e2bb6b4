package export

import (
	"crypto/sha1"
	"encoding/binary"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starcards/starcards/decks"
	"golang.org/x/text/unicode/norm"
)

// cleanText prepares untrusted plain text: invalid UTF-8 becomes U+FFFD, CR LF
// and lone CR become LF, and ASCII control characters other than LF and TAB
// (among them Anki's field separator 0x1f) are dropped, as Anki itself drops
// them from fields.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r':
			b.WriteByte('\n')
		case (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Colon handling in [escapeHTML].
const (
	colonsPaired = iota // escape a colon next to another colon ("::" starts cloze hints, subdecks)
	colonsAll           // escape every colon (text inside a cloze deletion)
)

// escapeHTML turns cleaned plain text into field HTML that renders as the
// text and cannot be anything else:
//
//   - & < > " ' become entities, so no tag or attribute can be injected;
//   - { and } become &#123; &#125;, so "{{c1::x}}" or "{{Front}}" in a story
//     can create neither a cloze nor a template reference;
//   - colons next to another colon become &#58; (every colon with
//     colonsAll), so "::" cannot start a cloze hint;
//   - [ becomes &#91;, so "[sound:x]" or "[$]x[/$]" is not a media or LaTeX tag;
//   - LF becomes <br>, TAB &#9;.
//
// Only entities that Anki's decoder (htmlescape 0.3.1) knows are used, so
// Anki's checksum sees the original text. The output never contains a double
// quote, which keeps TSV fields unquoted.
func escapeHTML(s string, colons int) string {
	i := 0
	for i < len(s) && !htmlSpecial[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	b.WriteString(s[:i])
	start := i
	for ; i < len(s); i++ {
		c := s[i]
		if !htmlSpecial[c] {
			continue
		}
		var esc string
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&#39;"
		case '{':
			esc = "&#123;"
		case '}':
			esc = "&#125;"
		case '[':
			esc = "&#91;"
		case '\n':
			esc = "<br>"
		case '\t':
			esc = "&#9;"
		case ':':
			if colons != colonsAll && (i == 0 || s[i-1] != ':') && (i+1 == len(s) || s[i+1] != ':') {
				continue
			}
			esc = "&#58;"
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
	return b.String()
}

// htmlSpecial marks the bytes escapeHTML may replace.
var htmlSpecial = func() (t [256]bool) {
	for _, c := range []byte("&<>\"'{}[\n\t:") {
		t[c] = true
	}
	return t
}()

// fieldHTML is escapeHTML(cleanText(s)): plain text from a story as field HTML.
func fieldHTML(s string) string { return escapeHTML(cleanText(s), colonsPaired) }

// maxClozes caps cloze numbers: Anki maps c500 and above to one card (ord 499).
const maxClozes = 499

// clozeText builds the Text field of a phrase note from the strong example
// text and its key phrases (one per line). Phrase n (1-based, blank lines
// skipped) becomes {{cn::…}} around the match [decks.Blanks] finds, the
// same the terminal phrase card blanks; a phrase it cannot find is appended after the text ("Also: {{c3::…}}"), so every
// phrase is exactly one cloze card, with card ord n−1. With no phrases the
// whole text is one cloze. It returns the field HTML and the cloze count.
func clozeText(text, phrases string) (string, int) {
	text = cleanText(text)
	var list []string
	for _, p := range strings.Split(cleanText(phrases), "\n") {
		if p = strings.TrimSpace(p); p != "" && len(list) < maxClozes {
			list = append(list, p)
		}
	}
	if len(list) == 0 {
		if strings.TrimSpace(text) == "" {
			return "", 0
		}
		return "{{c1::" + escapeHTML(text, colonsAll) + "}}", 1
	}
	blanks, missing := decks.Blanks(text, list)
	var b strings.Builder
	prev := 0
	for _, bl := range blanks {
		b.WriteString(escapeHTML(text[prev:bl.Start], colonsPaired))
		writeCloze(&b, bl.Phrase+1, text[bl.Start:bl.End])
		prev = bl.End
	}
	b.WriteString(escapeHTML(text[prev:], colonsPaired))
	if len(missing) > 0 {
		if b.Len() > 0 {
			b.WriteString("<br><br>")
		}
		b.WriteString("Also: ")
		for k, i := range missing {
			if k > 0 {
				b.WriteString("; ")
			}
			writeCloze(&b, i+1, list[i])
		}
	}
	return b.String(), len(list)
}

func writeCloze(b *strings.Builder, n int, content string) {
	b.WriteString("{{c")
	b.WriteString(strconv.Itoa(n))
	b.WriteString("::")
	b.WriteString(escapeHTML(content, colonsAll))
	b.WriteString("}}")
}

// ---- Anki's field checksum and sort field (rslib/src/notes/mod.rs, text.rs)

var (
	// rslib/src/text.rs HTML: comments, <style>, <script>, any tag.
	htmlRE = regexp.MustCompile(`(?si)(<!--.*?-->)|(<style.*?>.*?</style>)|(<script.*?>.*?</script>)|(<.*?>)`)
	// rslib/src/text.rs HTML_MEDIA_TAGS (verbose mode, whitespace removed).
	htmlMediaRE = regexp.MustCompile(`(?si)<\b(?:img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')+?\b(?:src|data)\b=(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^>]+?)(?: [^>]*>|>))`)
)

// stripHTMLPreservingMedia mirrors Anki's strip_html_preserving_media_filenames:
// media tags become " name ", other tags, comments, styles and scripts are
// removed, then entities are decoded.
func stripHTMLPreservingMedia(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		s = htmlMediaRE.ReplaceAllStringFunc(s, func(m string) string {
			g := htmlMediaRE.FindStringSubmatch(m)
			return " " + g[1] + g[2] + g[3] + " "
		})
		s = htmlRE.ReplaceAllString(s, "")
	}
	return decodeEntities(s)
}

// decodeEntities mirrors Anki's decode_entities: if the text contains '&' it
// is decoded with the htmlescape 0.3.1 rules, and on any malformed or unknown
// entity the text is left exactly as it was; after a successful decode,
// no-break spaces become spaces.
func decodeEntities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	d, ok := htmlescapeDecode(s)
	if !ok {
		return s
	}
	return strings.ReplaceAll(d, "\u00a0", " ")
}

// namedEntities holds the named entities this package writes or can meet in
// its own output; all are in htmlescape's HTML 4 table. Any other name makes
// the decode fail, as an unknown name would in Anki, which this package never
// writes.
var namedEntities = map[string]rune{"amp": '&', "lt": '<', "gt": '>', "quot": '"', "nbsp": '\u00a0'}

// htmlescapeDecode is htmlescape 0.3.1 decode_html.
func htmlescapeDecode(s string) (string, bool) {
	const (
		normal = iota
		entity
		named
		numeric
		dec
		hex
	)
	var out strings.Builder
	out.Grow(len(s))
	state := normal
	start := 0 // start of the entity name or digits
	for i, c := range s {
		switch state {
		case normal:
			if c == '&' {
				state = entity
			} else {
				out.WriteRune(c)
			}
		case entity:
			switch c {
			case '#':
				state = numeric
			case ';':
				return "", false
			default:
				state, start = named, i
			}
		case named:
			if c == ';' {
				r, ok := namedEntities[s[start:i]]
				if !ok {
					return "", false
				}
				out.WriteRune(r)
				state = normal
			}
		case numeric:
			switch {
			case '0' <= c && c <= '9':
				state, start = dec, i
			case c == 'x':
				state, start = hex, i+1
			default:
				return "", false
			}
		case dec, hex:
			if c == ';' {
				base := 10
				if state == hex {
					base = 16
				}
				n, err := strconv.ParseUint(s[start:i], base, 32)
				if err != nil || n > unicode.MaxRune || (n >= 0xd800 && n <= 0xdfff) {
					return "", false
				}
				out.WriteRune(rune(n))
				state = normal
			} else if !(('0' <= c && c <= '9') || (state == hex && (('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')))) {
				return "", false
			}
		}
	}
	if state != normal {
		return "", false
	}
	return out.String(), true
}

// normalizeField mirrors Anki's normalize_field: ASCII control characters
// other than LF and TAB are removed, and the text is put in NFC.
func normalizeField(s string) string {
	return norm.NFC.String(stripControls(s))
}

func stripControls(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			var b strings.Builder
			for j := 0; j < len(s); j++ {
				if c := s[j]; !((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
					b.WriteByte(c)
				}
			}
			return b.String()
		}
	}
	return s
}

// fieldChecksum is Anki's field_checksum: the first four bytes of the SHA-1
// of text, big-endian.
func fieldChecksum(text string) uint32 {
	sum := sha1.Sum([]byte(text))
	return binary.BigEndian.Uint32(sum[:4])
}

// sortAndChecksum returns a note's sfld and csum as Anki computes them.
func sortAndChecksum(fields []string, sortf int) (string, uint32) {
	first := stripHTMLPreservingMedia(normalizeField(fields[0]))
	sfld := first
	if sortf != 0 {
		sfld = stripHTMLPreservingMedia(normalizeField(fields[sortf]))
	}
	return sfld, fieldChecksum(first)
}
