package store

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// parseBrief reads a story outline record's JSON as briefValue writes it
// (json.Marshal of a storyBrief) into b, several times faster than
// encoding/json, and reports whether it could: a record with any other
// layout, or a string with an escape in it, it leaves to encoding/json.
// A record it reads gives what json.Unmarshal gives.
func parseBrief(p []byte, b *storyBrief) bool {
	r := briefReader{p: p}
	s := &b.Story
	*b = storyBrief{}
	if !r.lit(`{"story":{"ID":`) || !r.str(&s.ID) || !r.lit(`,"Title":`) || !r.str(&s.Title) {
		return false
	}
	if r.peek(`,"Question":`) && (!r.lit(`,"Question":`) || !r.str(&s.Question)) {
		return false
	}
	if !r.lit(`,"Principles":`) {
		return false
	}
	if !r.lit("null") {
		if !r.lit("[") {
			return false
		}
		s.Principles = []string{}
		for first := true; !r.lit("]"); first = false {
			var v string
			if !first && !r.lit(",") || !r.str(&v) {
				return false
			}
			s.Principles = append(s.Principles, v)
		}
	}
	if !r.lit(`,"Role":`) || !r.str(&s.Role) || !r.lit(`,"Angles":`) {
		return false
	}
	if !r.lit("null") {
		if !r.lit("[") {
			return false
		}
		s.Angles = []struct{ Principle string }{}
		for first := true; !r.lit("]"); first = false {
			var v string
			if !first && !r.lit(",") || !r.lit(`{"Principle":`) || !r.str(&v) || !r.lit("}") {
				return false
			}
			s.Angles = append(s.Angles, struct{ Principle string }{v})
		}
	}
	if !r.lit(`},"seq":`) {
		return false
	}
	n := 0
	for n < len(r.p) && '0' <= r.p[n] && r.p[n] <= '9' {
		n++
	}
	seq, err := strconv.ParseUint(string(r.p[:n]), 10, 32)
	if err != nil || n > 1 && r.p[0] == '0' {
		return false
	}
	b.Seq = uint32(seq)
	r.p = r.p[n:]
	if r.lit(`,"retired":true`) {
		b.Retired = true
	}
	return r.lit("}") && len(r.p) == 0
}

// briefReader reads the JSON of an outline record from the front.
type briefReader struct{ p []byte }

// peek reports whether the rest starts with s.
func (r *briefReader) peek(s string) bool { return bytes.HasPrefix(r.p, []byte(s)) }

// lit consumes s if the rest starts with it.
func (r *briefReader) lit(s string) bool {
	if !r.peek(s) {
		return false
	}
	r.p = r.p[len(s):]
	return true
}

// str consumes a string without escapes or control characters.
func (r *briefReader) str(v *string) bool {
	if len(r.p) == 0 || r.p[0] != '"' {
		return false
	}
	for i := 1; i < len(r.p); i++ {
		switch c := r.p[i]; {
		case c == '"':
			if !utf8.Valid(r.p[1:i]) { // encoding/json would replace the bad bytes
				return false
			}
			*v = string(r.p[1:i])
			r.p = r.p[i+1:]
			return true
		case c == '\\' || c < 0x20:
			return false
		}
	}
	return false
}
