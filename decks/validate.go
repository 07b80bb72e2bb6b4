package decks

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/starcards/starcards"
)

// ValidationError is a story that breaks a rule of the story format: the
// path of the offending part (as in [Positions]: "followups[1]",
// "sections.action.target") and what is wrong with it.
type ValidationError struct {
	Path string
	Err  error
}

func (e *ValidationError) Error() string { return e.Err.Error() }

func (e *ValidationError) Unwrap() error { return e.Err }

// Validate checks a story against the rules every story format shares, and
// returns the first problem as a [*ValidationError], or nil. The YAML,
// Markdown and page parsers all end with it (and give its error the
// position of the part it names), so a story breaks the same rules with
// the same message whatever it was written in; [Cards] skips what it would
// refuse.
//
// The rules: an id (lowercase letters of any script, digits, "-" and "_",
// at most 64) and a title; one to five sections, each a known name given
// once, in story order, with an example, phrases, coaching or a mistake; no
// empty list items; targets and level times more than 0 and at most
// [MaxDuration]; each reflection with a level and a text; each follow-up
// with a question and a strong answer or key line; a weak answer with its
// text; each quiz with a question and either no options (then an
// explanation is its answer) or two or more with the answer among them;
// each angle with a principle, each level with a name; and card keys that
// are unique within the story: follow-up and quiz keys ([FollowupKey],
// [QuizKey]), reflection levels, angle principles and level names.
func Validate(s *starcards.Story) error {
	v := &validator{}
	v.story(s)
	if v.err == nil {
		return nil
	}
	return v.err
}

type validator struct{ err *ValidationError }

func (v *validator) fail(path, format string, args ...any) {
	if v.err == nil {
		v.err = &ValidationError{Path: path, Err: fmt.Errorf(format, args...)}
	}
}

func (v *validator) id(path, id, what string) {
	if id != "" && !validID(id) {
		v.fail(path, "%s %q must be lowercase letters, digits, - and _ (at most 64), e.g. %q", what, id, Slug(id))
	}
}

func (v *validator) list(path string, items []string) {
	for i, it := range items {
		if strings.TrimSpace(it) == "" {
			v.fail(fmt.Sprintf("%s[%d]", path, i), "%s: empty list item", path)
		}
	}
}

func (v *validator) unique(keys map[string]int, key, path, what string, i int) {
	if key == "" {
		v.fail(path, "%s %d has no key: give it an id", what, i+1)
		return
	}
	if prev, ok := keys[key]; ok {
		v.fail(path, "duplicate %s id %q (also %s %d): give one of them another id", what, key, what, prev+1)
		return
	}
	keys[key] = i
}

func (v *validator) story(s *starcards.Story) {
	switch {
	case s.ID == "":
		v.fail("id", "missing id: a story needs an id, e.g. id: webhook-drop-rate")
	case !validID(s.ID):
		v.id("id", s.ID, "id")
	case strings.TrimSpace(s.Title) == "":
		v.fail("title", "missing title: a story needs a title")
	case len(s.Sections) == 0:
		v.fail("sections", "missing sections: a story needs at least one section (situation, task, action, result or reflection)")
	}
	v.list("principles", s.Principles)
	v.sections(s.Sections)
	v.reflections(s.Reflections)
	v.followups(s.Followups)
	if w := s.WeakAnswer; w != nil {
		if strings.TrimSpace(w.Text) == "" {
			v.fail("weak_answer", "weak_answer: missing text")
		}
		v.list("weak_answer.flaws", w.Flaws)
	}
	v.quizzes(s.Quizzes)
	keys := map[string]int{}
	for i, a := range s.Angles {
		path := fmt.Sprintf("angles[%d]", i)
		if strings.TrimSpace(a.Principle) == "" {
			v.fail(path, "%s: missing principle", path)
			continue
		}
		v.unique(keys, Slug(a.Principle), path, "angle", i)
	}
	keys = map[string]int{}
	for i, l := range s.Levels {
		path := fmt.Sprintf("levels[%d]", i)
		if strings.TrimSpace(l.Level) == "" {
			v.fail(path, "%s: missing level", path)
			continue
		}
		v.duration(path+".time", l.Time)
		v.unique(keys, Slug(l.Level), path, "level", i)
	}
}

func (v *validator) duration(path string, d time.Duration) {
	if d < 0 || d > MaxDuration {
		v.fail(path, "%s: %v is not a time between 1s and %v", path, d, MaxDuration)
	}
}

