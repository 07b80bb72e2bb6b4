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
// [MaxFileSize] and invalid UTF-8, and puts text in Unicode NFC.
//
// # One rule, one place
//
// The rules of the story format are written once and shared by every
// format and every user:
//   - [Validate]: what a story must hold (an id, a title, a section, …).
//     The YAML, Markdown and page parsers all end with it, so a story breaks
//     a rule with the same message whatever it is written in; the page
//     importer leaves the part out with that message as its warning.
//   - [ParseDuration]: every time target and level time, in every format.
//   - [Slug] and [FallbackKeys]: card keys, readable in any script, with
//     followup-N and quiz-N where a question makes no slug.
//   - [Blanks]: where a key phrase occurs in its example, for the terminal
//     phrase card, lint's phrase-missing rule and the Anki cloze text.
//   - [starcards.Suggest], the did-you-mean of story keys, Markdown headings
//     and labels (and of config keys, in scheduler).
//
// # Walkthrough pages
//
// [ParsePage] returns a [Page]: the story, the [Positions] of its parts on
// the page, and [Warning]s for the lines it left out. [WriteReport] lists
// what a story file or page gave, part by part, and what was left out.
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
