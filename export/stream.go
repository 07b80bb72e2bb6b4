package export

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/starcards/starcards"
)

// Source is a collection as [ApkgFrom] reads it: in passes, so that an
// export holds each card's scheduling state and ids but never the whole
// collection's text or review log. A store implements it over its
// indexes; [Apkg] over a [Collection]. A Source that also has a method
// Len() int, the number of cards States gives (retired ones included),
// saves the export growing its table of cards.
type Source interface {
	// Config is the collection's settings, as Collection.Config.
	Config() starcards.Config
	// States calls fn for every card to export, in collection order (the
	// order new cards are introduced), with its scheduling state. Only the
	// card's ID is read; retired cards are skipped. fn's argument is valid
	// during the call only.
	States(fn func(cs *starcards.CardState) error) error
	// Story returns the story with this id, nil if the collection lacks it.
	// It is called once for each story of the exported cards, after States,
	// on a goroutine of its own: the calls may overlap those of Reviews
	// and Cards.
	Story(id string) (*starcards.Story, error)
	// Cards calls fn for each card of ids, in that order, with its text:
	// the card as Collection.Cards holds it. fn's argument is valid during
	// the call only.
	Cards(ids []starcards.CardID, fn func(c *starcards.Card) error) error
	// Reviews calls fn for the review-log entries of the exported cards,
	// oldest first, as Collection.Reviews holds them, with the answered
	// card's id as CardID.String() spells it (r.Card need not be set: a
	// log read from storage need not make an id of strings for each
	// entry); entries of other cards may come too and are skipped. It is
	// called only with Options.WithScheduling. fn's arguments are valid
	// during the call only.
	Reviews(fn func(card []byte, r *starcards.Review) error) error
}

// xcard is one exported card while an export runs.
type xcard struct {
	id    starcards.CardID
	key   string // id.String()
	guid  string
	model *model
	pos   int // new-card position, 1-based, in collection order
	sched starcards.Schedule
	deck  *deck // set by the notes pass
	anki  ankiCard
}

// layout is what an export knows before it reads any card's text: the
// cards with their ids, the note types, the outlines of the stories.
type layout struct {
	scheduling
	opts    Options
	cards   []xcard          // collection order
	byKey   map[string]int32 // index in cards by xcard.key
	models  []*model
	stories map[string]*starcards.Story // outlines (StoryOutline); nil if unknown; see loadStories
	// storiesDone is closed when loadStories has set stories, or
	// storiesErr.
	storiesDone chan struct{}
	storiesErr  error
	byNote      []int32 // indexes of cards, by note id
	nm          *noteMaker
	decks       []*deck // after the notes pass
}

// newLayout reads the cards' states and their stories from src, checks
// the cards (ErrDuplicateCard, ErrUnknownKind) and assigns note and card
// ids in card-id order, so that (unlikely) collisions resolve the same way
// whatever the order of the input.
func newLayout(src Source, opts Options) (*layout, error) {
	cfg := effectiveConfig(src.Config())
	l := &layout{
		scheduling: scheduling{clock: newClock(opts.Now, cfg.DayStartHour), cfg: cfg},
		opts:       opts,
		nm:         newNoteMaker(),
	}
	n := 0
	if s, ok := src.(interface{ Len() int }); ok {
		n = s.Len()
		l.cards = make([]xcard, 0, n)
	}
	ids := newIdentities(n)
	l.byKey = ids.seen
	var storyIDs []string
	err := src.States(func(cs *starcards.CardState) error {
		if cs.Retired {
			return nil
		}
		key, m, err := ids.add(cs.Card.ID)
		if err != nil {
			return err
		}
		if k := len(l.cards); k == 0 || l.cards[k-1].id.Story != cs.Card.ID.Story {
			storyIDs = append(storyIDs, cs.Card.ID.Story) // repeats removed by loadStories
		}
		l.cards = append(l.cards, xcard{id: cs.Card.ID, key: key, model: m, pos: len(l.cards) + 1, sched: cs.Schedule})
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.loadStories(src, storyIDs)
	l.models = ids.modelList()
	l.assignIDs()
	return l, nil
}

// assignIDs gives every card its note's guid, in collection order, and
// its card and note ids, in card-id order (see idSet). The hashes behind
// them, three SHA-256 a card, are computed on every core.
func (l *layout) assignIDs() {
	n := len(l.cards)
	keys := make([]string, n)
	numbers := make([]uint64, n)
	cardHash, noteHash := make([]int64, n), make([]int64, n)
	parallel(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			k := l.cards[i].key
			keys[i], numbers[i] = k, guidNumber(k, "")
			cardHash[i], noteHash[i] = cardIDHash(k, 0), noteIDHash(k)
		}
	})
	for i, g := range guids(keys, numbers) {
		l.cards[i].guid = g
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(keys[x], keys[y]) })
	inOrder := func(h []int64) []int64 {
		out := make([]int64, n)
		for k, i := range order {
			out[k] = h[i]
		}
		return uniqueIDs(out)
	}
	cids, nids := inOrder(cardHash), inOrder(noteHash)
	for k, i := range order {
		c := &l.cards[i]
		c.anki = ankiCard{id: cids[k], nid: nids[k], typ: typeNew, queue: queueNew, due: int64(min(c.pos, maxNewPosition))}
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(l.cards[x].anki.nid, l.cards[y].anki.nid) })
	l.byNote = order
}

