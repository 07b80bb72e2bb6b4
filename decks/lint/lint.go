package lint

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// WordsPerMinute is the speaking pace section lengths are measured at.
const WordsPerMinute = 150

// Severity says how much a finding matters.
type Severity string

// The severities. Error means the story, told as written, likely fails the
// question; Warning means it is weaker than it could be.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem in a story, at a position in its file (Line and
// Col are 1-based; 0 when the story's format has no positions).
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
}

// String formats a finding as "file:line:col: warning: message (fix: …)".
func (f Finding) String() string {
	where := f.File
	if f.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
	}
	return fmt.Sprintf("%s: %s: %s (fix: %s)", where, f.Severity, f.Message, f.Fix)
}

// HasErrors reports whether any finding is an error.
func HasErrors(findings []Finding) bool {
	return slices.ContainsFunc(findings, func(f Finding) bool { return f.Severity == Error })
}

// Options tune a check.
type Options struct {
	// Imported says the story is already in the collection: a key phrase
	// missing from its example is then a warning (its cards exist and keep
	// their progress), not an error as for a new story.
	Imported bool
}

// Check checks story s, read from file with positions pos (which may be
// nil), as a new story, and returns its findings in file order.
func Check(s *starcards.Story, pos decks.Positions, file string) []Finding {
	return CheckWith(s, pos, file, Options{})
}

// CheckWith is [Check] with options.
func CheckWith(s *starcards.Story, pos decks.Positions, file string, o Options) []Finding {
	c := &checker{s: s, pos: pos, file: file, opts: o}
	c.actions()
	c.result()
	c.task()
	c.reflections()
	c.lengths()
	c.phrases()
	c.story()
	c.quizzes()
	slices.SortStableFunc(c.out, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return c.out
}

type checker struct {
	opts Options
	s    *starcards.Story
	pos  decks.Positions
	file string
	out  []Finding
}

// add records a finding at the first of paths that has a position.
func (c *checker) add(sev Severity, rule, fix string, paths []string, format string, args ...any) {
	f := Finding{File: c.file, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...), Fix: fix}
	for _, p := range paths {
		if at, ok := c.pos[p]; ok {
			f.Line, f.Col = at.Line, at.Col
			break
		}
	}
	c.out = append(c.out, f)
}

func (c *checker) section(name string) *starcards.Section {
	for i := range c.s.Sections {
		if c.s.Sections[i].Name == name {
			return &c.s.Sections[i]
		}
	}
	return nil
}

func secPath(name, field string) []string {
	return []string{"sections." + name + "." + field, "sections." + name, "id"}
}

var (
	sentenceEnd = lazyRegexp(`[.!?]+["”')\]]*(?:\s+|$)|\n+`)
	// A sentence whose subject is the team: at its start, after linking
	// words, or after an opening clause ("After two days, we …").
	weStart  = lazyRegexp(`(?i)^["“'(]?(?:(?:then|so|and|but|next|first|finally|together|eventually|later|also|initially|afterwards|ultimately|quickly|immediately|soon|after that|at that point)\s*,?\s+)*(we|our team|the team|my team and i|the team and i|they)\b`)
	weClause = lazyRegexp(`(?i)^[^,;:]{1,60}[,;:]\s+(we|our team|the team|they)\s+[a-z]`)
)

// sentences splits text into sentences.
func sentences(text string) []string {
	var out []string
	last := 0
	for _, loc := range sentenceEnd().FindAllStringIndex(text, -1) {
		if s := strings.TrimSpace(text[last:loc[1]]); s != "" {
			out = append(out, s)
		}
		last = loc[1]
	}
	if s := strings.TrimSpace(text[last:]); s != "" {
		out = append(out, s)
	}
	return out
}

// quote shortens a sentence for a message.
func quote(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return "“" + s + "”"
}

