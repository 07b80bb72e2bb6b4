package answer

import (
	"strings"
	"unicode"

	"github.com/starcards/starcards"
)

// ForSection returns what an answer to the named section of s is checked
// against. A section without an example (a reflection told per level) takes
// the reflection for level, or the first one. ok is false if s has no such
// section.
func ForSection(s *starcards.Story, name, level string) (e Expect, ok bool) {
	for _, sec := range s.Sections {
		if sec.Name != name {
			continue
		}
		strong := sec.Example
		if strong == "" {
			strong = Reflection(s, level)
		}
		return Expect{Section: sec.Name, Strong: strong, Phrases: sec.Phrases, Story: StoryText(s)}, true
	}
	return Expect{}, false
}

// ForFollowup returns what an answer to follow-up f of s is checked
// against: its strong answer, with its key line as the phrase to cover.
func ForFollowup(s *starcards.Story, f starcards.Followup) Expect {
	var phrases []string
	if f.Key != "" {
		phrases = []string{f.Key}
	}
	return Expect{Strong: f.Strong, Phrases: phrases, Story: StoryText(s)}
}

// Reflection returns the reflection of s for level: from its reflections,
// then its level variants, matched with [SameLevel]; with no level or no
// match, the first reflection there is.
func Reflection(s *starcards.Story, level string) string {
	if level != "" {
		for _, r := range s.Reflections {
			if SameLevel(r.Level, level) && r.Text != "" {
				return r.Text
			}
		}
		for _, l := range s.Levels {
			if SameLevel(l.Level, level) && l.Reflection != "" {
				return l.Reflection
			}
		}
	}
	for _, r := range s.Reflections {
		if r.Text != "" {
			return r.Text
		}
	}
	for _, l := range s.Levels {
		if l.Reflection != "" {
			return l.Reflection
		}
	}
	return ""
}

// SameLevel reports whether two level names mean one level, ignoring case,
// spaces and punctuation, one being a prefix of the other: "SDE 1" and
// "sde1", "Senior" and "Senior SDE".
func SameLevel(a, b string) bool {
	na, nb := levelKey(a), levelKey(b)
	if na == "" || nb == "" {
		return false
	}
	return strings.HasPrefix(na, nb) || strings.HasPrefix(nb, na)
}

func levelKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, fold(s))
}

// StoryText returns all the text of s that an answer's numbers may come
// from.
func StoryText(s *starcards.Story) string {
	var b strings.Builder
	add := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
			b.WriteString(".\n")
		}
	}
	add(s.Title, s.Question)
	for _, sec := range s.Sections {
		add(sec.Example)
		add(sec.Phrases...)
	}
	for _, r := range s.Reflections {
		add(r.Text)
	}
	for _, f := range s.Followups {
		add(f.Strong, f.Key)
	}
	for _, a := range s.Angles {
		add(a.Lead, a.Emphasize)
	}
	for _, l := range s.Levels {
		add(l.Focus, l.Reflection)
	}
	return b.String()
}

// Numbers returns the numbers written in text with digits, as written
// ("0.3%", "$8,000"), without repeats of one value.
func Numbers(text string) []string {
	var out []string
	var seen []token
	for _, t := range tokens(text) {
		if !t.num || t.spelled || hasValueStrict(seen, t) {
			continue
		}
		seen = append(seen, t)
		w := t.word
		if t.unit == "$" && !strings.ContainsAny(w, "$") {
			w = "$" + w
		}
		if t.unit == "%" && !strings.HasSuffix(w, "%") {
			w += "%"
		}
		out = append(out, w)
	}
	return out
}
