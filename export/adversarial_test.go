package export

import (
	"strings"

	"github.com/starcards/starcards"
)

// adversarialStories are hostile or unusual story texts. Every one must
// export cleanly and render as the text it is.
var adversarialStories = []struct {
	name  string
	title string
	text  string
}{
	{"script", `<script>alert("x")</script>`, `Before <script>document.location='http://evil'</script> after`},
	{"img-onerror", `<img src=x onerror=alert(1)>`, `<img src="x.png" onerror="alert(1)"> and <a href="javascript:alert(1)">link</a>`},
	{"cloze-syntax", `{{c1::title}}`, `Text with {{c1::a cloze}} and {{c2::another::hint}} and }} and {{`},
	{"template-syntax", `{{Front}}`, `{{Front}} {{FrontSide}} {{#Story}}x{{/Story}} {{cloze:Text}} {{=<% %>=}}`},
	{"subdecks-quotes", `Team::Platform "Q3" :: launch`, `He said "ship it" :: and 'done' ::: end:`},
	{"colons-only", `::`, `:::`},
	{"emoji-rtl", `🚀 إطلاق الخدمة`, "שלום עולם — مرحبا بالعالم 👩🏽\u200d💻 🚀 mixed RTL \u200ftext\u200e"},
	{"separator", "Split\x1fTitle\x00\x07", "field\x1fseparator\x1e and \x00 nul \x1b[31m escape\r\nCRLF\rCR\ttab"},
	{"media-latex", `[sound:evil.mp3]`, `[sound:x.mp3] [latex]\\x[/latex] [$]y[/$] \(z\) <audio src="a.mp3">`},
	{"entities", `&amp; &lt; &#0; &bogus;`, `&amp;lt; &#x110000; &; & &nbsp; ` + "\u00a0nbsp"},
	{"big", strings.Repeat("Long title ", 30), strings.Repeat("A hundred kilobytes of story text. ", 3000)},
	{"invalid-utf8", "Bad \xff\xfe title", "bad \xc3\x28 bytes"},
}

// adversarialCollection makes a story with a card of each kind from every
// adversarial text.
func adversarialCollection() Collection {
	col := Collection{Config: starcards.DefaultConfig()}
	for _, a := range adversarialStories {
		s := starcards.Story{
			ID: "adv-" + a.name, Title: a.title, Question: a.text, Principles: []string{a.title, "Dive Deep"},
			Role: a.text,
		}
		col.Stories = append(col.Stories, s)
		tags := []string{a.title, "Dive Deep", a.text}
		for _, k := range starcards.Kinds {
			names := k.FieldNames()
			fields := make([]string, len(names))
			for i := range fields {
				fields[i] = a.text
			}
			id := starcards.CardID{Story: s.ID, Kind: k, Key: "k"}
			fields[0], fields[1] = id.String(), a.title
			c := starcards.Card{
				ID: id, Fields: fields, Tags: tags,
				Front: a.text, Back: a.text,
			}
			switch k {
			case starcards.KindPhrase, starcards.KindNumber:
				// The answer "{{c9::x}}" must be text, not a cloze c9; a second
				// line (not written by decks) must not make a second card.
				c.Fields[4] = "{{c9::x}}\n" + a.title
			case starcards.KindQuiz:
				c.Options = []string{a.text, a.title, "<b>bold</b>"}
				c.Answer = 2
			}
			col.Cards = append(col.Cards, starcards.CardState{Card: c})
		}
	}
	return col
}
