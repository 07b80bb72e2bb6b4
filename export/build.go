package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/starcards/starcards"
)

// Collection is what an export contains.
type Collection struct {
	Stories []starcards.Story
	// Cards are in story order; it is the order new cards are introduced.
	// Retired cards are skipped.
	Cards []starcards.CardState
	// Reviews is the review log, oldest first. Entries for cards that are not
	// exported are skipped.
	Reviews []starcards.Review
	// Config sets the deck-options preset (desired retention, FSRS
	// parameters, limits) and the day boundary. A zero Config means
	// starcards.DefaultConfig(); nil Weights mean the FSRS-5 defaults.
	Config starcards.Config
}

// note is one exported card as an Anki note, independent of scheduling.
type note struct {
	state  *starcards.CardState
	id     string // CardID.String()
	guid   string
	model  *model
	deck   *deck
	fields []string // field HTML, one per model field
	tags   []string
	clozes int // cloze count for cloze note types: 1
	pos    int // new-card position, 1-based, in story order
}

// ords returns the card ordinals of the note. Every note is exactly one
// Anki card, ord 0: each note type has one template, and a cloze note has
// one cloze, c1 (see the package documentation on identity).
func (n *note) ords() []int { return []int{0} }

type deck struct {
	id   int64
	name string // full name, "STAR::<title>"
	desc string // HTML
}

// rootDeck is the parent of every story deck.
const rootDeck = "STAR"

// build turns the collection into notes, decks and note types. It does not
// depend on time; Apkg adds ids and scheduling.
type build struct {
	notes  []*note
	decks  []*deck // the root deck first, then by name
	models []*model
	byCard map[string]*note
}

func newBuild(col Collection) (*build, error) {
	stories := storyIndex(col.Stories)
	b := &build{byCard: make(map[string]*note, len(col.Cards))}
	ids := newIdentities(len(col.Cards))
	nm := newNoteMaker()
	for i := range col.Cards {
		cs := &col.Cards[i]
		if cs.Retired {
			continue
		}
		id, m, err := ids.add(cs.Card.ID)
		if err != nil {
			return nil, err
		}
		n := &note{state: cs, id: id, model: m, pos: len(b.notes) + 1}
		nm.fill(n, &cs.Card, stories[cs.Card.ID.Story])
		b.notes = append(b.notes, n)
		b.byCard[n.id] = n
	}
	keys := make([]string, len(b.notes))
	numbers := make([]uint64, len(b.notes))
	for i, n := range b.notes {
		keys[i], numbers[i] = n.id, guidNumber(n.id, "")
	}
	for i, g := range guids(keys, numbers) {
		b.notes[i].guid = g
	}
	b.models = ids.modelList()
	b.decks = nm.sortedDecks()
	return b, nil
}

// storyIndex maps story ids to stories (the last of a repeated id wins).
func storyIndex(list []starcards.Story) map[string]*starcards.Story {
	stories := make(map[string]*starcards.Story, len(list))
	for i := range list {
		stories[list[i].ID] = &list[i]
	}
	return stories
}

// identities checks the cards of an export, in collection order, and gives
// each its string id and note type. seen maps each id, as CardID.String()
// spells it, to the card's place in that order. Guids are given once all
// are known (guids).
type identities struct {
	seen   map[string]int32
	models map[starcards.Kind]*model
}

// newIdentities returns an empty set sized for n cards.
func newIdentities(n int) *identities {
	return &identities{seen: make(map[string]int32, n), models: map[starcards.Kind]*model{}}
}

// add checks the id of the next exported card and returns its string form
// and its note type: ErrDuplicateCard if the id was seen, ErrUnknownKind
// if its kind has no note type.
func (ids *identities) add(cid starcards.CardID) (id string, m *model, err error) {
	id = cid.String()
	if _, dup := ids.seen[id]; dup {
		return "", nil, fmt.Errorf("%w: %s", ErrDuplicateCard, id)
	}
	if m = ids.models[cid.Kind]; m == nil {
		if m = newModel(cid.Kind); m == nil {
			return "", nil, fmt.Errorf("card %s: %w %q", id, ErrUnknownKind, cid.Kind)
		}
		ids.models[cid.Kind] = m
	}
	ids.seen[id] = int32(len(ids.seen))
	return id, m, nil
}

