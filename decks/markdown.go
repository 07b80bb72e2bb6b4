package decks

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/starcards/starcards"
	"golang.org/x/text/unicode/norm"
)

// ParseMarkdown parses a story written as Markdown, named name in errors: YAML
// front matter between "---" lines, then "## Situation", "## Task", "##
// Action", "## Result" and "## Reflection" headings, and optionally "##
// Follow-ups", "## Quizzes", "## Weak answer", "## Angles" and "## Levels"
// (docs/story-format.md describes every convention). It returns the same
// story and the same [Positions] paths as [ParseWithPositions] would for the
// equivalent YAML file, so both make the same cards.
//
// The front matter holds id, title, question, principles and role, and may
// hold any other part of a story file that the headings do not give (giving a
// part both ways is an error). A "# Title" heading may give the title instead.
// Under a section heading, unlabelled paragraphs are the strong example;
// paragraphs starting with a label ("Coaching:", "**Mistake:**") give the
// other fields; "Phrases:" takes a list of quoted phrases or a bullet list.
// "(30s)" after a section name is its target time. Text is kept as written:
// the lines of a paragraph are joined with spaces, paragraphs with a blank line.
//
// Fenced code blocks (``` or ~~~) are text kept line for line: nothing
// inside one is a heading, label or list. A fence never closed is refused
// at its opening.
//
// Input over [MaxFileSize] or not valid UTF-8 is refused. Every error is a
// [*ParseError] naming the line and column; front matter errors carry the
// line numbers of the whole file.
//
// The blocks are read by a small hand-written lexer rather than a CommonMark
// parser such as goldmark, on purpose: the format is a line-based subset
// (headings, paragraphs, flat lists, blockquotes, comments, fences) whose
// label lines split a paragraph where CommonMark would join them
// ("Coaching:" on the line after the example), every value needs its
// line:col, and whatever the format does not define must be refused rather
// than rendered. A full parser would add a dependency and an AST to map back
// to lines, and still leave those rules to write.
func ParseMarkdown(data []byte, name string) (*starcards.Story, Positions, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &ParseError{File: name, Err: ErrTooLarge}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		return nil, nil, &ParseError{File: name, Line: line, Col: col, Err: ErrInvalidUTF8}
	}
	data = norm.NFC.Bytes(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	m := &mdParser{name: name, pos: Positions{}, yp: &storyParser{file: name}, heads: map[string]Pos{}}
	m.yp.pos = m.pos
	body, err := m.frontMatter(lines)
	if err != nil {
		return nil, nil, err
	}
	blocks, err := m.blocks(lines, body)
	if err != nil {
		return nil, nil, err
	}
	for _, b := range blocks {
		if err := m.block(b); err != nil {
			return nil, nil, err
		}
	}
	if err := m.close(); err != nil {
		return nil, nil, err
	}
	s, err := m.story()
	if err != nil {
		return nil, nil, err
	}
	FallbackKeys(s)
	if err := Validate(s); err != nil {
		return nil, nil, positioned(err, name, m.pos, Pos{1, 1})
	}
	return s, m.pos, nil
}

// mdParser turns the blocks of a Markdown story into a story.
type mdParser struct {
	name string
	pos  Positions
	yp   *storyParser // parses the front matter

	s       starcards.Story // what the front matter and the headings give
	fmKeys  map[string]int  // front matter keys → their line
	fmEnd   int             // first line after the front matter (1-based)
	titleAt Pos
	heads   map[string]Pos // ## parts already seen

	part      string // the current ## part: a section name, "followups", …
	sec       *starcards.Section
	secAt     Pos
	secLevels int // ### level reflections under ## Reflection
	cur       *mdContainer
}

func (m *mdParser) errAt(line, col int, format string, args ...any) error {
	return &ParseError{File: m.name, Line: line, Col: col, Err: fmt.Errorf(format, args...)}
}

// frontMatter parses the front matter, if any, and returns the index of the
// first line after it.
func (m *mdParser) frontMatter(lines []string) (int, error) {
	m.fmKeys = map[string]int{}
	if strings.TrimRight(lines[0], " \t") != "---" {
		return 0, nil
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimRight(lines[i], " \t"); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return 0, m.errAt(1, 1, "front matter: the opening --- has no closing --- line")
	}
	m.fmEnd = end + 2
	// One newline per line before the front matter keeps every YAML
	// position the position in the whole file.
	src := "\n" + strings.Join(lines[1:end], "\n") + "\n"
	f, err := parser.ParseBytes([]byte(src), 0)
	if err != nil {
		return 0, syntaxError(m.name, err)
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			if body != nil {
				return 0, m.yp.errAt(doc.Body, "front matter holds one YAML document")
			}
			body = doc.Body
		}
	}
	if body == nil {
		return end + 1, nil
	}
	entries, err := m.yp.mapping(body, "front matter", storyKeys)
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		line, _ := nodePos(e.keyN)
		m.fmKeys[e.key] = line
		if err := m.yp.storyField(&m.s, e); err != nil {
			return 0, err
		}
		if e.key == "title" {
			m.titleAt = m.pos["title"]
		}
	}
	return end + 1, nil
}

