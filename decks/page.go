package decks

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/starcards/starcards"
)

// ParsePage parses the text of a STAR walkthrough web page, as copied from a
// browser ("Tell Me About a Time … - Amazon LP STAR Walkthrough"), into a
// story. Errors are [*ParseError]s naming the line (and column, where one
// means something).
//
// The page is read line by line. Its parts are recognised by their headings
// ("⏱ Target: 30s", "Strong Example", "💡 Coaching", "⚠️ Common Mistake",
// "SDE2 Reflection", "Probes:", "❌ Weak", "✅ Strong", "Weak Answer", "Bar
// Raiser Thinks", "✅ Emphasize", "⬇ Downplay", "Reflection:", "Bar") and by
// the lines around them, never by their emoji alone: a heading's leading
// emoji is dropped whether it is correctly encoded (💡) or garbled by a
// wrong code page (πŸ’‘), and a line holding only an emoji (❓, 🧠, ▼, or
// its garbled form) only separates parts. Windows line endings, a byte-order
// mark, extra blank lines and garbled punctuation (β€™ for ’) are tolerated;
// any part but the title line and one section may be missing.
//
// What the page does not spell out is derived:
//   - Question: the title line without its " - … STAR Walkthrough" suffix, in
//     sentence case when the page has it in Title Case ("Tell me about a time
//     speed of execution was the key to success"; words of one capital
//     letter followed by lower case are lowered, so acronyms and "I" stay,
//     proper nouns do not).
//   - Title: the question without "Tell me about a time" (or "Describe a
//     time", …), capitalised.
//   - ID: a [Slug] of the title cut at a word boundary to at most 32 bytes,
//     without trailing small words ("speed-of-execution-was-the-key"). A page
//     has no story id, so a story file written by hand will usually pick a
//     shorter one ("webhook-drop-rate"): card progress follows the id.
//   - Follow-up and quiz IDs: a slug of the question (a story file names
//     them explicitly instead), with "-2", "-3" added to repeats.
//   - Quizzes have no options: the page lost them, so each quiz is a question
//     answered by its explanation.
//   - Principles: the principles of the angles, in page order. Role: the
//     words after "While working as a(n)" ("SDE2"), or "".
//   - Level times: "Keep to 2 minutes." is 2m; a range such as "2.5-3
//     minutes." gives its upper bound, 3m.
//   - Sections are named by the letter under their target (S, T, A, R) or, for
//     the reflection, by its emoji; when that line is missing a section is the
//     one after the previous section.
func ParsePage(data []byte, name string) (*starcards.Story, error) {
	if len(data) > MaxFileSize {
		return nil, &ParseError{File: name, Err: ErrTooLarge}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		return nil, &ParseError{File: name, Line: line, Col: col, Err: ErrInvalidUTF8}
	}
	p := &pageParser{name: name, lines: splitPage(data)}
	return p.parse()
}

// pageMarkers are the emoji markers of a walkthrough page, decoded and
// garbled: UTF-8 read as Windows-1253, bytes it lacks read as Windows-1252 or
// lost. The parser tells none of them apart except the reflection section's
// (see [reflectionMarkers]): a heading's leading run of non-ASCII is dropped
// whatever it is, and a line of emoji alone is recognised by [markerOnly].
// The table documents what pages hold; the tests use it.
var pageMarkers = []struct{ decoded, garbled, meaning string }{
	{"🎬", "πŸŽ¬", "scenario overview"},
	{"⏱", "β±", "time target, level time"},
	{"💡", "πŸ’΅", "coaching"},
	{"💡", "πŸ’‘", "coaching, as the source page has it (the bytes of 💑)"},
	{"⚠️", "βš\u00a0οΈ", "common mistake"},
	{"💭", "πŸ’\u00ad", "reflection section"},
	{"💭", "πŸ’", "reflection section, soft hyphen lost"},
	{"👀", "πŸ‘€", "SDE2 reflection"},
	{"🏆", "πŸ†", "senior reflection"},
	{"❓", "β“", "follow-up question"},
	{"▼", "β–Ό", "expand"},
	{"❌", "βŒ", "weak answer to a follow-up"},
	{"✅", "βœ…", "strong answer, emphasize"},
	{"✗", "βœ—", "weak full answer"},
	{"🧠", "πŸ§\u00a0", "quiz"},
	{"⬇", "β¬‡", "downplay"},
}

// reflectionMarkers name the reflection section in the line under its
// target, where the other sections have S, T, A and R.
var reflectionMarkers = []string{"💭", "πŸ’", "πŸ’\u00ad"}