func (c *checker) actions() {
	sec := c.section("action")
	if sec == nil {
		return
	}
	for _, s := range sentences(sec.Example) {
		m := weStart().FindStringSubmatch(s)
		if m == nil {
			m = weClause().FindStringSubmatch(s)
		}
		if m == nil {
			continue
		}
		c.add(Error, "we-action", "say what you did yourself: one “I …” sentence per step",
			secPath("action", "example"), "Action sentence with “%s” as its subject makes you invisible: %s", strings.ToLower(m[1]), quote(s))
	}
}

var quantified = lazyRegexp(`(?i)\d|[$€£¥₹%]|→|->|⇒|\b(?:percent|zero|half|halved|double|doubled|twice|triple|tripled|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|hundreds|thousand|thousands|million|millions|billion)\b|\bfrom\b.{1,80}?\bto\b`)

func (c *checker) result() {
	sec := c.section("result")
	if sec == nil {
		c.add(Warning, "result-number", "add a ## Result / result: section that ends with a measured change",
			[]string{"sections", "id"}, "the story has no Result")
		return
	}
	if sec.Example == "" || quantified().MatchString(sec.Example) {
		return
	}
	c.add(Error, "result-number", "give the change as a number: a percentage, an amount, or before → after (“from 0.3% to zero”)",
		secPath("result", "example"), "Result has no number, percentage, amount or before→after change")
}

var scoped = lazyRegexp(`(?i)\b(?:not my|wasn't my|was not my|outside (?:of )?my|no one|nobody|no ticket|owned by|belonged to|belongs to|my responsibility|responsible for|i owned|i took ownership|took (?:it )?on|i volunteered|i decided|i chose|i was asked|assigned|my job|my role|my scope|scope|ownership|on my own|myself|my goal|my task|i committed|i set out|i had to|it was up to me|my own)\b`)

func (c *checker) task() {
	sec := c.section("task")
	fix := "state the scope boundary and whose the work was: “not my team”, “nobody had asked”, “I took ownership of …”"
	if sec == nil {
		c.add(Warning, "task-scope", fix, []string{"sections", "id"}, "the story has no Task: nothing says the work was yours")
		return
	}
	if sec.Example == "" || scoped().MatchString(sec.Example) {
		return
	}
	c.add(Warning, "task-scope", fix, secPath("task", "example"), "Task has no scope boundary or ownership statement: the interviewer will assume it was assigned")
}

var generic = lazyRegexp(`(?i)\b(?:communication is (?:important|key|essential|everything|vital)|importance of (?:good |clear )?(?:communication|teamwork|collaboration)|team ?work|i learned a lot|learned so much|learned many things|communicate (?:more|better)|collaboration is (?:important|key)|working together|always keep learning|never give up)\b`)

func (c *checker) reflections() {
	fix := "name a lesson only this story teaches (what you would do differently, the systemic cause)"
	check := func(text string, what string, paths ...string) {
		if m := generic().FindString(text); m != "" {
			c.add(Error, "generic-reflection", fix, paths, "%s is generic (“%s” fits every story)", what, m)
		}
	}
	if sec := c.section("reflection"); sec != nil {
		check(sec.Example, "the Reflection", secPath("reflection", "example")...)
	}
	for _, r := range c.s.Reflections {
		check(r.Text, "the "+r.Level+" reflection", "reflections."+r.Level, "id")
	}
	for i, l := range c.s.Levels {
		p := fmt.Sprintf("levels[%d]", i)
		check(l.Reflection, "the "+l.Level+" reflection", p+".reflection", p, "id")
	}
}

// Spoken returns how long text takes to say at WordsPerMinute, to the second.
func Spoken(text string) time.Duration {
	words := len(strings.Fields(text))
	return time.Duration(math.Round(float64(words)*60/WordsPerMinute)) * time.Second
}

func (c *checker) lengths() {
	for _, sec := range c.s.Sections {
		if sec.Target <= 0 || sec.Example == "" {
			continue
		}
		if d := Spoken(sec.Example); d > sec.Target {
			words := int(sec.Target.Seconds() * WordsPerMinute / 60)
			c.add(Warning, "section-length", fmt.Sprintf("cut it to about %d words", words), secPath(sec.Name, "example"),
				"%s is ~%s spoken, target %s", sec.Title(), decks.FormatTarget(d), decks.FormatTarget(sec.Target))
		}
	}
}

