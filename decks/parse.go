package decks

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/starcards/starcards"
	"golang.org/x/text/unicode/norm"
)

// Pos is a 1-based line and column in a story file.
type Pos struct {
	Line int
	Col  int
}

// Positions maps the path of every value in a story file to where it starts.
// Paths look like "title", "sections.action.example", "sections.action.phrases[2]",
// "followups[1].strong", "reflections.Senior".
type Positions map[string]Pos

// Parse parses a story file, YAML or JSON (JSON is parsed as the YAML it is),
// named name in errors. Every error is a [*ParseError] with the position of
// the offending value.
func Parse(data []byte, name string) (*starcards.Story, error) {
	s, _, err := ParseWithPositions(data, name)
	return s, err
}

// ParseWithPositions is [Parse] that also returns where each value starts,
// for tools such as the linter that report findings by position.
func ParseWithPositions(data []byte, name string) (*starcards.Story, Positions, error) {
	if len(data) > MaxFileSize {
		return nil, nil, &ParseError{File: name, Err: ErrTooLarge}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		return nil, nil, &ParseError{File: name, Line: line, Col: col, Err: ErrInvalidUTF8}
	}
	data = norm.NFC.Bytes(data)
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, nil, syntaxError(name, err)
	}
	p := &storyParser{file: name, pos: Positions{}}
	var body ast.Node
	for i, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if body != nil {
			return nil, nil, p.errAt(doc.Body, "a story file holds one story (one YAML document), found a second at document %d", i+1)
		}
		body = doc.Body
	}
	if body == nil {
		return nil, nil, &ParseError{File: name, Err: errors.New("file is empty: want a story with at least id, title and one section")}
	}
	s, err := p.story(body)
	if err != nil {
		return nil, nil, err
	}
	FallbackKeys(s)
	if err := Validate(s); err != nil {
		line, col := nodePos(body)
		return nil, nil, positioned(err, name, p.pos, Pos{line, col})
	}
	return s, p.pos, nil
}

func invalidUTF8Pos(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

func syntaxError(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg := ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return &ParseError{File: name, Line: tk.Position.Line, Col: tk.Position.Column, Err: fmt.Errorf("syntax error: %s", msg)}
		}
		return &ParseError{File: name, Err: fmt.Errorf("syntax error: %s", msg)}
	}
	// Some goccy errors carry the position only in their text; keep the first line.
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return &ParseError{File: name, Err: fmt.Errorf("syntax error: %s", msg)}
}

type storyParser struct {
	file string
	pos  Positions
}

func (p *storyParser) errAt(n ast.Node, format string, args ...any) error {
	line, col := nodePos(n)
	return &ParseError{File: p.file, Line: line, Col: col, Err: fmt.Errorf(format, args...)}
}

func nodePos(n ast.Node) (line, col int) {
	switch v := n.(type) {
	case nil:
		return 0, 0
	case *ast.MappingNode:
		if len(v.Values) > 0 {
			return nodePos(v.Values[0])
		}
	case *ast.MappingValueNode:
		if v.Key != nil {
			return nodePos(v.Key)
		}
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line, tk.Position.Column
	}
	return 0, 0
}

func (p *storyParser) record(path string, n ast.Node) {
	line, col := nodePos(n)
	p.pos[path] = Pos{Line: line, Col: col}
}

// unwrap resolves anchors, tags and comments to the value node. Aliases are
// refused: a story has no use for them and refusing them means alias
// expansion can never blow up memory.
func (p *storyParser) unwrap(n ast.Node) (ast.Node, error) {
	for depth := 0; n != nil; depth++ {
		if depth > 16 {
			return nil, p.errAt(n, "too deeply nested")
		}
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			return nil, p.errAt(n, "YAML aliases (*name) are not supported in story files")
		case *ast.CommentGroupNode, *ast.CommentNode:
			return nil, nil
		default:
			return n, nil
		}
	}
	return nil, nil
}

type entry struct {
	key   string
	keyN  ast.Node
	value ast.Node // nil for an explicit null
}