// pageRepair undoes the garbling of punctuation in page text, read as
// Windows-1253 (β€™ for ’) or Windows-1252 (â€™). Longer sequences come
// first: the replacer tries them in order.
var pageRepair = strings.NewReplacer(
	"β€™", "’", "β€˜", "‘", "β€œ", "“", "β€“", "–", "β€”", "—", "β€¦", "…", "β€Ά", "•",
	"â€™", "’", "â€˜", "‘", "â€œ", "“", "â€“", "–", "â€”", "—", "â€¦", "…", "â€¢", "•",
	"â€\u009d", "”", "β€", "”", "â€", "”",
)

type lineKind int

const (
	lContent lineKind = iota
	lBlank
	lMarker     // a line of emoji only
	lLetter     // S, T, A, R (or a section name) under a target
	lTarget     // ⏱ Target: 30s
	lExample    // Strong Example
	lCoaching   // 💡 Coaching
	lMistake    // ⚠️ Common Mistake
	lReflection // SDE2 Reflection
	lProbes     // Probes: …
	lWeak       // ❌ Weak
	lStrong     // ✅ Strong
	lWeakAnswer // ✗ Weak Answer
	lVerdict    // Bar Raiser Thinks…
	lEmphasize  // ✅ Emphasize
	lDownplay   // ⬇ Downplay
	lOverview   // 🎬 Scenario Overview
	lBullet     // • a flaw
	lLevelRefl  // Reflection: … (in a level)
	lBar        // Bar … (in a level)
	lTime       // ⏱ Keep to 2 minutes. (in a level)
	lPhrases    // "I noticed""no ticket"
	lQuoted     // "a line in quotes"
)

type pageLine struct {
	n      int    // 1-based line number
	raw    string // as written, without the line ending
	text   string // trimmed, punctuation repaired
	kind   lineKind
	arg    string // what follows the heading on its line
	argCol int    // 1-based column of arg in raw
}

// splitPage splits data into classified lines.
func splitPage(data []byte) []pageLine {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raws := strings.Split(s, "\n")
	lines := make([]pageLine, len(raws))
	for i, raw := range raws {
		text := raw
		if strings.Contains(text, "€") { // every garbled sequence repaired holds one
			text = pageRepair.Replace(text)
		}
		l := pageLine{n: i + 1, raw: raw, text: strings.TrimSpace(text)}
		classify(&l)
		lines[i] = l
	}
	return lines
}

var (
	headingRE         = regexp.MustCompile(`(?i)^(strong example|coaching|common mistakes?|weak answer|weak|strong answer|strong|emphasi[sz]e|downplay|scenario overview|probes|target|reflection)\b\s*:?\s*(.*)$`)
	levelReflectionRE = regexp.MustCompile(`^(\S+(?: \S+){0,2}) Reflection:?$`)
	verdictRE         = regexp.MustCompile(`(?i)^bar raiser thinks\s*[:\-–—]?\s*(.*)$`)
	barRE             = regexp.MustCompile(`^Bar(?::\s*|\s+)(\S.*)$`)
	bulletRE          = regexp.MustCompile(`^(?:[•·▪◦‣∙]|[-*–—](?:\s|$))\s*(.*)$`)
	phrasesRE         = regexp.MustCompile(`^(?:\s*["“][^"“”]+["”])+\s*$`)
	phraseRE          = regexp.MustCompile(`["“]([^"“”]+)["”]`)
	quotedRE          = regexp.MustCompile(`^["“](.+)["”]$`)
	timeRE            = regexp.MustCompile(`(?i)^(?:(?:keep(?: it)?|stay|aim)\s+(?:to|under|within|below|for)\s+|under\s+|within\s+|up to\s+|about\s+|~\s*)?(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?\s*(seconds?|secs?|s|minutes?|mins?|m)\.?$`)
	titleSuffixRE     = regexp.MustCompile(`(?i)^(.*?\S)\s+[-–—|]\s+(?:[^-–—|]*\s)?STAR\s+walkthrough\s*$`)
	questionPrefixRE  = regexp.MustCompile(`(?i)^(?:tell me about a time|describe a (?:time|situation)|give (?:me )?an example of a time|talk (?:me )?(?:about|through) a time)(?:\s+(?:when|where|that))?\s+`)
	roleRE            = regexp.MustCompile(`(?i)\bwhile (?:working|serving|employed) as an? ([^,.;:()]+)`)
	roleEndRE         = regexp.MustCompile(`(?i)\s+(?:at|on|in|for|with|within|I|we)\b.*$`)
)