// The blocks of a Markdown story.
type mdKind int

const (
	mdHeading mdKind = iota + 1
	mdText           // a paragraph, or the part of one from a label line on
	mdItem           // a list item
)

type mdBlock struct {
	kind      mdKind
	level     int // heading level
	line, col int // where text starts
	text      string
	// A text block that starts with a label: its words as written, the
	// label normalised, and where it starts.
	label, rawLabel   string
	labelLn, labelCol int
	check             int // list item: -1 no task box, 0 "[ ]", 1 "[x]"
}

var (
	mdHeadingRE = lazyRegexp(`^ {0,3}(#{1,6})(?:[ \t]+|$)`)
	mdItemRE    = lazyRegexp(`^( {0,3})(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)`)
	mdBreakRE   = lazyRegexp(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	mdCloseRE   = lazyRegexp(`[ \t]+#+[ \t]*$`)
	mdFenceRE   = lazyRegexp("^( {0,3})(`{3,}|~{3,})(.*)$")
)

// runeCol returns the 1-based column of byte offset off in line.
func runeCol(line string, off int) int { return utf8.RuneCountInString(line[:off]) + 1 }

// quoteOff returns the offset of a line's content after any blockquote
// markers ("> ").
func quoteOff(line string) int {
	off := 0
	for {
		rest := line[off:]
		t := strings.TrimLeft(rest, " ")
		if len(rest)-len(t) > 3 || !strings.HasPrefix(t, ">") {
			return off
		}
		off += len(rest) - len(t) + 1
		if strings.HasPrefix(line[off:], " ") {
			off++
		}
	}
}

// blocks splits the body, from line index from, into headings, text blocks
// and list items. HTML comments, blank lines and thematic breaks only
// separate blocks.
func (m *mdParser) blocks(lines []string, from int) ([]mdBlock, error) {
	var out []mdBlock
	open := -1 // index in out of the block that the next line may continue
	for i := from; i < len(lines); i++ {
		raw := lines[i]
		off := quoteOff(raw)
		content := raw[off:]
		if j := strings.Index(content, "<!--"); j >= 0 && strings.TrimSpace(content[:j]) == "" {
			startLn, startCol := i+1, runeCol(raw, off+j)
			k := off + j + 4
			for {
				if e := strings.Index(lines[i][k:], "-->"); e >= 0 {
					end := k + e + 3
					if strings.TrimSpace(lines[i][end:]) != "" {
						return nil, m.errAt(i+1, runeCol(lines[i], end), "text after an HTML comment: put it on a line of its own")
					}
					break
				}
				if i++; i == len(lines) {
					return nil, m.errAt(startLn, startCol, "HTML comment <!-- is never closed")
				}
				k = 0
			}
			open = -1
			continue
		}
		ln := i + 1
		if fm := mdFenceRE().FindStringSubmatch(content); fm != nil && !(fm[2][0] == '`' && strings.Contains(fm[3], "`")) {
			end, b, err := m.fence(lines, i, off, fm)
			if err != nil {
				return nil, err
			}
			if b.text != "" {
				out = append(out, b)
			}
			i, open = end, -1
			continue
		}
		trimmed := strings.TrimSpace(content)
		switch {
		case trimmed == "" || mdBreakRE().MatchString(content):
			open = -1
		case mdHeadingRE().MatchString(content):
			sub := mdHeadingRE().FindStringSubmatchIndex(content)
			text := mdCloseRE().ReplaceAllString(content[sub[1]:], "")
			if strings.Trim(text, "# \t") == "" {
				text = ""
			}
			tOff := off + sub[1]
			lead := len(text) - len(strings.TrimLeft(text, " \t"))
			out = append(out, mdBlock{
				kind: mdHeading, level: sub[3] - sub[2], line: ln,
				col: runeCol(raw, tOff+lead), text: strings.TrimSpace(text), check: -1,
			})
			open = -1
		case mdItemRE().MatchString(content):
			sub := mdItemRE().FindStringSubmatchIndex(content)
			tOff := off + sub[1]
			b := mdBlock{kind: mdItem, line: ln, col: runeCol(raw, tOff), text: strings.TrimSpace(raw[tOff:]), check: -1}
			if len(b.text) >= 3 && b.text[0] == '[' && b.text[2] == ']' && strings.ContainsRune(" xX", rune(b.text[1])) &&
				(len(b.text) == 3 || b.text[3] == ' ' || b.text[3] == '\t') {
				b.check = 0
				if b.text[1] != ' ' {
					b.check = 1
				}
				rest := strings.TrimLeft(b.text[3:], " \t")
				b.col += utf8.RuneCountInString(b.text) - utf8.RuneCountInString(rest)
				b.text = rest
			}
			out = append(out, b)
			open = len(out) - 1
		default:
			indented := len(content)-len(strings.TrimLeft(content, " \t")) >= 2
			label, rest, restOff, ok := splitLabel(content)
			if ok && !(open >= 0 && out[open].kind == mdItem && indented) && isLabel(label) {
				lOff := off + len(content) - len(strings.TrimLeft(content, " \t*_"))
				b := mdBlock{
					kind: mdText, line: ln, col: runeCol(raw, off+restOff), text: rest,
					label: normLabel(label), rawLabel: label, labelLn: ln, labelCol: runeCol(raw, lOff), check: -1,
				}
				out = append(out, b)
				open = len(out) - 1
				continue
			}
			if open >= 0 {
				b := &out[open]
				if b.text == "" {
					lead := len(content) - len(strings.TrimLeft(content, " \t"))
					b.line, b.col = ln, runeCol(raw, off+lead)
					b.text = trimmed
				} else {
					b.text += " " + trimmed
				}
				continue
			}
			lead := len(content) - len(strings.TrimLeft(content, " \t"))
			out = append(out, mdBlock{kind: mdText, line: ln, col: runeCol(raw, off+lead), text: trimmed, check: -1})
			open = len(out) - 1
		}
	}
	return out, nil
}

// fence reads the fenced code block that opens at line index i (its
// blockquote markers end at off; fm is the opening's [mdFenceRE] match) and
// returns the index of its closing line and its content as one text block,
// its lines kept as written: nothing inside a fence is a heading, label or
// list. A fence that is never closed is refused at its opening.
func (m *mdParser) fence(lines []string, i, off int, fm []string) (int, mdBlock, error) {
	indent, marker := len(fm[1]), fm[2]
	closeRE := regexp.MustCompile(`^ {0,3}` + regexp.QuoteMeta(marker[:1]) + `{` + strconv.Itoa(len(marker)) + `,}[ \t]*$`)
	var body []string
	for j := i + 1; j < len(lines); j++ {
		line := lines[j][min(quoteOff(lines[j]), len(lines[j])):]
		if closeRE.MatchString(line) {
			b := mdBlock{kind: mdText, line: i + 2, col: runeCol(lines[i], off) + indent, text: strings.Trim(strings.Join(body, "\n"), "\n"), check: -1}
			return j, b, nil
		}
		// Drop up to the opening fence's indentation, as CommonMark does.
		k := 0
		for k < indent && k < len(line) && line[k] == ' ' {
			k++
		}
		body = append(body, strings.TrimRight(line[k:], " \t"))
	}
	return 0, mdBlock{}, m.errAt(i+1, runeCol(lines[i], off)+indent, "code fence %s is never closed: close it with a %s line", marker, marker)
}

// splitLabel splits a line that starts with a label ("Coaching:",
// "**Key phrases:**", "*Mistake*:") into the label and the rest.
func splitLabel(line string) (label, rest string, restOff int, ok bool) {
	s := strings.TrimLeft(line, " \t*_")
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || colon > 40 {
		return "", "", 0, false
	}
	label = strings.TrimRight(s[:colon], "*_ ")
	if label == "" || !unicode.IsLetter(rune(label[0])) || len(strings.Fields(label)) > 4 {
		return "", "", 0, false
	}
	for _, r := range label {
		if !unicode.IsLetter(r) && r != ' ' && r != '_' && r != '-' && r != '\'' && r != '’' {
			return "", "", 0, false
		}
	}
	after := s[colon+1:]
	after = strings.TrimLeft(after, "*_")
	if after != "" && after[0] != ' ' && after[0] != '\t' {
		return "", "", 0, false
	}
	restOff = len(line) - len(after)
	lead := len(after) - len(strings.TrimLeft(after, " \t"))
	return label, strings.TrimSpace(after), restOff + lead, true
}

// normLabel lowercases a label and spells "_" and runs of spaces as one space.
func normLabel(label string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(label), "_", " ")), " ")
}