// mapping returns the entries of a mapping node, refusing duplicates and,
// when known is non-nil, unknown keys (with a suggestion when one is close).
func (p *storyParser) mapping(n ast.Node, what string, known []string) ([]entry, error) {
	n, err := p.unwrap(n)
	if err != nil {
		return nil, err
	}
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	case nil:
		return nil, nil
	case *ast.NullNode:
		return nil, nil
	default:
		return nil, p.errAt(n, "%s must be a mapping of keys to values, got %s", what, kindOf(n))
	}
	seen := map[string]bool{}
	out := make([]entry, 0, len(values))
	for _, mv := range values {
		if mv.Key != nil && mv.Key.IsMergeKey() {
			return nil, p.errAt(mv.Key, "merge keys (<<) are not supported in story files")
		}
		kn, err := p.unwrap(mv.Key)
		if err != nil {
			return nil, err
		}
		if mk, ok := kn.(*ast.MappingKeyNode); ok {
			kn, err = p.unwrap(mk.Value)
			if err != nil {
				return nil, err
			}
		}
		sc, ok := kn.(ast.ScalarNode)
		if !ok || kn == nil {
			return nil, p.errAt(mv, "%s: keys must be plain words", what)
		}
		key := scalarText(sc)
		if seen[key] {
			return nil, p.errAt(kn, "duplicate key %q in %s", key, what)
		}
		seen[key] = true
		if known != nil && !contains(known, key) {
			msg := fmt.Sprintf("unknown key %q in %s", key, what)
			if s := starcards.Suggest(key, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, p.errAt(kn, "%s", msg)
		}
		val, err := p.unwrap(mv.Value)
		if err != nil {
			return nil, err
		}
		if _, isNull := val.(*ast.NullNode); isNull {
			val = nil
		}
		out = append(out, entry{key: key, keyN: kn, value: val})
	}
	return out, nil
}

