package scheduler

import (
	"cmp"
	"slices"
	"time"

	"github.com/starcards/starcards"
)

// Index is what the day's cards are read from: the collection's queue
// indexes (store.DB implements it). Each scan calls fn with the card's
// position in collection order and its state until fn returns false.
type Index interface {
	// ScanDue scans the cards in (re)learning or review, neither retired
	// nor suspended, due before until.
	ScanDue(until time.Time, fn func(pos uint64, cs starcards.CardState) bool) error
	// ScanNew scans the new cards, neither retired nor suspended, in
	// collection order.
	ScanNew(fn func(pos uint64, cs starcards.CardState) bool) error
	// ScanCards scans the given cards, skipping unknown ids.
	ScanCards(ids []starcards.CardID, fn func(pos uint64, cs starcards.CardState) bool) error
	// States returns every card in collection order.
	States() ([]starcards.CardState, error)
}

// DayCards returns, in collection order, the cards that the queues of the
// study day containing at can draw from, read from ix: [BuildQueue] and
// [DayCounts] over them give what they give over every card, for any
// Options with the same Filter and Later as opt (opt's Limit and Plan are
// not used). today is the review log since the day started, as for
// BuildQueue.
//
// It reads the cards answered today (their siblings are buried), the cards
// due before the day ends, and new cards in order until the day's new-card
// limit is reached with cards of distinct facets (counting opt.Later's
// stories and the others apart, as the queue takes the others' first);
// only when siblings leave the new cards short does it read every card. So
// it costs in proportion to what is due, not to the collection.
func DayCards(ix Index, today []starcards.Review, cfg starcards.Config, at time.Time, opt Options) ([]starcards.CardState, error) {
	f := opt.Filter
	opt = Options{Filter: f, Later: opt.Later}
	b := newBuild(nil, today, cfg, at, opt)
	type posState struct {
		pos uint64
		cs  starcards.CardState
	}
	var out []posState
	seen := map[uint64]bool{}
	answered := map[facetKey]bool{} // facets answered today or taken by a new card
	due := map[facetKey]bool{}      // facets of due cards
	ids := make([]starcards.CardID, 0, len(b.answered))
	for _, r := range today {
		if b.answered[r.Card] && !slices.Contains(ids, r.Card) {
			ids = append(ids, r.Card)
		}
	}
	err := ix.ScanCards(ids, func(pos uint64, cs starcards.CardState) bool {
		if cs.Schedule.LastReview.Before(b.dayStart) || seen[pos] {
			return true
		}
		if cs.Card.Facet != "" {
			answered[facetKey{cs.Card.ID.Story, cs.Card.Facet}] = true
		}
		seen[pos] = true
		out = append(out, posState{pos, cs})
		return true
	})
	if err != nil {
		return nil, err
	}
	err = ix.ScanDue(b.dayEnd, func(pos uint64, cs starcards.CardState) bool {
		if seen[pos] || !f.Match(cs.Card.ID) {
			return true
		}
		if cs.Card.Facet != "" {
			due[facetKey{cs.Card.ID.Story, cs.Card.Facet}] = true
		}
		seen[pos] = true
		out = append(out, posState{pos, cs})
		return true
	})
	if err != nil {
		return nil, err
	}
	// fresh counts the new cards of the stories first in line, freshLater
	// those of opt.Later's: the others' fill the day before any of these.
	complete, fresh, freshLater := true, 0, 0
	err = ix.ScanNew(func(pos uint64, cs starcards.CardState) bool {
		if fresh >= b.newLeft {
			complete = false
			return false
		}
		if seen[pos] || !f.Match(cs.Card.ID) {
			return true
		}
		count := &fresh
		if opt.later(cs.Card.ID.Story) {
			if freshLater >= b.newLeft {
				complete = false // a card left out, should siblings leave the rest short
				return true
			}
			count = &freshLater
		}
		k := facetKey{cs.Card.ID.Story, cs.Card.Facet}
		if cs.Card.Facet != "" {
			if answered[k] {
				return true
			}
			// One new card per facet; a due sibling would keep this one
			// out, so it does not count toward the limit but comes along
			// in case the sibling stays out.
			answered[k] = true
			if due[k] {
				out = append(out, posState{pos, cs})
				return true
			}
		}
		*count++
		out = append(out, posState{pos, cs})
		return true
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b posState) int { return cmp.Compare(a.pos, b.pos) })
	states := make([]starcards.CardState, len(out))
	for i := range out {
		states[i] = out[i].cs
	}
	if !complete && BuildQueue(states, today, cfg, at, opt).New < b.newLeft {
		return ix.States()
	}
	return states, nil
}
