package decks

import _ "embed"

// SchemaURL is where editors find the JSON Schema of story files
// (docs/story.schema.json); templates and converted files name it in a
// yaml-language-server comment.
const SchemaURL = "https://raw.githubusercontent.com/starcards/starcards/main/docs/story.schema.json"

// TemplateYAML is the story template that starcards new writes: every field
// of a story file, each with a comment saying what it is for, and the target
// times the sample uses. It parses (as a story with id my-story) and imports.
//
//go:embed template/story.yaml
var TemplateYAML []byte

// TemplateMarkdown is [TemplateYAML] as a Markdown story (see
// [ParseMarkdown]), with the guidance in HTML comments.
//
//go:embed template/story.md
var TemplateMarkdown []byte