// parallel calls fn for parts [lo, hi) of [0, n), one goroutine for each
// core, and waits for them.
func parallel(n int, fn func(lo, hi int)) {
	workers := max(min(runtime.GOMAXPROCS(0), n/1024), 1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(n*w/workers, n*(w+1)/workers)
		}()
	}
	wg.Wait()
}

// loadStories reads the outlines of the stories with these ids (repeats
// are read once) on a goroutine of its own, while the rest of the layout
// is made and the log is read; waitStories waits for it. Reading a
// story's record costs far more than its outline keeps: for 3,334 stories
// it takes as long as the layout.
func (l *layout) loadStories(src Source, ids []string) {
	l.storiesDone = make(chan struct{})
	go func() {
		defer close(l.storiesDone)
		stories := make(map[string]*starcards.Story, len(ids))
		for _, id := range ids {
			if _, done := stories[id]; done {
				continue
			}
			s, err := src.Story(id)
			if err != nil {
				l.storiesErr = err
				return
			}
			if s != nil {
				s = StoryOutline(s)
			}
			stories[id] = s
		}
		l.stories = stories
	}()
}

// waitStories waits for loadStories and returns its error.
func (l *layout) waitStories() error {
	<-l.storiesDone
	return l.storiesErr
}

// noteRow is one row of the notes table.
type noteRow struct {
	id, mid    int64
	guid       string
	tags       []string // the note's tags; "leech" is added if leech
	leech      bool
	flds, sfld string
	csum       int64
}

// sink receives an export's rows: the SQLite collection, or a manifest.
// The calls come in this order: begin; revlog in batches; then reset for
// each card that is new again after reviews and cards once, before or
// after the notes; notes in batches; finish.
type sink interface {
	begin() error
	notes(rows []noteRow) error
	revlog(rows []revlogRow) error
	// reset adds a reset row (type manual, ease 0) for a card at the first
	// id from row.id on that no revlog row has, and returns that id.
	reset(row revlogRow) (int64, error)
	// cards receives every card, in card id order, scheduled and with its
	// deck.
	cards(cards []*xcard) error
	finish(l *layout) error
}

// rowBatch is a batch of rows on their way from the reading goroutine to
// the sink.
type rowBatch struct {
	notes  []noteRow
	revlog []revlogRow
	// cards says that every card's deck and revlog rows are known: the
	// sink can write the cards before the notes (see earlyDecks).
	cards bool
}

const (
	noteBatch   = 256
	revlogBatch = 4096
	revlogAhead = 8 // revlog batches sent and not yet written, at most
)

// notesAhead is how many note batches the reader may make ahead of the
// sink: while SQLite builds the revlog's index the reader goes on making
// notes, up to about 25,000 of them (some 30 MB), then waits. (A variable
// for the tests.)
var notesAhead = 96

// errStopped ends the reading goroutine when the sink failed.
var errStopped = errors.New("export stopped")