// modelList returns the note types used, in the order of starcards.Kinds.
func (ids *identities) modelList() []*model {
	var out []*model
	for _, k := range starcards.Kinds {
		if m := ids.models[k]; m != nil {
			out = append(out, m)
		}
	}
	return out
}

// noteMaker fills in notes from their cards' text: deck, fields and tags.
// It keeps the decks, and shares one tag list among the cards of a story
// and kind that carry the same tags.
type noteMaker struct {
	decks   map[string]*deck // by lower-cased name
	byStory map[string]*deck // by story id, for stories with a title
	tags    map[tagKey][]tagList
}

type tagKey struct {
	story string
	kind  starcards.Kind
}

// tagList is the note tags of the cards of a story and kind whose own tags
// are raw.
type tagList struct {
	raw, tags []string
}

func newNoteMaker() *noteMaker {
	root := &deck{
		id: hashID(deckIDName(strings.ToLower(rootDeck))), name: rootDeck,
		desc: "Behavioural-interview stories from starcards.",
	}
	return &noteMaker{
		decks:   map[string]*deck{strings.ToLower(rootDeck): root},
		byStory: map[string]*deck{},
		tags:    map[tagKey][]tagList{},
	}
}

// fill sets n's deck, fields and tags from its card c and the card's story
// (nil if the collection lacks it). Only the story's title, question,
// principles, role, levels and the principles and levels of its angles and
// reflections are read.
func (nm *noteMaker) fill(n *note, c *starcards.Card, story *starcards.Story) {
	titled := story != nil && strings.TrimSpace(story.Title) != ""
	var title string
	if titled {
		title = story.Title
	} else if title = fieldOf(c, n.model.fields, "Story"); strings.TrimSpace(title) == "" {
		title = c.ID.Story
	}
	if n.deck = nm.byStory[c.ID.Story]; n.deck == nil || !titled {
		n.deck = nm.deck(title, story)
		if titled {
			nm.byStory[c.ID.Story] = n.deck
		}
	}
	n.fields, n.clozes = noteFieldsNamed(c, n.model.fields, title)
	key := tagKey{c.ID.Story, c.ID.Kind}
	lists := nm.tags[key]
	for _, l := range lists {
		if slices.Equal(l.raw, c.Tags) {
			n.tags = l.tags
			return
		}
	}
	n.tags = noteTags(c, story)
	nm.tags[key] = append(lists, tagList{raw: c.Tags, tags: n.tags})
}

// deck returns the deck of stories titled title, made for story (nil if
// unknown) if it is the first.
func (nm *noteMaker) deck(title string, story *starcards.Story) *deck {
	name := rootDeck + "::" + deckComponent(title)
	lower := strings.ToLower(name)
	d := nm.decks[lower]
	if d == nil {
		d = &deck{id: hashID(deckIDName(lower)), name: name}
		if story != nil {
			d.desc = fieldHTML(story.Question)
		}
		nm.decks[lower] = d
	}
	return d
}

// sortedDecks returns the decks by name (the root deck first), with their
// ids: hashed from the names, (unlikely) collisions resolved in name order.
func (nm *noteMaker) sortedDecks() []*deck {
	out := make([]*deck, 0, len(nm.decks))
	for _, d := range nm.decks {
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y *deck) int { return strings.Compare(x.name, y.name) })
	ids := idSet{}
	for _, d := range out {
		d.id = ids.take(deckIDName(strings.ToLower(d.name)))
	}
	return out
}

