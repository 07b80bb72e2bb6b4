package gencoll

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
)

// Options says what to generate.
type Options struct {
	// Stories is the number of stories, about 30 cards each (the i-th is
	// decks.GenerateStory(i)).
	Stories int
	// Reviews is the number of review-log entries, exactly.
	Reviews int
	// Seed selects the log; the same seed gives the same log.
	Seed uint64
	// Now is the time the collection is in steady state at: the last
	// answers are just before it. Zero means the Unix epoch, so callers set
	// it.
	Now time.Time
	// Studied is the largest share of the cards ever studied (the others
	// stay new), in (0, 1]. Zero means 0.7.
	Studied float64
	// Config is the collection's settings, which the scheduler answers
	// with. Zero means starcards.DefaultConfig().
	Config starcards.Config
}

// Summary describes a generated collection.
type Summary struct {
	Cards   int       // cards in the collection
	Studied int       // cards with at least one answer
	Reviews int       // log entries
	Start   time.Time // the first answer
	Days    float64   // from Start to Options.Now
}

// ErrTooManyReviews is returned by [Simulate] and [Write] when the log asked
// for would span more than [MaxYears] of study of the cards there are.
var ErrTooManyReviews = errors.New("too many reviews for the cards: more than 50 years of study")

// MaxYears bounds the history a log may span.
const MaxYears = 50

const day = 24 * time.Hour

func (o Options) withDefaults() (Options, error) {
	if o.Studied == 0 {
		o.Studied = 0.7
	}
	if o.Config.DesiredRetention == 0 {
		o.Config = starcards.DefaultConfig()
	}
	switch {
	case o.Stories < 0:
		return o, fmt.Errorf("stories %d: must not be negative", o.Stories)
	case o.Reviews < 0:
		return o, fmt.Errorf("reviews %d: must not be negative", o.Reviews)
	case !(o.Studied > 0 && o.Studied <= 1):
		return o, fmt.Errorf("studied share %v: must be in (0, 1]", o.Studied)
	}
	o.Now = o.Now.UTC().Truncate(time.Second)
	return o, nil
}

// Stories returns the n generated stories, parsed, with their cards.
func Stories(n int) ([]store.StoryImport, error) {
	out := make([]store.StoryImport, 0, n)
	for i := range n {
		name := fmt.Sprintf("story-%04d.yaml", i)
		s, err := decks.Parse(decks.GenerateStory(i), name)
		if err != nil {
			return nil, fmt.Errorf("generated story %d: %w", i, err)
		}
		out = append(out, store.StoryImport{Story: s, Cards: decks.Cards(s), Hash: fmt.Sprintf("gen-%d", i), Source: name})
	}
	return out, nil
}

