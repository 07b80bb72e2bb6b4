package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// TestStoryStates imports three stories, retires one and a card of
// another, and checks that StoryStates gives each story's part of States,
// in the same order, and nothing for an unknown story.
func TestStoryStates(t *testing.T) {
	db := MustOpen(t)
	var imports []StoryImport
	for _, id := range []string{"alpha", "beta", "gamma"} {
		s := decks.Sample()
		s.ID, s.Title = id, "Story "+id
		imports = append(imports, StoryImport{Story: s, Cards: decks.Cards(s), Source: id})
	}
	if _, err := db.Import(imports, t0); err != nil {
		t.Fatal(err)
	}
	beta := imports[1] // re-imported without its first card, which retires it
	beta.Cards = beta.Cards[1:]
	if _, err := db.Import([]StoryImport{beta}, t0.Add(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveStory("gamma", t0.Add(2)); err != nil {
		t.Fatal(err)
	}
	all, err := db.States()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"alpha", "beta", "gamma"} {
		var want []starcards.CardState
		for _, cs := range all {
			if cs.Card.ID.Story == id {
				want = append(want, cs)
			}
		}
		got, found, err := db.StoryStates(id)
		if err != nil || !found {
			t.Fatalf("StoryStates(%s): found %v, %v", id, found, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("StoryStates(%s): %d states, want the %d States gives for it", id, len(got), len(want))
		}
		retired := 0
		for _, cs := range got {
			if cs.Retired {
				retired++
			}
		}
		if wantRetired := map[string]int{"alpha": 0, "beta": 1, "gamma": len(got)}[id]; retired != wantRetired {
			t.Errorf("StoryStates(%s): %d retired, want %d", id, retired, wantRetired)
		}
	}
	if got, found, err := db.StoryStates("delta"); err != nil || found || got != nil {
		t.Errorf("StoryStates(delta) = %v, %v, %v; want nothing", got, found, err)
	}
}

// TestCardTexts checks that CardTexts gives the cards Cards gives, in the
// order asked, and ErrNotFound for a card the collection lacks.
func TestCardTexts(t *testing.T) {
	db := MustOpen(t)
	s := decks.Sample()
	cards := decks.Cards(s)
	if _, err := db.Import([]StoryImport{{Story: s, Cards: cards, Source: "sample"}}, t0); err != nil {
		t.Fatal(err)
	}
	ids := []starcards.CardID{cards[3].ID, cards[0].ID, cards[len(cards)-1].ID, cards[3].ID}
	want, err := db.Cards(ids)
	if err != nil {
		t.Fatal(err)
	}
	var got []starcards.Card
	if err := db.CardTexts(ids, func(c *starcards.Card) error { got = append(got, *c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d cards, want %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i].Card) {
			t.Errorf("card %d: %+v, want %+v", i, got[i], want[i].Card)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := db.CardTexts(ids, func(*starcards.Card) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("CardTexts after fn's error: %v, %d calls", err, n)
	}
	missing := []starcards.CardID{cards[0].ID, {Story: "nope", Kind: starcards.KindSection, Key: "x"}}
	if err := db.CardTexts(missing, func(*starcards.Card) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("CardTexts of a missing card: %v, want ErrNotFound", err)
	}
}
