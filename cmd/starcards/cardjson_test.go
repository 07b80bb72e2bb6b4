package main

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// encodedCard is a card as writeJSONArray writes it: the reference
// appendCardJSON must match.
func encodedCard(t testing.TB, cs starcards.CardState, at time.Time) string {
	t.Helper()
	b, err := json.MarshalIndent(toJSONAt(cs, true, at), "  ", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return escapeJSON(string(b))
}

// TestAppendCardJSON: appendCardJSON writes a card byte for byte as
// encoding/json and escapeJSON do, for every state and flag, for the
// sample's cards and for text with every kind of character JSON escapes,
// and declines the times encoding/json refuses or writes otherwise.
func TestAppendCardJSON(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var cards []starcards.CardState
	for i, c := range decks.Cards(decks.Sample()) {
		cs := starcards.CardState{Card: c}
		switch i % 5 {
		case 1:
			cs.Schedule = starcards.Schedule{State: starcards.StateReview, Due: at.Add(72 * time.Hour), Suspended: true, Leech: true}
		case 2:
			cs.Schedule = starcards.Schedule{State: starcards.StateLearning, Due: at.Add(time.Minute), BuriedUntil: at.Add(time.Hour)}
		case 3:
			cs.Schedule = starcards.Schedule{State: starcards.StateRelearning, Due: at, BuriedUntil: at.Add(-time.Hour)}
			cs.Retired = true
		case 4:
			cs.Card.Front, cs.Card.Back = "", ""
			cs.Schedule = starcards.Schedule{BuriedUntil: at.Add(time.Hour)}
		}
		cards = append(cards, cs)
	}
	// Text of every character class: ASCII controls, HTML, quotes, C1,
	// bidi, line separators, invalid UTF-8, emoji.
	pieces := []string{
		"a", "Z ", "\"", "\\", "<", ">", "&", "'", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f",
		"é", "\u0085", "\u009f", "\u200e", "\u200f", "\u061c", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029",
		"\xff", "\xe2\x82", "🙂", "中", "\ufffd", "\u00a0",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for range 500 {
		cs := starcards.CardState{Card: starcards.Card{
			ID:    starcards.CardID{Story: text(), Kind: starcards.Kind(text()), Key: text()},
			Front: text(), Back: text(),
		}}
		cs.Schedule.State = starcards.State(rng.IntN(4))
		cs.Schedule.Due = at.Add(time.Duration(rng.IntN(1000)) * time.Minute)
		cs.Schedule.Suspended, cs.Schedule.Leech, cs.Retired = rng.IntN(2) == 0, rng.IntN(2) == 0, rng.IntN(2) == 0
		cards = append(cards, cs)
	}
	for _, cs := range cards {
		got, ok := appendCardJSON([]byte("x"), &cs, at)
		if want := encodedCard(t, cs, at); !ok || string(got[1:]) != want {
			t.Fatalf("appendCardJSON(%q) = %v\n%s\nwant\n%s", cs.Card.ID, ok, got[1:], want)
		}
	}
	for _, due := range []time.Time{
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		at.In(time.FixedZone("X", 3600)),
	} {
		cs := starcards.CardState{Card: cards[0].Card, Schedule: starcards.Schedule{State: starcards.StateReview, Due: due}}
		if got, ok := appendCardJSON([]byte("x"), &cs, at); ok || string(got) != "x" {
			t.Errorf("appendCardJSON, due %v = %q, %v; want it declined", due, got, ok)
		}
	}
}

// FuzzAppendJSONString: a string appendJSONString writes is what
// encoding/json and escapeJSON write for it.
func FuzzAppendJSONString(f *testing.F) {
	f.Add("plain")
	f.Add("<a href=\"x\">&amp;</a>\n\t\u2028\u202e\xff\x85")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != escapeJSON(string(want)) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, escapeJSON(string(want)))
		}
		if !utf8.Valid(appendJSONString(nil, s)) {
			t.Fatalf("appendJSONString(%q) is not UTF-8", s)
		}
	})
}