func (v *validator) sections(secs []starcards.Section) {
	last := -1
	for _, sec := range secs {
		path := "sections." + sec.Name
		at := indexOf(starcards.SectionNames, sec.Name)
		switch {
		case at < 0:
			v.fail("sections", "unknown section %q (want situation, task, action, result or reflection)", sec.Name)
		case at == last:
			v.fail(path, "section %s given twice", sec.Name)
		case at < last:
			v.fail(path, "section %s out of order: sections are told situation, task, action, result, reflection", sec.Name)
		}
		last = max(last, at)
		v.duration(path+".target", sec.Target)
		v.list(path+".phrases", sec.Phrases)
		if strings.TrimSpace(sec.Example) == "" && len(sec.Phrases) == 0 && strings.TrimSpace(sec.Coaching) == "" && strings.TrimSpace(sec.Mistake) == "" {
			v.fail(path, "section %s is empty: give at least an example, phrases, coaching or a mistake", sec.Name)
		}
	}
}

func (v *validator) reflections(rs []starcards.Reflection) {
	keys := map[string]string{}
	for _, r := range rs {
		path := "reflections." + r.Level
		if Slug(r.Level) == "" {
			v.fail(path, "reflection level %q has no letters or digits to key its card by", r.Level)
			continue
		}
		if strings.TrimSpace(r.Text) == "" {
			v.fail(path, "reflection for level %q is empty", r.Level)
		}
		if prev, ok := keys[Slug(r.Level)]; ok {
			v.fail(path, "reflection level %q is the same as %q", r.Level, prev)
		}
		keys[Slug(r.Level)] = r.Level
	}
}

func (v *validator) followups(fs []starcards.Followup) {
	keys := map[string]int{}
	for i, f := range fs {
		path := fmt.Sprintf("followups[%d]", i)
		v.id(path+".id", f.ID, path+".id")
		switch {
		case strings.TrimSpace(f.Question) == "":
			v.fail(path, "%s: missing question", path)
		case f.Strong == "" && f.Key == "":
			v.fail(path, "%s: give a strong answer or a key line", path)
		}
		v.unique(keys, FollowupKey(f), path, "follow-up", i)
	}
}

func (v *validator) quizzes(qs []starcards.Quiz) {
	keys := map[string]int{}
	for i, q := range qs {
		path := fmt.Sprintf("quizzes[%d]", i)
		v.id(path+".id", q.ID, path+".id")
		v.list(path+".options", q.Options)
		switch n := len(q.Options); {
		case strings.TrimSpace(q.Question) == "":
			v.fail(path, "%s: missing question", path)
		case n == 1:
			v.fail(path, "%s: a quiz needs at least two options (or none, for a question answered by its explanation)", path)
		case n == 0 && q.Explanation == "":
			v.fail(path, "%s: a quiz without options needs an explanation to serve as its answer", path)
		case n > 0 && (q.Answer < 0 || q.Answer >= n):
			v.fail(path+".answer", "%s: answer %d is outside its %d options (0 to %d)", path, q.Answer, n, n-1)
		}
		v.unique(keys, QuizKey(q), path, "quiz", i)
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// FallbackKeys gives every follow-up and quiz whose key would be empty (no
// id, and a question that makes no slug) the id followup-N or quiz-N, N
// its 1-based place in the list. The parsers of every format call it, so
// such an item gets the same key whatever its story was written in.
func FallbackKeys(s *starcards.Story) {
	for i := range s.Followups {
		if FollowupKey(s.Followups[i]) == "" {
			s.Followups[i].ID = fmt.Sprintf("followup-%d", i+1)
		}
	}
	for i := range s.Quizzes {
		if QuizKey(s.Quizzes[i]) == "" {
			s.Quizzes[i].ID = fmt.Sprintf("quiz-%d", i+1)
		}
	}
}

// positioned turns a validation error into a [*ParseError] at the position
// pos gives its path, or the nearest enclosing part that has one, or else
// at where.
func positioned(err error, file string, pos Positions, where Pos) error {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	path := ve.Path
	for {
		if at, ok := pos[path]; ok && at.Line > 0 {
			return &ParseError{File: file, Line: at.Line, Col: at.Col, Err: ve.Err}
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return &ParseError{File: file, Line: where.Line, Col: where.Col, Err: ve.Err}
}