// mdLabels maps every label to the field it sets, per kind of part.
var mdLabels = map[string]map[string]string{
	"section": {
		"example": "example", "strong example": "example",
		"target": "target", "target time": "target",
		"phrases": "phrases", "key phrases": "phrases",
		"coaching": "coaching",
		"mistake":  "mistake", "common mistake": "mistake",
	},
	"followup": {
		"probes": "probes", "weak": "weak", "weak answer": "weak",
		"weak why": "weak_why", "why weak": "weak_why", "why it fails": "weak_why",
		"strong": "strong", "strong answer": "strong",
		"key": "key", "key line": "key",
	},
	"quiz":        {"explanation": "explanation"},
	"weak_answer": {"flaws": "flaws", "verdict": "verdict", "bar raiser": "verdict", "bar raiser thinks": "verdict"},
	"angle":       {"lead": "lead", "lead with": "lead", "emphasize": "emphasize", "emphasise": "emphasize", "downplay": "downplay"},
	"level":       {"focus": "focus", "reflection": "reflection", "bar": "bar", "time": "time"},
	"reflection":  {},
	"story text":  {},
}

var allLabels = func() []string {
	var out []string
	for _, set := range mdLabels {
		for l := range set {
			out = append(out, l)
		}
	}
	return out
}()

