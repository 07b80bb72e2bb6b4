package decks

import (
	"fmt"
	"strings"
	"time"

	"github.com/starcards/starcards"
)

// Cards generates the cards of a story, in story order: all section cards,
// then phrase, mistake, follow-up, quiz, reflection and angle cards. Each
// card's identity is story/kind/key and never depends on its text.
func Cards(s *starcards.Story) []starcards.Card {
	g := &generator{s: s, title: s.Title}
	for _, sec := range s.Sections {
		g.section(sec)
	}
	for _, sec := range s.Sections {
		if len(sec.Phrases) > 0 {
			g.phrase(sec)
		}
	}
	for _, sec := range s.Sections {
		if sec.Mistake != "" {
			g.mistake(sec)
		}
	}
	if s.WeakAnswer != nil {
		g.weakAnswer(*s.WeakAnswer)
	}
	for _, f := range s.Followups {
		g.followup(f)
	}
	for _, q := range s.Quizzes {
		g.quiz(q)
	}
	for _, r := range s.Reflections {
		g.reflection(r.Level, r.Text, nil)
	}
	for _, l := range s.Levels {
		if l.Reflection != "" || l.Focus != "" || l.Bar != "" {
			g.reflection(l.Level, l.Reflection, &l)
		}
	}
	for _, a := range s.Angles {
		g.angle(a)
	}
	return g.cards
}

type generator struct {
	s     *starcards.Story
	title string
	cards []starcards.Card
}

func (g *generator) add(kind starcards.Kind, key, facet, front, back string, fields []string, extraTags ...string) *starcards.Card {
	tags := append([]string(nil), g.s.Principles...)
	if g.s.Role != "" {
		tags = append(tags, g.s.Role)
	}
	tags = append(tags, extraTags...)
	id := starcards.CardID{Story: g.s.ID, Kind: kind, Key: key}
	g.cards = append(g.cards, starcards.Card{
		ID:     id,
		Ord:    len(g.cards),
		Facet:  facet,
		Front:  front,
		Back:   strings.TrimSpace(back),
		Fields: append([]string{id.String(), g.title}, fields...),
		Tags:   tags,
	})
	return &g.cards[len(g.cards)-1]
}