// sectionOf returns the section a line under a target names: S, T, A, R or
// a section name.
func sectionOf(t string) string {
	switch t {
	case "S":
		return "situation"
	case "T":
		return "task"
	case "A":
		return "action"
	case "R":
		return "result"
	}
	for _, n := range starcards.SectionNames {
		if strings.EqualFold(t, n) {
			return n
		}
	}
	return ""
}

// stripMarker drops a leading run of non-ASCII runes (an emoji, garbled or
// not) and spaces.
func stripMarker(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool { return r >= utf8.RuneSelf || unicode.IsSpace(r) })
}

// markerOnly reports whether s is a line of emoji: short, with nothing but
// non-ASCII runes and spaces. Garbled emoji are runs of Greek and Latin-1
// letters and punctuation (πŸ’‘, β“), so any such run counts.
func markerOnly(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 8 {
		return false
	}
	for _, r := range s {
		if r < utf8.RuneSelf && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func classify(l *pageLine) {
	t := l.text
	if t == "" {
		l.kind = lBlank
		return
	}
	if markerOnly(t) {
		l.kind, l.arg = lMarker, t
		return
	}
	if sectionOf(t) != "" {
		l.kind, l.arg = lLetter, sectionOf(t)
		return
	}
	if m := bulletRE.FindStringSubmatch(t); m != nil && m[1] != "" {
		l.setArg(lBullet, m[1])
		return
	}
	if phrasesRE.MatchString(t) {
		l.kind = lPhrases
		if quotedRE.MatchString(t) && len(phraseRE.FindAllString(t, -1)) == 1 {
			l.kind = lQuoted
		}
		return
	}
	if quotedRE.MatchString(t) {
		l.kind = lQuoted
		return
	}
	h := stripMarker(t)
	if m := verdictRE.FindStringSubmatch(h); m != nil {
		l.setArg(lVerdict, m[1])
		return
	}
	if m := barRE.FindStringSubmatch(h); m != nil {
		l.setArg(lBar, m[1])
		return
	}
	if m := levelReflectionRE.FindStringSubmatch(h); m != nil {
		l.setArg(lReflection, m[1])
		return
	}
	if timeRE.MatchString(h) {
		l.setArg(lTime, h)
		return
	}
	m := headingRE.FindStringSubmatch(h)
	if m == nil {
		return
	}
	word, rest := strings.ToLower(m[1]), m[2]
	colon := strings.Contains(h[len(m[1]):len(h)-len(rest)], ":")
	switch {
	case word == "target" && colon:
		l.setArg(lTarget, rest)
	case word == "target":
		if _, ok := pageDuration(rest); ok {
			l.setArg(lTarget, rest) // "Target 30s"
		}
	case word == "probes" && colon:
		l.setArg(lProbes, rest)
	case word == "reflection" && colon:
		l.setArg(lLevelRefl, rest)
	case word == "probes" || word == "reflection" || word == "target":
		// a sentence that starts with the word
	case rest != "" && !colon:
		// "Strong candidates act…": a sentence, not a heading.
	default:
		kinds := map[string]lineKind{
			"strong example": lExample, "coaching": lCoaching, "common mistake": lMistake,
			"common mistakes": lMistake, "weak answer": lWeakAnswer, "weak": lWeak,
			"strong answer": lStrong, "strong": lStrong, "emphasize": lEmphasize,
			"emphasise": lEmphasize, "downplay": lDownplay, "scenario overview": lOverview,
		}
		l.setArg(kinds[word], rest)
	}
}

func (l *pageLine) setArg(k lineKind, arg string) {
	l.kind, l.arg = k, strings.TrimSpace(arg)
	l.argCol = 1
	if i := strings.LastIndex(l.raw, l.arg); i >= 0 && l.arg != "" {
		l.argCol = utf8.RuneCountInString(l.raw[:i]) + 1
	} else if i := strings.IndexFunc(l.raw, func(r rune) bool { return !unicode.IsSpace(r) }); i >= 0 {
		l.argCol = utf8.RuneCountInString(l.raw[:i]) + 1
	}
}

// pageText collects the paragraphs of one field.
type pageText struct {
	paras [][]string
	open  bool
}

func (t *pageText) add(s string) {
	if s == "" {
		return
	}
	if t.open {
		t.paras[len(t.paras)-1] = append(t.paras[len(t.paras)-1], s)
		return
	}
	t.paras = append(t.paras, []string{s})
	t.open = true
}

// addPara adds s as a paragraph of its own.
func (t *pageText) addPara(s string) {
	t.open = false
	t.add(s)
	t.open = false
}

func (t *pageText) close() {
	if t != nil {
		t.open = false
	}
}

func (t *pageText) empty() bool { return len(t.paras) == 0 }

func joinPara(p []string) string { return strings.Join(p, " ") }

func (t *pageText) String() string { return joinParas(t.paras) }

func joinParas(paras [][]string) string {
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = joinPara(p)
	}
	return strings.Join(out, "\n\n")
}

type pageSection struct {
	line     int
	name     string
	target   time.Duration
	example  pageText
	coaching pageText
	mistake  pageText
	phrases  []string
}

func (s *pageSection) fresh() bool {
	return s.example.empty() && s.coaching.empty() && s.mistake.empty() && s.phrases == nil
}

type pageReflection struct {
	line  int
	level string
	text  pageText
}

type pageFollowup struct {
	line                 int
	question             string
	probes, weak, strong pageText
}

type pageWeak struct {
	line          int
	text, verdict pageText
	flaws         []*pageText
}

type pageQuiz struct {
	line        int
	question    string
	explanation pageText
}

type pageAngle struct {
	line                      int
	principle                 string
	lead, emphasize, downplay pageText
}

type pageLevel struct {
	line                   int
	level                  string
	focus, reflection, bar pageText
	time                   time.Duration
}

type pageCtx int

const (
	ctxNone pageCtx = iota
	ctxOverview
	ctxSection
	ctxReflection
	ctxFollowup
	ctxWeak
	ctxQuiz
	ctxAngle
	ctxLevel
)

type pageParser struct {
	name  string
	lines []pageLine

	question  string
	titleLine int
	role      string
	overview  pageText

	sections    []*pageSection
	reflections []*pageReflection
	followups   []*pageFollowup
	weak        *pageWeak
	quizzes     []*pageQuiz
	angles      []*pageAngle
	levels      []*pageLevel

	// skip[i] is the first line from i on that is neither blank nor a
	// marker; paraEnd[i] the first from i on that is not text. They keep
	// every look-ahead constant-time.
	skip, paraEnd []int

	ctx   pageCtx
	field *pageText // where text lines go; nil drops them
}

func (p *pageParser) errAt(l *pageLine, col int, format string, args ...any) error {
	return &ParseError{File: p.name, Line: l.n, Col: col, Err: fmt.Errorf(format, args...)}
}

// next returns the index of the first line from i on that is neither blank
// nor a marker, or len(lines).
func (p *pageParser) next(i int) int {
	if i >= len(p.lines) {
		return len(p.lines)
	}
	return p.skip[i]
}

func (p *pageParser) kindAt(i int) lineKind {
	if i >= len(p.lines) {
		return lBlank
	}
	return p.lines[i].kind
}

// prevKind returns the kind of the last non-blank line before i.
func (p *pageParser) prevKind(i int) lineKind {
	for i--; i >= 0; i-- {
		if p.lines[i].kind != lBlank {
			return p.lines[i].kind
		}
	}
	return lBlank
}

func (p *pageParser) section() *pageSection { return p.sections[len(p.sections)-1] }

func (p *pageParser) parse() (*starcards.Story, error) {
	n := len(p.lines)
	p.skip, p.paraEnd = make([]int, n+1), make([]int, n+1)
	p.skip[n], p.paraEnd[n] = n, n
	for i := n - 1; i >= 0; i-- {
		p.skip[i], p.paraEnd[i] = i, i
		if k := p.lines[i].kind; k == lBlank || k == lMarker {
			p.skip[i] = p.skip[i+1]
		} else if k == lContent {
			p.paraEnd[i] = p.paraEnd[i+1]
		}
	}
	for i := range p.lines {
		if err := p.line(i); err != nil {
			return nil, err
		}
	}
	return p.story()
}

func (p *pageParser) setField(ctx pageCtx, f *pageText) {
	p.field.close()
	p.ctx, p.field = ctx, f
}

func (p *pageParser) line(i int) error {
	l := &p.lines[i]
	if p.role == "" {
		if m := roleRE.FindStringSubmatch(l.text); m != nil {
			role := strings.TrimSpace(roleEndRE.ReplaceAllString(m[1], ""))
			if strings.Count(role, " ") < 4 {
				p.role = role
			}
		}
	}
	if l.kind == lBlank {
		p.field.close()
		return nil
	}
	if p.question == "" {
		// Everything before the title line is page furniture.
		if l.kind != lMarker {
			p.question = pageQuestion(l.text)
			p.titleLine = l.n
		}
		return nil
	}
	switch l.kind {
	case lMarker:
		p.field.close()
		if p.ctx == ctxSection && p.section().name == "" && p.section().fresh() && p.field == nil {
			for _, m := range reflectionMarkers {
				if l.text == m {
					p.section().name = "reflection"
				}
			}
		}
		return nil
	case lOverview:
		p.setField(ctxOverview, &p.overview)
		p.field.add(l.arg)
		return nil
	case lTarget:
		d, ok := pageDuration(l.arg)
		if !ok {
			return p.errAt(l, l.argCol, "target %q is not a time like 30s, 90s or 2 minutes", l.arg)
		}
		p.sections = append(p.sections, &pageSection{line: l.n, target: d})
		p.setField(ctxSection, nil)
		return nil
	case lLetter:
		name := l.arg
		if p.ctx == ctxSection && p.section().name == "" && p.section().fresh() && p.field == nil {
			p.section().name = name
			return nil
		}
		if p.kindAt(p.next(i+1)) == lExample {
			p.sections = append(p.sections, &pageSection{line: l.n, name: name})
			p.setField(ctxSection, nil)
			return nil
		}
	case lExample:
		if p.ctx != ctxSection || !p.section().fresh() {
			p.sections = append(p.sections, &pageSection{line: l.n})
		}
		p.setField(ctxSection, &p.section().example)
		p.field.add(l.arg)
		return nil
	case lCoaching, lMistake:
		if p.ctx != ctxSection {
			return p.errAt(l, 0, "%q outside a STAR section (sections start with a \"⏱ Target:\" line)", stripMarker(l.text))
		}
		f := &p.section().coaching
		if l.kind == lMistake {
			f = &p.section().mistake
		}
		p.setField(ctxSection, f)
		p.field.add(l.arg)
		return nil
	case lPhrases, lQuoted:
		if p.ctx == ctxSection && phrasesRE.MatchString(l.text) {
			s := p.section()
			if s.phrases != nil {
				return p.errAt(l, 0, "second line of key phrases in the %s section", pageSectionName(s))
			}
			s.phrases = []string{}
			for _, m := range phraseRE.FindAllStringSubmatch(l.text, -1) {
				if ph := strings.TrimSpace(m[1]); ph != "" {
					s.phrases = append(s.phrases, ph)
				}
			}
			if len(s.phrases) == 0 {
				s.phrases = nil
			}
			p.field.close()
			return nil
		}
	case lReflection:
		r := &pageReflection{line: l.n, level: l.arg}
		p.reflections = append(p.reflections, r)
		p.setField(ctxReflection, &r.text)
		return nil
	case lProbes:
		if p.ctx == ctxFollowup {
			p.setField(ctxFollowup, &p.followups[len(p.followups)-1].probes)
			p.field.add(l.arg)
			return nil
		}
	case lWeak, lStrong:
		if p.ctx != ctxFollowup {
			return p.errAt(l, 0, "%q outside a follow-up question", stripMarker(l.text))
		}
		f := p.followups[len(p.followups)-1]
		if l.kind == lWeak {
			p.setField(ctxFollowup, &f.weak)
		} else {
			p.setField(ctxFollowup, &f.strong)
		}
		p.field.add(l.arg)
		return nil
	case lWeakAnswer:
		if p.weak != nil {
			return p.errAt(l, 0, "a second weak answer (the first is at line %d)", p.weak.line)
		}
		p.weak = &pageWeak{line: l.n}
		p.setField(ctxWeak, &p.weak.text)
		p.field.add(l.arg)
		return nil
	case lBullet:
		if p.ctx == ctxWeak {
			f := &pageText{}
			f.add(l.arg)
			p.weak.flaws = append(p.weak.flaws, f)
			p.setField(ctxWeak, f)
			return nil
		}
	case lVerdict:
		if p.ctx != ctxWeak {
			return p.errAt(l, 0, "\"Bar Raiser Thinks\" outside the weak answer")
		}
		p.setField(ctxWeak, &p.weak.verdict)
		p.field.add(l.arg)
		return nil
	case lEmphasize, lDownplay:
		if p.ctx != ctxAngle {
			return p.errAt(l, 0, "%q outside a principle angle", stripMarker(l.text))
		}
		a := p.angles[len(p.angles)-1]
		if l.kind == lEmphasize {
			p.setField(ctxAngle, &a.emphasize)
		} else {
			p.setField(ctxAngle, &a.downplay)
		}
		p.field.add(l.arg)
		return nil
	case lLevelRefl, lBar, lTime:
		if p.ctx == ctxLevel {
			lv := p.levels[len(p.levels)-1]
			switch l.kind {
			case lLevelRefl:
				p.setField(ctxLevel, &lv.reflection)
			case lBar:
				if !lv.bar.empty() {
					return p.text(i) // a second "Bar …" line: text
				}
				p.setField(ctxLevel, &lv.bar)
			case lTime:
				d, _ := pageDuration(l.arg)
				lv.time = d
				p.setField(ctxLevel, nil)
				return nil
			}
			p.field.add(l.arg)
			return nil
		}
	}
	return p.text(i)
}

// text handles a line of text: it starts a follow-up, quiz, angle or level,
// or continues the current field.
func (p *pageParser) text(i int) error {
	l := &p.lines[i]
	if strings.HasSuffix(l.text, "?") && (p.field == nil || !p.field.open) {
		after := p.kindAt(p.next(i + 1))
		followup := after == lProbes || after == lWeak || after == lStrong
		if followup || p.prevKind(i) == lMarker {
			if followup {
				f := &pageFollowup{line: l.n, question: l.text}
				p.followups = append(p.followups, f)
				p.setField(ctxFollowup, nil)
			} else {
				q := &pageQuiz{line: l.n, question: l.text}
				p.quizzes = append(p.quizzes, q)
				p.setField(ctxQuiz, &q.explanation)
			}
			return nil
		}
	}
	if k := p.blockAt(i); k != ctxNone {
		if k == ctxAngle {
			a := &pageAngle{line: l.n, principle: l.text}
			p.angles = append(p.angles, a)
			p.setField(ctxAngle, &a.lead)
		} else {
			lv := &pageLevel{line: l.n, level: l.text}
			p.levels = append(p.levels, lv)
			p.setField(ctxLevel, &lv.focus)
		}
		return nil
	}
	if p.field == nil {
		return nil // text outside any part: page furniture
	}
	if l.kind == lQuoted || l.kind == lPhrases {
		p.field.addPara(l.text)
		return nil
	}
	p.field.add(l.text)
	return nil
}

// blockAt reports whether line i names a principle angle or a level: a short
// line of its own, followed by a paragraph and then "Emphasize"/"Downplay"
// (an angle) or "Reflection:"/"Bar"/a time (a level).
func (p *pageParser) blockAt(i int) pageCtx {
	l := &p.lines[i]
	if l.kind != lContent || len(l.text) > 60 || endsSentence(l.text) || strings.HasSuffix(l.text, ",") {
		return ctxNone
	}
	if p.field != nil && (p.field.empty() || p.field.open && !endsSentence(p.lines[i-1].text)) {
		// The first line under a heading, or a line that continues a
		// sentence: text of the current field.
		return ctxNone
	}
	kindOf := func(k lineKind) pageCtx {
		switch k {
		case lEmphasize, lDownplay:
			return ctxAngle
		case lLevelRefl, lBar, lTime:
			return ctxLevel
		}
		return ctxNone
	}
	j := p.next(i + 1)
	if k := kindOf(p.kindAt(j)); k != ctxNone || p.kindAt(j) != lContent {
		return k
	}
	return kindOf(p.kindAt(p.next(p.paraEnd[j])))
}

// endsSentence reports whether s ends as a sentence or a quotation does.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"”'’)")
	return s != "" && strings.ContainsAny(s[len(s)-1:], ".?!:;")
}

