package decks

import (
	"strings"
	"unicode"

	"github.com/starcards/starcards"
)

// LevelKey returns the canonical key of a seniority level, so that the
// names stories and users write for one level match: "SDE 1", "SDE1",
// "SDE I" and "L4" give "sde1"; "SDE2", "SDE II" and "L5" give "sde2";
// "Senior", "Senior SDE", "SDE3", "SDE III" and "L6" give "senior";
// "Principal…" and "L7" give "principal". Any other name gives its slug.
func LevelKey(level string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(level) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	switch k {
	case "sde1", "sdei", "l4", "junior", "entry":
		return "sde1"
	case "sde2", "sdeii", "l5", "mid", "midlevel":
		return "sde2"
	case "sde3", "sdeiii", "l6":
		return "senior"
	case "l7":
		return "principal"
	}
	switch {
	case strings.HasPrefix(k, "senior"):
		return "senior"
	case strings.HasPrefix(k, "principal"):
		return "principal"
	}
	return Slug(level)
}

// SameLevel reports whether two level names mean one level ([LevelKey]).
func SameLevel(a, b string) bool {
	ka := LevelKey(a)
	return ka != "" && ka == LevelKey(b)
}

// userLevel is what a story offers at the user's level.
type userLevel struct {
	name       string // as the story writes it
	key        string // LevelKey
	reflection string
	variant    *starcards.Level
}

// levelFor returns what story s has for the level named level (the
// story's role when level is empty): the reflection at that level (from
// reflections, else from the level variant) and the level variant. ok is
// false when no level is known.
func levelFor(s *starcards.Story, level string) (l userLevel, ok bool) {
	if strings.TrimSpace(level) == "" {
		level = s.Role
	}
	if LevelKey(level) == "" {
		return l, false
	}
	l = userLevel{name: level, key: LevelKey(level)}
	for i := range s.Levels {
		if SameLevel(s.Levels[i].Level, level) {
			l.variant = &s.Levels[i]
			l.name = s.Levels[i].Level
			break
		}
	}
	for _, r := range s.Reflections {
		if SameLevel(r.Level, level) && strings.TrimSpace(r.Text) != "" {
			l.reflection = r.Text
			l.name = r.Level
			break
		}
	}
	if l.reflection == "" && l.variant != nil {
		l.reflection = l.variant.Reflection
	}
	return l, true
}