// isLabel reports whether a line starting with label should be read as a
// field: a known label, or a near miss long enough to be a typo of one.
func isLabel(label string) bool {
	l := normLabel(label)
	for _, k := range allLabels {
		if k == l {
			return true
		}
	}
	return len(l) >= 6 && starcards.Suggest(l, allLabels) != ""
}

// mdContainer collects the fields of one part: a section, a follow-up, a
// quiz, the weak answer, an angle, a level or a level reflection.
type mdContainer struct {
	kind    string // key of mdLabels
	path    string // "sections.action", "followups[1]"
	what    string // for messages: "the Action section"
	at      Pos    // its heading
	texts   map[string][]string
	textAt  map[string]Pos
	lists   map[string][]string
	listAt  map[string][]Pos
	pending string // a label given with no text: the next block is its value
	// Quiz options.
	answers []Pos
	answer  int
}

func newContainer(kind, path, what string, at Pos) *mdContainer {
	return &mdContainer{
		kind: kind, path: path, what: what, at: at, answer: -1,
		texts: map[string][]string{}, textAt: map[string]Pos{}, lists: map[string][]string{}, listAt: map[string][]Pos{},
	}
}

// defaultField is the field unlabelled paragraphs give.
func (c *mdContainer) defaultField() string {
	switch c.kind {
	case "section":
		return "example"
	case "followup":
		return "strong"
	case "quiz":
		return "explanation"
	case "weak_answer":
		return "text"
	case "reflection", "story text":
		return "text"
	}
	return ""
}

func isListField(f string) bool { return f == "phrases" || f == "flaws" || f == "options" }

func (c *mdContainer) text(f string) string { return strings.Join(c.texts[f], "\n\n") }

func (c *mdContainer) addText(f, text string, at Pos) {
	if _, ok := c.textAt[f]; !ok {
		c.textAt[f] = at
	}
	c.texts[f] = append(c.texts[f], text)
}

func (c *mdContainer) addItem(f, text string, at Pos) {
	c.lists[f] = append(c.lists[f], text)
	c.listAt[f] = append(c.listAt[f], at)
}

func labelNames(kind string) string {
	var names []string
	for _, l := range []string{
		"example", "target", "phrases", "coaching", "mistake", "probes", "weak", "weak why", "strong", "key",
		"explanation", "flaws", "verdict", "lead", "emphasize", "downplay", "focus", "reflection", "bar", "time",
	} {
		if _, ok := mdLabels[kind][l]; ok {
			names = append(names, starcards.Capitalize(l)+":")
		}
	}
	if len(names) == 0 {
		return "no labels (its paragraphs are its text)"
	}
	return strings.Join(names, ", ")
}

// block feeds one block to the part it belongs to.
func (m *mdParser) block(b mdBlock) error {
	if b.kind == mdHeading {
		return m.heading(b)
	}
	c := m.cur
	if c == nil {
		if m.part == "" || m.part == "title" {
			return m.errAt(b.line, b.col, "text before the first ## heading: start with ## Situation (or another section); id, title and question go in the front matter")
		}
		return m.errAt(b.line, b.col, "text under ## %s belongs under a ### heading (%s)", partTitle(m.part), partItem(m.part))
	}
	// A list label is satisfied by its first item; what follows the list
	// is read afresh.
	if f := c.pending; isListField(f) && len(c.lists[f]) > 0 && b.kind != mdItem {
		c.pending = ""
	}
	switch b.kind {
	case mdText:
		if b.label != "" {
			return m.labelled(c, b)
		}
		if f := c.pending; f != "" {
			c.pending = ""
			if isListField(f) {
				return m.errAt(b.line, b.col, "%s takes a list: write it as - items below the label, or quoted on the label's line", f)
			}
			c.texts[f] = append(c.texts[f], b.text)
			c.textAt[f] = Pos{b.line, b.col}
			return nil
		}
		f := c.defaultField()
		if f == "" {
			return m.errAt(b.line, b.col, "start this paragraph with a label: %s", labelNames(c.kind))
		}
		c.addText(f, b.text, Pos{b.line, b.col})
	case mdItem:
		f := c.pending
		if f == "" && c.kind == "quiz" {
			f = "options"
		}
		if f == "" {
			return m.errAt(b.line, b.col, "a list in %s needs a label line before it (%s)", c.what, labelNames(c.kind))
		}
		if !isListField(f) {
			return m.errAt(b.line, b.col, "%s takes text, not a list", f)
		}
		if b.text == "" {
			return m.errAt(b.line, b.col, "empty list item")
		}
		text := b.text
		if f == "phrases" {
			text = unquotePhrase(text)
		}
		if f == "options" && b.check == 1 {
			c.answers = append(c.answers, Pos{b.line, b.col})
			if c.answer < 0 {
				c.answer = len(c.lists[f])
			}
		}
		c.addItem(f, text, Pos{b.line, b.col})
	}
	return nil
}

