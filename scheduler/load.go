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

// posState is a card read from an Index, with its position.
type posState struct {
	pos uint64
	cs  starcards.CardState
}

// boundReviews returns the first of the review cards due, in due order,
// that a queue of the day can take: the queue takes reviews in due order
// after the (re)learning cards, up to the day's review limit, each unless
// a sibling keeps it out. A card counts toward the limit only if nothing
// can keep it out: not buried until later, and its facet (if any) neither
// answered today, nor of a (re)learning card, nor of an earlier review.
// Once the limit is met, no later review card can enter. Out of due order
// (a due time before 1970 sorts last in the index) it keeps them all.
func boundReviews(reviews []posState, b *build, answered, learnFacets map[facetKey]bool) []posState {
	for i := 1; i < len(reviews); i++ {
		a, z := &reviews[i-1], &reviews[i]
		if c := a.cs.Schedule.Due.Compare(z.cs.Schedule.Due); c > 0 || c == 0 && a.pos > z.pos {
			return reviews
		}
	}
	lb := newReviewBound(b, answered, learnFacets)
	for i := range reviews {
		if lb.met() {
			return reviews[:i]
		}
		lb.add(&reviews[i].cs)
	}
	return reviews
}

// reviewBound counts, of the review cards due in due order, those a queue
// surely takes (see boundReviews).
type reviewBound struct {
	b                          *build
	answered, learnFacets, got map[facetKey]bool
	sure                       int
}

func newReviewBound(b *build, answered, learnFacets map[facetKey]bool) *reviewBound {
	return &reviewBound{b: b, answered: answered, learnFacets: learnFacets, got: map[facetKey]bool{}}
}

// met reports whether the cards added fill the day's review limit: no
// later review card can enter the queue.
func (lb *reviewBound) met() bool { return lb.sure >= lb.b.reviewsLeft }

// add counts the next review card in due order.
func (lb *reviewBound) add(cs *starcards.CardState) {
	if cs.Schedule.BuriedUntil.After(lb.b.now) {
		return
	}
	c := &cs.Card
	if c.Facet == "" {
		lb.sure++
		return
	}
	k := facetKey{c.ID.Story, c.Facet}
	if !lb.answered[k] && !lb.learnFacets[k] && !lb.got[k] {
		lb.sure++
	}
	lb.got[k] = true
}

// StateIndex is an Index that can scan the due cards of one kind of
// state, reading no more of the others than their state (store.DB
// implements it). DayCards then reads the review cards due only as far as
// the day's review limit, however large the backlog.
type StateIndex interface {
	Index
	// ScanDueState is ScanDue over the cards in review (review true) or
	// in (re)learning (review false) only.
	ScanDueState(until time.Time, review bool, fn func(pos uint64, cs starcards.CardState) bool) error
}

// DayCards returns, in collection order, the cards that the queues of the
// study day containing at can draw from, read from ix: [BuildQueue] and
// [DayCounts] over them give what they give over every card, for any
// Options with the same Filter and Later as opt, and no Plan (a plan's
// queue weighs every card: give it every card); opt's Limit is not used.
// today is the review log since the day started, as for BuildQueue.
//
// It reads the cards answered today (their siblings are buried), the cards
// due before the day ends, and new cards in order until the day's new-card
// limit is reached with cards of distinct facets (counting opt.Later's
// stories and the others apart, as the queue takes the others' first);
// only when siblings leave
// the new cards short does it read every card. Of the review cards due it
// keeps, in due order, only as many as the queue can take: once the day's
// review limit is met by cards no sibling can keep out, the later ones
// never enter a queue. So it costs in proportion to what is due, and what
// it returns to what can be shown, not to the collection or the backlog.
func DayCards(ix Index, today []starcards.Review, cfg starcards.Config, at time.Time, opt Options) ([]starcards.CardState, error) {
	f := opt.Filter
	opt = Options{Filter: f, Later: opt.Later}
	b := newBuild(nil, today, cfg, at, opt)
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
	// The review cards due, in due order (the index's), apart from the
	// rest; learnFacets are the facets of the (re)learning cards, which
	// the queue takes before any review.
	// (A card in the due index is in no other scan but ScanCards': seen
	// need not record it.)
	var reviews []posState
	answeredN := len(out)
	keep := func(pos uint64, cs starcards.CardState) bool {
		if seen[pos] || !f.Match(cs.Card.ID) {
			return true
		}
		if cs.Schedule.State == starcards.StateReview {
			reviews = append(reviews, posState{pos, cs})
		} else {
			out = append(out, posState{pos, cs})
		}
		return true
	}
	learnFacets := func() map[facetKey]bool {
		m := map[facetKey]bool{}
		for _, ps := range out {
			if st := ps.cs.Schedule.State; (st == starcards.StateLearning || st == starcards.StateRelearning) && ps.cs.Card.Facet != "" {
				m[facetKey{ps.cs.Card.ID.Story, ps.cs.Card.Facet}] = true
			}
		}
		return m
	}
	if six, ok := ix.(StateIndex); ok {
		// The (re)learning cards first, then the reviews in due order as
		// far as the limit: the rest are never decoded.
		if err := six.ScanDueState(b.dayEnd, false, keep); err != nil {
			return nil, err
		}
		lb := newReviewBound(b, answered, learnFacets())
		err = six.ScanDueState(b.dayEnd, true, func(pos uint64, cs starcards.CardState) bool {
			if lb.met() {
				return false
			}
			if seen[pos] || !f.Match(cs.Card.ID) {
				return true
			}
			lb.add(&cs)
			out = append(out, posState{pos, cs})
			return true
		})
	} else {
		if err = ix.ScanDue(b.dayEnd, keep); err == nil {
			out = append(out, boundReviews(reviews, b, answered, learnFacets())...)
		}
	}
	if err != nil {
		return nil, err
	}
	for _, ps := range out[answeredN:] {
		if ps.cs.Card.Facet != "" {
			due[facetKey{ps.cs.Card.ID.Story, ps.cs.Card.Facet}] = true
		}
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
