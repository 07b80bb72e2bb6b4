package decks

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/starcards/starcards"
)

// Encode returns s as a YAML story file that [Parse] reads back to an equal
// story. Empty parts are left out.
func Encode(s *starcards.Story) ([]byte, error) {
	return yaml.MarshalWithOptions(storyMap(s), yaml.UseLiteralStyleIfMultiline(true), yaml.IndentSequence(true))
}

type mapBuilder yaml.MapSlice

func (m *mapBuilder) str(key, value string) {
	if value != "" {
		*m = append(*m, yaml.MapItem{Key: key, Value: text(value)})
	}
}

// text returns s as the YAML encoder should write it: as it is where the
// encoder's own quoting is safe, and double-quoted where a plain scalar
// would start with a YAML indicator the encoder leaves bare (such as "? ").
func text(s string) any {
	if strings.ContainsRune(s, '\n') {
		return s // a literal block keeps everything as it is
	}
	if strings.ContainsAny(s[:1], "?:-,[]{}#&*!|>'\"%@`") || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return quoted(s)
	}
	return s
}

// quoted is a string the encoder writes in double quotes.
type quoted string

func (q quoted) MarshalYAML() ([]byte, error) {
	return []byte(strconv.Quote(string(q))), nil
}

func (m *mapBuilder) list(key string, values []string) {
	if len(values) > 0 {
		items := make([]any, len(values))
		for i, v := range values {
			items[i] = text(v)
		}
		*m = append(*m, yaml.MapItem{Key: key, Value: items})
	}
}

func (m *mapBuilder) dur(key string, d time.Duration) {
	if d > 0 {
		*m = append(*m, yaml.MapItem{Key: key, Value: formatDuration(d)})
	}
}

func (m *mapBuilder) any(key string, v any) {
	*m = append(*m, yaml.MapItem{Key: key, Value: v})
}

// formatDuration writes d as time.ParseDuration reads it, without zero parts:
// 30s, 2m, 1m30s.
func formatDuration(d time.Duration) string {
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func storyMap(s *starcards.Story) yaml.MapSlice {
	var m mapBuilder
	m.str("id", s.ID)
	m.str("title", s.Title)
	m.str("question", s.Question)
	m.list("principles", s.Principles)
	m.str("role", s.Role)
	m.str("summary", s.Summary)
	m.str("coaching", s.Coaching)
	var secs mapBuilder
	for _, sec := range s.Sections {
		var sm mapBuilder
		sm.dur("target", sec.Target)
		sm.str("example", sec.Example)
		sm.list("phrases", sec.Phrases)
		sm.str("coaching", sec.Coaching)
		sm.str("mistake", sec.Mistake)
		secs.any(sec.Name, yaml.MapSlice(sm))
	}
	m.any("sections", yaml.MapSlice(secs))
	if len(s.Reflections) > 0 {
		var rm mapBuilder
		plain := true
		for _, r := range s.Reflections {
			plain = plain && plainKey(r.Level)
			rm.any(r.Level, text(r.Text))
		}
		if plain {
			m.any("reflections", yaml.MapSlice(rm))
		} else {
			m.any("reflections", quotedMap(rm))
		}
	}
	mappings(&m, "followups", s.Followups, func(fm *mapBuilder, f starcards.Followup) {
		fm.str("id", f.ID)
		fm.str("question", f.Question)
		fm.str("probes", f.Probes)
		fm.str("weak", f.Weak)
		fm.str("weak_why", f.WeakWhy)
		fm.str("strong", f.Strong)
		fm.str("key", f.Key)
	})
	if w := s.WeakAnswer; w != nil {
		var wm mapBuilder
		wm.str("text", w.Text)
		wm.list("flaws", w.Flaws)
		wm.str("verdict", w.Verdict)
		m.any("weak_answer", yaml.MapSlice(wm))
	}
	mappings(&m, "quizzes", s.Quizzes, func(qm *mapBuilder, q starcards.Quiz) {
		qm.str("id", q.ID)
		qm.str("question", q.Question)
		if len(q.Options) > 0 {
			qm.list("options", q.Options)
			qm.any("answer", q.Answer)
		}
		qm.str("explanation", q.Explanation)
	})
	mappings(&m, "angles", s.Angles, func(am *mapBuilder, a starcards.Angle) {
		am.str("principle", a.Principle)
		am.str("lead", a.Lead)
		am.str("emphasize", a.Emphasize)
		am.str("downplay", a.Downplay)
	})
	mappings(&m, "levels", s.Levels, func(lm *mapBuilder, l starcards.Level) {
		lm.str("level", l.Level)
		lm.str("focus", l.Focus)
		lm.str("reflection", l.Reflection)
		lm.str("bar", l.Bar)
		lm.dur("time", l.Time)
	})
	return yaml.MapSlice(m)
}

// mappings adds key: a list of mappings, one per item, each written by
// each; nothing for an empty list.
func mappings[T any](m *mapBuilder, key string, items []T, each func(*mapBuilder, T)) {
	if len(items) == 0 {
		return
	}
	list := make([]yaml.MapSlice, len(items))
	for i, it := range items {
		var im mapBuilder
		each(&im, it)
		list[i] = yaml.MapSlice(im)
	}
	m.any(key, list)
}

// plainKey reports whether the encoder can write k as a mapping key as it
// is: a key starting with a YAML indicator or holding control characters
// would come back changed.
func plainKey(k string) bool {
	return k != "" && k == strings.TrimSpace(k) && !strings.ContainsAny(k[:1], "?:-,[]{}#&*!|>'\"%@`") &&
		strings.IndexFunc(k, unicode.IsControl) < 0 && !strings.Contains(k, ": ") && !strings.Contains(k, " #")
}

// quotedMap is a mapping the encoder writes in flow style with every key
// and value double-quoted, for keys that cannot be written plain.
type quotedMap []yaml.MapItem

func (q quotedMap) MarshalYAML() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, it := range q {
		if i > 0 {
			b.WriteString(", ")
		}
		v := it.Value
		if qv, ok := v.(quoted); ok {
			v = string(qv)
		}
		fmt.Fprintf(&b, "%s: %s", strconv.Quote(fmt.Sprint(it.Key)), strconv.Quote(fmt.Sprint(v)))
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}
