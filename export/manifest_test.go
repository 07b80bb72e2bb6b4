package export_test

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/export"
	"github.com/starcards/starcards/export/ankipkg"
	"github.com/starcards/starcards/scheduler"
)

var manifestNow = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// sampleWithHistory is the sample story after 10 days of answers.
func sampleWithHistory(tb testing.TB) export.Collection {
	tb.Helper()
	s := decks.Sample()
	col := export.Collection{Stories: []starcards.Story{*s}, Config: starcards.DefaultConfig()}
	col.Config.DesiredRetention = 0.87
	sc, err := scheduler.New(col.Config)
	if err != nil {
		tb.Fatal(err)
	}
	for i, c := range decks.Cards(s) {
		cs := starcards.CardState{Card: c}
		at := manifestNow.AddDate(0, 0, -10).Add(time.Duration(i) * time.Minute)
		for k := 0; k < i%4; k++ {
			r := starcards.Ratings[(i+k)%4]
			after := sc.Answer(c.ID, cs.Schedule, r, at)
			col.Reviews = append(col.Reviews, starcards.Review{Card: c.ID, Time: at, Rating: r, Before: cs.Schedule, After: after})
			cs.Schedule = after
			at = at.AddDate(0, 0, 3)
		}
		if i == 5 {
			cs.Schedule.Suspended = true
		}
		col.Cards = append(col.Cards, cs)
	}
	return col
}

// TestManifestMatchesPackage reads the package Apkg writes with the
// package reader and checks it against the manifest and Keys: the manifest
// describes exactly what is written, and every Anki card maps to its card.
func TestManifestMatchesPackage(t *testing.T) {
	col := sampleWithHistory(t)
	for _, withSched := range []bool{false, true} {
		opts := export.Options{WithScheduling: withSched, Now: manifestNow}
		var buf bytes.Buffer
		if err := export.Apkg(&buf, col, opts); err != nil {
			t.Fatal(err)
		}
		m, err := export.NewManifest(col, opts)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := export.Keys(col)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := ankipkg.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if len(pkg.Cards) != len(m.Cards) || len(keys) != len(m.Cards) || len(pkg.Revlog) != m.Revlog || m.Notes != len(col.Cards) {
			t.Fatalf("scheduling %v: package %d cards %d revlog, manifest %d cards %d revlog %d notes, %d keys", withSched, len(pkg.Cards), len(pkg.Revlog), len(m.Cards), m.Revlog, m.Notes, len(keys))
		}
		if pkg.Timing.Crt != m.Crt || m.DesiredRetention != 0.87 {
			t.Errorf("crt %d, manifest %d; retention %v", pkg.Timing.Crt, m.Crt, m.DesiredRetention)
		}
		byKey := map[export.AnkiKey]ankipkg.Card{}
		rows := map[int64]int{}
		for _, r := range pkg.Revlog {
			rows[r.CardID]++
		}
		for _, c := range pkg.Cards {
			byKey[export.AnkiKey{GUID: c.GUID, Ord: c.Ord}] = c
		}
		reviewed := 0
		for _, mc := range m.Cards {
			k := export.AnkiKey{GUID: mc.GUID, Ord: mc.Ord}
			c, ok := byKey[k]
			if !ok {
				t.Errorf("%s ord %d not in the package", mc.Card, mc.Ord)
				continue
			}
			if keys[k].String() != mc.Card {
				t.Errorf("Keys[%v] = %v, want %s", k, keys[k], mc.Card)
			}
			if int64(c.Type) != mc.Type || int64(c.Queue) != mc.Queue || c.Due != mc.Due || c.Ivl != mc.Ivl || rows[c.ID] != mc.Revlog {
				t.Errorf("%s: package %+v (%d rows), manifest %+v", mc.Card, c, rows[c.ID], mc)
			}
			if math.Abs(c.Stability-mc.Stability) > 1e-9 || math.Abs(c.Difficulty-mc.Difficulty) > 1e-9 {
				t.Errorf("%s: memory %v/%v, manifest %v/%v", mc.Card, c.Stability, c.Difficulty, mc.Stability, mc.Difficulty)
			}
			if mc.Revlog > 0 {
				reviewed++
			}
		}
		if withSched && reviewed == 0 {
			t.Error("no card has revlog rows: the history did not reach the package")
		}
	}
}

func ExampleKeys() {
	s := decks.Sample()
	keys, err := export.Keys(export.Collection{Stories: []starcards.Story{*s}, Cards: states(decks.Cards(s))})
	if err != nil {
		panic(err)
	}
	n := 0
	for _, id := range keys {
		if id.Kind == starcards.KindSection && id.Key == "result" {
			n++
		}
	}
	fmt.Println(n, "Anki card for webhook-drop-rate/section/result")
	// Output: 1 Anki card for webhook-drop-rate/section/result
}

func states(cards []starcards.Card) []starcards.CardState {
	out := make([]starcards.CardState, len(cards))
	for i, c := range cards {
		out[i].Card = c
	}
	return out
}
