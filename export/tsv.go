package export

import (
	"bufio"
	"io"
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
// otherwise the error of w.
func TSV(w io.Writer, col Collection) error {
	b, err := newBuild(col)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:4\n")
	for _, n := range b.notes {
		bw.WriteString(tsvPlain(n.guid))
		bw.WriteByte('\t')
		bw.WriteString(tsvPlain(n.model.name))
		bw.WriteByte('\t')
		bw.WriteString(tsvPlain(n.deck.name))
		bw.WriteByte('\t')
		bw.WriteString(tsvPlain(strings.Join(n.tags, " ")))
		for i := range tsvFieldColumns {
			bw.WriteByte('\t')
			if i < len(n.fields) {
				bw.WriteString(n.fields[i])
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// tsvPlain quotes a non-HTML column (a deck name may hold a double quote)
// the way Anki's CSV reader unquotes it. Such columns never hold tabs or
// newlines: deck names and tags have control characters removed.
func tsvPlain(s string) string {
	if !strings.ContainsAny(s, "\"\t\n\r") && !strings.HasPrefix(s, "#") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