// pageQuestion returns the interview question of a page title line, or "".
func pageQuestion(line string) string {
	q := ""
	if m := titleSuffixRE.FindStringSubmatch(line); m != nil {
		q = m[1]
	} else if questionPrefixRE.MatchString(line) {
		q = line
	}
	q = strings.TrimSpace(q)
	if q == "" || len(q) > 300 {
		return ""
	}
	return sentenceCase(q)
}

// sentenceCase lowers the capitals of a Title Case question: every word
// after the first that is one capital followed by lower case. Acronyms
// (SDE2, AWS) and "I" keep theirs. A question already in sentence case is
// returned as it is.
func sentenceCase(q string) string {
	words := strings.Fields(q)
	capital := func(w string) bool {
		r, size := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r) && strings.ToLower(w[size:]) == w[size:]
	}
	long, caps := 0, 0
	for _, w := range words[1:] {
		if letters := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }); letters == -1 && len(w) >= 4 || letters >= 4 {
			long++
			if capital(w) {
				caps++
			}
		}
	}
	if long < 2 || caps < long {
		return strings.Join(words, " ")
	}
	for i, w := range words[1:] {
		if capital(w) && w != "I" && !strings.HasPrefix(w, "I'") && !strings.HasPrefix(w, "I’") {
			r, size := utf8.DecodeRuneInString(w)
			words[i+1] = string(unicode.ToLower(r)) + w[size:]
		}
	}
	return strings.Join(words, " ")
}

