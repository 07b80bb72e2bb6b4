package starcards

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Story is one behavioural-interview story (a STAR answer) with everything a
// candidate must be able to tell about it. Only ID, Title and one section are
// required; cards are made from whatever else is present.
type Story struct {
	ID         string
	Title      string
	Question   string
	Principles []string
	Role       string
	// Summary says what the story is about and why it works, in a few
	// sentences (a walkthrough page's Scenario Overview).
	Summary string
	// Coaching is advice for telling the whole story (a page's "Key
	// takeaways: …").
	Coaching string
	// Sections are in canonical order (situation, task, action, result,
	// reflection); absent sections are left out.
	Sections    []Section
	Reflections []Reflection
	Followups   []Followup
	WeakAnswer  *WeakAnswer
	Quizzes     []Quiz
	Angles      []Angle
	Levels      []Level
}

// SectionNames lists the STAR sections in the order a story is told.
var SectionNames = []string{"situation", "task", "action", "result", "reflection"}

// Section is one beat of a STAR story.
type Section struct {
	Name     string        // one of SectionNames
	Target   time.Duration // time target when spoken; 0 if not given
	Example  string        // the strong example
	Phrases  []string      // key phrases that carry the signal
	Coaching string
	Mistake  string // the common mistake
}

// Title returns the section name capitalised, as shown to users ("Situation").
func (s Section) Title() string { return Capitalize(s.Name) }

// Reflection is the reflection a story ends with, pitched at one level.
type Reflection struct {
	Level string // e.g. "SDE2", "Senior"
	Text  string
}

// Followup is a question an interviewer asks after the story.
type Followup struct {
	ID       string // explicit key; empty means a slug of Question
	Question string
	Probes   string // what the question probes
	Weak     string // a weak answer
	WeakWhy  string // why the weak answer fails
	Strong   string // a strong answer
	Key      string // the key line to remember
}

// WeakAnswer is a weak full answer to the story's question.
type WeakAnswer struct {
	Text    string
	Flaws   []string
	Verdict string // the bar raiser's verdict
}

// Quiz is a multiple-choice question. A quiz without options is a plain
// question whose answer is its explanation.
type Quiz struct {
	ID          string // explicit key; empty means a slug of Question
	Question    string
	Options     []string
	Answer      int // index into Options
	Explanation string
}

// Angle frames the story for one leadership principle.
type Angle struct {
	Principle string
	Lead      string // what to lead with
	Emphasize string
	Downplay  string
}

// Level is a variant of the story for one seniority level.
type Level struct {
	Level      string // e.g. "SDE 1", "Senior SDE"
	Focus      string
	Reflection string
	Bar        string
	Time       time.Duration // time limit for telling the story; 0 if not given
}

// Kind is the kind of a card.
type Kind string

// The card kinds, in the order cards of one story are generated.
const (
	KindOutline    Kind = "outline"
	KindSection    Kind = "section"
	KindOrder      Kind = "order"
	KindPhrase     Kind = "phrase"
	KindNumber     Kind = "number"
	KindMistake    Kind = "mistake"
	KindFollowup   Kind = "followup"
	KindQuiz       Kind = "quiz"
	KindReflection Kind = "reflection"
	KindAngle      Kind = "angle"
)

// Kinds lists every card kind in generation order.
var Kinds = []Kind{KindOutline, KindSection, KindOrder, KindPhrase, KindNumber, KindMistake, KindFollowup, KindQuiz, KindReflection, KindAngle}

// ParseKind returns the Kind named s, or an error naming the valid kinds.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown card kind %q (want one of %s)", s, strings.Join(names, ", "))
}

// FieldNames returns the names of the fields a card of kind k carries in
// Card.Fields, in order. They are stable: the Anki note types use them. The
// first is always "ID", the card's identity, which keeps Anki's first-field
// duplicate check quiet; the second "Story", the story's title.
func (k Kind) FieldNames() []string {
	if names := kindFields[k]; names != nil {
		return slices.Clone(names)
	}
	return nil
}