func (c *checker) phrases() {
	for _, sec := range c.s.Sections {
		if sec.Example == "" {
			continue
		}
		_, missing := decks.Blanks(sec.Example, sec.Phrases)
		sev := Error // a new story's phrase would make no card
		if c.opts.Imported {
			sev = Warning
		}
		for _, i := range missing {
			p := fmt.Sprintf("sections.%s.phrases[%d]", sec.Name, i)
			c.add(sev, "phrase-missing", "use the phrase word for word in the example, or change the phrase to the words you say",
				[]string{p, "sections." + sec.Name, "id"}, "key phrase “%s” does not occur in the %s example", sec.Phrases[i], sec.Title())
		}
	}
}

func (c *checker) story() {
	if len(c.s.Principles) == 0 {
		c.add(Warning, "no-principles", "add principles: [Ownership, …], the leadership principles the story shows",
			[]string{"id", "title"}, "the story names no principles: its cards get no principle tags")
	}
	if n := len(c.s.Followups); n < 2 {
		c.add(Warning, "few-followups", "add the questions a bar raiser asks next, each with a strong answer",
			[]string{"followups[0]", "id"}, "%d follow-up question%s: prepare at least 2", n, plural(n))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (c *checker) quizzes() {
	for i, q := range c.s.Quizzes {
		p := fmt.Sprintf("quizzes[%d]", i)
		switch {
		case len(q.Options) == 0:
			c.add(Warning, "quiz-answer", "add 3–4 options with the right one among them (answer: its index; in Markdown, mark it [x])",
				[]string{p, "id"}, "quiz “%s” has no options: its answer is not among options to choose from", q.Question)
		case q.Answer < 0 || q.Answer >= len(q.Options):
			c.add(Error, "quiz-answer", fmt.Sprintf("set answer to the index of the right option, 0 to %d", len(q.Options)-1),
				[]string{p + ".answer", p, "id"}, "quiz “%s”: answer %d is not among its %d options", q.Question, q.Answer, len(q.Options))
		default:
			for j, o := range q.Options {
				if j != q.Answer && strings.EqualFold(strings.TrimSpace(o), strings.TrimSpace(q.Options[q.Answer])) {
					c.add(Error, "quiz-answer", "reword or remove the repeated option",
						[]string{fmt.Sprintf("%s.options[%d]", p, j), p, "id"}, "quiz “%s”: option %s repeats the answer, %s", q.Question, starcards.OptionLetter(j), starcards.OptionLetter(q.Answer))
				}
			}
			if right, others, ok := GiveAway(q); ok {
				c.add(Warning, "quiz-giveaway", "make the wrong options as long and specific as the right one, or shorten the right one",
					[]string{fmt.Sprintf("%s.options[%d]", p, q.Answer), p, "id"},
					"quiz “%s”: the right option is %d words, the others %.0f on average: its length gives it away", q.Question, right, others)
			}
		}
	}
}

// GiveAway reports whether the right option of quiz q is much longer than
// the others — at least half as long again as their mean and four words
// more — so that it can be picked without reading the story. It returns the
// right option's length and the others' mean, in words.
func GiveAway(q starcards.Quiz) (right int, others float64, giveaway bool) {
	if len(q.Options) < 2 || q.Answer < 0 || q.Answer >= len(q.Options) {
		return 0, 0, false
	}
	sum := 0
	for i, o := range q.Options {
		if i == q.Answer {
			right = len(strings.Fields(o))
			continue
		}
		sum += len(strings.Fields(o))
	}
	others = float64(sum) / float64(len(q.Options)-1)
	return right, others, float64(right) >= 1.5*others && float64(right) >= others+4
}

// lazyRegexp compiles expr on first use: a command that never needs a
// pattern does not pay for compiling it at start-up.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
