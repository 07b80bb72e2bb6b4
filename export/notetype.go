package export

import (
	"strings"

	"github.com/starcards/starcards"
)

// model is one Anki note type: one per card kind.
type model struct {
	id     int64
	kind   starcards.Kind
	name   string
	cloze  bool
	fields []string
	tmpls  []template
}

type template struct {
	name, qfmt, afmt string
}

// modelNames are the note type names, stable across versions: TSV rows and
// Anki's text importer refer to note types by name.
var modelNames = map[starcards.Kind]string{
	starcards.KindOutline:    "starcards Outline",
	starcards.KindSection:    "starcards Section",
	starcards.KindOrder:      "starcards Order",
	starcards.KindPhrase:     "starcards Phrase (cloze)",
	starcards.KindNumber:     "starcards Number (cloze)",
	starcards.KindMistake:    "starcards Mistake",
	starcards.KindFollowup:   "starcards Follow-up",
	starcards.KindQuiz:       "starcards Quiz",
	starcards.KindReflection: "starcards Reflection",
	starcards.KindAngle:      "starcards Angle",
}

// modelVersions are the versions of the note types whose fields changed
// (the one-thing-per-card layout, decks.CardsVersion 2); a changed note type
// gets a new id, so Anki never merges it with the old one. Kinds not listed
// are at version 1.
var modelVersions = map[starcards.Kind]int{
	starcards.KindSection:    2,
	starcards.KindPhrase:     2,
	starcards.KindReflection: 2,
}

// isCloze reports whether kind's note type is a cloze type: phrase and
// number cards, one cloze ({{c1::…}}) each.
func isCloze(kind starcards.Kind) bool {
	return kind == starcards.KindPhrase || kind == starcards.KindNumber
}

// newModel returns the note type for kind, or nil for an unknown kind. Its
// id is derived from "starcards/<kind>/v<version>", so it never changes
// while its fields stay the same.
func newModel(kind starcards.Kind) *model {
	name, ok := modelNames[kind]
	if !ok {
		return nil
	}
	m := &model{
		id:     hashID(modelIDName(string(kind), max(modelVersions[kind], 1))),
		kind:   kind,
		name:   name,
		cloze:  isCloze(kind),
		fields: kind.FieldNames(),
	}
	q, a := templates(kind)
	m.tmpls = []template{{name: templateNames[kind], qfmt: wrap(q), afmt: wrap(a)}}
	return m
}

var templateNames = map[starcards.Kind]string{
	starcards.KindOutline:    "Outline the story",
	starcards.KindSection:    "Tell the section",
	starcards.KindOrder:      "What comes next",
	starcards.KindPhrase:     "Key phrase",
	starcards.KindNumber:     "Number",
	starcards.KindMistake:    "Avoid the mistake",
	starcards.KindFollowup:   "Answer the follow-up",
	starcards.KindQuiz:       "Quiz",
	starcards.KindReflection: "Reflection",
	starcards.KindAngle:      "Angle",
}

// wrap puts a template in a div with the MathJax ignore classes (of Anki's
// MathJax 3 configuration and MathJax's default), so that "\(" in a story
// is text, not maths.
func wrap(tmpl string) string {
	return `<div class="starcards tex2jax_ignore mathjax_ignore">` + "\n" + strings.TrimSpace(tmpl) + "\n</div>"
}

// Template building blocks. Every field is shown with dir="auto", so
// right-to-left stories render correctly.
func head(kind string) string {
	return `<div class="meta"><span class="story" dir="auto">{{Story}}</span><span class="kind">` + kind + `</span></div>` + "\n"
}

func block(label, field string) string {
	return "{{#" + field + `}}<div class="label">` + label + `</div><div class="field" dir="auto">{{` + field + "}}</div>{{/" + field + "}}\n"
}

const answerRule = "{{FrontSide}}\n<hr id=\"answer\">\n"