// run reads the cards' text and the review log from src and writes every
// row to s. Reading (and turning text into note fields) runs on its own
// goroutine, beside the sink's writing: the two take about the same time.
func (l *layout) run(src Source, s sink) error {
	// The channel holds notesAhead note batches: the reader goes on
	// making notes while SQLite indexes the revlog, but holds no more
	// than that whatever the collection's size.
	batches := make(chan *rowBatch, notesAhead+revlogAhead+2)
	free := make(chan *rowBatch, revlogAhead+2)
	stop := make(chan struct{})
	// Revlog batches the reader may have sent and the sink not yet taken.
	ahead := make(chan struct{}, revlogAhead)
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(batches)
		readErr = l.read(src, batches, free, ahead, stop)
	}()
	err := s.begin()
	if err != nil {
		close(stop)
	}
	cardsDone := false
	for b := range batches {
		if err == nil {
			if err = s.revlog(b.revlog); err == nil && b.cards {
				err, cardsDone = l.writeCards(s), true
			}
			if err == nil && len(b.notes) > 0 {
				err = s.notes(b.notes)
			}
			if err != nil {
				close(stop)
			}
		}
		if len(b.revlog) > 0 {
			<-ahead
		}
		clear(b.notes)
		b.notes, b.revlog, b.cards = b.notes[:0], b.revlog[:0], false
		select {
		case free <- b:
		default:
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if !cardsDone {
		l.decks = l.nm.sortedDecks()
		if err := l.writeCards(s); err != nil {
			return err
		}
	}
	return s.finish(l)
}

// read is the reading goroutine: the revlog rows, in log order, then the
// notes, in note id order. The revlog comes first so that SQLite indexes it
// while the notes are made, the costliest part of each side.
func (l *layout) read(src Source, out chan<- *rowBatch, free chan *rowBatch, ahead chan<- struct{}, stop <-chan struct{}) error {
	batch := func() *rowBatch {
		select {
		case b := <-free:
			return b
		default:
			return &rowBatch{}
		}
	}
	b := batch()
	send := func() error {
		if len(b.revlog) > 0 {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return errStopped
			}
		}
		select {
		case out <- b:
			b = batch()
			return nil
		case <-stop:
			return errStopped
		}
	}
	if l.opts.WithScheduling {
		if err := l.readReviews(src, &b, send); err != nil {
			return err
		}
	}
	if err := l.waitStories(); err != nil {
		return err
	}
	early := l.earlyDecks()
	if early {
		b.cards = true
		if err := send(); err != nil {
			return err
		}
	}
	ids := make([]starcards.CardID, len(l.byNote))
	for k, i := range l.byNote {
		ids[k] = l.cards[i].id
	}
	k := 0
	err := src.Cards(ids, func(c *starcards.Card) error {
		if k >= len(ids) || c.ID != ids[k] {
			return fmt.Errorf("export: the source gave card %s out of turn", c.ID)
		}
		x := &l.cards[l.byNote[k]]
		k++
		n := note{id: x.key, guid: x.guid, model: x.model, pos: x.pos}
		l.nm.fill(&n, c, l.stories[c.ID.Story])
		if !early {
			x.deck = n.deck
		}
		sfld, csum := sortAndChecksum(n.fields, 0)
		if b.notes == nil {
			b.notes = make([]noteRow, 0, noteBatch)
		}
		b.notes = append(b.notes, noteRow{
			id: x.anki.nid, mid: x.model.id, guid: x.guid, tags: n.tags, leech: l.opts.WithScheduling && x.sched.Leech,
			flds: strings.Join(n.fields, "\x1f"), sfld: sfld, csum: int64(csum),
		})
		if len(b.notes) == noteBatch {
			return send()
		}
		return nil
	})
	if err == nil && k != len(ids) {
		err = fmt.Errorf("export: the source gave %d of %d cards", k, len(ids))
	}
	if err == nil && (len(b.notes) > 0 || len(b.revlog) > 0) {
		err = send()
	}
	return err
}

// readReviews turns the review log into revlog rows, in log order. Ids are
// the review time in ms (never after Options.Now), made unique by moving a
// clashing row 1 ms after the previous one.
func (l *layout) readReviews(src Source, b **rowBatch, send func() error) error {
	nowMs := l.clock.now.UnixMilli()
	var u revlogIDs
	return src.Reviews(func(card []byte, r *starcards.Review) error {
		i, ok := l.byKey[string(card)]
		if !ok || !validRating(r.Rating) {
			return nil
		}
		x := &l.cards[i]
		row := revlogRowOf(r, nowMs)
		row.id, row.cid = u.next(row.id), x.anki.id
		x.anki.lastRevlog = row.id
		x.anki.rated++
		if (*b).revlog == nil {
			(*b).revlog = make([]revlogRow, 0, revlogBatch)
		}
		(*b).revlog = append((*b).revlog, row)
		if len((*b).revlog) == revlogBatch {
			return send()
		}
		return nil
	})
}