func (p *storyParser) sequence(n ast.Node, what string) ([]ast.Node, error) {
	switch v := n.(type) {
	case *ast.SequenceNode:
		out := make([]ast.Node, 0, len(v.Values))
		for _, item := range v.Values {
			u, err := p.unwrap(item)
			if err != nil {
				return nil, err
			}
			if u == nil {
				return nil, p.errAt(item, "%s: empty list item", what)
			}
			if _, isNull := u.(*ast.NullNode); isNull {
				return nil, p.errAt(item, "%s: empty list item", what)
			}
			out = append(out, u)
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, p.errAt(n, "%s must be a list, got %s", what, kindOf(n))
}

func kindOf(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "text"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	}
	return "a " + strings.ToLower(n.Type().String())
}

func scalarText(n ast.Node) string {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		return v.Value.Value
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// text reads a scalar as text. Numbers and booleans keep their spelling.
func (p *storyParser) text(n ast.Node, path string) (string, error) {
	if n == nil {
		return "", nil
	}
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode:
		return "", p.errAt(n, "%s must be text, got %s", path, kindOf(n))
	}
	p.record(path, n)
	s := scalarText(n)
	if _, lit := n.(*ast.LiteralNode); lit {
		s = strings.TrimRight(s, "\n")
	}
	return strings.TrimSpace(s), nil
}

func (p *storyParser) textList(n ast.Node, path string) ([]string, error) {
	items, err := p.sequence(n, path)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, item := range items {
		s, err := p.text(item, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		if s == "" {
			return nil, p.errAt(item, "%s: empty list item", path)
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *storyParser) duration(n ast.Node, path string) (time.Duration, error) {
	if n == nil {
		return 0, nil
	}
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode:
		return 0, p.errAt(n, "%s must be a duration, got %s", path, kindOf(n))
	}
	p.record(path, n)
	d, err := ParseDuration(scalarText(n))
	if err != nil {
		return 0, p.errAt(n, "%s: %v", path, err)
	}
	return d, nil
}

var (
	storyKeys    = []string{"id", "title", "question", "principles", "role", "summary", "coaching", "sections", "reflections", "followups", "weak_answer", "quizzes", "angles", "levels"}
	sectionKeys  = []string{"target", "example", "phrases", "coaching", "mistake"}
	followupKeys = []string{"id", "question", "probes", "weak", "weak_why", "strong", "key"}
	weakKeys     = []string{"text", "flaws", "verdict"}
	quizKeys     = []string{"id", "question", "options", "answer", "explanation"}
	angleKeys    = []string{"principle", "lead", "emphasize", "downplay"}
	levelKeys    = []string{"level", "focus", "reflection", "bar", "time"}
)

func (p *storyParser) story(body ast.Node) (*starcards.Story, error) {
	entries, err := p.mapping(body, "story", storyKeys)
	if err != nil {
		return nil, err
	}
	s := &starcards.Story{}
	for _, e := range entries {
		switch e.key {
		case "id", "title", "sections":
			p.record(e.key, e.keyN) // where a missing value is reported
		}
		if err := p.storyField(s, e); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// storyField reads one top-level entry of a story into s.
func (p *storyParser) storyField(s *starcards.Story, e entry) error {
	var err error
	v := e.value
	switch e.key {
	case "id":
		s.ID, err = p.text(v, "id")
	case "title":
		s.Title, err = p.text(v, "title")
	case "question":
		s.Question, err = p.text(v, "question")
	case "principles":
		s.Principles, err = p.textList(v, "principles")
	case "role":
		s.Role, err = p.text(v, "role")
	case "summary":
		s.Summary, err = p.text(v, "summary")
	case "coaching":
		s.Coaching, err = p.text(v, "coaching")
	case "sections":
		s.Sections, err = p.sections(v, e.keyN)
	case "reflections":
		s.Reflections, err = p.reflections(v)
	case "followups":
		s.Followups, err = p.followups(v)
	case "weak_answer":
		s.WeakAnswer, err = p.weakAnswer(v)
	case "quizzes":
		s.Quizzes, err = p.quizzes(v)
	case "angles":
		s.Angles, err = p.angles(v)
	case "levels":
		s.Levels, err = p.levels(v)
	}
	return err
}

func (p *storyParser) sections(n ast.Node, keyN ast.Node) ([]starcards.Section, error) {
	entries, err := p.mapping(n, "sections", starcards.SectionNames)
	if err != nil {
		return nil, err
	}
	byName := map[string]starcards.Section{}
	for _, e := range entries {
		path := "sections." + e.key
		p.record(path, e.keyN)
		fields, err := p.mapping(e.value, path, sectionKeys)
		if err != nil {
			return nil, err
		}
		sec := starcards.Section{Name: e.key}
		for _, f := range fields {
			fp := path + "." + f.key
			switch f.key {
			case "target":
				sec.Target, err = p.duration(f.value, fp)
			case "example":
				sec.Example, err = p.text(f.value, fp)
			case "phrases":
				sec.Phrases, err = p.textList(f.value, fp)
			case "coaching":
				sec.Coaching, err = p.text(f.value, fp)
			case "mistake":
				sec.Mistake, err = p.text(f.value, fp)
			}
			if err != nil {
				return nil, err
			}
		}
		byName[e.key] = sec
	}
	var out []starcards.Section
	for _, name := range starcards.SectionNames {
		if sec, ok := byName[name]; ok {
			out = append(out, sec)
		}
	}
	return out, nil
}

func (p *storyParser) reflections(n ast.Node) ([]starcards.Reflection, error) {
	entries, err := p.mapping(n, "reflections", nil)
	if err != nil {
		return nil, err
	}
	var out []starcards.Reflection
	for _, e := range entries {
		path := "reflections." + e.key
		text, err := p.text(e.value, path)
		if err != nil {
			return nil, err
		}
		if text == "" {
			p.record(path, e.keyN) // where the empty reflection is reported
		}
		out = append(out, starcards.Reflection{Level: e.key, Text: text})
	}
	return out, nil
}

// items returns the mappings of a list of mappings, each with its path.
func (p *storyParser) items(n ast.Node, name string, known []string) ([][]entry, []ast.Node, error) {
	seq, err := p.sequence(n, name)
	if err != nil {
		return nil, nil, err
	}
	out := make([][]entry, len(seq))
	for i, item := range seq {
		path := fmt.Sprintf("%s[%d]", name, i)
		p.record(path, item)
		if out[i], err = p.mapping(item, path, known); err != nil {
			return nil, nil, err
		}
	}
	return out, seq, nil
}

func (p *storyParser) followups(n ast.Node) ([]starcards.Followup, error) {
	items, _, err := p.items(n, "followups", followupKeys)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil // an empty list is no list
	}
	out := make([]starcards.Followup, len(items))
	for i, fields := range items {
		path := fmt.Sprintf("followups[%d]", i)
		f := &out[i]
		for _, e := range fields {
			fp := path + "." + e.key
			var err error
			switch e.key {
			case "id":
				f.ID, err = p.itemID(e.value, fp)
			case "question":
				f.Question, err = p.text(e.value, fp)
			case "probes":
				f.Probes, err = p.text(e.value, fp)
			case "weak":
				f.Weak, err = p.text(e.value, fp)
			case "weak_why":
				f.WeakWhy, err = p.text(e.value, fp)
			case "strong":
				f.Strong, err = p.text(e.value, fp)
			case "key":
				f.Key, err = p.text(e.value, fp)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (p *storyParser) itemID(n ast.Node, path string) (string, error) {
	return p.text(n, path)
}

func (p *storyParser) weakAnswer(n ast.Node) (*starcards.WeakAnswer, error) {
	fields, err := p.mapping(n, "weak_answer", weakKeys)
	if err != nil || fields == nil {
		return nil, err
	}
	w := &starcards.WeakAnswer{}
	for _, e := range fields {
		fp := "weak_answer." + e.key
		switch e.key {
		case "text":
			w.Text, err = p.text(e.value, fp)
		case "flaws":
			w.Flaws, err = p.textList(e.value, fp)
		case "verdict":
			w.Verdict, err = p.text(e.value, fp)
		}
		if err != nil {
			return nil, err
		}
	}
	p.record("weak_answer", n)
	return w, nil
}

func (p *storyParser) quizzes(n ast.Node) ([]starcards.Quiz, error) {
	items, nodes, err := p.items(n, "quizzes", quizKeys)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil // an empty list is no list
	}
	out := make([]starcards.Quiz, len(items))
	for i, fields := range items {
		path := fmt.Sprintf("quizzes[%d]", i)
		q := &out[i]
		var answerN ast.Node
		for _, e := range fields {
			fp := path + "." + e.key
			var err error
			switch e.key {
			case "id":
				q.ID, err = p.itemID(e.value, fp)
			case "question":
				q.Question, err = p.text(e.value, fp)
			case "options":
				q.Options, err = p.textList(e.value, fp)
			case "answer":
				answerN = e.value
				if e.value != nil {
					p.record(fp, e.value)
				}
			case "explanation":
				q.Explanation, err = p.text(e.value, fp)
			}
			if err != nil {
				return nil, err
			}
		}
		switch {
		case len(q.Options) == 0 && answerN != nil:
			return nil, p.errAt(answerN, "%s: answer given but the quiz has no options", path)
		case len(q.Options) > 1 && answerN == nil:
			return nil, p.errAt(nodes[i], "%s: missing answer (the index of the right option, from 0)", path)
		case len(q.Options) > 1:
			a, err := strconv.Atoi(scalarText(answerN))
			if _, isInt := answerN.(*ast.IntegerNode); !isInt || err != nil {
				return nil, p.errAt(answerN, "%s: answer must be the index of the right option (0 to %d)", path, len(q.Options)-1)
			}
			q.Answer = a
		}
	}
	return out, nil
}

func (p *storyParser) angles(n ast.Node) ([]starcards.Angle, error) {
	items, _, err := p.items(n, "angles", angleKeys)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil // an empty list is no list
	}
	out := make([]starcards.Angle, len(items))
	for i, fields := range items {
		path := fmt.Sprintf("angles[%d]", i)
		a := &out[i]
		for _, e := range fields {
			fp := path + "." + e.key
			var err error
			switch e.key {
			case "principle":
				a.Principle, err = p.text(e.value, fp)
			case "lead":
				a.Lead, err = p.text(e.value, fp)
			case "emphasize":
				a.Emphasize, err = p.text(e.value, fp)
			case "downplay":
				a.Downplay, err = p.text(e.value, fp)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (p *storyParser) levels(n ast.Node) ([]starcards.Level, error) {
	items, _, err := p.items(n, "levels", levelKeys)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, nil // an empty list is no list
	}
	out := make([]starcards.Level, len(items))
	for i, fields := range items {
		path := fmt.Sprintf("levels[%d]", i)
		l := &out[i]
		for _, e := range fields {
			fp := path + "." + e.key
			var err error
			switch e.key {
			case "level":
				l.Level, err = p.text(e.value, fp)
			case "focus":
				l.Focus, err = p.text(e.value, fp)
			case "reflection":
				l.Reflection, err = p.text(e.value, fp)
			case "bar":
				l.Bar, err = p.text(e.value, fp)
			case "time":
				l.Time, err = p.duration(e.value, fp)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
