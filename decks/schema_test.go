package decks

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaFile = "../docs/story.schema.json"

// mustSchema compiles docs/story.schema.json.
func mustSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(readFile(tb, schemaFile)))
	if err != nil {
		tb.Fatalf("%s: %v", schemaFile, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile(SchemaURL)
	if err != nil {
		tb.Fatalf("compile %s: %v", schemaFile, err)
	}
	return s
}

// validateYAML validates a story file (YAML or JSON) against the schema.
func validateYAML(tb testing.TB, s *jsonschema.Schema, data []byte) error {
	tb.Helper()
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		tb.Fatalf("YAMLToJSON: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		tb.Fatal(err)
	}
	return s.Validate(v)
}

// TestSchemaValid: the sample, the templates and every story in testdata
// are valid against the schema.
func TestSchemaValid(t *testing.T) {
	schema := mustSchema(t)
	files := map[string][]byte{
		SampleFile:            SampleYAML,
		"template/story.yaml": TemplateYAML,
	}
	for name, md := range map[string][]byte{"template/story.md": TemplateMarkdown, sampleMarkdown: readFile(t, sampleMarkdown)} {
		s, _, err := ParseMarkdown(md, name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		files[name+" (converted)"] = out
	}
	archives, _ := filepath.Glob("testdata/*/*.txtar")
	for _, file := range archives {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "story.yaml" {
				files[file] = f.Data
			}
		}
	}
	for name, data := range files {
		if _, err := Parse(data, name); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
		if err := validateYAML(t, schema, data); err != nil {
			t.Errorf("%s is not valid against %s: %v", name, schemaFile, err)
		}
	}
}

// TestSchemaInvalid: stories the parser refuses for their shape are refused
// by the schema too.
func TestSchemaInvalid(t *testing.T) {
	schema := mustSchema(t)
	tests := []struct{ name, src string }{
		{"MissingID", "title: T\nsections: {task: {example: x}}"},
		{"MissingTitle", "id: s\nsections: {task: {example: x}}"},
		{"NoSections", "id: s\ntitle: T\nsections: {}"},
		{"BadID", "id: My Story\ntitle: T\nsections: {task: {example: x}}"},
		{"UnknownKey", "id: s\ntitle: T\ntitel: U\nsections: {task: {example: x}}"},
		{"UnknownSection", "id: s\ntitle: T\nsections: {sitaution: {example: x}}"},
		{"UnknownSectionKey", "id: s\ntitle: T\nsections: {task: {exmple: x}}"},
		{"EmptySection", "id: s\ntitle: T\nsections: {task: {target: 30s}}"},
		{"BadDuration", "id: s\ntitle: T\nsections: {task: {target: half a minute, example: x}}"},
		{"FollowupNoAnswer", "id: s\ntitle: T\nsections: {task: {example: x}}\nfollowups: [{question: Why?}]"},
		{"QuizOneOption", "id: s\ntitle: T\nsections: {task: {example: x}}\nquizzes: [{question: Q, options: [a], answer: 0}]"},
		{"QuizNoAnswer", "id: s\ntitle: T\nsections: {task: {example: x}}\nquizzes: [{question: Q, options: [a, b]}]"},
		{"QuizAnswerText", "id: s\ntitle: T\nsections: {task: {example: x}}\nquizzes: [{question: Q, options: [a, b], answer: b}]"},
		{"QuizNothing", "id: s\ntitle: T\nsections: {task: {example: x}}\nquizzes: [{question: Q}]"},
		{"WeakAnswerNoText", "id: s\ntitle: T\nsections: {task: {example: x}}\nweak_answer: {verdict: no}"},
		{"AngleNoPrinciple", "id: s\ntitle: T\nsections: {task: {example: x}}\nangles: [{lead: x}]"},
		{"LevelBadTime", "id: s\ntitle: T\nsections: {task: {example: x}}\nlevels: [{level: L, time: soon}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse([]byte(tt.src), "s.yaml"); err == nil {
				t.Errorf("Parse accepts it")
			}
			if err := validateYAML(t, schema, []byte(tt.src)); err == nil {
				t.Errorf("the schema accepts it")
			}
		})
	}
}

// TestTemplate: the templates parse, make cards, describe every field of a
// story, and say the same thing in YAML and Markdown.
func TestTemplate(t *testing.T) {
	y, err := Parse(TemplateYAML, "template/story.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := ParseMarkdown(TemplateMarkdown, "template/story.md")
	if err != nil {
		t.Fatal(err)
	}
	diffStories(t, m, y)
	if len(Cards(y)) == 0 {
		t.Error("the template makes no cards")
	}
	if !bytes.HasPrefix(TemplateYAML, []byte("# yaml-language-server: $schema="+SchemaURL+"\n")) {
		t.Error("the YAML template does not start with its yaml-language-server schema line")
	}
	text := string(TemplateYAML)
	for _, key := range append(append(append([]string{}, storyKeys...), sectionKeys...), followupKeys...) {
		if !strings.Contains(text, key+":") {
			t.Errorf("the YAML template has no %s", key)
		}
	}
	for _, keys := range [][]string{weakKeys, quizKeys, angleKeys, levelKeys} {
		for _, key := range keys {
			if !strings.Contains(text, key+":") {
				t.Errorf("the YAML template has no %s", key)
			}
		}
	}
	// The target times the sample uses.
	sample := Sample()
	for i, sec := range y.Sections {
		if sec.Target != sample.Sections[i].Target {
			t.Errorf("template %s target = %v, want the sample's %v", sec.Name, sec.Target, sample.Sections[i].Target)
		}
	}
}

// TestDocsExamples: the YAML and Markdown examples of docs/story-format.md
// are the same story, valid against the schema.
func TestDocsExamples(t *testing.T) {
	doc := string(readFile(t, "../docs/story-format.md"))
	block := func(lang, contains string) []byte {
		t.Helper()
		for _, part := range strings.Split(doc, "```"+lang+"\n")[1:] {
			code, _, _ := strings.Cut(part, "```")
			if strings.Contains(code, contains) {
				return []byte(code)
			}
		}
		t.Fatalf("no %s example with %q", lang, contains)
		return nil
	}
	y, err := Parse(block("yaml", "id: pager"), "docs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := ParseMarkdown(block("markdown", "id: pager"), "docs.md")
	if err != nil {
		t.Fatal(err)
	}
	diffStories(t, m, y)
	if err := validateYAML(t, mustSchema(t), block("yaml", "id: pager")); err != nil {
		t.Error(err)
	}
}
