// Package lint checks a story against the coaching of a STAR walkthrough:
// the rules a bar raiser applies that a machine can check. Each [Finding]
// names the file position of the offending value, a severity and a one-line
// fix.
//
// # Rules
//
// Errors are what sinks an answer; warnings are what weakens it.
//
//   - we-action (error): an Action sentence whose subject is "we", "our
//     team", "the team" or "they" ("We figured out the root cause together"
//     makes the candidate invisible).
//   - result-number (error): a Result with no number, percentage, currency
//     amount or before→after change; a warning when there is no Result.
//   - task-scope (warning): a Task with no scope boundary or ownership
//     statement ("not my team", "nobody asked", "I took ownership"), or no
//     Task at all.
//   - generic-reflection (error): a reflection that fits every story
//     ("communication is important", "teamwork", "I learned a lot").
//   - section-length (warning): a section longer than its target when
//     spoken at [WordsPerMinute].
//   - phrase-missing (warning): a key phrase that does not occur in its
//     section's strong example (the phrase card cannot blank it).
//   - no-principles (warning): a story without principles.
//   - few-followups (warning): fewer than two follow-up questions.
//   - quiz-answer: a quiz whose answer is not among its options (error), is
//     ambiguous because its text is given twice (error), or that has no
//     options to grade (warning).
//
// Positions come from [decks.Positions], which every story format gives (a
// walkthrough page too); a story built without positions gets findings
// without a line. A finding inside a text
// (an Action sentence) is placed where the text starts, and quotes it.
//
// # Why it lives here
//
// Lint reads stories as decks parses them and shares its rules (phrase
// matching with [decks.Blanks], durations), so it sits in the decks room.
package lint