// Write generates a collection as opts says and writes it to path, through
// a temporary file renamed into place: it replaces path only on success. The
// file is written without fsync; Write syncs it once at the end.
func Write(path string, opts Options) (Summary, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	stories, err := Stories(opts.Stories)
	if err != nil {
		return Summary{}, err
	}
	var ids []starcards.CardID
	for _, si := range stories {
		for _, c := range si.Cards {
			ids = append(ids, c.ID)
		}
	}
	sim, err := newSimulation(ids, opts)
	if err != nil {
		return Summary{}, err
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	sum, err := write(tmp, stories, sim)
	if err != nil {
		os.Remove(tmp)
		return Summary{}, err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return Summary{}, err
	}
	return sum, nil
}

func write(path string, stories []store.StoryImport, sim *simulation) (Summary, error) {
	start := sim.start()
	db, err := store.Open(path, store.Options{NoSync: true}, start)
	if err != nil {
		return Summary{}, err
	}
	defer db.Close()
	if err := db.SetConfig(sim.opts.Config); err != nil {
		return Summary{}, err
	}
	if _, err := db.Import(stories, start); err != nil {
		return Summary{}, err
	}
	// The cards are this version's: a command that writes must not take
	// the collection for an older one and remake every card first.
	if err := db.SetCardsVersion(decks.CardsVersion); err != nil {
		return Summary{}, err
	}
	const batchSize = 100_000
	batch := make([]starcards.Review, 0, min(batchSize, sim.opts.Reviews))
	final, err := sim.run(func(r starcards.Review) error {
		batch = append(batch, r)
		if len(batch) < batchSize {
			return nil
		}
		err := db.AddHistory(nil, batch)
		batch = batch[:0]
		return err
	})
	if err != nil {
		return Summary{}, err
	}
	if err := db.AddHistory(final, batch); err != nil {
		return Summary{}, err
	}
	if err := db.Close(); err != nil {
		return Summary{}, err
	}
	if err := syncFile(path); err != nil {
		return Summary{}, err
	}
	return sim.summary(), nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Simulate generates the review log of the cards ids (in collection order)
// as opts says (opts.Stories is ignored) and calls emit with each entry in
// time order. It returns every studied card's final schedule, which is the
// After of its last entry. An error from emit stops it and is returned.
func Simulate(ids []starcards.CardID, opts Options, emit func(starcards.Review) error) (map[starcards.CardID]starcards.Schedule, Summary, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, Summary{}, err
	}
	sim, err := newSimulation(ids, opts)
	if err != nil {
		return nil, Summary{}, err
	}
	final, err := sim.run(emit)
	return final, sim.summary(), err
}

// simulation is a planned log: how fast cards are introduced and how many
// answers each studied card gets.
type simulation struct {
	opts   Options
	ids    []starcards.CardID
	sched  *scheduler.Scheduler
	rate   float64 // cards introduced per day
	counts []int   // answers of card i; len(counts) cards are studied
}

// newSimulation plans the log: it finds an introduction rate at which the
// first cards of the collection, introduced newest first going back from
// opts.Now, have opts.Reviews answers in all, before more than
// opts.Studied of the cards are needed.
func newSimulation(ids []starcards.CardID, opts Options) (*simulation, error) {
	sc, err := scheduler.New(opts.Config)
	if err != nil {
		return nil, err
	}
	sim := &simulation{opts: opts, ids: ids, sched: sc}
	if opts.Reviews == 0 {
		return sim, nil
	}
	limit := int(math.Round(opts.Studied * float64(len(ids))))
	if limit == 0 {
		return nil, ErrTooManyReviews
	}
	// A year to introduce the most cards that may be studied, to start;
	// then a secant search on log(rate) against log(answers), aiming a
	// little low so that the last step succeeds.
	sim.rate = float64(limit) / 365
	var prevRate, prevTotal float64
	goal := math.Log(float64(opts.Reviews))
	for {
		if float64(limit)/sim.rate > MaxYears*365.25 {
			return nil, ErrTooManyReviews
		}
		total := sim.plan(limit)
		if total == opts.Reviews {
			return sim, nil
		}
		// Too few answers with every card allowed: introduce them more
		// slowly, over a longer history.
		lr, lt := math.Log(sim.rate), math.Log(float64(total))
		step := 2 * (lt - goal) // answers per card grow at least as the log of the history
		if prevRate != 0 {
			if slope := (lt - prevTotal) / (lr - prevRate); slope < -0.05 {
				step = (goal-lt)/slope - 0.02
			}
		}
		prevRate, prevTotal = lr, lt
		sim.rate *= math.Exp(max(math.Log(0.05), min(math.Log(0.97), step)))
	}
}

// plan counts the answers of the first cards at sim.rate, up to limit cards
// and opts.Reviews answers, into sim.counts, and returns their total.
func (sim *simulation) plan(limit int) int {
	total := 0
	sim.counts = sim.counts[:0]
	for i := 0; i < limit && total < sim.opts.Reviews; i++ {
		c := sim.card(i)
		n := 0
		for ; total+n < sim.opts.Reviews; n++ {
			if _, ok := c.answer(sim.sched, sim.opts.Now); !ok {
				break
			}
		}
		sim.counts = append(sim.counts, n)
		total += n
	}
	return total
}

// card returns the i-th card of the collection order before its first
// answer, with its own random source.
func (sim *simulation) card(i int) *card {
	rng := rand.New(rand.NewPCG(sim.opts.Seed, uint64(i)))
	// Card i was introduced i+u cards' time before now, u in [0, 1).
	ago := (float64(i) + rng.Float64()) / sim.rate * float64(day)
	c := &card{id: sim.ids[i], index: i, rng: rng, next: sim.opts.Now.Add(-time.Duration(ago)).Truncate(time.Second), left: -1}
	if !c.next.Before(sim.opts.Now) {
		c.next = sim.opts.Now.Add(-time.Second)
	}
	return c
}

func (sim *simulation) start() time.Time {
	if len(sim.counts) == 0 {
		return sim.opts.Now
	}
	return sim.card(len(sim.counts) - 1).next
}

func (sim *simulation) summary() Summary {
	start := sim.start()
	return Summary{
		Cards: len(sim.ids), Studied: len(sim.counts), Reviews: sim.opts.Reviews,
		Start: start, Days: sim.opts.Now.Sub(start).Hours() / 24,
	}
}

// run replays the planned answers of every studied card in time order.
func (sim *simulation) run(emit func(starcards.Review) error) (map[starcards.CardID]starcards.Schedule, error) {
	final := make(map[starcards.CardID]starcards.Schedule, len(sim.counts))
	h := make(cardHeap, 0, len(sim.counts))
	for i, n := range sim.counts {
		c := sim.card(i)
		c.left = n
		h = append(h, c)
	}
	heap.Init(&h)
	for len(h) > 0 {
		c := h[0]
		r, ok := c.answer(sim.sched, sim.opts.Now)
		if !ok {
			// The plan counted exactly the answers that happen.
			return nil, fmt.Errorf("card %s: fewer answers than planned", c.id)
		}
		if err := emit(r); err != nil {
			return nil, err
		}
		if c.left == 0 {
			final[c.id] = c.sched
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
	return final, nil
}

// card is one card being studied.
type card struct {
	id    starcards.CardID
	index int // in the collection order
	sched starcards.Schedule
	next  time.Time // when it is answered next
	rng   *rand.Rand
	left  int // answers left; negative for no limit
}

// answer answers the card at c.next and moves c.next to its next answer. It
// returns false, changing nothing, if no answer is left, the next answer
// would be after now, or the card is suspended.
func (c *card) answer(sc *scheduler.Scheduler, now time.Time) (starcards.Review, bool) {
	if c.left == 0 || c.next.After(now) || c.sched.Suspended {
		return starcards.Review{}, false
	}
	at := c.next
	before := c.sched
	var p float64
	switch before.State {
	case starcards.StateNew:
		p = 0.8
	case starcards.StateReview:
		p = scheduler.Retrievability(before, at)
	default:
		p = 0.85
	}
	rating := starcards.Again
	if c.rng.Float64() < p {
		switch u := c.rng.Float64(); {
		case u < 0.1:
			rating = starcards.Hard
		case u < 0.9:
			rating = starcards.Good
		default:
			rating = starcards.Easy
		}
	}
	after := sc.Answer(c.id, before, rating, at)
	took := time.Duration(2000+c.rng.IntN(20_000)) * time.Millisecond
	c.sched = after
	if c.left > 0 {
		c.left--
	}
	// The next answer comes a little after the card is due.
	late := 10 * time.Minute
	if after.Due.Sub(at) >= day {
		late = 20 * time.Hour
	}
	c.next = after.Due.Add(time.Duration(c.rng.Int64N(int64(late)))).Truncate(time.Second)
	if !c.next.After(at) {
		c.next = at.Add(time.Second)
	}
	return starcards.Review{Card: c.id, Time: at, Rating: rating, Duration: took, Before: before, After: after}, true
}

// cardHeap orders cards by their next answer, then by id for ties.
type cardHeap []*card

func (h cardHeap) Len() int { return len(h) }
func (h cardHeap) Less(i, j int) bool {
	if !h[i].next.Equal(h[j].next) {
		return h[i].next.Before(h[j].next)
	}
	return h[i].index < h[j].index
}
func (h cardHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *cardHeap) Push(x any)   { *h = append(*h, x.(*card)) }
func (h *cardHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
