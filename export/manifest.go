package export

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/starcards/starcards"
)

// AnkiKey is an Anki card's identity in a package: its note's guid and its
// card ordinal. It is stable across exports (see "Identity" in the package
// documentation), so a package Anki writes back maps onto starcards cards.
type AnkiKey struct {
	GUID string
	Ord  int
}

// Keys returns the Anki identity of every card [Apkg] would export from col,
// mapped to the starcards card it stands for. It is what a reader of a
// package exported from Anki uses to find our cards. Retired cards are left
// out, as Apkg leaves them out.
//
// Keys returns [ErrDuplicateCard] or [ErrUnknownKind] for invalid cards.
func Keys(col Collection) (map[AnkiKey]starcards.CardID, error) {
	b, err := newBuild(col)
	if err != nil {
		return nil, err
	}
	keys := make(map[AnkiKey]starcards.CardID, len(b.notes))
	for _, n := range b.notes {
		for _, ord := range n.ords() {
			keys[AnkiKey{GUID: n.guid, Ord: ord}] = n.state.Card.ID
		}
	}
	return keys, nil
}

// Manifest describes a package as [Apkg] writes it, for tests that check
// what another program (Anki itself) reads from it.
type Manifest struct {
	Notes int      `json:"notes"`
	Decks []string `json:"decks"` // every deck, by full name, sorted
	Tags  []string `json:"tags"`  // every tag, sorted
	// DesiredRetention is the options preset's desired retention.
	DesiredRetention float64 `json:"desired_retention"`
	// Crt is col.crt, unix seconds: day 0 of the due day numbers.
	Crt   int64          `json:"crt"`
	Cards []ManifestCard `json:"cards"`
	// Revlog is the number of revlog rows.
	Revlog int `json:"revlog"`
}

// ManifestCard is one Anki card of a [Manifest]: its identity, the
// starcards card it comes from, and the scheduling columns written for it.
type ManifestCard struct {
	GUID string `json:"guid"`
	Ord  int    `json:"ord"`
	Card string `json:"card"` // starcards card id
	Deck string `json:"deck"`
	// Type, Queue, Due and Ivl are the cards columns; Due is a day number
	// from Crt for review and day-learning cards, unix seconds for
	// learning ones, the new-card position for new ones.
	Type  int64 `json:"type"`
	Queue int64 `json:"queue"`
	Due   int64 `json:"due"`
	Ivl   int64 `json:"ivl"`
	// Stability and Difficulty are the FSRS memory state in the data
	// column, rounded as written; 0 when the card carries none.
	Stability  float64 `json:"stability"`
	Difficulty float64 `json:"difficulty"`
	// Revlog is the number of revlog rows of this card.
	Revlog int `json:"revlog"`
}

// NewManifest returns the manifest of the package [Apkg] writes for col and
// opts. It returns the errors of Apkg that do not come from writing.
func NewManifest(col Collection, opts Options) (*Manifest, error) {
	if opts.Now.IsZero() {
		return nil, ErrNoNow
	}
	b, err := newBuild(col)
	if err != nil {
		return nil, err
	}
	cfg := effectiveConfig(col.Config)
	p := newPlan(b, col, opts, cfg)
	m := &Manifest{Notes: len(b.notes), DesiredRetention: round(cfg.DesiredRetention, 2), Crt: p.clock.crt.Unix(), Revlog: len(p.revlog)}
	decks := map[string]bool{}
	for _, d := range b.decks {
		decks[d.name] = true
	}
	tags := map[string]bool{}
	rows := map[int64]int{}
	for _, r := range p.revlog {
		rows[r.cid]++
	}
	for _, n := range b.notes {
		for _, t := range n.tags {
			tags[t] = true
		}
		if opts.WithScheduling && n.state.Schedule.Leech {
			tags["leech"] = true
		}
		for _, c := range p.cards[n] {
			mc := ManifestCard{
				GUID: n.guid, Ord: int(c.ord), Card: n.state.Card.ID.String(), Deck: n.deck.name,
				Type: c.typ, Queue: c.queue, Due: c.due, Ivl: c.ivl, Revlog: rows[c.id],
			}
			mc.Stability, mc.Difficulty = memoryOf(c.data)
			m.Cards = append(m.Cards, mc)
		}
	}
	for d := range decks {
		m.Decks = append(m.Decks, d)
	}
	for t := range tags {
		m.Tags = append(m.Tags, t)
	}
	slices.Sort(m.Decks)
	slices.Sort(m.Tags)
	slices.SortFunc(m.Cards, func(x, y ManifestCard) int {
		if c := strings.Compare(x.GUID, y.GUID); c != 0 {
			return c
		}
		return x.Ord - y.Ord
	})
	return m, nil
}

// memoryOf reads the FSRS memory state from a cards.data value.
func memoryOf(data string) (stability, difficulty float64) {
	var v struct {
		S, D float64
	}
	if data == "" || json.Unmarshal([]byte(data), &v) != nil {
		return 0, 0
	}
	return v.S, v.D
}