// FormatTarget formats a section's time target the way cards show it: "30 s",
// "1 min 30 s", "2 min".
func FormatTarget(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	m, s := int(d/time.Minute), int((d%time.Minute)/time.Second)
	switch {
	case m == 0:
		return fmt.Sprintf("%d s", s)
	case s == 0:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d min %d s", m, s)
}

func paragraphs(parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

func labelled(label, text string) string {
	if text == "" {
		return ""
	}
	return label + ": " + text
}

func (g *generator) section(sec starcards.Section) {
	front := fmt.Sprintf("Tell the %s of “%s”", sec.Title(), g.title)
	if t := FormatTarget(sec.Target); t != "" {
		front += " (" + t + ")"
	}
	back := paragraphs(sec.Example,
		labelled("Key phrases", strings.Join(sec.Phrases, " · ")),
		labelled("Coaching", sec.Coaching))
	g.add(starcards.KindSection, sec.Name, "section/"+sec.Name, front, back,
		[]string{sec.Title(), FormatTarget(sec.Target), sec.Example, strings.Join(sec.Phrases, "\n"), sec.Coaching})
}

// fill returns text with each blank replaced by repl(blank).
func fill(text string, blanks []Blank, repl func(Blank) string) string {
	var b strings.Builder
	last := 0
	for _, bl := range blanks {
		b.WriteString(text[last:bl.Start])
		b.WriteString(repl(bl))
		last = bl.End
	}
	b.WriteString(text[last:])
	return b.String()
}

func (g *generator) phrase(sec starcards.Section) {
	blanks, missing := Blanks(sec.Example, sec.Phrases)
	var front, back string
	if len(blanks) > 0 {
		front = paragraphs(
			fmt.Sprintf("Fill in the key phrases — %s of “%s”", sec.Title(), g.title),
			fill(sec.Example, blanks, func(Blank) string { return "____" }))
		back = fill(sec.Example, blanks, func(b Blank) string { return "[" + sec.Example[b.Start:b.End] + "]" })
		if len(missing) > 0 {
			front += fmt.Sprintf("\n\n+ %d more key phrase(s)", len(missing))
			var more []string
			for _, i := range missing {
				more = append(more, sec.Phrases[i])
			}
			back = paragraphs(back, labelled("Also", strings.Join(more, " · ")))
		}
	} else {
		front = fmt.Sprintf("The %d key phrases of the %s of “%s”?", len(sec.Phrases), sec.Title(), g.title)
		back = "• " + strings.Join(sec.Phrases, "\n• ")
	}
	g.add(starcards.KindPhrase, sec.Name, "section/"+sec.Name, front, back,
		[]string{sec.Title(), sec.Example, strings.Join(sec.Phrases, "\n")})
}

func (g *generator) mistake(sec starcards.Section) {
	front := fmt.Sprintf("The common mistake in the %s of “%s”?", sec.Title(), g.title)
	back := paragraphs(sec.Mistake, labelled("Instead", sec.Coaching))
	g.add(starcards.KindMistake, sec.Name, "section/"+sec.Name, front, back,
		[]string{fmt.Sprintf("The common mistake in the %s?", sec.Title()), sec.Mistake, sec.Coaching})
}

func (g *generator) weakAnswer(w starcards.WeakAnswer) {
	q := g.s.Question
	if q == "" {
		q = g.title
	}
	prompt := fmt.Sprintf("What sinks this answer to “%s”?", q)
	front := paragraphs(prompt, w.Text)
	var flaws string
	if len(w.Flaws) > 0 {
		flaws = "• " + strings.Join(w.Flaws, "\n• ")
	}
	back := paragraphs(flaws, labelled("Bar raiser", w.Verdict))
	g.add(starcards.KindMistake, "weak-answer", "weak-answer", front, back,
		[]string{paragraphs(prompt, w.Text), paragraphs(flaws, labelled("Bar raiser", w.Verdict)), ""})
}

func (g *generator) followup(f starcards.Followup) {
	key := FollowupKey(f)
	front := paragraphs(f.Question, labelled("Probes", f.Probes))
	weak := ""
	if f.Weak != "" {
		weak = "Weak: “" + f.Weak + "”"
		if f.WeakWhy != "" {
			weak += " — " + f.WeakWhy
		}
	}
	back := paragraphs(f.Strong, labelled("Key line", f.Key), weak)
	g.add(starcards.KindFollowup, key, "followup/"+key, front, back,
		[]string{f.Question, f.Probes, f.Strong, f.Key, f.Weak, f.WeakWhy})
}

// OptionLetter returns the letter of option i: A, B, C, …
func OptionLetter(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprint(i + 1)
}

func (g *generator) quiz(q starcards.Quiz) {
	if len(q.Options) > 0 && (q.Answer < 0 || q.Answer >= len(q.Options)) {
		return // a hand-built story's quiz whose answer is no option: no card (see Validate)
	}
	key := QuizKey(q)
	front, back := q.Question, q.Explanation
	var opts []string
	answer := ""
	for i, o := range q.Options {
		opts = append(opts, OptionLetter(i)+". "+o)
	}
	if len(q.Options) > 0 {
		front = paragraphs(q.Question, strings.Join(opts, "\n"))
		answer = opts[q.Answer]
		back = paragraphs(answer, q.Explanation)
	}
	c := g.add(starcards.KindQuiz, key, "quiz/"+key, front, back,
		[]string{q.Question, strings.Join(q.Options, "\n"), answer, q.Explanation})
	c.Options = q.Options
	c.Answer = q.Answer
}

func (g *generator) reflection(level, text string, l *starcards.Level) {
	key := Slug(level)
	if l != nil {
		// Level variants get their own keys so that a reflections entry and a
		// level of the same name never collide.
		key = "level-" + key
	}
	front := fmt.Sprintf("Reflection at %s level for “%s”", level, g.title)
	back := text
	if l != nil {
		limit := ""
		if l.Time > 0 {
			limit = "keep to " + FormatTarget(l.Time)
		}
		back = paragraphs(text, labelled("Focus", l.Focus), labelled("Bar", l.Bar), labelled("Time", limit))
		text = back
	}
	g.add(starcards.KindReflection, key, "reflection/"+key, front, back, []string{level, text}, level)
}

func (g *generator) angle(a starcards.Angle) {
	key := Slug(a.Principle)
	front := fmt.Sprintf("Frame “%s” for %s", g.title, a.Principle)
	back := paragraphs(labelled("Lead with", a.Lead), labelled("Emphasize", a.Emphasize), labelled("Downplay", a.Downplay))
	g.add(starcards.KindAngle, key, "angle/"+key, front, back, []string{a.Principle, a.Lead, a.Emphasize, a.Downplay}, a.Principle)
}
