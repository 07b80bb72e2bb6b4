package decks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/starcards/starcards"
)

// Options are the user's choices that shape a story's cards.
type Options struct {
	// Level is the seniority level the user interviews at (Config.Level);
	// empty means the story's own role. Only the reflection and variant of
	// this level become cards (see [LevelKey] for which names match).
	Level string
}

// CardsVersion numbers the card layout [Cards] makes. A collection whose
// cards were made by an older layout is regenerated from its stories; see
// the package documentation.
const CardsVersion = 2

// Cards generates the cards of a story for the story's own level; see
// [CardsFor].
func Cards(s *starcards.Story) []starcards.Card { return CardsFor(s, Options{}) }

// CardsFor generates the cards of a story, in story order: the outline;
// then for each section its number and phrase clozes, in text order, its
// recital card and its order cards; then the mistake cards, the weak
// answer, follow-ups, quizzes, the card for the user's level and the
// angles. Each card's identity is story/kind/key and never depends on its
// text. It never panics, whatever the story holds.
func CardsFor(s *starcards.Story, o Options) []starcards.Card {
	g := &generator{s: s, title: s.Title}
	g.level, g.hasLevel = levelFor(s, o.Level)
	g.plan()
	g.outline()
	for i := range s.Sections {
		g.sectionCards(i)
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
	g.levelCard()
	for _, a := range s.Angles {
		g.angle(a)
	}
	return g.cards
}

type generator struct {
	s        *starcards.Story
	title    string
	level    userLevel
	hasLevel bool
	sections []sectionPlan // one per s.Sections
	cards    []starcards.Card
}

// sectionPlan is what the cards of one section are made from.
type sectionPlan struct {
	text      string // the strong example, or the level's reflection
	borrowed  bool   // text is the user's level reflection (a Reflection without example)
	sentences []Span
	clozes    []cloze  // number and phrase clozes, in text order
	numbers   []string // numbers of the text outside its key phrases
}

// cloze is one number or key phrase to fill in, in its sentence.
type cloze struct {
	kind     starcards.Kind // KindPhrase or KindNumber
	span     Span           // in the section's text
	sentence int            // index into sentences (0 when there are none)
	context  Span           // the sentence holding span (widened to hold all of it)
	key      string
}

// plan finds each section's sentences, clozes and numbers. A key phrase
// that holds a number is a number cloze; a number outside every key phrase
// is a number cloze of its own unless the story already has a cloze for it
// (the same number in an earlier section, or inside a key phrase), so no
// number is asked twice.
func (g *generator) plan() {
	g.sections = make([]sectionPlan, len(g.s.Sections))
	var asked []string // lower-cased texts of number clozes
	for i, sec := range g.s.Sections {
		p := &g.sections[i]
		p.text = sec.Example
		if strings.TrimSpace(p.text) == "" && sec.Name == "reflection" && g.hasLevel && g.level.reflection != "" {
			p.text, p.borrowed = g.level.reflection, true
		}
		p.sentences = Sentences(p.text)
		blanks, _ := Blanks(p.text, sec.Phrases)
		for _, b := range blanks {
			if strings.TrimSpace(p.text[b.Start:b.End]) == "" {
				continue // nothing to say
			}
			c := cloze{kind: starcards.KindPhrase, span: Span{b.Start, b.End}}
			if hasNumber(p.text[b.Start:b.End]) {
				c.kind = starcards.KindNumber
				asked = append(asked, strings.ToLower(p.text[b.Start:b.End]))
			}
			p.clozes = append(p.clozes, c)
		}
	}
	for i := range g.s.Sections {
		p := &g.sections[i]
		for _, n := range Numbers(p.text) {
			inPhrase := false
			for _, c := range p.clozes {
				if n.Start < c.span.End && c.span.Start < n.End {
					inPhrase = true
				}
			}
			if inPhrase {
				continue
			}
			num := p.text[n.Start:n.End]
			p.numbers = append(p.numbers, num)
			if slices.ContainsFunc(asked, func(a string) bool { return strings.Contains(a, strings.ToLower(num)) }) {
				continue
			}
			asked = append(asked, strings.ToLower(num))
			p.clozes = append(p.clozes, cloze{kind: starcards.KindNumber, span: n})
		}
		slices.SortFunc(p.clozes, func(a, b cloze) int { return a.span.Start - b.span.Start })
		keys := map[string]int{}
		for j := range p.clozes {
			c := &p.clozes[j]
			c.sentence = sentenceOf(p.sentences, c.span.Start)
			c.context = Span{0, len(p.text)}
			if len(p.sentences) > 0 {
				sp := p.sentences[c.sentence]
				c.context = Span{min(sp.Start, c.span.Start), max(sp.End, c.span.End)}
			}
			k := Slug(p.text[c.span.Start:c.span.End])
			if k == "" {
				k = "c"
			}
			keys[k]++
			if keys[k] > 1 {
				k += "-" + strconv.Itoa(keys[k])
			}
			c.key = g.s.Sections[i].Name + "/" + k
		}
	}
}

// sentenceOf returns the index of the sentence holding offset at.
func sentenceOf(sentences []Span, at int) int {
	for i, s := range sentences {
		if at < s.End {
			return i
		}
	}
	return max(len(sentences)-1, 0)
}

// sentenceFacet is the sibling group of the cards that show sentence i of
// a section in full: its clozes, and the order card whose answer it is.
func sentenceFacet(section string, i int) string {
	return "sentence/" + section + "/" + strconv.Itoa(i+1)
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

// labelled returns "label: text", or text alone (capitalised) when it
// already starts with the label ("Lead with the outcome…" is not labelled
// "Lead with"), or "" for no text.
func labelled(label, text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if len(text) >= len(label) && strings.EqualFold(text[:len(label)], label) &&
		(len(text) == len(label) || !isWordByte(text[len(label)])) {
		return starcards.Capitalize(text)
	}
	return label + ": " + text
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// outline makes the outline card: the question, and on the back one line
// per section (its target and what it opens with), then the story's
// coaching, which says how to tell the beats. The story's summary is not
// shown: it usually states the result's numbers, which are the answers of
// number cards.
func (g *generator) outline() {
	if len(g.s.Sections) < 2 {
		return
	}
	q := g.s.Question
	if strings.TrimSpace(q) == "" {
		q = "Tell “" + g.title + "”"
	}
	front := paragraphs(q, fmt.Sprintf("The %d beats, and how each one opens?", len(g.s.Sections)))
	var lines []string
	for i, sec := range g.s.Sections {
		line := sec.Title()
		if t := FormatTarget(sec.Target); t != "" {
			line += " (" + t + ")"
		}
		if cue := g.opening(i, 0); cue != "" {
			line += ": " + cue
		}
		lines = append(lines, line)
	}
	back := paragraphs(strings.Join(lines, "\n"), labelled("Coaching", g.s.Coaching))
	g.add(starcards.KindOutline, "story", "outline", front, back, []string{q, back})
}

// opening is the cue for sentence j of section i: its first words, cut
// before the first cloze they hold.
func (g *generator) opening(i, j int) string {
	p := &g.sections[i]
	if j >= len(p.sentences) {
		return ""
	}
	sp := p.sentences[j]
	var answers []Span
	for _, c := range p.clozes {
		if c.span.Start >= sp.Start && c.span.Start < sp.End {
			answers = append(answers, Span{c.span.Start - sp.Start, c.span.End - sp.Start})
		}
	}
	return opening(p.text[sp.Start:sp.End], 7, answers)
}

// sectionCards makes the cards of section i: its clozes, its recital and
// its order cards.
func (g *generator) sectionCards(i int) {
	sec, p := g.s.Sections[i], &g.sections[i]
	for _, c := range p.clozes {
		g.cloze(sec, p, c)
	}
	g.section(i)
	if len(p.sentences) >= 3 {
		for k := 1; k < len(p.sentences); k++ {
			g.order(i, k)
		}
	}
}

// section makes the recital card of section i: the opening words on the
// front, the key phrases and numbers to check off on the back (the text
// itself when it has neither).
func (g *generator) section(i int) {
	sec, p := g.s.Sections[i], &g.sections[i]
	front := fmt.Sprintf("Tell the %s of “%s”", sec.Title(), g.title)
	if t := FormatTarget(sec.Target); t != "" {
		front += " (" + t + ")"
	}
	opening := g.opening(i, 0)
	if opening != "" {
		front = paragraphs(front, "It starts: “"+opening+"”")
	}
	phrases := nonEmpty(sec.Phrases)
	phraseLabel, numberLabel := "Key phrases", "Numbers"
	if len(phrases) == 1 {
		phraseLabel = "Key phrase"
	}
	if len(p.numbers) == 1 {
		numberLabel = "Number"
	}
	back := paragraphs(labelled(phraseLabel, strings.Join(phrases, " · ")),
		labelled(numberLabel, strings.Join(p.numbers, " · ")))
	if back == "" {
		// Nothing to check off: the whole text is the answer.
		back = paragraphs(p.text, labelled("Coaching", sec.Coaching))
	}
	// Example is the whole text (the user's level reflection for a
	// Reflection without one), for typed answers, drills and Anki, which
	// shows it only when there is nothing else to check off, as here.
	g.add(starcards.KindSection, sec.Name, "section/"+sec.Name, front, back,
		[]string{sec.Title(), FormatTarget(sec.Target), opening, strings.Join(phrases, "\n"), strings.Join(p.numbers, "\n"), p.text})
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// cloze makes the card of one number or key phrase: its sentence with it
// blanked.
func (g *generator) cloze(sec starcards.Section, p *sectionPlan, c cloze) {
	sp := c.context
	sentence := p.text[sp.Start:sp.End]
	answer := p.text[c.span.Start:c.span.End]
	start, end := c.span.Start-sp.Start, c.span.End-sp.Start
	what := "key phrase"
	if c.kind == starcards.KindNumber {
		what = "number"
	}
	blanked := sentence[:start] + "____" + sentence[end:]
	if c.sentence > 0 && len(p.sentences) > c.sentence && len(strings.Fields(sentence)) < shortSentence {
		// A short sentence gets its neighbour as context: the opening of
		// the sentence before, cut before its own clozes.
		if cue := g.opening(g.sectionIndex(sec.Name), c.sentence-1); cue != "" {
			blanked = "(After “" + cue + "”) " + blanked
		}
	}
	front := paragraphs(fmt.Sprintf("Fill in the %s — %s of “%s”", what, sec.Title(), g.title), blanked)
	g.add(c.kind, c.key, sentenceFacet(sec.Name, c.sentence), front, answer,
		[]string{sec.Title(), sentence, answer})
}

// shortSentence is the length, in words, under which a cloze's sentence
// is shown with the opening of the sentence before it.
const shortSentence = 10

// sectionIndex returns the index of the section called name.
func (g *generator) sectionIndex(name string) int {
	for i, sec := range g.s.Sections {
		if sec.Name == name {
			return i
		}
	}
	return 0
}

// order makes the card asking what comes after sentence k−1 of section i.
func (g *generator) order(i, k int) {
	sec, p := g.s.Sections[i], &g.sections[i]
	cue := g.opening(i, k-1)
	sp := p.sentences[k]
	next := p.text[sp.Start:sp.End]
	front := paragraphs(fmt.Sprintf("What comes next in the %s of “%s”?", sec.Title(), g.title), "After “"+cue+"”")
	step := fmt.Sprintf("%d of %d", k+1, len(p.sentences))
	g.add(starcards.KindOrder, sec.Name+"/"+strconv.Itoa(k+1), sentenceFacet(sec.Name, k), front, next,
		[]string{sec.Title(), step, cue, next})
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
		weak = "Weak answer: “" + f.Weak + "”"
		if f.WeakWhy != "" {
			weak += " — " + f.WeakWhy
		}
	}
	back := paragraphs(f.Strong, labelled("Key line", f.Key), weak)
	g.add(starcards.KindFollowup, key, "followup/"+key, front, back,
		[]string{f.Question, f.Probes, f.Strong, f.Key, f.Weak, f.WeakWhy})
}

func (g *generator) quiz(q starcards.Quiz) {
	if len(q.Options) > 0 && (q.Answer < 0 || q.Answer >= len(q.Options)) {
		return // a hand-built story's quiz whose answer is no option: no card (see Validate)
	}
	key := QuizKey(q)
	front, back := q.Question, q.Explanation
	answer := ""
	opts := q.Options
	if len(opts) > 0 {
		c := starcards.Card{
			ID: starcards.CardID{Story: g.s.ID, Kind: starcards.KindQuiz, Key: key}, Options: opts, Answer: q.Answer,
			Fields: []string{"", "", q.Question, "", "", q.Explanation},
		}
		front, back = QuizFront(&c, nil), QuizBack(&c, nil)
		if q.Answer >= 0 && q.Answer < len(opts) {
			answer = starcards.OptionLetter(q.Answer) + ". " + opts[q.Answer]
		}
	}
	c := g.add(starcards.KindQuiz, key, "quiz/"+key, front, back,
		[]string{q.Question, strings.Join(q.Options, "\n"), answer, q.Explanation})
	c.Options = q.Options
	c.Answer = q.Answer
}

// levelCard makes the one card of the user's level: how to pitch the story
// there (the level variant's focus, bar and time) and the reflection at
// that level unless the Reflection section card already tells it. Other
// levels make no cards.
func (g *generator) levelCard() {
	if !g.hasLevel {
		return
	}
	l := g.level
	reflection := l.reflection
	for _, p := range g.sections {
		if p.borrowed {
			reflection = "" // the Reflection section card tells it
		}
	}
	var focus, bar, limit string
	if v := l.variant; v != nil {
		focus, bar = v.Focus, v.Bar
		if v.Time > 0 {
			limit = "keep to " + FormatTarget(v.Time)
		}
	}
	back := paragraphs(reflection, labelled("Focus", focus), labelled("Bar", bar), labelled("Time", limit))
	if back == "" {
		return
	}
	front := fmt.Sprintf("Reflection at %s level for “%s”", l.name, g.title)
	if focus != "" || bar != "" || limit != "" {
		front = fmt.Sprintf("How do you pitch “%s” at %s level?", g.title, l.name)
	}
	g.add(starcards.KindReflection, l.key, "level", front, back,
		[]string{l.name, reflection, focus, bar, limit}, l.name)
}

func (g *generator) angle(a starcards.Angle) {
	key := Slug(a.Principle)
	front := fmt.Sprintf("Frame “%s” for %s", g.title, a.Principle)
	back := paragraphs(labelled("Lead with", a.Lead), labelled("Emphasize", a.Emphasize), labelled("Downplay", a.Downplay))
	g.add(starcards.KindAngle, key, "angle/"+key, front, back, []string{a.Principle, a.Lead, a.Emphasize, a.Downplay}, a.Principle)
}