// labelled reads a text block that starts with a label.
func (m *mdParser) labelled(c *mdContainer, b mdBlock) error {
	f, ok := mdLabels[c.kind][b.label]
	if !ok {
		if s := starcards.Suggest(b.label, keysOf(mdLabels[c.kind])); s != "" {
			return m.errAt(b.labelLn, b.labelCol, "unknown label %q in %s (did you mean %q?)", b.rawLabel+":", c.what, starcards.Capitalize(s)+":")
		}
		return m.errAt(b.labelLn, b.labelCol, "label %q does not belong in %s (its labels: %s)", b.rawLabel+":", c.what, labelNames(c.kind))
	}
	if c.pending != "" {
		return m.errAt(b.labelLn, b.labelCol, "%s has no value: write it after its label or on the lines below", c.pending)
	}
	if isListField(f) {
		if len(c.lists[f]) > 0 {
			return m.errAt(b.labelLn, b.labelCol, "%s given twice in %s", b.rawLabel, c.what)
		}
		if b.text == "" {
			c.pending = f
			return nil
		}
		return m.inlineList(c, f, b)
	}
	if _, dup := c.textAt[f]; dup && f != c.defaultField() {
		return m.errAt(b.labelLn, b.labelCol, "%s given twice in %s", b.rawLabel, c.what)
	}
	if b.text == "" {
		c.pending = f
		c.textAt[f] = Pos{b.labelLn, b.labelCol}
		return nil
	}
	c.addText(f, b.text, Pos{b.line, b.col})
	return nil
}

// inlineList reads a list given on the label's line: quoted phrases
// ("I noticed", “no ticket”) or, with no quotes, comma-separated ones.
func (m *mdParser) inlineList(c *mdContainer, f string, b mdBlock) error {
	if f != "phrases" {
		return m.errAt(b.line, b.col, "%s takes a list: write it as - items below the label", f)
	}
	text := b.text
	if !strings.ContainsAny(text, "\"“”") {
		col := b.col
		for _, part := range strings.Split(text, ",") {
			lead := len(part) - len(strings.TrimLeft(part, " \t"))
			if p := strings.TrimSpace(part); p != "" {
				c.addItem(f, p, Pos{b.line, col + utf8.RuneCountInString(part[:lead])})
			} else {
				return m.errAt(b.line, col, "empty phrase in the list")
			}
			col += utf8.RuneCountInString(part) + 1
		}
		return nil
	}
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == ' ' || r == '\t' || r == ',' || r == ';' || r == '·':
			i += size
			continue
		case r == '"' || r == '“' || r == '”':
			closeAt := strings.IndexAny(text[i+size:], "\"“”")
			if closeAt < 0 {
				return m.errAt(b.line, b.col+utf8.RuneCountInString(text[:i]), "phrase quote is never closed")
			}
			phrase := strings.TrimSpace(text[i+size : i+size+closeAt])
			if phrase == "" {
				return m.errAt(b.line, b.col+utf8.RuneCountInString(text[:i]), "empty phrase in the list")
			}
			c.addItem(f, phrase, Pos{b.line, b.col + utf8.RuneCountInString(text[:i])})
			_, csize := utf8.DecodeRuneInString(text[i+size+closeAt:])
			i += size + closeAt + csize
		default:
			return m.errAt(b.line, b.col+utf8.RuneCountInString(text[:i]), "quote every phrase (\"I noticed\", \"no ticket\") or none (I noticed, no ticket)")
		}
	}
	return nil
}