// pageTitle derives a story title from its question.
func pageTitle(q string) string {
	t := q
	if loc := questionPrefixRE.FindStringIndex(q); loc != nil && loc[1] < len(q) {
		t = q[loc[1]:]
	}
	t = strings.TrimRight(t, "?. ")
	if t == "" {
		t = q
	}
	return starcards.Capitalize(t)
}

// maxPageID bounds the length of an id derived from a page title.
const maxPageID = 32

var smallWords = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "to": true, "of": true, "or": true,
	"in": true, "on": true, "for": true, "with": true, "was": true, "is": true, "at": true, "by": true,
}

// pageID derives a story id from a title: its slug cut at a word boundary
// to at most 32 bytes, without the small words that cutting left at its end.
func pageID(title string) string {
	id := Slug(title)
	if len(id) <= maxPageID {
		return id
	}
	if i := strings.LastIndexByte(id[:maxPageID+1], '-'); i > 0 {
		id = id[:i]
	} else {
		id = id[:maxPageID] // one long word
	}
	words := strings.Split(id, "-")
	for len(words) > 1 && smallWords[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, "-")
}

// pageDuration parses a time as pages write it: "30s", "90s", "1m30s", "2
// minutes", "Keep to 2 minutes.", "2.5-3 minutes." (the upper bound). It
// accepts 1s to 1h, as story files do.
func pageDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "~"))
	d, err := time.ParseDuration(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		m := timeRE.FindStringSubmatch(s)
		if m == nil {
			return 0, false
		}
		num := m[1]
		if m[2] != "" {
			num = m[2]
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || f > 3600 {
			return 0, false
		}
		unit := time.Second
		if strings.HasPrefix(strings.ToLower(m[3]), "m") {
			unit = time.Minute
		}
		d = time.Duration(f * float64(unit))
	}
	d = d.Round(time.Second)
	if d <= 0 || d > time.Hour {
		return 0, false
	}
	return d, true
}

