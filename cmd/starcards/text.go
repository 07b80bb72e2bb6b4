package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
)

// safe neutralises terminal control sequences in story text.
func safe(s string) string { return session.Safe(s) }

// oneLine returns s on one line, cut to at most n runes with an ellipsis.
func oneLine(s string, n int) string {
	if isOneLine(s, n) {
		return s
	}
	s = strings.Join(strings.Fields(safe(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// isOneLine reports whether oneLine(s, n) is s: at most n runes, no
// space but single ' ' between words, nothing safe would replace.
func isOneLine(s string, n int) bool {
	if s == "" {
		return true
	}
	if utf8.RuneCountInString(s) > n {
		return false
	}
	space := true // a space at the start would be leading
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || space {
				return false
			}
			space = true
			continue
		}
		space = false
	}
	return !space && safe(s) == s
}

// stateLabel describes a card's state as lists show it.
func stateLabel(cs starcards.CardState, at time.Time) string {
	switch {
	case cs.Retired:
		return "retired"
	case cs.Schedule.Suspended && cs.Schedule.Leech:
		return "suspended (leech)"
	case cs.Schedule.Suspended:
		return "suspended"
	case cs.Schedule.BuriedUntil.After(at):
		return "buried"
	}
	return cs.Schedule.State.String()
}

// dueLabel formats when a card is due, in local time.
func dueLabel(s starcards.Schedule) string {
	if s.State == starcards.StateNew || s.Due.IsZero() {
		return "-"
	}
	return s.Due.In(time.Local).Format("2006-01-02 15:04")
}

// writeTable writes a table with a header row.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewWriter(w)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// writeJSON writes v as indented JSON. Beyond what encoding/json escapes,
// C1 controls and bidirectional overrides are written as \u escapes, so
// that printing the JSON to a terminal cannot drive it.
func writeJSON(w io.Writer, v any) error {
	// What a json.Encoder with SetIndent("", "  ") writes, indented by
	// indentJSON: encoding/json's indenter is a byte-at-a-time state
	// machine, the larger part of encoding a large report.
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	out := append(indentJSON(make([]byte, 0, len(b)+len(b)/2), b), '\n')
	if hasUnsafeJSON(string(out)) {
		_, err = io.WriteString(w, escapeJSON(string(out)))
		return err
	}
	_, err = w.Write(out)
	return err
}

// indentJSON appends src, compact JSON as json.Marshal writes it, to dst
// as json.Indent(dst, src, "", "  ") does: a newline and two spaces a
// level before each element and closing bracket, ": " after keys, empty
// objects and arrays left as {} and [].
func indentJSON(dst, src []byte) []byte {
	depth := 0
	open := false // after { or [, the newline waits: {} and [] stay as they are
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			// The string, escapes and all, up to its closing quote.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// writeJSONArray writes the n values elem(0)…elem(n-1) as the JSON array
// writeJSON would write for their slice, byte for byte, but one element at
// a time: a large list is never held encoded in memory.
func writeJSONArray(w io.Writer, n int, elem func(i int) any) error {
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("[\n")
	for i := range n {
		b, err := json.MarshalIndent(elem(i), "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString("  ")
		bw.WriteString(escapeJSON(string(b)))
		if i < n-1 {
			bw.WriteString(",\n")
		}
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// escapeJSON escapes the C1 controls and bidi formatting characters of
// encoded JSON; they can only occur inside its strings.
func escapeJSON(s string) string {
	if !hasUnsafeJSON(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeInJSON(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasUnsafeJSON is strings.ContainsFunc(s, unsafeInJSON), decoding only
// the characters above ASCII (every unsafe one is).
func hasUnsafeJSON(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeInJSON(r) {
			return true
		}
		i += n
	}
	return false
}

func unsafeInJSON(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || r == '\u200e' || r == '\u200f' || r == '\u061c' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