// unquotePhrase drops one pair of double quotes around a whole phrase.
func unquotePhrase(s string) string {
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}} {
		if strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) && len(s) > len(q[0])+len(q[1]) {
			inner := s[len(q[0]) : len(s)-len(q[1])]
			if !strings.ContainsAny(inner, "\"“”") && strings.TrimSpace(inner) != "" {
				return strings.TrimSpace(inner)
			}
		}
	}
	return s
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The ## parts beside the sections, with the headings that name them.
var mdParts = map[string]string{
	"follow-ups": "followups", "followups": "followups", "follow ups": "followups", "follow-up questions": "followups",
	"follow up questions": "followups", "followup questions": "followups",
	"quizzes": "quizzes", "quiz": "quizzes",
	"weak answer": "weak_answer",
	"angles":      "angles", "principle angles": "angles",
	"levels": "levels", "level variants": "levels",
	"summary": "summary", "scenario overview": "summary", "overview": "summary",
	"coaching": "coaching", "key takeaways": "coaching", "takeaways": "coaching",
}

func partTitle(part string) string {
	switch part {
	case "followups":
		return "Follow-ups"
	case "weak_answer":
		return "Weak answer"
	}
	return starcards.Capitalize(part)
}

func partItem(part string) string {
	switch part {
	case "followups":
		return "### the question"
	case "quizzes":
		return "### the question"
	case "angles":
		return "### the principle"
	case "levels":
		return "### the level"
	}
	return "###"
}

var (
	mdIDRE     = lazyRegexp(`[ \t]*\{#([^}]*)\}$`)
	mdTargetRE = lazyRegexp(`[ \t]*\((?:(?i:target)[: ]+)?([^()]*)\)$`)
)

func (m *mdParser) heading(b mdBlock) error {
	if err := m.close(); err != nil {
		return err
	}
	if b.level <= 2 {
		if err := m.endSection(); err != nil {
			return err
		}
	}
	if b.text == "" {
		return m.errAt(b.line, b.col, "empty heading")
	}
	switch b.level {
	case 1:
		if m.titleAt.Line != 0 && m.titleAt.Line >= m.fmEnd {
			return m.errAt(b.line, b.col, "a second # title heading (the first is on line %d)", m.titleAt.Line)
		}
		if m.s.Title != "" && m.s.Title != b.text {
			return m.errAt(b.line, b.col, "the # heading %q differs from the front matter's title %q: give the title once", b.text, m.s.Title)
		}
		m.s.Title = b.text
		m.titleAt = Pos{b.line, b.col}
		m.pos["title"] = m.titleAt
		m.part = "title"
		return nil
	case 2:
		return m.part2(b)
	case 3:
		return m.part3(b)
	}
	return m.errAt(b.line, b.col, "heading level %d: a story uses ## for its parts and ### for the items of a part", b.level)
}

func (m *mdParser) part2(b mdBlock) error {
	text := b.text
	var target string
	targetCol := 0
	if loc := mdTargetRE().FindStringSubmatchIndex(text); loc != nil {
		name := normLabel(text[:loc[0]])
		if contains(starcards.SectionNames, name) {
			target = text[loc[2]:loc[3]]
			targetCol = b.col + utf8.RuneCountInString(text[:loc[2]])
			text = text[:loc[0]]
		}
	}
	key := normLabel(text)
	part, isSection := key, contains(starcards.SectionNames, key)
	if !isSection {
		var ok bool
		if part, ok = mdParts[key]; !ok {
			known := append(append([]string(nil), starcards.SectionNames...), keysOf(mdParts)...)
			msg := fmt.Sprintf("unknown heading %q", "## "+b.text)
			if s := starcards.Suggest(key, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", "## "+starcards.Capitalize(s))
			}
			return m.errAt(b.line, b.col, "%s: want ## Summary, Coaching, Situation, Task, Action, Result, Reflection, Follow-ups, Quizzes, Weak answer, Angles or Levels", msg)
		}
	}
	if prev, ok := m.heads[part]; ok {
		return m.errAt(b.line, b.col, "## %s given twice (also on line %d)", b.text, prev.Line)
	}
	m.heads[part] = Pos{b.line, b.col}
	fmKey := part
	if isSection {
		fmKey = "sections"
	}
	if line, ok := m.fmKeys[fmKey]; ok {
		return m.errAt(b.line, b.col, "the front matter already gives %s (line %d): give them there or as ## headings, not both", fmKey, line)
	}
	m.part = part
	if part == "summary" || part == "coaching" {
		m.cur = newContainer("story text", part, "the "+partTitle(part), Pos{b.line, b.col})
	}
	if part == "weak_answer" {
		m.cur = newContainer("weak_answer", "weak_answer", "the weak answer", Pos{b.line, b.col})
		m.pos["weak_answer"] = m.cur.at
	}
	if !isSection {
		return nil
	}
	path := "sections." + part
	m.pos[path] = Pos{b.line, b.col}
	m.sec = &starcards.Section{Name: part}
	m.secAt = Pos{b.line, b.col}
	m.secLevels = 0
	m.cur = newContainer("section", path, "the "+starcards.Capitalize(part)+" section", m.secAt)
	if target != "" {
		m.cur.addText("target", target, Pos{b.line, targetCol})
	}
	return nil
}