func pageSectionName(s *pageSection) string {
	if s.name == "" {
		return "unnamed"
	}
	return s.name
}

// story checks and assembles what the lines gave.
func (p *pageParser) story() (*starcards.Story, error) {
	first := 0
	for first < len(p.lines) && p.lines[first].kind == lBlank {
		first++
	}
	if first == len(p.lines) {
		return nil, &ParseError{File: p.name, Err: errors.New("page is empty")}
	}
	if p.question == "" {
		return nil, p.errAt(&p.lines[first], 1, "not a STAR walkthrough page: no title line like \"Tell Me About a Time … - Amazon LP STAR Walkthrough\"")
	}
	if len(p.sections) == 0 {
		return nil, p.errAt(&p.lines[p.titleLine-1], 1, "no STAR sections after the title: want \"⏱ Target: 30s\" lines, each followed by S, T, A, R and \"Strong Example\"")
	}
	title := pageTitle(p.question)
	s := &starcards.Story{Title: title, Question: p.question, Role: p.role}
	if s.ID = pageID(title); s.ID == "" {
		s.ID = "story" // a title without Latin letters or digits
	}
	if err := p.storySections(s); err != nil {
		return nil, err
	}
	levels := map[string]int{}
	for _, r := range p.reflections {
		text := r.text.String()
		if text == "" {
			return nil, p.errAt(&p.lines[r.line-1], 0, "%s reflection has no text", r.level)
		}
		if prev, ok := levels[Slug(r.level)]; ok {
			return nil, p.errAt(&p.lines[r.line-1], 0, "a second %s reflection (the first is at line %d)", r.level, prev)
		}
		levels[Slug(r.level)] = r.line
		s.Reflections = append(s.Reflections, starcards.Reflection{Level: r.level, Text: text})
	}
	keys := map[string]int{}
	for i, f := range p.followups {
		fu := starcards.Followup{ID: uniqueSlug(keys, f.question, "followup", i), Question: f.question, Probes: f.probes.String()}
		if len(f.weak.paras) > 0 {
			fu.Weak = unquote(joinPara(f.weak.paras[0]))
			fu.WeakWhy = joinParas(f.weak.paras[1:])
		}
		strong := f.strong.paras
		if n := len(strong); n > 0 && quotedRE.MatchString(joinPara(strong[n-1])) {
			fu.Key = unquote(joinPara(strong[n-1]))
			strong = strong[:n-1]
		}
		fu.Strong = joinParas(strong)
		if fu.Strong == "" && fu.Key == "" {
			return nil, p.errAt(&p.lines[f.line-1], 0, "follow-up question has no strong answer")
		}
		s.Followups = append(s.Followups, fu)
	}
	if w := p.weak; w != nil {
		wa := &starcards.WeakAnswer{Text: w.text.String(), Verdict: w.verdict.String()}
		if wa.Text == "" {
			return nil, p.errAt(&p.lines[w.line-1], 0, "weak answer has no text")
		}
		for _, f := range w.flaws {
			wa.Flaws = append(wa.Flaws, f.String())
		}
		s.WeakAnswer = wa
	}
	keys = map[string]int{}
	for i, q := range p.quizzes {
		qz := starcards.Quiz{ID: uniqueSlug(keys, q.question, "quiz", i), Question: q.question, Explanation: q.explanation.String()}
		if qz.Explanation == "" {
			return nil, p.errAt(&p.lines[q.line-1], 0, "quiz question has no explanation (its answer)")
		}
		s.Quizzes = append(s.Quizzes, qz)
	}
	seen := map[string]int{}
	for _, a := range p.angles {
		if Slug(a.principle) == "" {
			return nil, p.errAt(&p.lines[a.line-1], 0, "principle %q has no letters or digits to key its cards by", a.principle)
		}
		if prev, ok := seen[Slug(a.principle)]; ok {
			return nil, p.errAt(&p.lines[a.line-1], 0, "a second angle for %s (the first is at line %d)", a.principle, prev)
		}
		seen[Slug(a.principle)] = a.line
		s.Principles = append(s.Principles, a.principle)
		s.Angles = append(s.Angles, starcards.Angle{Principle: a.principle, Lead: a.lead.String(), Emphasize: a.emphasize.String(), Downplay: a.downplay.String()})
	}
	seen = map[string]int{}
	for _, lv := range p.levels {
		if Slug(lv.level) == "" {
			return nil, p.errAt(&p.lines[lv.line-1], 0, "level %q has no letters or digits to key its cards by", lv.level)
		}
		if prev, ok := seen[Slug(lv.level)]; ok {
			return nil, p.errAt(&p.lines[lv.line-1], 0, "a second %s level (the first is at line %d)", lv.level, prev)
		}
		seen[Slug(lv.level)] = lv.line
		s.Levels = append(s.Levels, starcards.Level{Level: lv.level, Focus: lv.focus.String(), Reflection: lv.reflection.String(), Bar: lv.bar.String(), Time: lv.time})
	}
	return s, nil
}

