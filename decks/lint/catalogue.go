package lint

import (
	"fmt"
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// placeholder matches a template placeholder left in a story's text:
// "<role>", "<the cause to …>". A comparison ("< 200 ms and > 100 ms") is
// not one: a placeholder's text touches both brackets.
var placeholder = lazyRegexp(`<[^\s<>!=][^<>\n]{0,80}?[^\s<>=]>|<[^\s<>!=]>`)

// Placeholders finds the template placeholders (<…>) left in story s: an
// untouched template would otherwise become cards of placeholder text.
// Each is an error, at the field's position.
func Placeholders(s *starcards.Story, pos decks.Positions, file string) []Finding {
	c := &checker{s: s, pos: pos, file: file}
	for _, t := range texts(s) {
		if m := placeholder().FindString(t.text); m != "" {
			c.add(Error, "placeholder", "replace it with your own words, or delete the line", []string{t.path},
				"template placeholder %s left in the text", m)
		}
	}
	return c.out
}

// Principles checks the principles a story names against a catalogue of
// competencies (nil: no catalogue, nothing to check): a name that is not
// in it is a warning, with the catalogue's closest name as the fix when it
// looks like a typo ("Customer Obsesion").
func Principles(s *starcards.Story, pos decks.Positions, file string, catalogue []string) []Finding {
	if len(catalogue) == 0 {
		return nil
	}
	c := &checker{s: s, pos: pos, file: file}
	known := map[string]bool{}
	for _, p := range catalogue {
		known[foldPrinciple(p)] = true
	}
	check := func(name, path string) {
		if known[foldPrinciple(name)] {
			return
		}
		if near := closestPrinciple(name, catalogue); near != "" {
			c.add(Warning, "principle-name", fmt.Sprintf("write %q", near), []string{path},
				"unknown principle %q: did you mean %q?", name, near)
			return
		}
		c.add(Warning, "principle-name", "use a name from the catalogue (starcards config get principles), or set principles to none", []string{path},
			"unknown principle %q", name)
	}
	for i, p := range s.Principles {
		check(p, fmt.Sprintf("principles[%d]", i))
	}
	for i, a := range s.Angles {
		check(a.Principle, fmt.Sprintf("angles[%d].principle", i))
	}
	return c.out
}

// foldPrinciple is a principle's name for comparison: lower case, letters
// and digits only ("Are Right, A Lot" = "are right a lot").
func foldPrinciple(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}), " ")
}

// closestPrinciple returns the catalogue's name nearest to name if it
// looks like a typo of it ([starcards.Suggest]).
func closestPrinciple(name string, catalogue []string) string {
	return starcards.Suggest(name, catalogue)
}

// text is one piece of a story's text with the path of its position.
type text struct{ path, text string }

// texts lists every text of a story with its position path.
func texts(s *starcards.Story) []text {
	var out []text
	add := func(path, t string) {
		if t != "" {
			out = append(out, text{path, t})
		}
	}
	add("title", s.Title)
	add("question", s.Question)
	add("role", s.Role)
	for i, p := range s.Principles {
		add(fmt.Sprintf("principles[%d]", i), p)
	}
	for _, sec := range s.Sections {
		p := "sections." + sec.Name
		add(p+".example", sec.Example)
		add(p+".coaching", sec.Coaching)
		add(p+".mistake", sec.Mistake)
		for i, ph := range sec.Phrases {
			add(fmt.Sprintf("%s.phrases[%d]", p, i), ph)
		}
	}
	for _, r := range s.Reflections {
		add("reflections."+r.Level, r.Text)
	}
	for i, f := range s.Followups {
		p := fmt.Sprintf("followups[%d]", i)
		for _, x := range []text{{".question", f.Question}, {".probes", f.Probes}, {".weak", f.Weak}, {".weak_why", f.WeakWhy}, {".strong", f.Strong}, {".key", f.Key}} {
			add(p+x.path, x.text)
		}
	}
	if w := s.WeakAnswer; w != nil {
		add("weak_answer.text", w.Text)
		add("weak_answer.verdict", w.Verdict)
		for i, fl := range w.Flaws {
			add(fmt.Sprintf("weak_answer.flaws[%d]", i), fl)
		}
	}
	for i, q := range s.Quizzes {
		p := fmt.Sprintf("quizzes[%d]", i)
		add(p+".question", q.Question)
		add(p+".explanation", q.Explanation)
		for j, o := range q.Options {
			add(fmt.Sprintf("%s.options[%d]", p, j), o)
		}
	}
	for i, a := range s.Angles {
		p := fmt.Sprintf("angles[%d]", i)
		for _, x := range []text{{".principle", a.Principle}, {".lead", a.Lead}, {".emphasize", a.Emphasize}, {".downplay", a.Downplay}} {
			add(p+x.path, x.text)
		}
	}
	for i, l := range s.Levels {
		p := fmt.Sprintf("levels[%d]", i)
		for _, x := range []text{{".level", l.Level}, {".focus", l.Focus}, {".reflection", l.Reflection}, {".bar", l.Bar}} {
			add(p+x.path, x.text)
		}
	}
	return out
}