func (m *mdParser) part3(b mdBlock) error {
	text, id := b.text, ""
	idAt := Pos{}
	if loc := mdIDRE().FindStringSubmatchIndex(text); loc != nil && (m.part == "followups" || m.part == "quizzes") {
		id = strings.TrimSpace(text[loc[2]:loc[3]])
		idAt = Pos{b.line, b.col + utf8.RuneCountInString(text[:loc[2]])}
		text = strings.TrimSpace(text[:loc[0]])
		if !validID(id) {
			return m.errAt(idAt.Line, idAt.Col, "id %q must be lowercase letters, digits, - and _, e.g. %q", id, Slug(id))
		}
		if text == "" {
			return m.errAt(b.line, b.col, "heading has an id but no question")
		}
	}
	at := Pos{b.line, b.col}
	switch m.part {
	case "reflection":
		if line, ok := m.fmKeys["reflections"]; ok {
			return m.errAt(b.line, b.col, "the front matter already gives reflections (line %d): give them there or as ### headings, not both", line)
		}
		m.secLevels++
		m.cur = newContainer("reflection", "reflections."+text, "the "+text+" reflection", at)
		m.cur.texts["level"] = []string{text}
		return nil
	case "followups":
		i := len(m.s.Followups)
		m.s.Followups = append(m.s.Followups, starcards.Followup{ID: id, Question: text})
		m.cur = newContainer("followup", fmt.Sprintf("followups[%d]", i), fmt.Sprintf("follow-up %d", i+1), at)
	case "quizzes":
		i := len(m.s.Quizzes)
		m.s.Quizzes = append(m.s.Quizzes, starcards.Quiz{ID: id, Question: text})
		m.cur = newContainer("quiz", fmt.Sprintf("quizzes[%d]", i), fmt.Sprintf("quiz %d", i+1), at)
	case "angles":
		i := len(m.s.Angles)
		m.s.Angles = append(m.s.Angles, starcards.Angle{Principle: text})
		m.cur = newContainer("angle", fmt.Sprintf("angles[%d]", i), "the "+text+" angle", at)
	case "levels":
		i := len(m.s.Levels)
		m.s.Levels = append(m.s.Levels, starcards.Level{Level: text})
		m.cur = newContainer("level", fmt.Sprintf("levels[%d]", i), "the "+text+" level", at)
	default:
		return m.errAt(b.line, b.col, "### headings belong under ## Reflection (levels), ## Follow-ups, ## Quizzes, ## Angles or ## Levels")
	}
	m.pos[m.cur.path] = at
	switch m.part {
	case "followups", "quizzes":
		m.pos[m.cur.path+".question"] = at
		if id != "" {
			m.pos[m.cur.path+".id"] = idAt
		}
	case "angles":
		m.pos[m.cur.path+".principle"] = at
	case "levels":
		m.pos[m.cur.path+".level"] = at
	}
	return nil
}

// close finishes the current container and, at a ## heading or the end, the
// current section.
func (m *mdParser) close() error {
	c := m.cur
	m.cur = nil
	if c != nil {
		if isListField(c.pending) && len(c.lists[c.pending]) > 0 {
			c.pending = "" // a list label satisfied by the list that ends the part
		}
		if c.pending != "" {
			at := c.textAt[c.pending]
			if at.Line == 0 {
				at = c.at
			}
			return m.errAt(at.Line, at.Col, "%s has no value in %s", c.pending, c.what)
		}
		if err := m.finish(c); err != nil {
			return err
		}
	}
	return nil
}

// setText moves a text field of c into dst and records its position.
func (m *mdParser) setText(c *mdContainer, f string, dst *string) {
	if t := strings.TrimSpace(c.text(f)); t != "" {
		*dst = t
		m.pos[c.path+"."+f] = c.textAt[f]
	}
}

func (m *mdParser) setList(c *mdContainer, f string, dst *[]string) {
	for i, item := range c.lists[f] {
		*dst = append(*dst, item)
		m.pos[fmt.Sprintf("%s.%s[%d]", c.path, f, i)] = c.listAt[f][i]
	}
}

func (m *mdParser) duration(c *mdContainer, f string) (time.Duration, error) {
	s := strings.TrimSpace(c.text(f))
	if s == "" {
		return 0, nil
	}
	at := c.textAt[f]
	m.pos[c.path+"."+f] = at
	d, err := ParseDuration(s)
	if err != nil {
		return 0, m.errAt(at.Line, at.Col, "%s.%s: %v", c.path, f, err)
	}
	return d, nil
}