func (p *pageParser) storySections(s *starcards.Story) error {
	byName := map[string]*pageSection{}
	last := -1
	for _, sec := range p.sections {
		at := &p.lines[sec.line-1]
		if sec.name == "" {
			if last+1 >= len(starcards.SectionNames) {
				return p.errAt(at, 0, "a sixth STAR section: a story has situation, task, action, result and reflection")
			}
			sec.name = starcards.SectionNames[last+1]
		}
		for i, n := range starcards.SectionNames {
			if n == sec.name {
				last = i
			}
		}
		if prev, ok := byName[sec.name]; ok {
			return p.errAt(at, 0, "a second %s section (the first is at line %d)", sec.name, prev.line)
		}
		if sec.fresh() {
			return p.errAt(at, 0, "the %s section is empty: want a strong example, key phrases, coaching or a common mistake", sec.name)
		}
		byName[sec.name] = sec
	}
	for _, name := range starcards.SectionNames {
		sec, ok := byName[name]
		if !ok {
			continue
		}
		s.Sections = append(s.Sections, starcards.Section{
			Name:     name,
			Target:   sec.target,
			Example:  sec.example.String(),
			Phrases:  sec.phrases,
			Coaching: sec.coaching.String(),
			Mistake:  sec.mistake.String(),
		})
	}
	return nil
}

// uniqueSlug returns a slug of question not yet in keys (adding "-2", "-3"
// to repeats), or what-N when the question makes no slug. keys maps each
// slug taken to the suffix to try next for it.
func uniqueSlug(keys map[string]int, question, what string, i int) string {
	base := Slug(question)
	if base == "" {
		base = fmt.Sprintf("%s-%d", what, i+1)
	}
	key := base
	if n, taken := keys[base]; taken {
		for ; ; n++ {
			key = fmt.Sprintf("%s-%d", base, n)
			if _, taken := keys[key]; !taken {
				keys[base] = n + 1
				break
			}
		}
	}
	keys[key] = 2
	return key
}

func unquote(s string) string {
	if m := quotedRE.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return s
}
