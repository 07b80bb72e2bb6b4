package export

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// sampleCollection is the built-in sample's cards after a few days of
// reviews: card i is answered i%4 times (Good, then Hard, Good…), so each
// card has its own history.
func sampleCollection() Collection {
	s := decks.Sample()
	col := Collection{Stories: []starcards.Story{*s}, Config: starcards.DefaultConfig()}
	for _, c := range decks.Cards(s) {
		col.Cards = append(col.Cards, starcards.CardState{Card: c})
	}
	start := testNow.Add(-20 * 24 * time.Hour)
	for i := range col.Cards {
		ratings := []starcards.Rating{starcards.Good, starcards.Hard, starcards.Good}[:i%4]
		col.Reviews = append(col.Reviews, simulate(&col.Cards[i], start.Add(time.Duration(i)*time.Minute), ratings...)...)
	}
	sortReviews(col.Reviews)
	return col
}

// TestApkgOneCardPerCard: the export of the sample holds exactly one Anki
// card per starcards card, ord 0 of the note whose guid is GUID(card id)
// and whose first field is the card id, and each Anki card carries only its
// own card's review log. testdata/sample-anki.txt is the golden listing;
// go test ./export -update rewrites it.
func TestApkgOneCardPerCard(t *testing.T) {
	col := sampleCollection()
	p := MustOpen(t, MustApkg(t, col, Options{Now: testNow, WithScheduling: true}))
	reviews := map[starcards.CardID][]starcards.Review{}
	for _, r := range col.Reviews {
		reviews[r.Card] = append(reviews[r.Card], r)
	}
	type ankiCard struct {
		cid, ord int64
		id       string
		eases    []int64
	}
	byGUID := map[string]*ankiCard{}
	rows := p.rows(t, `select n.guid, n.flds, c.id cid, c.ord from cards c join notes n on n.id = c.nid`)
	for _, r := range rows {
		g := r["guid"].(string)
		if byGUID[g] != nil {
			t.Errorf("note %s has more than one card", g)
		}
		id, _, _ := strings.Cut(r["flds"].(string), "\x1f")
		byGUID[g] = &ankiCard{cid: r["cid"].(int64), ord: r["ord"].(int64), id: id}
	}
	byCID := map[int64]*ankiCard{}
	for _, c := range byGUID {
		byCID[c.cid] = c
	}
	for _, r := range p.rows(t, `select cid, ease from revlog order by id`) {
		c := byCID[r["cid"].(int64)]
		if c == nil {
			t.Fatalf("revlog row for unknown card %d", r["cid"])
		}
		c.eases = append(c.eases, r["ease"].(int64))
	}
	if len(rows) != len(col.Cards) {
		t.Errorf("%d Anki cards for %d starcards cards", len(rows), len(col.Cards))
	}
	var golden bytes.Buffer
	fmt.Fprintf(&golden, "%d starcards cards, %d Anki cards, %d reviews, %d revlog rows\n", len(col.Cards), len(rows), len(col.Reviews), len(p.rows(t, `select id from revlog`)))
	for _, cs := range col.Cards {
		id := cs.Card.ID
		c := byGUID[GUID(id)]
		if c == nil {
			t.Errorf("%s: no note with guid %s", id, GUID(id))
			continue
		}
		if c.ord != 0 || c.id != id.String() {
			t.Errorf("%s: Anki card ord %d with ID field %q, want ord 0 and the card id", id, c.ord, c.id)
		}
		var want []int64
		for _, r := range reviews[id] {
			want = append(want, int64(r.Rating))
		}
		if fmt.Sprint(c.eases) != fmt.Sprint(want) {
			t.Errorf("%s: revlog eases %v, want its own reviews %v", id, c.eases, want)
		}
		fmt.Fprintf(&golden, "%s guid=%s ord=%d revlog=%v\n", id, GUID(id), c.ord, c.eases)
	}
	const file = "testdata/sample-anki.txt"
	if *update {
		if err := os.WriteFile(file, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(golden.Bytes(), want) {
		t.Errorf("export differs from %s (go test ./export -update):\n%s", file, golden.Bytes())
	}
}