// templates returns the front and back templates of kind.
func templates(kind starcards.Kind) (qfmt, afmt string) {
	switch kind {
	case starcards.KindOutline:
		qfmt = head("Outline") + `<div class="prompt" dir="auto">{{Question}}</div><div class="field">The beats, and how each one opens?</div>`
		afmt = answerRule + block("Outline", "Outline")
	case starcards.KindSection:
		qfmt = head("STAR") + `<div class="prompt">Tell the <b>{{Section}}</b>{{#Target}} <span class="target">in {{Target}}</span>{{/Target}}.</div>` + "\n" +
			`{{#Opening}}<div class="field" dir="auto">It starts: “{{Opening}}”</div>{{/Opening}}`
		// As in starcards: the example only when there is nothing to check off.
		afmt = answerRule + block("Key phrases", "Phrases") + block("Numbers", "Numbers") +
			"{{^Phrases}}{{^Numbers}}" + strings.TrimSuffix(block("Strong example", "Example"), "\n") + "{{/Numbers}}{{/Phrases}}\n"
	case starcards.KindOrder:
		qfmt = head("Order") + `<div class="prompt">What comes next in the <b>{{Section}}</b>?{{#Step}} <span class="target">(sentence {{Step}})</span>{{/Step}}</div>` + "\n" +
			`<div class="field" dir="auto">After “{{Cue}}”</div>`
		afmt = answerRule + block("Next", "Next")
	case starcards.KindPhrase, starcards.KindNumber:
		label := "Key phrase"
		if kind == starcards.KindNumber {
			label = "Number"
		}
		qfmt = head(label) + `{{#Section}}<div class="label">{{Section}}</div>{{/Section}}` +
			`<div class="field cloze-text" dir="auto">{{cloze:Text}}</div>`
		afmt = qfmt
	case starcards.KindMistake:
		qfmt = head("Common mistake") + `<div class="prompt" dir="auto">{{Prompt}}</div>`
		afmt = answerRule + block("What goes wrong", "Mistake") + block("Instead", "Coaching")
	case starcards.KindFollowup:
		qfmt = head("Follow-up") + `<div class="prompt" dir="auto">{{Question}}</div>`
		afmt = answerRule + block("What it probes", "Probes") + block("Strong answer", "Strong") +
			block("Key line", "Key") + block("Weak answer", "Weak") + block("Why it fails", "WeakWhy")
	case starcards.KindQuiz:
		qfmt = head("Quiz") + `<div class="prompt" dir="auto">{{Question}}</div>` + "\n" +
			`{{#Options}}<div class="field" dir="auto">{{Options}}</div>{{/Options}}`
		afmt = `<div class="revealed">{{FrontSide}}</div>` + "\n<hr id=\"answer\">\n" +
			block("Answer", "Answer") + block("Explanation", "Explanation")
	case starcards.KindReflection:
		qfmt = head("Level") + `<div class="prompt">How do you tell the story{{#Level}} at <b dir="auto">{{Level}}</b> level{{/Level}}?</div>`
		afmt = answerRule + block("Reflection", "Reflection") + block("Focus", "Focus") + block("Bar", "Bar") + block("Time", "Time")
	case starcards.KindAngle:
		qfmt = head("Angle") + `<div class="prompt">Frame the story for <b dir="auto">{{Principle}}</b>.</div>`
		afmt = answerRule + block("Lead with", "Lead") + block("Emphasize", "Emphasize") + block("Downplay", "Downplay")
	}
	return qfmt, afmt
}

// css is shared by every note type. Anki adds nightMode (desktop) or
// night_mode (AnkiDroid, older desktop) to the card's body in dark mode; the
// colours are variables switched by those classes.
var css = strings.TrimSpace(`
.card {
  --fg: #1f2328;
  --bg: #fbfbf9;
  --muted: #5c6670;
  --accent: #0a58b0;
  --rule: #d4d9de;
  --good: #17733a;
  --good-bg: #e3f6e8;
  --chip: #eceff2;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 19px;
  line-height: 1.5;
  color: var(--fg);
  background-color: var(--bg);
  text-align: left;
  max-width: 42em;
  margin: 0 auto;
  padding: 0.75em 1em;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --fg: #e3e6ea;
  --bg: #1d1f23;
  --muted: #9aa4af;
  --accent: #7ab8ff;
  --rule: #3a4048;
  --good: #6fdc8c;
  --good-bg: #173a24;
  --chip: #2c3138;
}
.meta { display: flex; justify-content: space-between; gap: 1em; font-size: 0.75em; color: var(--muted); margin-bottom: 0.6em; }
.kind { text-transform: uppercase; letter-spacing: 0.06em; background: var(--chip); border-radius: 0.8em; padding: 0 0.6em; white-space: nowrap; }
.prompt { font-size: 1.15em; font-weight: 600; margin: 0.3em 0 0.6em; }
.target { color: var(--muted); font-weight: normal; }
.label { font-size: 0.72em; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 1em 0 0.15em; }
.field { overflow-wrap: anywhere; }
hr#answer { border: 0; border-top: 1px solid var(--rule); margin: 1em 0; }
.cloze { font-weight: 700; color: var(--accent); }
.options { margin: 0.4em 0; padding-left: 1.8em; }
.options li { margin: 0.25em 0; padding: 0.05em 0.3em; border-radius: 0.3em; }
.revealed .options li.correct { color: var(--good); background: var(--good-bg); font-weight: 700; }
.answer-letter { font-weight: 700; }
`) + "\n"