// kindFields holds each kind's field names: FieldNames hands out copies,
// Card.Field reads them.
var kindFields = map[Kind][]string{
	KindOutline:    {"ID", "Story", "Question", "Outline"},
	KindSection:    {"ID", "Story", "Section", "Target", "Opening", "Phrases", "Numbers", "Example"},
	KindOrder:      {"ID", "Story", "Section", "Step", "Cue", "Next"},
	KindPhrase:     {"ID", "Story", "Section", "Text", "Phrase"},
	KindNumber:     {"ID", "Story", "Section", "Text", "Number"},
	KindMistake:    {"ID", "Story", "Prompt", "Mistake", "Coaching"},
	KindFollowup:   {"ID", "Story", "Question", "Probes", "Strong", "Key", "Weak", "WeakWhy"},
	KindQuiz:       {"ID", "Story", "Question", "Options", "Answer", "Explanation"},
	KindReflection: {"ID", "Story", "Level", "Reflection", "Focus", "Bar", "Time"},
	KindAngle:      {"ID", "Story", "Principle", "Lead", "Emphasize", "Downplay"},
}

// CardID is a card's identity: story id, kind and key. It never depends on
// the card's text, so editing a story keeps every card's progress.
type CardID struct {
	Story string
	Kind  Kind
	Key   string
}

// String returns "story/kind/key".
func (id CardID) String() string { return id.Story + "/" + string(id.Kind) + "/" + id.Key }

// Append appends id as String spells it to b.
func (id CardID) Append(b []byte) []byte {
	b = append(append(b, id.Story...), '/')
	b = append(append(b, id.Kind...), '/')
	return append(b, id.Key...)
}

// ParseCardID parses "story/kind/key".
func ParseCardID(s string) (CardID, error) {
	story, rest, ok1 := strings.Cut(s, "/")
	kind, key, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || story == "" || key == "" {
		return CardID{}, fmt.Errorf("card id %q is not story/kind/key", s)
	}
	k, err := ParseKind(kind)
	if err != nil {
		return CardID{}, fmt.Errorf("card id %q: %w", s, err)
	}
	return CardID{Story: story, Kind: k, Key: key}, nil
}

// Card is one flashcard generated from a story.
type Card struct {
	ID CardID
	// Ord is the card's position within its story; new cards are introduced
	// in story order, then Ord.
	Ord int
	// Facet names the story facet the card belongs to ("section/action",
	// "followup/why-not-escalate"). Cards sharing a facet are siblings: a
	// session shows at most one of them a day.
	Facet string
	Front string // plain text, as shown in a terminal (phrase cards: blanks as ____)
	Back  string // plain text
	// Fields are the card's parts, named by ID.Kind.FieldNames(). Plain text,
	// never HTML: exporters escape it.
	Fields []string
	// Options and Answer are set for quiz cards with options.
	Options []string
	Answer  int
	// Tags are the story's tags for this card (principles, role, level), as
	// written; exporters normalise them.
	Tags []string
}

// Field returns the field called name, or "" if the card's kind has none.
func (c *Card) Field(name string) string {
	for i, n := range kindFields[c.ID.Kind] {
		if n == name && i < len(c.Fields) {
			return c.Fields[i]
		}
	}
	return ""
}

// State is a card's learning state, numbered as in FSRS and Anki.
type State int8

// The card states.
const (
	StateNew        State = 0
	StateLearning   State = 1
	StateReview     State = 2
	StateRelearning State = 3
)

func (s State) String() string {
	switch s {
	case StateNew:
		return "new"
	case StateLearning:
		return "learning"
	case StateReview:
		return "review"
	case StateRelearning:
		return "relearning"
	}
	return fmt.Sprintf("State(%d)", int8(s))
}

// Rating is an answer to a card.
type Rating int8

