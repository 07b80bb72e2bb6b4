package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/starcards/starcards"
)

// tsvFieldColumns is the number of field columns of every TSV row: the
// largest field count of any card kind. Rows are padded to it because Anki
// takes the column count from the first row; extra empty columns of a note
// type with fewer fields are ignored.
var tsvFieldColumns = func() int {
	n := 0
	for _, k := range starcards.Kinds {
		n = max(n, len(k.FieldNames()))
	}
	return n
}()

// TSV writes col as an Anki text import file, one line per note, with the
// header lines Anki reads:
//
//	#separator:tab
//	#html:true
//	#guid column:1
//	#notetype column:2
//	#deck column:3
//	#tags column:4
//
// Columns 5 and on hold the note's fields, HTML-escaped exactly as in [Apkg]
// (newlines as <br>, tabs as &#9;, so no field contains a tab, newline or
// double quote), padded with empty columns to the same width on every line.
// Guids, note type names, decks and tags are those of Apkg, so a TSV import
// updates the notes of an earlier .apkg import. Anki's text import needs
// the note types to exist already: import an .apkg once first. Retired cards
// are left out; there is no scheduling.
//
// TSV returns [ErrDuplicateCard] or [ErrUnknownKind] for invalid cards, and
// then writes nothing; otherwise it returns the error of w. [TSVWriter]
// writes the same file from cards read one at a time.
func TSV(w io.Writer, col Collection) error {
	if err := checkCards(col.Cards); err != nil {
		return err
	}
	stories := make(map[string]*starcards.Story, len(col.Stories))
	for i := range col.Stories {
		stories[col.Stories[i].ID] = &col.Stories[i]
	}
	t := NewTSVWriter(w)
	for i := range col.Cards {
		c := &col.Cards[i]
		if err := t.Write(c, stories[c.Card.ID.Story]); err != nil {
			return err
		}
	}
	return t.Flush()
}

// checkCards returns the error the first invalid card of cards (a
// repeated id, a kind without note type) gives a TSVWriter.
func checkCards(cards []starcards.CardState) error {
	seen := make(map[string]struct{}, len(cards))
	for i := range cards {
		cs := &cards[i]
		if cs.Retired {
			continue
		}
		id := cs.Card.ID.String()
		if _, dup := seen[id]; dup {
			return fmt.Errorf("%w: %s", ErrDuplicateCard, id)
		}
		seen[id] = struct{}{}
		if _, ok := modelNames[cs.Card.ID.Kind]; !ok {
			return fmt.Errorf("card %s: %w %q", id, ErrUnknownKind, cs.Card.ID.Kind)
		}
	}
	return nil
}

// TSVWriter writes the file [TSV] writes one note at a time: cards given
// in collection order make the same file, byte for byte, as TSV of a
// Collection of them. It keeps the cards' ids and guids and the stories'
// deck names, never their text, so an export of any size streams.
type TSVWriter struct {
	bw      *bufio.Writer
	started bool
	ids     map[string]struct{}
	guids   map[string]struct{}
	models  map[starcards.Kind]*model
	decks   map[string]string   // lower-cased deck name → the name first seen
	tags    map[string][]string // cards of a story and kind mostly share tags
	row     []byte
}

// NewTSVWriter returns a writer of an Anki text import file to w.
func NewTSVWriter(w io.Writer) *TSVWriter {
	return &TSVWriter{
		bw:     bufio.NewWriterSize(w, 64<<10),
		ids:    map[string]struct{}{},
		guids:  map[string]struct{}{},
		models: map[starcards.Kind]*model{},
		decks:  map[string]string{},
		tags:   map[string][]string{},
	}
}

// Write writes the note of the card cs, of story (nil if the collection
// lacks it; only its title, principles, role, levels and the principles
// and levels of its angles and reflections are read). A retired card is
// skipped. Write returns [ErrDuplicateCard] for a card id written
// before, [ErrUnknownKind] for a kind without note type, and otherwise
// the error of the underlying writer. What was written before an error
// stays written.
func (t *TSVWriter) Write(cs *starcards.CardState, story *starcards.Story) error {
	if cs.Retired {
		return nil
	}
	c := &cs.Card
	id := c.ID.String()
	if _, dup := t.ids[id]; dup {
		return fmt.Errorf("%w: %s", ErrDuplicateCard, id)
	}
	m := t.models[c.ID.Kind]
	if m == nil {
		if m = newModel(c.ID.Kind); m == nil {
			return fmt.Errorf("card %s: %w %q", id, ErrUnknownKind, c.ID.Kind)
		}
		t.models[c.ID.Kind] = m
	}
	t.ids[id] = struct{}{}
	guid := guidFor(id, "")
	for salt := 1; ; salt++ {
		if _, used := t.guids[guid]; !used {
			break
		}
		guid = guidFor(id, "#"+strconv.Itoa(salt))
	}
	t.guids[guid] = struct{}{}

	// As newBuild makes the note: the deck of the story's title (the name
	// as first seen, decks being one per lower-cased name), the fields,
	// the tags.
	title := c.Field("Story")
	if story != nil && strings.TrimSpace(story.Title) != "" {
		title = story.Title
	}
	if strings.TrimSpace(title) == "" {
		title = c.ID.Story
	}
	deck := rootDeck + "::" + deckComponent(title)
	lower := strings.ToLower(deck)
	if first, ok := t.decks[lower]; ok {
		deck = first
	} else {
		t.decks[lower] = deck
	}
	fields, _ := noteFields(c, title)
	key := id[:len(c.ID.Story)+1+len(c.ID.Kind)] + "\x00" + strings.Join(c.Tags, "\x00")
	tags := t.tags[key]
	if tags == nil {
		tags = noteTags(c, story)
		t.tags[key] = tags
	}

	if !t.started {
		t.started = true
		t.bw.WriteString(tsvHeader)
	}
	b := t.row[:0]
	b = append(b, tsvPlain(guid)...)
	b = append(b, '\t')
	b = append(b, tsvPlain(m.name)...)
	b = append(b, '\t')
	b = append(b, tsvPlain(deck)...)
	b = append(b, '\t')
	b = append(b, tsvPlain(strings.Join(tags, " "))...)
	for i := range tsvFieldColumns {
		b = append(b, '\t')
		if i < len(fields) {
			b = append(b, fields[i]...)
		}
	}
	b = append(b, '\n')
	t.row = b
	_, err := t.bw.Write(b)
	return err
}

// Flush writes what is buffered (the header lines, if no note came) to
// the underlying writer.
func (t *TSVWriter) Flush() error {
	if !t.started {
		t.started = true
		t.bw.WriteString(tsvHeader)
	}
	return t.bw.Flush()
}

// tsvHeader is the header of a text import file.
const tsvHeader = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:4\n"

// tsvPlain quotes a non-HTML column (a deck name may hold a double quote)
// the way Anki's CSV reader unquotes it. Such columns never hold tabs or
// newlines: deck names and tags have control characters removed.
func tsvPlain(s string) string {
	if !strings.ContainsAny(s, "\"\t\n\r") && !strings.HasPrefix(s, "#") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
