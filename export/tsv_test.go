package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// tsvCollection is testCollection plus a story with awkward text.
func tsvCollection() Collection {
	col := testCollection()
	s := starcards.Story{ID: "quotes", Title: `The "Q3" launch :: retro`, Principles: []string{"Earn Trust"}}
	col.Stories = append(col.Stories, s)
	col.Cards = append(col.Cards,
		starcards.CardState{Card: starcards.Card{
			ID:     starcards.CardID{Story: s.ID, Kind: starcards.KindMistake, Key: "tabs"},
			Fields: []string{"quotes/mistake/tabs", s.Title, "Prompt\twith tab", "Line one\nline \"two\"\x1f", "{{c1::not a cloze}} & <b>"},
			Tags:   []string{"Earn Trust", "quoted \"tag\""},
		}},
		starcards.CardState{Card: starcards.Card{
			ID:     starcards.CardID{Story: s.ID, Kind: starcards.KindReflection, Key: "gone"},
			Fields: []string{"quotes/reflection/gone", s.Title, "SDE 2", "retired"},
		}, Retired: true},
	)
	return col
}

func TestTSVGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := TSV(&buf, tsvCollection()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "export.tsv")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./export -update)", err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("TSV differs from %s (go test ./export -update to accept):\n%s", golden, got)
	}
}

func TestTSV(t *testing.T) {
	col := tsvCollection()
	var buf bytes.Buffer
	if err := TSV(&buf, col); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	header := []string{"#separator:tab", "#html:true", "#guid column:1", "#notetype column:2", "#deck column:3", "#tags column:4"}
	for i, h := range header {
		if lines[i] != h {
			t.Errorf("line %d = %q, want %q", i+1, lines[i], h)
		}
	}
	// Read the rows as Anki's CSV reader does: tab-separated, quotes honoured.
	r := csv.NewReader(strings.NewReader(strings.Join(lines[len(header):], "\n")))
	r.Comma = '\t'
	r.FieldsPerRecord = 4 + tsvFieldColumns
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("rows do not parse as TSV: %v", err)
	}
	if want := len(col.Cards) - 1; len(rows) != want {
		t.Fatalf("%d rows, want %d (retired card left out)", len(rows), want)
	}
	b, _ := newBuild(col)
	for i, row := range rows {
		n := b.notes[i]
		if row[0] != n.guid || row[1] != n.model.name || row[2] != n.deck.name || row[3] != strings.Join(n.tags, " ") {
			t.Errorf("row %d: guid/notetype/deck/tags = %q, want %q %q %q %q", i, row[:4], n.guid, n.model.name, n.deck.name, strings.Join(n.tags, " "))
		}
		for j, f := range row[4:] {
			want := ""
			if j < len(n.fields) {
				want = n.fields[j]
			}
			if f != want {
				t.Errorf("row %d field %d = %q, want %q", i, j, f, want)
			}
		}
	}
	last := rows[len(rows)-1]
	if want := `STAR::The "Q3" launch : retro`; last[2] != want {
		t.Errorf("deck = %q, want %q", last[2], want)
	}
	if want := "Line one<br>line &quot;two&quot;"; last[7] != want {
		t.Errorf("field with newline, quote and separator = %q, want %q", last[7], want)
	}
	if want := "starcards story::quotes kind::mistake principle::Earn_Trust quoted_tag"; last[3] != want {
		t.Errorf("tags = %q, want %q", last[3], want)
	}
}

func ExampleTSV() {
	col := Collection{
		Stories: []starcards.Story{{ID: "outage", Title: "The 3 a.m. outage"}},
		Cards: []starcards.CardState{{Card: starcards.Card{
			ID:     starcards.CardID{Story: "outage", Kind: starcards.KindReflection, Key: "senior"},
			Fields: []string{"outage/reflection/senior", "The 3 a.m. outage", "Senior SDE", "I'd add alerting <first>."},
			Tags:   []string{"Senior SDE"},
		}}},
	}
	var buf bytes.Buffer
	if err := TSV(&buf, col); err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		fmt.Println(strings.TrimRight(strings.ReplaceAll(line, "\t", " | "), " "))
	}
	// Output:
	// #separator:tab
	// #html:true
	// #guid column:1
	// #notetype column:2
	// #deck column:3
	// #tags column:4
	// 4NAF40lis4X | starcards Reflection | STAR::The 3 a.m. outage | starcards story::outage kind::reflection Senior_SDE | outage/reflection/senior | The 3 a.m. outage | Senior SDE | I&#39;d add alerting &lt;first&gt;. |  |  |  |
}

// tsvFromBuild is TSV as it was written before TSVWriter: the notes of
// newBuild, then the rows. The reference TSVWriter must match.
func tsvFromBuild(w io.Writer, col Collection) error {
	b, err := newBuild(col)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(tsvHeader)
	for _, n := range b.notes {
		bw.WriteString(tsvPlain(n.guid) + "\t" + tsvPlain(n.model.name) + "\t" + tsvPlain(n.deck.name) + "\t" + tsvPlain(strings.Join(n.tags, " ")))
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

// TestTSVWriterMatchesBuild: the streamed file is byte for byte the one
// made from newBuild's notes: for the test collections, generated stories,
// titles that differ only in case (one deck), cards whose story is
// missing; and an invalid collection writes nothing.
func TestTSVWriterMatchesBuild(t *testing.T) {
	gen := Collection{}
	for i := range 4 {
		s, err := decks.Parse(decks.GenerateStory(i), "gen.yaml")
		if err != nil {
			t.Fatal(err)
		}
		gen.Stories = append(gen.Stories, *s)
		for _, c := range decks.Cards(s) {
			gen.Cards = append(gen.Cards, starcards.CardState{Card: c})
		}
	}
	cased := tsvCollection()
	cased.Stories = append(cased.Stories, starcards.Story{ID: "upper", Title: "THE \"Q3\" LAUNCH :: RETRO"})
	cased.Cards = append(cased.Cards, starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "upper", Kind: starcards.KindAngle, Key: "x"}}},
		starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "gone", Kind: starcards.KindQuiz, Key: "q"}, Fields: []string{"gone/quiz/q", "Old title"}}})
	for name, col := range map[string]Collection{"test": testCollection(), "tsv": tsvCollection(), "generated": gen, "cased": cased} {
		var want, got bytes.Buffer
		if err := tsvFromBuild(&want, col); err != nil {
			t.Fatal(err)
		}
		if err := TSV(&got, col); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: TSV differs from the notes of newBuild:\n%s\nwant:\n%s", name, got.String(), want.String())
		}
	}
	dup := testCollection()
	dup.Cards = append(dup.Cards, dup.Cards[0])
	unknown := testCollection()
	unknown.Cards = append(unknown.Cards, starcards.CardState{Card: starcards.Card{ID: starcards.CardID{Story: "x", Kind: "nope", Key: "k"}}})
	for name, tc := range map[string]struct {
		col  Collection
		want error
	}{"ErrDuplicateCard": {dup, ErrDuplicateCard}, "ErrUnknownKind": {unknown, ErrUnknownKind}} {
		var buf bytes.Buffer
		err := TSV(&buf, tc.col)
		_, berr := newBuild(tc.col)
		if !errors.Is(err, tc.want) || err.Error() != berr.Error() || buf.Len() > 0 {
			t.Errorf("%s: TSV = %v, wrote %d bytes; want newBuild's %v and nothing written", name, err, buf.Len(), berr)
		}
	}
}
