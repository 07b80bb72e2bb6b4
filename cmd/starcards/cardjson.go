package main

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/starcards/starcards"
)

// appendCardJSON appends a card as list --json prints it, byte for
// byte what writeJSONArray writes for toJSONAt(*cs, true, at) after the
// array's indent (json.MarshalIndent with prefix and indent "  ", then
// escapeJSON), but without reflection or allocations. It returns false,
// and b as given, for a card whose times encoding/json encodes otherwise
// or refuses (not UTC, or a year outside 0–9999): the caller encodes that
// one with encoding/json.
func appendCardJSON(b []byte, cs *starcards.CardState, at time.Time) ([]byte, bool) {
	s := &cs.Schedule
	var due, buried time.Time
	if s.State != starcards.StateNew {
		due = s.Due
	}
	if s.BuriedUntil.After(at) {
		buried = s.BuriedUntil
	}
	for _, t := range []time.Time{due, buried} {
		if !t.IsZero() && (t.Location() != time.UTC || t.Year() < 0 || t.Year() > 9999) {
			return b, false
		}
	}
	id := &cs.Card.ID
	field := func(name string) {
		if name != "id" {
			b = append(b, ',')
		}
		b = append(b, "\n    \""...)
		b = append(b, name...)
		b = append(b, "\": "...)
	}
	tm := func(name string, t time.Time) {
		field(name)
		b = append(b, '"')
		b = t.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	flag := func(name string, v bool) {
		if v {
			field(name)
			b = append(b, "true"...)
		}
	}
	b = append(b, '{')
	// The id's parts escape as the id does: escaping goes by character.
	field("id")
	b = append(b, '"')
	b = appendJSONChars(b, id.Story)
	b = append(b, '/')
	b = appendJSONChars(b, string(id.Kind))
	b = append(b, '/')
	b = appendJSONChars(b, id.Key)
	b = append(b, '"')
	field("story")
	b = appendJSONString(b, id.Story)
	field("kind")
	b = appendJSONString(b, string(id.Kind))
	field("key")
	b = appendJSONString(b, id.Key)
	field("state")
	b = appendJSONString(b, s.State.String())
	if !due.IsZero() {
		tm("due", due)
	}
	flag("suspended", s.Suspended)
	flag("buried", !buried.IsZero())
	if !buried.IsZero() {
		tm("buried_until", buried)
	}
	flag("leech", s.Leech)
	flag("retired", cs.Retired)
	if cs.Card.Front != "" {
		field("front")
		b = appendJSONString(b, cs.Card.Front)
	}
	if cs.Card.Back != "" {
		field("back")
		b = appendJSONString(b, cs.Card.Back)
	}
	return append(b, "\n  }"...), true
}

// appendJSONString appends s as a JSON string as encoding/json writes it
// (HTML characters escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped) and escapeJSON then rewrites it (C1 controls and bidi
// formatting characters escaped).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONChars(b, s)
	return append(b, '"')
}

// jsonPlain marks the bytes a JSON string holds as they are: ASCII but
// controls, quote, backslash and the HTML characters.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// appendJSONChars is appendJSONString without the quotes.
func appendJSONChars(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029' || unsafeInJSON(r):
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}
