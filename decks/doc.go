// Package decks reads story files and makes cards from them.
//
// # Story files
//
// [Parse] reads a story in YAML or JSON (the schema is docs/story.schema.json;
// every field is described in docs/story-format.md). It walks the YAML syntax
// tree itself rather than decoding into structs, so that every error is a
// [*ParseError] at file:line:col — unknown keys come with a "did you mean" —
// and so that YAML aliases can be refused before anything is expanded.
// [ParseWithPositions] also returns where each value starts, for the linter.
// [ParseMarkdown] reads the Markdown form (YAML front matter, ## Situation,
// ## Task, … headings) and [ParsePage] the text of a STAR walkthrough page as
// copied from the web, garbled emoji and all. [Encode] writes a story back as
// YAML that Parse reads to an equal story. Every parser refuses input over
// [MaxFileSize] and invalid UTF-8.
//
// # Cards
//
// [Cards] makes the cards of a story: one card per STAR section, a cloze-like
// phrase card per section with key phrases, a mistake card per section with a
// common mistake and one for the weak answer, and a card per follow-up, quiz,
// reflection, level variant and principle angle. A card's identity is
// story/kind/key, never its text: editing a story keeps every card's
// progress. Cards of one facet of a story share Card.Facet; a queue shows one
// of them a day.
//
// # The sample
//
// [Sample] is the built-in sample story, the cleaned-up webhook drop-rate
// walkthrough, embedded as [SampleYAML].
package decks