// earlyDecks gives every card its deck before the notes are made, if the
// decks come from the stories alone (every card's story is known and has a
// title; else a deck may come from a card's text): made in note order, as
// noteMaker.fill would make them, and with their ids. Then the cards can
// be written while the notes are made.
func (l *layout) earlyDecks() bool {
	for _, s := range l.stories {
		if s == nil || strings.TrimSpace(s.Title) == "" {
			return false
		}
	}
	for _, i := range l.byNote {
		c := &l.cards[i]
		d := l.nm.byStory[c.id.Story]
		if d == nil {
			s := l.stories[c.id.Story]
			d = l.nm.deck(s.Title, s)
			l.nm.byStory[c.id.Story] = d
		}
		c.deck = d
	}
	l.decks = l.nm.sortedDecks()
	return true
}

// writeCards adds the reset rows, schedules the cards and hands them to s,
// in id order. A card that is new again after reviews gets a closing
// "reset" row (type 4, ease 0), as Anki's Forget writes.
func (l *layout) writeCards(s sink) error {
	if l.opts.WithScheduling {
		for i := range l.cards {
			c := &l.cards[i]
			if c.sched.State != starcards.StateNew || c.anki.rated == 0 {
				continue
			}
			if _, err := s.reset(revlogRow{id: c.anki.lastRevlog + 1, cid: c.anki.id, typ: revlogManual}); err != nil {
				return err
			}
			c.anki.lastRevlog, c.anki.rated = 0, 0
		}
	}
	sorted := make([]*xcard, len(l.cards))
	for i := range l.cards {
		c := &l.cards[i]
		if l.opts.WithScheduling {
			l.schedule(&c.anki, c.sched)
		}
		c.anki.did = c.deck.id
		sorted[i] = c
	}
	slices.SortFunc(sorted, func(x, y *xcard) int { return cmp.Compare(x.anki.id, y.anki.id) })
	return s.cards(sorted)
}

// collectionSource is a Collection as a Source.
type collectionSource struct {
	col     *Collection
	stories map[string]*starcards.Story
	nowMs   int64
}

func newCollectionSource(col *Collection, opts Options) *collectionSource {
	return &collectionSource{col: col, stories: storyIndex(col.Stories), nowMs: opts.Now.UnixMilli()}
}

func (s *collectionSource) Config() starcards.Config { return s.col.Config }

func (s *collectionSource) Len() int { return len(s.col.Cards) }

func (s *collectionSource) States(fn func(*starcards.CardState) error) error {
	for i := range s.col.Cards {
		if err := fn(&s.col.Cards[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *collectionSource) Story(id string) (*starcards.Story, error) { return s.stories[id], nil }

func (s *collectionSource) Cards(ids []starcards.CardID, fn func(*starcards.Card) error) error {
	byID := make(map[starcards.CardID]*starcards.Card, len(s.col.Cards))
	for i := range s.col.Cards {
		if cs := &s.col.Cards[i]; !cs.Retired {
			byID[cs.Card.ID] = &cs.Card
		}
	}
	for _, id := range ids {
		c := byID[id]
		if c == nil {
			return fmt.Errorf("card %s: not in the collection", id)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// Reviews gives the log sorted by time (clamped to the export time, as the
// revlog ids are), stably: a collection's log in any order exports as the
// same rows.
func (s *collectionSource) Reviews(fn func(card []byte, r *starcards.Review) error) error {
	log := s.col.Reviews
	order := make([]int, len(log))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Compare(min(log[x].Time.UnixMilli(), s.nowMs), min(log[y].Time.UnixMilli(), s.nowMs))
	})
	var key []byte
	for _, i := range order {
		key = log[i].Card.Append(key[:0])
		if err := fn(key, &log[i]); err != nil {
			return err
		}
	}
	return nil
}