func (m *mdParser) finish(c *mdContainer) error {
	switch c.kind {
	case "section":
		sec := m.sec
		var err error
		if sec.Target, err = m.duration(c, "target"); err != nil {
			return err
		}
		m.setText(c, "example", &sec.Example)
		m.setList(c, "phrases", &sec.Phrases)
		m.setText(c, "coaching", &sec.Coaching)
		m.setText(c, "mistake", &sec.Mistake)
		return nil
	case "reflection":
		level := c.texts["level"][0]
		text := strings.TrimSpace(c.text("text"))
		m.s.Reflections = append(m.s.Reflections, starcards.Reflection{Level: level, Text: text})
		m.pos[c.path] = c.at
		if text != "" {
			m.pos[c.path] = c.textAt["text"]
		}
	case "followup":
		f := &m.s.Followups[len(m.s.Followups)-1]
		m.setText(c, "probes", &f.Probes)
		m.setText(c, "weak", &f.Weak)
		m.setText(c, "weak_why", &f.WeakWhy)
		m.setText(c, "strong", &f.Strong)
		m.setText(c, "key", &f.Key)
	case "quiz":
		q := &m.s.Quizzes[len(m.s.Quizzes)-1]
		m.setList(c, "options", &q.Options)
		m.setText(c, "explanation", &q.Explanation)
		switch {
		case len(q.Options) > 1 && len(c.answers) == 0:
			return m.errAt(c.at.Line, c.at.Col, "%s: mark the right option with [x] (- [x] the option), the others with [ ]", c.path)
		case len(c.answers) > 1:
			return m.errAt(c.answers[1].Line, c.answers[1].Col, "%s: more than one option marked [x]: mark only the right one", c.path)
		}
		if len(c.answers) > 0 {
			q.Answer = c.answer
			m.pos[c.path+".answer"] = c.answers[0]
		}
	case "story text":
		if c.path == "summary" {
			m.setText(c, "text", &m.s.Summary)
		} else {
			m.setText(c, "text", &m.s.Coaching)
		}
		if t := m.pos[c.path+".text"]; t.Line > 0 {
			m.pos[c.path] = t
			delete(m.pos, c.path+".text")
		}
	case "weak_answer":
		w := &starcards.WeakAnswer{}
		m.setText(c, "text", &w.Text)
		m.setList(c, "flaws", &w.Flaws)
		m.setText(c, "verdict", &w.Verdict)
		m.s.WeakAnswer = w
	case "angle":
		a := &m.s.Angles[len(m.s.Angles)-1]
		m.setText(c, "lead", &a.Lead)
		m.setText(c, "emphasize", &a.Emphasize)
		m.setText(c, "downplay", &a.Downplay)
	case "level":
		l := &m.s.Levels[len(m.s.Levels)-1]
		m.setText(c, "focus", &l.Focus)
		m.setText(c, "reflection", &l.Reflection)
		m.setText(c, "bar", &l.Bar)
		var err error
		if l.Time, err = m.duration(c, "time"); err != nil {
			return err
		}
	}
	return nil
}

// endSection adds the current section to the story, if it has content.
func (m *mdParser) endSection() error {
	sec := m.sec
	m.sec = nil
	if sec == nil {
		return nil
	}
	if sec.Example == "" && len(sec.Phrases) == 0 && sec.Coaching == "" && sec.Mistake == "" {
		if m.secLevels > 0 {
			// "## Reflection" holding only level reflections.
			delete(m.pos, "sections."+sec.Name)
			return nil
		}
	}
	m.s.Sections = append(m.s.Sections, *sec)
	return nil
}

// story checks what a story file requires and returns the story.
func (m *mdParser) story() (*starcards.Story, error) {
	// Sections end at the next ## heading; close the last, then order them.
	if err := m.endSectionsInOrder(); err != nil {
		return nil, err
	}
	s := m.s
	return &s, nil
}

// endSectionsInOrder is called once, at the end: the sections were collected
// in file order as each ## heading closed the one before.
func (m *mdParser) endSectionsInOrder() error {
	if err := m.endSection(); err != nil {
		return err
	}
	if _, ok := m.fmKeys["sections"]; ok {
		return nil
	}
	byName := map[string]starcards.Section{}
	for _, sec := range m.s.Sections {
		byName[sec.Name] = sec
	}
	var out []starcards.Section
	for _, name := range starcards.SectionNames {
		if sec, ok := byName[name]; ok {
			out = append(out, sec)
		}
	}
	m.s.Sections = out
	return nil
}
