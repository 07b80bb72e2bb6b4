package decks

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/starcards/starcards"
	"golang.org/x/text/unicode/norm"
)

// Page is what [ParsePage] read from a walkthrough page: the story, where
// each part of it is on the page, and the lines it could not place.
type Page struct {
	Story *starcards.Story
	// Pos maps the path of every part of the story, as [Positions] of a
	// story file, to its line on the page (and column, where one means
	// something).
	Pos Positions
	// Warnings name the lines that were left out: a heading in the wrong
	// place, a part that breaks a rule of the story format ([Validate]),
	// text the parser could not place. They never make the page fail.
	Warnings []Warning
}

// Warning is a line of a page that the story leaves out, and why.
type Warning struct {
	Line, Col int
	Msg       string
}

func (w Warning) String() string {
	if w.Col > 0 {
		return fmt.Sprintf("%d:%d: %s", w.Line, w.Col, w.Msg)
	}
	return fmt.Sprintf("%d: %s", w.Line, w.Msg)
}

// ParsePage parses the text of a STAR walkthrough web page, as copied from a
// browser ("Tell Me About a Time … - Amazon LP STAR Walkthrough"), into a
// story. It refuses a page only when it holds no story at all (no title
// line, or no STAR section), or input over [MaxFileSize] or not UTF-8, with
// a [*ParseError] saying what is missing; every other problem leaves a line
// out with a [Warning] naming it.
//
// The page is read line by line, and each line by where it stands. Its parts
// are recognised by their headings ("⏱ Target: 30s", "Strong Example",
// "💡 Coaching", "⚠️ Common Mistake", "SDE2 Reflection", "Probes:",
// "❌ Weak", "✅ Strong", "Weak Answer", "Bar Raiser Thinks", "✅ Emphasize",
// "⬇ Downplay", "Reflection:", "Bar", "🎬 Scenario Overview") and by the
// lines around them, never by their emoji alone: a heading's leading emoji
// is dropped whether it is correctly encoded (💡) or garbled by a wrong code
// page (πŸ’‘), and a line holding only an emoji (❓, 🧠, ▼, or its garbled
// form) only separates parts. Windows line endings, a byte-order mark,
// extra blank lines and garbled punctuation (β€™ for ’) are tolerated.
// Text is put in NFC.
//
// A line of quoted phrases run together ("I noticed""no ticket") is a
// section's key phrases only where the page puts them: right after its
// strong example. Elsewhere a quoted line keeps its meaning: part of a
// common mistake, a weak answer, or a follow-up's key line (the quoted last
// paragraph of its strong answer).
//
// What the page does not spell out is derived:
//   - Question: the title line without its " - … STAR Walkthrough" suffix, in
//     sentence case when the page has it in Title Case ("Tell me about a time
//     speed of execution was the key to success"; words of one capital
//     letter followed by lower case are lowered, so acronyms and "I" stay,
//     proper nouns do not).
//   - Title: the question without "Tell me about a time" (or "Describe a
//     time", …), capitalised.
//   - ID: the topic of the question in a few words, cut at a word boundary:
//     its first three words that are not small words ("you", "the", "into")
//     or filler verbs ("find", "dug"): "Tell me about a time you dug into the
//     data to find a root cause" gives data-root-cause. A story file written
//     by hand may pick another: card progress follows the id.
//   - Follow-up and quiz IDs: the same few key words of the question, with
//     "-2", "-3" added to repeats, or followup-N and quiz-N when the
//     question has no letters or digits (see [FallbackKeys]).
//   - Quizzes have no options: the page lost them, so each quiz is a question
//     answered by its explanation.
//   - Summary and Coaching: the Scenario Overview's paragraphs (less one
//     that repeats a section's strong example), and its "Key takeaways: …".
//   - Principles: the principles of the angles, in page order. Role: from
//     the overview or a section, in the common phrasings "While working as
//     an SDE2", "As an SDE1 on the … team", "As a Senior SDE at …", "In my
//     role as …", "I was the … on …".
//   - Level times: "Keep to 2 minutes." is 2m; a range such as "2.5-3
//     minutes." gives its upper bound, 3m (see [ParseDuration]).
//   - Sections are named by the letter under their target (S, T, A, R) or, for
//     the reflection, by its emoji; when that line is missing a section is the
//     one after the previous section.
func ParsePage(data []byte, name string) (*Page, error) {
	if len(data) > MaxFileSize {
		return nil, &ParseError{File: name, Err: ErrTooLarge}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		return nil, &ParseError{File: name, Line: line, Col: col, Err: ErrInvalidUTF8}
	}
	p := &pageParser{name: name, lines: splitPage(norm.NFC.Bytes(data)), pos: Positions{}}
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

// followupMarkers and quizMarkers stand above a follow-up question and a
// quiz question: a line after one is that question even when it does not
// end in "?".
var (
	followupMarkers = []string{"❓", "β“"}
	quizMarkers     = []string{"🧠", "πŸ§\u00a0", "πŸ§"}
)

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
	headingRE         = lazyRegexp(`(?i)^(strong example|coaching|common mistakes?|weak answer|weak|strong answer|strong|emphasi[sz]e|downplay|scenario overview|probes|target|reflection)\b\s*:?\s*(.*)$`)
	levelReflectionRE = lazyRegexp(`^(\S+(?: \S+){0,2}) Reflection:?$`)
	verdictRE         = lazyRegexp(`(?i)^bar raiser thinks\s*[:\-–—]?\s*(.*)$`)
	barRE             = lazyRegexp(`^Bar(?::\s*|\s+)(\S.*)$`)
	bulletRE          = lazyRegexp(`^(?:[•·▪◦‣∙]|[-*–—](?:\s|$))\s*(.*)$`)
	phrasesRE         = lazyRegexp(`^(?:\s*[,;·•|]?\s*["“][^"“”]+["”])+\s*[,;.]?\s*$`)
	phraseRE          = lazyRegexp(`["“]([^"“”]+)["”]`)
	quotedRE          = lazyRegexp(`^["“](.+)["”]$`)
	titleSuffixRE     = lazyRegexp(`(?i)^(.*?\S)\s+[-–—|]\s+(?:[^-–—|]*\s)?STAR\s+walkthrough\s*$`)
	questionPrefixRE  = lazyRegexp(`(?i)^(?:tell me about (?:a time|an occasion|a situation)|describe a (?:time|situation|moment)|give (?:me )?an example (?:of )?(?:a time|a situation)?|share (?:an example|a time)|talk (?:me )?(?:about|through) a time|walk me through a time)(?:\s+(?:when|where|that|in which))?\s+`)
	timeSuffixRE      = lazyRegexp(`(?i)\s+(?:max(?:imum)?|or less|tops|at most|long)\.?$`)
	timePrefixRE      = lazyRegexp(`(?i)^(?:(?:keep(?: it)?|stay|aim)\s+(?:to|under|within|below|for|at)\s+|(?:under|within|up to|about|around|at most|max(?:imum)?:?)\s+|~\s*)`)
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
	if m := bulletRE().FindStringSubmatch(t); m != nil && m[1] != "" {
		l.setArg(lBullet, m[1])
		return
	}
	if phrasesRE().MatchString(t) {
		l.kind = lPhrases
		if quotedRE().MatchString(t) && len(phraseRE().FindAllString(t, -1)) == 1 {
			l.kind = lQuoted
		}
		return
	}
	if quotedRE().MatchString(t) {
		l.kind = lQuoted
		return
	}
	h := stripMarker(t)
	if m := verdictRE().FindStringSubmatch(h); m != nil {
		l.setArg(lVerdict, m[1])
		return
	}
	if m := barRE().FindStringSubmatch(h); m != nil {
		l.setArg(lBar, m[1])
		return
	}
	if m := levelReflectionRE().FindStringSubmatch(h); m != nil {
		l.setArg(lReflection, m[1])
		return
	}
	if _, ok := pageDuration(h); ok && strings.IndexFunc(h, unicode.IsLetter) >= 0 {
		l.setArg(lTime, h)
		return
	}
	m := headingRE().FindStringSubmatch(h)
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

// pageText collects the paragraphs of one field, and where it starts.
type pageText struct {
	paras [][]string
	open  bool
	at    Pos // the first line of text; 0 when empty
}

func (t *pageText) add(s string, at Pos) {
	if s == "" {
		return
	}
	if t.at.Line == 0 {
		t.at = at
	}
	if t.open {
		t.paras[len(t.paras)-1] = append(t.paras[len(t.paras)-1], s)
		return
	}
	t.paras = append(t.paras, []string{s})
	t.open = true
}

// addPara adds s as a paragraph of its own.
func (t *pageText) addPara(s string, at Pos) {
	t.open = false
	t.add(s, at)
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
	targetAt Pos
	// badTarget is why the target line was not a time.
	badTarget error
	example   pageText
	coaching  pageText
	mistake   pageText
	phrases   []string
	phraseAt  []Pos
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
	timeAt                 Pos
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
	ctxDropped // under a heading that was left out
)

type pageParser struct {
	name  string
	lines []pageLine
	pos   Positions
	warns []Warning

	question  string
	titleLine int
	role      string
	roleAt    Pos
	overview  pageText
	started   bool // a part has begun: text that fits nowhere is now worth a warning

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

// warn leaves line l out, saying why.
func (p *pageParser) warn(l *pageLine, format string, args ...any) {
	p.warns = append(p.warns, Warning{Line: l.n, Msg: fmt.Sprintf(format, args...)})
}

// drop leaves out a heading and the text under it.
func (p *pageParser) drop(l *pageLine, format string, args ...any) {
	p.warn(l, format+"; left out with the text under it", args...)
	p.setField(ctxDropped, nil)
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

// leadingMarker splits a line that starts with a marker of the page (an
// emoji, decoded or garbled, then a space) into the marker and the rest.
func leadingMarker(s string) (marker, rest string) {
	first, rest, ok := strings.Cut(s, " ")
	if !ok || strings.TrimSpace(rest) == "" {
		return "", s
	}
	for _, m := range pageMarkers {
		if first == strings.TrimSpace(m.decoded) || first == strings.TrimSpace(m.garbled) {
			return first, strings.TrimSpace(rest)
		}
	}
	for _, r := range first {
		if !unicode.In(r, unicode.So, unicode.Sk, unicode.Sm, unicode.Mn, unicode.Me, unicode.Cf) && r != '\uFE0F' {
			return "", s
		}
	}
	return first, strings.TrimSpace(rest)
}

// prevMarker returns the marker line right before line i (blank lines
// between allowed), or "".
func (p *pageParser) prevMarker(i int) string {
	for i--; i >= 0; i-- {
		switch p.lines[i].kind {
		case lBlank:
			continue
		case lMarker:
			return p.lines[i].text
		}
		return ""
	}
	return ""
}

func (p *pageParser) section() *pageSection { return p.sections[len(p.sections)-1] }

func (p *pageParser) parse() (*Page, error) {
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
		p.line(i)
	}
	s, err := p.story()
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(p.warns, func(a, b Warning) int { return a.Line - b.Line })
	return &Page{Story: s, Pos: p.pos, Warnings: p.warns}, nil
}

func (p *pageParser) setField(ctx pageCtx, f *pageText) {
	p.field.close()
	p.ctx, p.field = ctx, f
	if ctx != ctxNone {
		p.started = true
	}
}

// at is where line l's heading argument (or its text) starts.
func at(l *pageLine) Pos {
	col := l.argCol
	if col == 0 {
		col = 1
		if i := strings.IndexFunc(l.raw, func(r rune) bool { return !unicode.IsSpace(r) }); i >= 0 {
			col = utf8.RuneCountInString(l.raw[:i]) + 1
		}
	}
	return Pos{l.n, col}
}

func (p *pageParser) line(i int) {
	l := &p.lines[i]
	if l.kind == lBlank {
		p.field.close()
		return
	}
	if p.question == "" {
		// Everything before the title line is page furniture.
		if l.kind != lMarker {
			p.question = pageQuestion(l.text)
			p.titleLine = l.n
		}
		return
	}
	if p.role == "" && (p.ctx == ctxOverview || p.ctx == ctxSection || !p.started) {
		if role := findRole(l.text); role != "" {
			p.role, p.roleAt = role, Pos{l.n, 1}
		}
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
		return
	case lOverview:
		p.setField(ctxOverview, &p.overview)
		p.field.add(l.arg, at(l))
		return
	case lTarget:
		sec := &pageSection{line: l.n}
		d, err := pageTargetDuration(l.arg)
		if err != nil {
			sec.badTarget = err // warned about once the section has its name
		} else {
			sec.target, sec.targetAt = d, Pos{l.n, l.argCol}
		}
		p.sections = append(p.sections, sec)
		p.setField(ctxSection, nil)
		return
	case lLetter:
		name := l.arg
		if p.ctx == ctxSection && p.section().name == "" && p.section().fresh() && p.field == nil {
			p.section().name = name
			return
		}
		if p.kindAt(p.next(i+1)) == lExample {
			p.sections = append(p.sections, &pageSection{line: l.n, name: name})
			p.setField(ctxSection, nil)
			return
		}
	case lExample:
		if p.ctx != ctxSection || !p.section().fresh() {
			p.sections = append(p.sections, &pageSection{line: l.n})
		}
		p.setField(ctxSection, &p.section().example)
		p.field.add(l.arg, at(l))
		return
	case lCoaching, lMistake:
		if p.ctx != ctxSection {
			p.drop(l, "%q outside a STAR section (sections start with a \"⏱ Target:\" line)", stripMarker(l.text))
			return
		}
		f := &p.section().coaching
		if l.kind == lMistake {
			f = &p.section().mistake
		}
		p.setField(ctxSection, f)
		p.field.add(l.arg, at(l))
		return
	case lPhrases, lQuoted:
		// Key phrases only right after a strong example; elsewhere a
		// quoted line is text of the part it is in.
		if p.ctx == ctxSection && p.field == &p.section().example && p.section().phrases == nil {
			s := p.section()
			if s.example.empty() && p.kindAt(p.next(i+1)) == lPhrases {
				// A quoted strong example, its phrases on the next line.
				p.field.addPara(l.text, at(l))
				return
			}
			for _, m := range phraseRE().FindAllStringSubmatchIndex(l.text, -1) {
				if ph := strings.TrimSpace(l.text[m[2]:m[3]]); ph != "" {
					s.phrases = append(s.phrases, ph)
					s.phraseAt = append(s.phraseAt, Pos{l.n, colOf(l, l.text[m[2]:m[3]])})
				}
			}
			p.field.close()
			p.field = nil // what follows the phrases is no longer the example
			return
		}
	case lReflection:
		r := &pageReflection{line: l.n, level: l.arg}
		p.reflections = append(p.reflections, r)
		p.setField(ctxReflection, &r.text)
		return
	case lProbes:
		if p.ctx == ctxFollowup {
			p.setField(ctxFollowup, &p.followups[len(p.followups)-1].probes)
			p.field.add(l.arg, at(l))
			return
		}
	case lWeak, lStrong:
		if p.ctx != ctxFollowup {
			p.drop(l, "%q outside a follow-up question", stripMarker(l.text))
			return
		}
		f := p.followups[len(p.followups)-1]
		if l.kind == lWeak {
			p.setField(ctxFollowup, &f.weak)
		} else {
			p.setField(ctxFollowup, &f.strong)
		}
		p.field.add(l.arg, at(l))
		return
	case lWeakAnswer:
		if p.ctx == ctxFollowup {
			if f := p.followups[len(p.followups)-1]; f.weak.empty() && f.strong.empty() {
				// "❌ Weak Answer" inside a follow-up: its weak answer.
				p.setField(ctxFollowup, &f.weak)
				p.field.add(l.arg, at(l))
				return
			}
		}
		if p.weak != nil {
			p.drop(l, "a second weak answer (the first is at line %d)", p.weak.line)
			return
		}
		p.weak = &pageWeak{line: l.n}
		p.setField(ctxWeak, &p.weak.text)
		p.field.add(l.arg, at(l))
		return
	case lBullet:
		if p.ctx == ctxWeak {
			f := &pageText{}
			f.add(l.arg, at(l))
			p.weak.flaws = append(p.weak.flaws, f)
			p.setField(ctxWeak, f)
			return
		}
	case lVerdict:
		if p.ctx != ctxWeak {
			p.drop(l, "\"Bar Raiser Thinks\" outside the weak answer")
			return
		}
		p.setField(ctxWeak, &p.weak.verdict)
		p.field.add(l.arg, at(l))
		return
	case lEmphasize, lDownplay:
		if p.ctx != ctxAngle {
			p.drop(l, "%q outside a principle angle", stripMarker(l.text))
			return
		}
		a := p.angles[len(p.angles)-1]
		if l.kind == lEmphasize {
			p.setField(ctxAngle, &a.emphasize)
		} else {
			p.setField(ctxAngle, &a.downplay)
		}
		p.field.add(l.arg, at(l))
		return
	case lLevelRefl, lBar, lTime:
		if p.ctx == ctxLevel {
			lv := p.levels[len(p.levels)-1]
			switch l.kind {
			case lLevelRefl:
				p.setField(ctxLevel, &lv.reflection)
			case lBar:
				if !lv.bar.empty() {
					p.text(i) // a second "Bar …" line: text
					return
				}
				p.setField(ctxLevel, &lv.bar)
			case lTime:
				lv.time, _ = pageDuration(l.arg)
				lv.timeAt = at(l)
				p.setField(ctxLevel, nil)
				return
			}
			p.field.add(l.arg, at(l))
			return
		}
	}
	p.text(i)
}

// colOf returns the column of sub in line l, or 1.
func colOf(l *pageLine, sub string) int {
	if i := strings.Index(l.raw, sub); i >= 0 {
		return utf8.RuneCountInString(l.raw[:i]) + 1
	}
	return 1
}

// text handles a line of text: it starts a follow-up, quiz, angle or level,
// or continues the current field.
func (p *pageParser) text(i int) {
	l := &p.lines[i]
	marker := p.prevMarker(i)
	if m, rest := leadingMarker(l.text); m != "" {
		// "❓ Why did you …?" on one line: the marker and the question.
		marker, l.text = m, rest
	}
	question := strings.HasSuffix(l.text, "?") || slices.Contains(followupMarkers, marker) || slices.Contains(quizMarkers, marker)
	if question && (p.field == nil || !p.field.open || marker != "") {
		after := p.kindAt(p.next(i + 1))
		followup := after == lProbes || after == lWeak || after == lStrong || after == lWeakAnswer && p.kindAt(i+1) != lMarker
		if slices.Contains(quizMarkers, marker) && !followup {
			q := &pageQuiz{line: l.n, question: l.text}
			p.quizzes = append(p.quizzes, q)
			p.setField(ctxQuiz, &q.explanation)
			return
		}
		if followup || marker != "" {
			if followup {
				f := &pageFollowup{line: l.n, question: l.text}
				p.followups = append(p.followups, f)
				p.setField(ctxFollowup, nil)
			} else {
				q := &pageQuiz{line: l.n, question: l.text}
				p.quizzes = append(p.quizzes, q)
				p.setField(ctxQuiz, &q.explanation)
			}
			return
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
		return
	}
	if p.ctx == ctxSection && p.field == nil && p.section().fresh() && p.kindAt(p.next(i+1)) != lExample {
		// A strong example with no "Strong Example" heading above it.
		p.field = &p.section().example
	}
	switch {
	case p.field == nil && p.ctx == ctxDropped:
		return // its heading's warning names it
	case p.field == nil && p.started:
		p.warn(l, "not understood here: %s; left out", quoteLine(l.text))
		return
	case p.field == nil:
		return // page furniture between the title and the first part
	}
	if l.kind == lQuoted || l.kind == lPhrases {
		p.field.addPara(l.text, at(l))
		return
	}
	p.field.add(l.text, at(l))
}

// quoteLine shortens a line for a warning.
func quoteLine(s string) string {
	r := []rune(s)
	if len(r) > 50 {
		s = string(r[:49]) + "…"
	}
	return "“" + s + "”"
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

// rolePatterns find the role a candidate names: "While working as an
// SDE2", "As an SDE1 on the … team", "In my role as …", "I was the … on …".
// The role is what the pattern captures, up to the preposition that follows
// it.
var rolePatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\bwhile (?:working|serving|employed|interning) as (?:an? |the )?([^,.;:()]+)`),
	regexp.MustCompile(`(?i)\bin my (?:role|position|capacity|job) as (?:an? |the )?([^,.;:()]+)`),
	regexp.MustCompile(`(?i)(?:^|[.;:]\s+|\bwhen )as (?:an? |the )([^,.;:()]+?)\s+(?:on|at|in|for|with|within|of)\b`),
	regexp.MustCompile(`(?i)\bI (?:was|worked as|joined as) (?:an? |the )([^,.;:()]+?)\s+(?:on|at|in|for|with|within|of)\b`),
}

var roleEndRE = lazyRegexp(`(?i)\s+(?:at|on|in|for|with|within|of|I|we|and|when|where|who|, ).*$`)

// notRoles are words a phrase like "as a … on" captures that name no role.
var notRoles = map[string]bool{
	"result": true, "team": true, "whole": true, "group": true, "consequence": true, "matter": true,
	"part": true, "member": true, "bit": true, "lot": true, "way": true, "favor": true, "favour": true,
	"rule": true, "first step": true, "last resort": true, "fallback": true, "stopgap": true,
}

// findRole returns the role line text names, or "".
func findRole(text string) string {
	for _, re := range rolePatterns {
		m := re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		role := strings.TrimSpace(roleEndRE().ReplaceAllString(m[1], ""))
		words := strings.Fields(role)
		if len(words) == 0 || len(words) > 4 || notRoles[strings.ToLower(role)] {
			continue
		}
		if first := strings.ToLower(words[0]); first == "part" || first == "member" || first == "result" || first == "bit" {
			continue
		}
		return role
	}
	return ""
}

// pageQuestion returns the interview question of a page title line, or "".
func pageQuestion(line string) string {
	q := ""
	if m := titleSuffixRE().FindStringSubmatch(line); m != nil {
		q = m[1]
	} else if questionPrefixRE().MatchString(line) {
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
	if loc := questionPrefixRE().FindStringIndex(q); loc != nil && loc[1] < len(q) {
		t = q[loc[1]:]
	}
	t = strings.TrimRight(t, "?. ")
	if t == "" {
		t = q
	}
	return starcards.Capitalize(t)
}

// keyWordCount is how many key words a derived id keeps, and maxKeyID its
// length in runes.
const (
	keyWordCount = 3
	maxKeyID     = 32
)

// fillerWords are the words an id made of key words leaves out: small
// words, pronouns, and the verbs and nouns interview questions are built
// from ("tell me about a time you had to find …").
var fillerWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor of to in on at for with from by into onto about over under through across between without within among upon off out up down
		as than then so if because while during before after again once both each every all any some such
		is are was were be been being am do does did done doing have has had having will would shall should can could may might must
		i me my mine myself you your yours yourself we us our ours ourselves they them their theirs he him his she her hers it its itself
		this that these those there here what which who whom whose when where why how
		not no nor only own same too very just also ever really more most other another
		tell describe give share walk talk time times example situation moment occasion
		didnt dont doesnt wasnt werent isnt arent havent hasnt hadnt wouldnt couldnt shouldnt wont cant
		find found dig dug make made take took get got go went come came use used need needed want wanted try tried
		key best way thing things something lot instead`) {
		m[w] = true
	}
	return m
}()

// keyWordsID returns a slug of the key words of text: its first three words
// that are not [fillerWords], cut at a word boundary to at most 32 runes.
// Text with no such word gives the slug of all its words, cut the same way.
func keyWordsID(text string) string {
	words := strings.Split(slugAll(text), "-")
	var keep []string
	for _, w := range words {
		if w != "" && !fillerWords[w] {
			keep = append(keep, w)
		}
	}
	if len(keep) == 0 {
		keep = words
	}
	var out []string
	n := 0
	for _, w := range keep {
		l := utf8.RuneCountInString(w)
		if len(out) == keyWordCount || len(out) > 0 && n+1+l > maxKeyID {
			break
		}
		if len(out) == 0 && l > maxKeyID {
			return cutSlug(w, maxKeyID)
		}
		out = append(out, w)
		n += l + 1
	}
	return strings.Join(out, "-")
}

// pageDuration parses a time as pages write it: what [ParseDuration] reads,
// after words such as "Keep to", "under", "~", and a closing full stop:
// "Keep to 2 minutes.", "2.5-3 minutes.", "under 90 seconds".
func pageDuration(s string) (time.Duration, bool) {
	d, err := pageTargetDuration(s)
	return d, err == nil
}

// pageTargetDuration is [pageDuration] with [ParseDuration]'s error.
func pageTargetDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(timePrefixRE().ReplaceAllString(t, ""))
	t = strings.TrimSpace(timeSuffixRE().ReplaceAllString(strings.TrimSuffix(t, "."), ""))
	d, err := ParseDuration(t)
	if err != nil {
		return 0, fmt.Errorf("%q is %w", strings.TrimSpace(s), ErrDuration)
	}
	return d, nil
}

// story checks and assembles what the lines gave: every part the story
// format would refuse is left out with a warning, with the message
// [Validate] gives a story file.
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
	title := pageTitle(p.question)
	s := &starcards.Story{Title: title, Question: p.question, Role: p.role}
	if s.ID = keyWordsID(title); s.ID == "" {
		s.ID = "story" // a title without letters or digits
	}
	titleAt := Pos{p.titleLine, 1}
	p.pos["id"], p.pos["title"], p.pos["question"] = titleAt, titleAt, titleAt
	if p.role != "" {
		p.pos["role"] = p.roleAt
	}
	p.storySections(s)
	if len(s.Sections) == 0 {
		return nil, p.errAt(&p.lines[p.titleLine-1], 1, "no STAR sections after the title: want \"⏱ Target: 30s\" lines, each followed by S, T, A, R and \"Strong Example\"")
	}
	p.overviewParts(s)
	for _, r := range p.reflections {
		path := "reflections." + r.level
		p.pos[path] = Pos{r.line, 1}
		s.Reflections = append(s.Reflections, starcards.Reflection{Level: r.level, Text: r.text.String()})
	}
	keys := map[string]int{}
	for i, f := range p.followups {
		path := fmt.Sprintf("followups[%d]", len(s.Followups))
		fu := starcards.Followup{ID: uniqueKey(keys, f.question, "followup", i), Question: f.question, Probes: f.probes.String()}
		p.pos[path] = Pos{f.line, 1}
		p.pos[path+".question"] = Pos{f.line, 1}
		p.setPos(path+".probes", &f.probes)
		if len(f.weak.paras) > 0 {
			fu.Weak = unquote(joinPara(f.weak.paras[0]))
			fu.WeakWhy = joinParas(f.weak.paras[1:])
			p.setPos(path+".weak", &f.weak)
		}
		strong := f.strong.paras
		if n := len(strong); n > 0 && quotedRE().MatchString(joinPara(strong[n-1])) {
			fu.Key = unquote(joinPara(strong[n-1]))
			strong = strong[:n-1]
		}
		fu.Strong = joinParas(strong)
		p.setPos(path+".strong", &f.strong)
		s.Followups = append(s.Followups, fu)
	}
	if w := p.weak; w != nil {
		wa := &starcards.WeakAnswer{Text: w.text.String(), Verdict: w.verdict.String()}
		p.pos["weak_answer"] = Pos{w.line, 1}
		p.setPos("weak_answer.text", &w.text)
		p.setPos("weak_answer.verdict", &w.verdict)
		for i, f := range w.flaws {
			wa.Flaws = append(wa.Flaws, f.String())
			p.pos[fmt.Sprintf("weak_answer.flaws[%d]", i)] = f.at
		}
		s.WeakAnswer = wa
	}
	keys = map[string]int{}
	for i, q := range p.quizzes {
		path := fmt.Sprintf("quizzes[%d]", len(s.Quizzes))
		p.pos[path] = Pos{q.line, 1}
		p.pos[path+".question"] = Pos{q.line, 1}
		p.setPos(path+".explanation", &q.explanation)
		s.Quizzes = append(s.Quizzes, starcards.Quiz{ID: uniqueKey(keys, q.question, "quiz", i), Question: q.question, Explanation: q.explanation.String()})
	}
	for i, a := range p.angles {
		path := fmt.Sprintf("angles[%d]", i)
		p.pos[path] = Pos{a.line, 1}
		p.pos[path+".principle"] = Pos{a.line, 1}
		p.setPos(path+".lead", &a.lead)
		p.setPos(path+".emphasize", &a.emphasize)
		p.setPos(path+".downplay", &a.downplay)
		s.Angles = append(s.Angles, starcards.Angle{Principle: a.principle, Lead: a.lead.String(), Emphasize: a.emphasize.String(), Downplay: a.downplay.String()})
	}
	for i, lv := range p.levels {
		path := fmt.Sprintf("levels[%d]", i)
		p.pos[path] = Pos{lv.line, 1}
		p.pos[path+".level"] = Pos{lv.line, 1}
		p.setPos(path+".focus", &lv.focus)
		p.setPos(path+".reflection", &lv.reflection)
		p.setPos(path+".bar", &lv.bar)
		if lv.time > 0 {
			p.pos[path+".time"] = lv.timeAt
		}
		s.Levels = append(s.Levels, starcards.Level{Level: lv.level, Focus: lv.focus.String(), Reflection: lv.reflection.String(), Bar: lv.bar.String(), Time: lv.time})
	}
	FallbackKeys(s)
	// Leave out, one by one, each part the story format refuses.
	for range 10000 {
		err := Validate(s)
		if err == nil {
			break
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || !p.leaveOut(s, ve) {
			return nil, positioned(err, p.name, p.pos, titleAt)
		}
	}
	for _, a := range s.Angles {
		s.Principles = append(s.Principles, a.Principle)
	}
	if len(s.Principles) == 0 {
		// No angles: the principle the overview names ("In this Bias for
		// Action story, …").
		if m := overviewPrincipleRE().FindStringSubmatch(p.overview.String()); m != nil {
			s.Principles = []string{m[1]}
			p.pos["principles[0]"] = p.overview.at
		}
	}
	return s, nil
}

func (p *pageParser) setPos(path string, t *pageText) {
	if t.at.Line > 0 && !t.empty() {
		p.pos[path] = t.at
	}
}

// leaveOut removes the part of s that ve names, with a warning at its line,
// and reports whether it could.
func (p *pageParser) leaveOut(s *starcards.Story, ve *ValidationError) bool {
	path := ve.Path
	at := p.pos[path]
	for q := path; at.Line == 0; {
		i := strings.LastIndexAny(q, ".[")
		if i < 0 {
			break
		}
		q = q[:i]
		at = p.pos[q]
	}
	warn := func() { p.warns = append(p.warns, Warning{Line: at.Line, Msg: ve.Err.Error() + "; left out"}) }
	var kind string
	idx := -1
	if i := strings.IndexByte(path, '['); i > 0 {
		kind = path[:i]
		if _, err := fmt.Sscanf(path[i:], "[%d]", &idx); err != nil {
			return false
		}
	} else {
		kind, _, _ = strings.Cut(path, ".")
	}
	switch kind {
	case "followups":
		warn()
		s.Followups = removeAt(s.Followups, idx)
		p.shiftPos("followups", idx, len(s.Followups))
	case "quizzes":
		warn()
		s.Quizzes = removeAt(s.Quizzes, idx)
		p.shiftPos("quizzes", idx, len(s.Quizzes))
	case "angles":
		warn()
		s.Angles = removeAt(s.Angles, idx)
		p.shiftPos("angles", idx, len(s.Angles))
	case "levels":
		warn()
		s.Levels = removeAt(s.Levels, idx)
		p.shiftPos("levels", idx, len(s.Levels))
	case "reflections":
		level := strings.TrimPrefix(path, "reflections.")
		for i := len(s.Reflections) - 1; i >= 0; i-- {
			if s.Reflections[i].Level == level {
				warn()
				s.Reflections = removeAt(s.Reflections, i)
				return true
			}
		}
		return false
	case "weak_answer":
		warn()
		s.WeakAnswer = nil
	default:
		return false
	}
	return true
}

func removeAt[T any](list []T, i int) []T {
	if i < 0 || i >= len(list) {
		return list
	}
	if len(list) == 1 {
		return nil // no list, as a story file without the part reads
	}
	return append(list[:i:i], list[i+1:]...)
}

// shiftPos moves the positions of list items after i one place down, as
// removing item i of the list did.
func (p *pageParser) shiftPos(list string, i, n int) {
	for j := i; j <= n; j++ {
		from, to := fmt.Sprintf("%s[%d]", list, j+1), fmt.Sprintf("%s[%d]", list, j)
		for k := range p.pos {
			if k == to || strings.HasPrefix(k, to+".") {
				delete(p.pos, k)
			}
		}
		for k, v := range p.pos {
			if k == from || strings.HasPrefix(k, from+".") {
				p.pos[to+k[len(from):]] = v
				delete(p.pos, k)
			}
		}
	}
}

// overviewParts makes the Scenario Overview the story's summary and its
// "Key takeaways: …" the story's coaching. A paragraph that repeats a
// section's strong example is left to the section.
func (p *pageParser) overviewParts(s *starcards.Story) {
	var summary []string
	for _, para := range p.overview.paras {
		text := joinPara(para)
		if m := takeawaysRE().FindStringSubmatchIndex(text); m != nil {
			if s.Coaching == "" {
				s.Coaching = starcards.Capitalize(strings.TrimSpace(text[m[2]:m[3]]))
			}
			text = strings.TrimSpace(text[:m[0]])
		}
		text = strings.Join(strings.Fields(text), " ")
		for _, sec := range s.Sections {
			if ex := strings.Join(strings.Fields(sec.Example), " "); ex != "" {
				text = strings.TrimSpace(strings.ReplaceAll(text, ex, ""))
			}
		}
		if text != "" {
			summary = append(summary, text)
		}
	}
	s.Summary = strings.Join(summary, "\n\n")
	if s.Summary != "" || s.Coaching != "" {
		p.pos["summary"] = p.overview.at
		p.pos["coaching"] = p.overview.at
	}
}

var overviewPrincipleRE = lazyRegexp(`\b[Ii]n this ((?:[A-Z][\w’'-]*)(?:,? (?:[A-Z][\w’'-]*|and|for|the|of|to|a|on)){0,6}) story\b`)

var takeawaysRE = lazyRegexp(`(?i)(?:^|\s)key (?:takeaways?|lessons?|points?)\s*[:\-–—]\s*(.+)$`)

func (p *pageParser) storySections(s *starcards.Story) {
	byName := map[string]*pageSection{}
	last := -1
	for _, sec := range p.sections {
		l := &p.lines[sec.line-1]
		if sec.name == "" {
			if last+1 >= len(starcards.SectionNames) {
				p.warn(l, "a sixth STAR section: a story has situation, task, action, result and reflection; left out")
				continue
			}
			sec.name = starcards.SectionNames[last+1]
		}
		if prev, ok := byName[sec.name]; ok {
			p.warn(l, "a second %s section (the first is at line %d); left out", sec.name, prev.line)
			continue
		}
		if sec.fresh() {
			p.warn(l, "the %s section is empty: want a strong example, key phrases, coaching or a common mistake; left out", sec.name)
			continue
		}
		for i, n := range starcards.SectionNames {
			if n == sec.name {
				last = i
			}
		}
		byName[sec.name] = sec
	}
	for _, name := range starcards.SectionNames {
		sec, ok := byName[name]
		if !ok {
			continue
		}
		if sec.badTarget != nil {
			p.warn(&p.lines[sec.line-1], "sections.%s.target: %v; the section is kept without a target", name, sec.badTarget)
		}
		if _, ok := p.pos["sections"]; !ok {
			p.pos["sections"] = Pos{sec.line, 1}
		}
		path := "sections." + name
		p.pos[path] = Pos{sec.line, 1}
		if sec.target > 0 {
			p.pos[path+".target"] = sec.targetAt
		}
		p.setPos(path+".example", &sec.example)
		p.setPos(path+".coaching", &sec.coaching)
		p.setPos(path+".mistake", &sec.mistake)
		for i, at := range sec.phraseAt {
			p.pos[fmt.Sprintf("%s.phrases[%d]", path, i)] = at
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
}

// uniqueKey returns the key words of question ([keyWordsID]) not yet in
// keys, adding "-2", "-3" to repeats, or what-N when the question makes no
// slug. keys maps each key taken to the suffix to try next for it.
func uniqueKey(keys map[string]int, question, what string, i int) string {
	base := keyWordsID(question)
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
	if m := quotedRE().FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return s
}