// StoryOutline is the part of a story that notes are made from (see
// noteMaker.fill): what an export, .apkg or TSV, keeps of each story while
// it runs.
func StoryOutline(s *starcards.Story) *starcards.Story {
	o := &starcards.Story{ID: s.ID, Title: s.Title, Question: s.Question, Principles: s.Principles, Role: s.Role}
	for _, a := range s.Angles {
		o.Angles = append(o.Angles, starcards.Angle{Principle: a.Principle})
	}
	for _, l := range s.Levels {
		o.Levels = append(o.Levels, starcards.Level{Level: l.Level})
	}
	for _, r := range s.Reflections {
		o.Reflections = append(o.Reflections, starcards.Reflection{Level: r.Level})
	}
	return o
}

// noteFields returns the field HTML of card c, one per field of its kind, and
// for phrase cards the number of clozes.
func noteFields(c *starcards.Card, title string) ([]string, int) {
	return noteFieldsNamed(c, c.ID.Kind.FieldNames(), title)
}

// fieldOf is c.Field(name) for names, c's kind's field names.
func fieldOf(c *starcards.Card, names []string, name string) string {
	for i, n := range names {
		if n == name && i < len(c.Fields) {
			return c.Fields[i]
		}
	}
	return ""
}

// noteFieldsNamed is noteFields with the field names of c's kind given.
func noteFieldsNamed(c *starcards.Card, names []string, title string) ([]string, int) {
	fields := make([]string, len(names))
	clozes := 0
	for i, name := range names {
		v := fieldOf(c, names, name)
		if name == "Story" && strings.TrimSpace(v) == "" {
			v = title
		}
		fields[i] = fieldHTML(v)
	}
	switch c.ID.Kind {
	case starcards.KindPhrase, starcards.KindNumber:
		// One cloze, c1, so that the note is exactly one Anki card.
		answerField := "Phrase"
		if c.ID.Kind == starcards.KindNumber {
			answerField = "Number"
		}
		answer, _, _ := strings.Cut(strings.TrimSpace(fieldOf(c, names, answerField)), "\n")
		text, n := clozeText(fieldOf(c, names, "Text"), answer)
		if n == 0 {
			// Nothing to delete: make the card's own answer the deletion so
			// the note still has its one card.
			fallback := c.Back
			if strings.TrimSpace(fallback) == "" {
				fallback = c.Front
			}
			if strings.TrimSpace(fallback) == "" {
				fallback = title
			}
			text, n = clozeText(fallback, "")
		}
		fields[slices.Index(names, "Text")] = text
		clozes = min(n, 1)
	case starcards.KindQuiz:
		opts, answer := quizOptions(c)
		fields[slices.Index(names, "Options")] = optionsHTML(opts, answer)
		// Without a known right option the Answer field stays as written; a
		// quiz without options is question → explanation.
		if answer >= 0 {
			fields[slices.Index(names, "Answer")] = `<span class=answer-letter>` + starcards.OptionLetter(answer) + ".</span> " + fieldHTML(opts[answer])
		}
	}
	return fields, clozes
}

// quizOptions returns a quiz card's options and the index of the right one
// (−1 if unknown): from Card.Options and Card.Answer, else from the Options
// field (one per line) and an Answer field holding a letter ("B" or
// "B. text"), a 1-based number or the option's text.
func quizOptions(c *starcards.Card) ([]string, int) {
	if len(c.Options) > 0 {
		if c.Answer >= 0 && c.Answer < len(c.Options) {
			return c.Options, c.Answer
		}
		return c.Options, -1
	}
	var opts []string
	for _, line := range strings.Split(c.Field("Options"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			opts = append(opts, line)
		}
	}
	if len(opts) == 0 {
		return nil, -1
	}
	ans := strings.TrimSpace(c.Field("Answer"))
	if len(ans) >= 2 && ans[1] == '.' && ('A' <= ans[0] && ans[0] <= 'Z') { // "B. option", as decks writes it
		ans = ans[:1]
	}
	if len(ans) == 1 && unicode.IsLetter(rune(ans[0])) {
		if i := int(unicode.ToUpper(rune(ans[0])) - 'A'); i >= 0 && i < len(opts) {
			return opts, i
		}
	}
	if n, err := strconv.Atoi(ans); err == nil && n >= 1 && n <= len(opts) {
		return opts, n - 1
	}
	for i, o := range opts {
		if strings.EqualFold(o, ans) {
			return opts, i
		}
	}
	return opts, -1
}

