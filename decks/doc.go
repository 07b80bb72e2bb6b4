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
// [CardsFor] makes the cards of a story for the user's [Options] (their
// level); [Cards] uses the story's own role. Every card asks for one thing
// the candidate must say on the day (SuperMemo's minimum-information
// principle):
//
//   - outline (one per story with two or more sections): the question →
//     one line per section, its target and its opening words;
//   - section (one per section): the recital the drill times; the front
//     cues the opening words, the back lists the key phrases and numbers
//     to check off (the whole text when it has neither);
//   - order (sections of three or more sentences, see [Sentences]): "what
//     comes next after “…”?" for each sentence after the first, its answer
//     the next sentence. The order of a long Action is a sequence, which a
//     single card would ask as an enumeration; overlapping pairs are the
//     cloze form of a sequence, each card one step, and together they chain
//     the whole section;
//   - number (every number or metric of a section, see [Numbers], and every
//     key phrase that holds one): the sentence with it blanked; a number
//     already asked elsewhere in the story (0.3% inside "0.3% to zero") is
//     not asked twice;
//   - phrase (every key phrase found in its example, see [Blanks]): its
//     sentence with the phrase blanked, one card each;
//   - mistake (a section's common mistake; the weak answer), followup, quiz
//     (options shuffled per review with [QuizOrder]), angle;
//   - reflection (one, for the user's level, see [LevelKey]): the level
//     variant's focus, bar and time limit, and the level's reflection unless
//     the Reflection section card already tells it (a Reflection without
//     an example tells the user's level reflection). Other levels make no
//     cards.
//
// Labels are not repeated ("Lead with the outcome…" is not labelled "Lead
// with") and counts are singular or plural as they should be. A card's
// identity is story/kind/key, never its text: editing a story keeps every
// card's progress. Phrase and number keys are section/slug ("action/minimal-fix"),
// order keys section/step ("action/3"). Card.Facet is the sibling group the
// queue shows one of a day (see the scheduler's documentation). The layout
// is numbered [CardsVersion]; a collection made with an older one is
// remade when it is next opened for writing.
//
// # The sample
//
// [Sample] is the built-in sample story, the cleaned-up webhook drop-rate
// walkthrough, embedded as [SampleYAML].
package decks
