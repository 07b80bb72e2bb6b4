package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

// openV1 makes a collection as the first card layout left it: the sample
// story as it was (testdata/v1), its 30 cards as that layout made them
// (dumped to testdata/v1/sample-cards.json), and a history of answers.
func openV1(t *testing.T) (*store.DB, []starcards.CardID) {
	return openV1From(t, "webhook-drop-rate.yaml")
}

// openV1From is openV1 with the story's source as recorded.
func openV1From(t *testing.T, source string) (*store.DB, []starcards.CardID) {
	t.Helper()
	data, err := os.ReadFile("testdata/v1/webhook-drop-rate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := decks.Parse(data, "webhook-drop-rate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("testdata/v1/sample-cards.json")
	if err != nil {
		t.Fatal(err)
	}
	var cards []starcards.Card
	if err := json.Unmarshal(raw, &cards); err != nil {
		t.Fatal(err)
	}
	if len(cards) != 30 {
		t.Fatalf("%d v1 cards, want 30", len(cards))
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "collection.db"), store.Options{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Import([]store.StoryImport{{Story: s, Cards: cards, Hash: "v1", Source: source}}, t0); err != nil {
		t.Fatal(err)
	}
	answered := []starcards.CardID{
		{Story: s.ID, Kind: starcards.KindSection, Key: "action"},         // survives
		{Story: s.ID, Kind: starcards.KindPhrase, Key: "action"},          // one card for six phrases: retired
		{Story: s.ID, Kind: starcards.KindQuiz, Key: "ownership-signal"},  // survives
		{Story: s.ID, Kind: starcards.KindReflection, Key: "sde2"},        // told by the Reflection section now: retired
		{Story: s.ID, Kind: starcards.KindReflection, Key: "level-sde-1"}, // another level: retired
	}
	for i, id := range answered {
		for j := range 2 {
			at := t0.Add(time.Duration(24*j+i) * time.Hour)
			cs, err := db.Card(id)
			if err != nil {
				t.Fatal(err)
			}
			after := starcards.Schedule{
				State: starcards.StateReview, Due: at.Add(48 * time.Hour), Stability: float64(2 + j), Difficulty: 5,
				Reps: cs.Schedule.Reps + 1, LastReview: at, ScheduledDays: 2,
			}
			if err := db.Answer(starcards.Review{Card: id, Time: at, Rating: starcards.Good, Before: cs.Schedule, After: after}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db, answered
}

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// TestUpgradeCardsV1: a collection of the first card layout is remade with
// the current one on opening for writing. Cards whose identity survives keep
// their progress and history, cards of changed kinds are retired with
// theirs, and the report says what happened to each kind.
func TestUpgradeCardsV1(t *testing.T) {
	db, answered := openV1(t)
	before := map[starcards.CardID]starcards.Schedule{}
	for _, id := range answered {
		cs, err := db.Card(id)
		if err != nil {
			t.Fatal(err)
		}
		before[id] = cs.Schedule
	}
	if v, _ := db.CardsVersion(); v != 1 {
		t.Fatalf("CardsVersion = %d, want 1 for a v1 collection", v)
	}
	var out strings.Builder
	if err := upgradeCards(db, &out); err != nil {
		t.Fatal(err)
	}
	want := `cards: remade with card layout 2 (one thing per card); progress is kept where a card survives
cards:   outline: 1 added
cards:   section: 5 kept with their progress
cards:   order: 11 added
cards:   phrase: 13 added, 5 retired with their history
cards:   number: 2 added
cards:   mistake: 6 kept with their progress
cards:   followup: 4 kept with their progress
cards:   quiz: 3 kept with their progress
cards:   reflection: 4 retired with their history
cards:   angle: 3 kept with their progress
`
	got := out.String()
	if first, rest, _ := strings.Cut(got, "\n"); strings.HasPrefix(first, "backup: ") {
		got = rest
	} else {
		t.Errorf("report does not start with the backup: %q", first)
	}
	if got != want {
		t.Errorf("report:\n%s\nwant:\n%s", out.String(), want)
	}
	for i, id := range answered {
		cs, err := db.Card(id)
		if err != nil {
			t.Fatal(err)
		}
		retired := i == 1 || i >= 3
		if cs.Retired != retired {
			t.Errorf("%s: retired %v, want %v", id, cs.Retired, retired)
		}
		if cs.Schedule != before[id] {
			t.Errorf("%s: schedule %+v, want %+v (progress kept)", id, cs.Schedule, before[id])
		}
		log, err := db.CardReviews(id)
		if err != nil || len(log) != 2 {
			t.Errorf("%s: %d reviews (%v), want its 2", id, len(log), err)
		}
	}
	// The new cards are there, new; the old phrase card's key is not reused.
	cs, err := db.Card(starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindPhrase, Key: "action/i-pulled"})
	if err != nil || cs.Retired || cs.Schedule.State != starcards.StateNew {
		t.Errorf("new phrase card = %+v, %v; want a live new card", cs, err)
	}
	if v, _ := db.CardsVersion(); v != decks.CardsVersion {
		t.Errorf("CardsVersion = %d after upgrade, want %d", v, decks.CardsVersion)
	}
	// The collection as it was is backed up first.
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(db.Path()), "backups", "*-cards.db"))
	if len(backups) != 1 {
		t.Errorf("backups before the upgrade: %v, want one", backups)
	}
	// Once is enough.
	out.Reset()
	if err := upgradeCards(db, &out); err != nil || out.Len() != 0 {
		t.Errorf("second upgrade wrote %q, %v; want nothing", out.String(), err)
	}
}

// TestRegenerateLevel: changing the level remakes the level cards only.
func TestRegenerateLevel(t *testing.T) {
	db, _ := openV1(t)
	if err := upgradeCards(db, &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	report, err := regenerate(db, decks.Options{Level: "Senior"}, t0.Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	got := map[starcards.Kind]kindChange{}
	for k, c := range report {
		if c.Added > 0 || c.Retired > 0 {
			got[k] = *c
		}
	}
	// The Senior variant becomes a card; the Reflection section now tells the
	// Senior reflection, whose key phrases become cards.
	wantKinds := []starcards.Kind{starcards.KindPhrase, starcards.KindReflection}
	var kinds []starcards.Kind
	for _, k := range starcards.Kinds {
		if _, ok := got[k]; ok {
			kinds = append(kinds, k)
		}
	}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("kinds changed = %v (%+v), want %v", kinds, got, wantKinds)
	}
	cs, err := db.Card(starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindReflection, Key: "senior"})
	if err != nil || cs.Retired {
		t.Errorf("senior level card = %+v, %v; want live", cs, err)
	}
	if cs.Schedule.Reps != 0 {
		t.Errorf("senior level card has reps %d: it was retired without history and comes back new", cs.Schedule.Reps)
	}
}

// TestUpgradeCardsV1Sample: the built-in sample, never edited, is remade
// from this version's sample text, keeping the progress of the cards whose
// identity survives.
func TestUpgradeCardsV1Sample(t *testing.T) {
	db, answered := openV1From(t, sampleSource)
	var out strings.Builder
	if err := upgradeCards(db, &out); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"cards:   order: 5 added", "cards:   phrase: 13 added, 5 retired with their history", "cards:   number: 2 added"} {
		if !strings.Contains(out.String(), line+"\n") {
			t.Errorf("report lacks %q:\n%s", line, out.String())
		}
	}
	cs, err := db.Card(answered[0])
	if err != nil || cs.Retired || cs.Schedule.Reps != 2 {
		t.Errorf("%s = %+v, %v; want live with its 2 answers", answered[0], cs.Schedule, err)
	}
	infos, err := db.Stories()
	if err != nil || len(infos) != 1 || !reflect.DeepEqual(infos[0].Story, *decks.Sample()) {
		t.Errorf("stored story is not this version's sample (%v)", err)
	}
}

// TestCardOptions: the study plan's level, when it names one, makes the
// cards over the level setting.
func TestCardOptions(t *testing.T) {
	for _, tc := range []struct {
		name, config, plan, want string
	}{
		{"Neither", "", "", ""},
		{"Config", "SDE2", "", "SDE2"},
		{"Plan", "", "Senior", "Senior"},
		{"PlanOverConfig", "SDE2", "Senior", "Senior"},
		{"BlankPlan", "SDE2", "  ", "SDE2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cardOptions(starcards.Config{Level: tc.config}, starcards.Plan{Level: tc.plan})
			if got.Level != tc.want {
				t.Errorf("level %q, want %q", got.Level, tc.want)
			}
		})
	}
}
