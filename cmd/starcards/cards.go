package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

// cardOptions are the user's choices that shape cards: the level, the
// study plan's when it names one (plan set --level), else the level
// setting's. Every card is made with these.
func cardOptions(cfg starcards.Config, p starcards.Plan) decks.Options {
	level := cfg.Level
	if strings.TrimSpace(p.Level) != "" {
		level = p.Level
	}
	return decks.Options{Level: level}
}

// collectionCardOptions reads db's study plan and returns the cardOptions
// of settings cfg and that plan.
func collectionCardOptions(db *store.DB, cfg starcards.Config) (decks.Options, error) {
	p, err := loadPlan(db)
	if err != nil {
		return decks.Options{}, err
	}
	return cardOptions(cfg, p), nil
}

// remakeForLevel remakes the cards of db with opts when the level they are
// made for changes from before's to opts', and says on w what happened to
// each kind: the level picks the level cards.
func remakeForLevel(db *store.DB, before, opts decks.Options, w io.Writer) error {
	if before.Level == opts.Level {
		return nil
	}
	report, err := regenerate(db, opts, now())
	if err != nil {
		return err
	}
	if report.changed() {
		fmt.Fprintln(w, "cards for the new level:")
		for _, line := range strings.Split(report.String(), "\n") {
			fmt.Fprintln(w, "  "+line)
		}
	}
	return nil
}

// kindChange counts what regenerating cards did to one kind.
type kindChange struct {
	Added   int // cards new to the collection (or back from retirement)
	Kept    int // cards whose identity survived, with their progress
	Retired int // cards no longer made, retired with their history
}

// kindReport is a kindChange per kind.
type kindReport map[starcards.Kind]*kindChange

// String lists every kind the stories have or had, in starcards.Kinds
// order, one per line: "phrase: 13 added, 5 retired with their history".
func (r kindReport) String() string {
	var lines []string
	for _, k := range starcards.Kinds {
		c := r[k]
		if c == nil || *c == (kindChange{}) {
			continue
		}
		var parts []string
		if c.Kept > 0 {
			parts = append(parts, fmt.Sprintf("%d kept with their progress", c.Kept))
		}
		if c.Added > 0 {
			parts = append(parts, fmt.Sprintf("%d added", c.Added))
		}
		if c.Retired > 0 {
			parts = append(parts, fmt.Sprintf("%d retired with their history", c.Retired))
		}
		lines = append(lines, fmt.Sprintf("%s: %s", k, strings.Join(parts, ", ")))
	}
	return strings.Join(lines, "\n")
}

// changed reports whether any card was added or retired.
func (r kindReport) changed() bool {
	for _, c := range r {
		if c.Added > 0 || c.Retired > 0 {
			return true
		}
	}
	return false
}

// compareCards counts, per kind, what replacing the cards of the stories in
// imports does: before holds the collection's states (retired ones too).
func compareCards(before []starcards.CardState, imports []store.StoryImport) kindReport {
	r := kindReport{}
	get := func(k starcards.Kind) *kindChange {
		if r[k] == nil {
			r[k] = &kindChange{}
		}
		return r[k]
	}
	stories := map[string]bool{}
	made := map[starcards.CardID]bool{}
	for _, si := range imports {
		stories[si.Story.ID] = true
		for _, c := range si.Cards {
			made[c.ID] = true
		}
	}
	live := map[starcards.CardID]bool{}
	for _, cs := range before {
		if !stories[cs.Card.ID.Story] || cs.Retired {
			continue
		}
		live[cs.Card.ID] = true
		if !made[cs.Card.ID] {
			get(cs.Card.ID.Kind).Retired++
		}
	}
	for id := range made {
		if live[id] {
			get(id.Kind).Kept++
		} else {
			get(id.Kind).Added++
		}
	}
	return r
}

// regenerate remakes the cards of every live story in db with the current
// card layout and options (the built-in sample, if never edited, with this
// version's text), in one transaction: a card whose identity
// survives keeps its progress, a card no longer made is retired with its
// history, and new cards are new. It reports what happened to each kind.
func regenerate(db *store.DB, opts decks.Options, now time.Time) (kindReport, error) {
	infos, err := db.Stories()
	if err != nil {
		return nil, err
	}
	var imports []store.StoryImport
	for _, si := range infos {
		if si.Retired {
			continue
		}
		s, hash := si.Story, si.Hash
		if si.Source == sampleSource && s.ID == decks.Sample().ID {
			// The built-in sample, never edited (an import would have named
			// its file): take this version's, whose text the cards are
			// written for.
			s, hash = *decks.Sample(), hashOf(decks.SampleYAML)
		}
		imports = append(imports, store.StoryImport{Story: &s, Cards: decks.CardsFor(&s, opts), Hash: hash, Source: si.Source})
	}
	if len(imports) == 0 {
		return kindReport{}, nil
	}
	before, err := db.States()
	if err != nil {
		return nil, err
	}
	report := compareCards(before, imports)
	if _, err := db.Import(imports, now); err != nil {
		return nil, fmt.Errorf("remake cards: %w", err)
	}
	return report, nil
}

// upgradeCards brings a collection whose cards were made by an older card
// layout (decks.CardsVersion) up to date: it backs the collection up,
// remakes every story's cards and says on w what happened to each kind.
func upgradeCards(db *store.DB, w io.Writer) error {
	v, err := db.CardsVersion()
	if err != nil || v >= decks.CardsVersion {
		return err
	}
	cfg, err := collectionConfig(db)
	if err != nil {
		return err
	}
	// Remaking every card is a risky operation: back up first.
	backup, err := takeBackupNamed(db, "cards")
	if err != nil {
		return err
	}
	opts, err := collectionCardOptions(db, cfg)
	if err != nil {
		return err
	}
	report, err := regenerate(db, opts, now())
	if err != nil {
		return err
	}
	if s := report.String(); s != "" && report.changed() {
		fmt.Fprintf(w, "backup: %s\n", backup)
		fmt.Fprintf(w, "cards: remade with card layout %d (one thing per card); progress is kept where a card survives\n", decks.CardsVersion)
		for _, line := range strings.Split(s, "\n") {
			fmt.Fprintln(w, "cards:   "+line)
		}
	}
	return db.SetCardsVersion(decks.CardsVersion)
}