// The four ratings, numbered as in FSRS and Anki.
const (
	Again Rating = 1
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

// Ratings lists the four ratings in button order.
var Ratings = []Rating{Again, Hard, Good, Easy}

func (r Rating) String() string {
	switch r {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("Rating(%d)", int8(r))
}

// ParseRating accepts 1–4 or again/hard/good/easy (any case).
func ParseRating(s string) (Rating, error) {
	switch strings.ToLower(s) {
	case "1", "again":
		return Again, nil
	case "2", "hard":
		return Hard, nil
	case "3", "good":
		return Good, nil
	case "4", "easy":
		return Easy, nil
	}
	return 0, fmt.Errorf("rating %q is not 1-4 or again, hard, good, easy", s)
}

// Schedule is a card's scheduling state. The zero value is a new card.
// Times are UTC, truncated to the second.
type Schedule struct {
	State         State
	Due           time.Time // zero for a new card
	Stability     float64   // days
	Difficulty    float64   // 1–10
	ElapsedDays   uint64    // days between the last two reviews
	ScheduledDays uint64    // the interval given at the last review
	Reps          uint64
	Lapses        uint64
	LastReview    time.Time // zero for a new card

	Suspended   bool
	Leech       bool
	BuriedUntil time.Time // the card is buried before this time; zero if not
}

// Review is one entry of the review log: an answer and the card's state
// before and after it, so the answer can be undone exactly.
type Review struct {
	Card     CardID
	Time     time.Time // when the card was answered, UTC
	Rating   Rating
	Duration time.Duration // time taken to answer
	// Spoken is set when Duration is the time the answer was spoken aloud
	// (drill and mock), not the time taken to reveal and rate a card.
	Spoken bool
	Before Schedule
	After  Schedule
}

// OptionLetter returns the letter of quiz option i (0-based) as an HTML
// ordered list of type A counts: A…Z, then AA, AB, …. Cards, the review
// session, lint and the Anki export all letter options with it.
func OptionLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Capitalize returns s with its first letter upper-cased.
func Capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// CardState is a card as the collection holds it: the card, its scheduling
// state, and whether it was retired (removed from its story file; kept with
// its history, never scheduled).
type CardState struct {
	Card     Card
	Schedule Schedule
	Retired  bool
}

// Config holds the collection's settings. The zero value is not valid; start
// from [DefaultConfig].
type Config struct {
	DesiredRetention float64   // default 0.90; allowed 0.70–0.99
	MaximumInterval  int       // days; default 365
	Fuzz             bool      // default true
	NewPerDay        int       // default 20
	ReviewsPerDay    int       // default 200
	DayStartHour     int       // local hour a new study day starts; default 4
	LeechThreshold   int       // lapses that make a card a leech; default 8
	Weights          []float64 // FSRS-5 weights; nil means the defaults
	// Level is the seniority level the user interviews at ("SDE2",
	// "Senior"); it selects which level reflections and level variants of a
	// story become cards. Empty means each story's own role. A study plan's
	// level, when set, takes its place.
	Level       string
	BackupsKept int // backups of the collection kept; default 10
	// Principles is the catalogue of competencies stories are tagged with:
	// "" or "amazon" (the default) for Amazon's Leadership Principles,
	// "none" for no catalogue, else the names separated by commas.
	Principles string
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config {
	return Config{
		DesiredRetention: 0.90,
		MaximumInterval:  365,
		Fuzz:             true,
		NewPerDay:        20,
		ReviewsPerDay:    200,
		DayStartHour:     4,
		LeechThreshold:   8,
		BackupsKept:      10,
	}
}

// DayStart returns the start of the study day that contains t: the most
// recent hour:00 in t's location at or before t. A study day runs from one
// day start to the next, as Anki's "next day starts at" setting defines it.
func DayStart(t time.Time, hour int) time.Time {
	y, m, d := t.Date()
	start := time.Date(y, m, d, hour, 0, 0, 0, t.Location())
	if t.Before(start) {
		start = time.Date(y, m, d-1, hour, 0, 0, 0, t.Location())
	}
	return start
}

// NextDayStart returns the start of the study day after the one containing t.
func NextDayStart(t time.Time, hour int) time.Time {
	s := DayStart(t, hour)
	y, m, d := s.Date()
	return time.Date(y, m, d+1, hour, 0, 0, 0, t.Location())
}

// Filter selects cards by story and kind. An empty list selects everything
// along that axis, so the zero Filter selects every card, and a nil and an
// empty Kinds mean the same: every kind.
type Filter struct {
	Stories []string // only cards of these stories; empty for all
	Kinds   []Kind   // only cards of these kinds; empty for all
}

// Match reports whether the card id is selected.
func (f Filter) Match(id CardID) bool {
	return f.MatchStory(id.Story) && (len(f.Kinds) == 0 || slices.Contains(f.Kinds, id.Kind))
}

// MatchStory reports whether cards of the story are selected (by Stories;
// Kinds may still leave some out).
func (f Filter) MatchStory(story string) bool {
	return len(f.Stories) == 0 || slices.Contains(f.Stories, story)
}

// All reports whether f selects every card.
func (f Filter) All() bool { return len(f.Stories) == 0 && len(f.Kinds) == 0 }

// Plan is a study plan aimed at an interview loop: every card of its
// stories learned by a cut-off before the date, within a daily time
// budget, and reviewed in a final window. The zero Plan is no plan.
type Plan struct {
	// Interview is the date of the loop: midnight in the user's location.
	Interview time.Time
	// Start is the date the plan was set (midnight, same location); the
	// pacing counts study days from it.
	Start time.Time
	// Minutes is the daily time budget; default 30.
	Minutes int
	// Level is the user's level for the plan ("SDE2"); "" for any.
	Level string
	// Stories are the plan's stories; empty for every story.
	Stories []string
	// Focus is a story brought forward: its cards come first; "" for none.
	Focus string
	// CutoffDays is the number of study days before the interview in which
	// no new card is introduced (the final window); default 3.
	CutoffDays int
}

// DefaultPlanMinutes and DefaultCutoffDays are a plan's defaults.
const (
	DefaultPlanMinutes = 30
	DefaultCutoffDays  = 3
)

// IsZero reports whether p is no plan.
func (p Plan) IsZero() bool { return p.Interview.IsZero() }

// Filter returns the cards the plan covers: its stories, every kind.
func (p Plan) Filter() Filter { return Filter{Stories: p.Stories} }

// Suggest returns the word of known that s was probably meant to be, or ""
// when none is close enough to be a typo. It is the one "did you mean" of
// starcards: story keys, Markdown headings and labels, and config keys all
// use it.
//
// Words are compared ignoring case and treating "_", "-" and " " alike.
// The nearest word by edit distance (insertions, deletions, substitutions
// and transpositions of adjacent letters, counted in runes) wins when the
// distance is at most a third of s's length, at least 1 and at most 2; the
// first such word in known wins a tie. Failing that, a word of 3 or more
// letters that is part of exactly one known word suggests that word
// ("retention" → "desired-retention").
func Suggest(s string, known []string) string {
	k := suggestForm(s)
	n := len([]rune(k))
	limit := min(max(n/3, 1), 2)
	best, bestD := "", limit+1
	for _, w := range known {
		if d := EditDistance(k, suggestForm(w)); d < bestD {
			best, bestD = w, d
		}
	}
	if best != "" || n < 3 {
		return best
	}
	var found string
	for _, w := range known {
		if strings.Contains(suggestForm(w), k) {
			if found != "" {
				return ""
			}
			found = w
		}
	}
	return found
}

func suggestForm(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == ' ' {
			return '-'
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
}

// EditDistance is the optimal string alignment distance between a and b, in
// runes: Levenshtein's, with a swap of two adjacent runes counted as one edit
// ("tikcet" is one edit from "ticket"). It is the one edit distance of
// starcards: [Suggest] and the typed-answer checker both use it.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: two back (for transpositions), one back, and the current.
	pp := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}