// optionsHTML renders quiz options as a lettered list; the right one carries
// class "correct", which only the back template highlights. The markup has
// no quotes (see escapeHTML).
func optionsHTML(opts []string, answer int) string {
	if len(opts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<ol class=options type=A>")
	for i, o := range opts {
		if i == answer {
			b.WriteString("<li class=correct>")
		} else {
			b.WriteString("<li>")
		}
		b.WriteString(fieldHTML(o))
		b.WriteString("</li>")
	}
	b.WriteString("</ol>")
	return b.String()
}

// deckComponent turns a story title into one deck-name component: control
// characters become spaces, "::" (Anki's subdeck separator) collapses to ":",
// and spaces and colons are trimmed from both ends, as Anki would trim them.
func deckComponent(title string) string {
	title = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, cleanText(title))
	for strings.Contains(title, "::") {
		title = strings.ReplaceAll(title, "::", ":")
	}
	title = strings.TrimFunc(title, func(r rune) bool { return r == ':' || unicode.IsSpace(r) || r == '\uFEFF' })
	if title == "" {
		return "Untitled"
	}
	return title
}

// noteTags returns the note's tags: "starcards", "story::<id>",
// "kind::<kind>", then the card's own tags. A card tag equal to one of the
// story's principles (or angles' principles), its role or one of its levels
// (or reflections' levels) is prefixed with
// "principle::", "role::" or "level::"; any other tag is kept as written.
// See tagValue for how values are normalised.
func noteTags(c *starcards.Card, story *starcards.Story) []string {
	tags := []string{"starcards", "story::" + tagValue(c.ID.Story), "kind::" + tagValue(string(c.ID.Kind))}
	seen := make([]string, len(tags), len(tags)+len(c.Tags)) // lower-cased; a few, so a list
	for i, t := range tags {
		seen[i] = strings.ToLower(t)
	}
	for _, raw := range c.Tags {
		v := tagValue(raw)
		if v == "" {
			continue
		}
		t := v
		if prefix := tagPrefix(raw, story); prefix != "" {
			t = prefix + "::" + v
		}
		if lower := strings.ToLower(t); !slices.Contains(seen, lower) {
			seen = append(seen, lower)
			tags = append(tags, t)
		}
	}
	return tags
}

func tagPrefix(raw string, story *starcards.Story) string {
	if story == nil {
		return ""
	}
	raw = strings.TrimSpace(raw)
	for _, p := range story.Principles {
		if strings.EqualFold(strings.TrimSpace(p), raw) {
			return "principle"
		}
	}
	for _, a := range story.Angles {
		if strings.EqualFold(strings.TrimSpace(a.Principle), raw) {
			return "principle"
		}
	}
	if story.Role != "" && strings.EqualFold(strings.TrimSpace(story.Role), raw) {
		return "role"
	}
	for _, l := range story.Levels {
		if strings.EqualFold(strings.TrimSpace(l.Level), raw) {
			return "level"
		}
	}
	for _, r := range story.Reflections {
		if strings.EqualFold(strings.TrimSpace(r.Level), raw) {
			return "level"
		}
	}
	return ""
}

// tagValue normalises one tag value for Anki, where tags are separated by
// spaces and "::" separates tag levels: runs of white space become "_",
// control characters and double quotes are dropped, "::" collapses to ":",
// and colons and underscores are trimmed from both ends.
// "Bias for Action" → "Bias_for_Action".
func tagValue(s string) string {
	var b strings.Builder
	space := false
	for _, r := range cleanText(s) {
		switch {
		case unicode.IsSpace(r) || r == '\uFEFF':
			space = true
			continue
		case r < 0x20 || r == 0x7f || r == '"':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte('_')
		}
		space = false
		b.WriteRune(r)
	}
	v := b.String()
	for strings.Contains(v, "::") {
		v = strings.ReplaceAll(v, "::", ":")
	}
	return strings.Trim(v, ":_")
}
