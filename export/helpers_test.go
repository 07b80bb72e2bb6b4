package export

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

// zone is the user's zone in tests: a fixed offset keeps day numbers
// independent of the machine's tzdata.
var zone = time.FixedZone("UTC+2", 2*3600)

// testNow is the export time used by most tests.
var testNow = time.Date(2026, 3, 14, 19, 30, 0, 0, zone)

// testStory returns a hand-written story with every part filled in.
func testStory() starcards.Story {
	return starcards.Story{
		ID:         "webhook-drop-rate",
		Title:      "Webhook drop rate",
		Question:   "Tell me about a time you acted without waiting for permission.",
		Principles: []string{"Bias for Action", "Ownership"},
		Role:       "Backend",
		Sections: []starcards.Section{
			{Name: "situation", Target: 20 * time.Second, Example: "Our webhook pipeline dropped 2% of events.", Phrases: []string{"2% of events"}, Coaching: "Numbers first."},
			{Name: "action", Target: 60 * time.Second, Example: "I added a retry queue and replayed 40,000 events.\nThen I paged the owner.", Phrases: []string{"retry queue", "replayed 40,000 events", "$8,000 recovered"}, Coaching: "Say I, not we.", Mistake: "Saying we."},
		},
		Levels:      []starcards.Level{{Level: "Senior SDE", Focus: "Scope"}},
		Reflections: []starcards.Reflection{{Level: "Senior SDE", Text: "I would add alerting earlier."}},
	}
}

// testCards returns one card of each kind for s, as card generation would.
func testCards(s starcards.Story) []starcards.CardState {
	tags := append(append([]string{}, s.Principles...), s.Role, "Senior SDE")
	card := func(kind starcards.Kind, key string, fields ...string) starcards.CardState {
		return starcards.CardState{Card: starcards.Card{
			ID: starcards.CardID{Story: s.ID, Kind: kind, Key: key}, Facet: string(kind) + "/" + key,
			Front: "front " + key, Back: "back " + key, Fields: append([]string{s.ID + "/" + string(kind) + "/" + key}, fields...), Tags: tags,
		}}
	}
	var out []starcards.CardState
	out = append(out,
		card(starcards.KindSection, "situation", s.Title, "Situation", "20 s", "Our webhook pipeline…", "", "2% of events", ""),
		card(starcards.KindSection, "action", s.Title, "Action", "1 min", "I added a…", "retry queue\nreplayed 40,000 events\n$8,000 recovered", "", ""),
		card(starcards.KindPhrase, "action/retry-queue", s.Title, "Action", "I added a retry queue and replayed 40,000 events.", "retry queue"),
		card(starcards.KindMistake, "action", s.Title, "Action: what goes wrong?", "Saying we.", "Say I."),
		card(starcards.KindFollowup, "why-not-escalate", s.Title, "Why not escalate?", "Judgement", "I did, after.", "Fix first, then tell.", "I waited.", "Passive."),
	)
	quiz := card(starcards.KindQuiz, "first-step", s.Title, "What was the first step?", "Page\nRetry queue\nWait", "B", "The queue stopped the loss.")
	quiz.Card.Options = []string{"Page the owner", "Add a retry queue", "Wait for the weekly review"}
	quiz.Card.Answer = 1
	out = append(out, quiz,
		card(starcards.KindQuiz, "why", s.Title, "Why did it matter?", "", "", "Money was lost every hour."),
		card(starcards.KindReflection, "senior", s.Title, "Senior SDE", "I would add alerting earlier.", "Scope", "", "keep to 3 min"),
		card(starcards.KindAngle, "bias-for-action", s.Title, "Bias for Action", "The 2% loss", "Speed", "Process"),
		card(starcards.KindOutline, "story", s.Title, s.Question, "Situation (20 s): Our webhook pipeline…\nAction (1 min): I added a…"),
		card(starcards.KindNumber, "situation/2-of-events", s.Title, "Situation", s.Sections[0].Example, "2% of events"),
		card(starcards.KindNumber, "action/replayed-40-000-events", s.Title, "Action", "I added a retry queue and replayed 40,000 events.", "replayed 40,000 events"),
		card(starcards.KindOrder, "action/2", s.Title, "Action", "2 of 2", "I added a…", "Then I paged the owner."),
	)
	for i := range out {
		out[i].Card.Ord = i
	}
	return out
}

// testCollection is a small hand-built collection without reviews.
func testCollection() Collection {
	s := testStory()
	return Collection{Stories: []starcards.Story{s}, Cards: testCards(s), Config: starcards.DefaultConfig()}
}

// toFSRS and fromFSRS convert between a Schedule and go-fsrs's Card.
func toFSRS(s starcards.Schedule) fsrs.Card {
	return fsrs.Card{
		Due: s.Due, Stability: s.Stability, Difficulty: s.Difficulty, ElapsedDays: s.ElapsedDays,
		ScheduledDays: s.ScheduledDays, Reps: s.Reps, Lapses: s.Lapses, State: fsrs.State(s.State), LastReview: s.LastReview,
	}
}

func fromFSRS(c fsrs.Card, old starcards.Schedule) starcards.Schedule {
	old.Due, old.Stability, old.Difficulty = c.Due.UTC(), c.Stability, c.Difficulty
	old.ElapsedDays, old.ScheduledDays, old.Reps, old.Lapses = c.ElapsedDays, c.ScheduledDays, c.Reps, c.Lapses
	old.State, old.LastReview = starcards.State(c.State), c.LastReview.UTC()
	return old
}

var reference = fsrs.NewFSRS(fsrs.DefaultParam())

// review answers cs at t with r and returns the log entry.
func review(cs *starcards.CardState, t time.Time, r starcards.Rating, took time.Duration) starcards.Review {
	t = t.UTC().Truncate(time.Second)
	before := cs.Schedule
	info := reference.Next(toFSRS(before), t, fsrs.Rating(r))
	cs.Schedule = fromFSRS(info.Card, before)
	return starcards.Review{Card: cs.Card.ID, Time: t, Rating: r, Duration: took, Before: before, After: cs.Schedule}
}

// simulate reviews cs with ratings, each when due (the first at start),
// and returns the log.
func simulate(cs *starcards.CardState, start time.Time, ratings ...starcards.Rating) []starcards.Review {
	var log []starcards.Review
	t := start
	for _, r := range ratings {
		if !cs.Schedule.Due.IsZero() && cs.Schedule.Due.After(t) {
			t = cs.Schedule.Due
		}
		log = append(log, review(cs, t, r, 7*time.Second))
	}
	return log
}

// scheduledCollection is testCollection after a few weeks of reviews: review,
// learning, relearning, suspended, buried and new cards.
func scheduledCollection() Collection {
	col := testCollection()
	start := testNow.Add(-40 * 24 * time.Hour)
	var log []starcards.Review
	g, a, h := starcards.Good, starcards.Again, starcards.Hard
	plans := [][]starcards.Rating{
		{g, g, g},    // 0 section/situation: review
		{g, g, h, g}, // 1 section/action: review, suspended below
		{g, g, g},    // 2 phrase: review, one cloze card
		{g, g, g, a}, // 3 mistake: relearning
		{g},          // 4 followup: learning
		{g, g},       // 5 quiz: review, buried below
		nil,          // 6 quiz without options: new
		nil,          // 7 reflection: new
		{starcards.Easy},
		{g, g, g}, // 9 outline: review
		{g, g},    // 10 number: review
		nil,       // 11 number: new
		nil,       // 12 order: new
	}
	for i, ratings := range plans {
		if ratings == nil {
			continue
		}
		cs := &col.Cards[i]
		log = append(log, simulate(cs, start.Add(time.Duration(i)*time.Hour), ratings...)...)
	}
	// Make the learning card due soon after "now", the relearning one too.
	for _, i := range []int{3, 4} {
		log = append(log, review(&col.Cards[i], testNow.Add(-3*time.Minute), starcards.Again, 90*time.Second))
	}
	col.Cards[1].Schedule.Suspended = true
	col.Cards[5].Schedule.BuriedUntil = starcards.NextDayStart(testNow, 4).UTC()
	sortReviews(log)
	col.Reviews = log
	return col
}

func sortReviews(log []starcards.Review) {
	slices.SortStableFunc(log, func(a, b starcards.Review) int { return a.Time.Compare(b.Time) })
}

// generated returns a collection of n generated stories with realistic
// cards (ten per story, one phrase card with three phrases) and, if
// reviewed, a review log over the 90 days before now.
func generated(n int, reviewed bool, now time.Time) Collection {
	rng := rand.New(rand.NewPCG(1, 2))
	col := Collection{Config: starcards.DefaultConfig()}
	principles := []string{"Customer Obsession", "Ownership", "Bias for Action", "Dive Deep", "Deliver Results", "Earn Trust"}
	levels := []string{"SDE 1", "SDE 2", "Senior SDE"}
	words := strings.Fields("we shipped the migration after the outage and cut latency by forty percent while the pager stayed quiet for a quarter because I owned the rollback plan and wrote the runbook with the on-call team")
	sentence := func(k int) string {
		var b strings.Builder
		for i := range k {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	var all []starcards.Review
	for i := range n {
		id := fmt.Sprintf("story-%04d", i)
		s := starcards.Story{
			ID: id, Title: fmt.Sprintf("Story %d: %s", i, sentence(4)), Question: "Tell me about " + sentence(6),
			Principles: []string{principles[i%len(principles)], principles[(i+2)%len(principles)]}, Role: "Backend",
		}
		col.Stories = append(col.Stories, s)
		tags := []string{s.Principles[0], s.Principles[1], s.Role, levels[i%3]}
		add := func(kind starcards.Kind, key string, fields ...string) {
			col.Cards = append(col.Cards, starcards.CardState{Card: starcards.Card{
				ID: starcards.CardID{Story: id, Kind: kind, Key: key}, Ord: len(col.Cards), Fields: append([]string{id + "/" + string(kind) + "/" + key}, fields...), Tags: tags,
				Front: sentence(5), Back: sentence(12),
			}})
		}
		example := sentence(40)
		ws := strings.Fields(example)
		phrases := strings.Join([]string{ws[3] + " " + ws[4], ws[10] + " " + ws[11] + " " + ws[12], "forty percent faster"}, "\n")
		for _, sec := range []string{"situation", "task", "action", "result"} {
			add(starcards.KindSection, sec, s.Title, starcards.Capitalize(sec), "30s", sentence(40), sentence(3)+"\n"+sentence(3), sentence(10))
		}
		add(starcards.KindPhrase, "action", s.Title, "Action", example, phrases)
		add(starcards.KindMistake, "action", s.Title, "Action: common mistake", sentence(12), sentence(12))
		add(starcards.KindFollowup, "why", s.Title, sentence(8)+"?", sentence(5), sentence(30), sentence(8), sentence(15), sentence(10))
		quiz := starcards.CardState{Card: starcards.Card{
			ID: starcards.CardID{Story: id, Kind: starcards.KindQuiz, Key: "first"}, Ord: len(col.Cards),
			Fields: []string{id + "/quiz/first", s.Title, sentence(8) + "?", "", "", sentence(15)}, Tags: tags,
			Options: []string{sentence(4), sentence(4), sentence(4), sentence(4)}, Answer: rng.IntN(4),
		}}
		col.Cards = append(col.Cards, quiz)
		add(starcards.KindReflection, "senior", s.Title, levels[i%3], sentence(20))
		add(starcards.KindAngle, "ownership", s.Title, s.Principles[0], sentence(10), sentence(8), sentence(8))
	}
	if reviewed {
		start := now.Add(-90 * 24 * time.Hour)
		for i := range col.Cards {
			if rng.IntN(10) < 4 { // 40% still new
				continue
			}
			cs := &col.Cards[i]
			t := start.Add(time.Duration(rng.IntN(60*24)) * time.Minute)
			for t.Before(now) && cs.Schedule.Reps < 12 {
				r := starcards.Good
				switch x := rng.IntN(20); {
				case x == 0:
					r = starcards.Again
				case x < 3:
					r = starcards.Hard
				case x == 19:
					r = starcards.Easy
				}
				all = append(all, review(cs, t, r, time.Duration(3+rng.IntN(40))*time.Second))
				next := cs.Schedule.Due
				if !next.After(t) {
					next = t.Add(time.Minute)
				}
				t = next.Add(time.Duration(rng.IntN(600)) * time.Minute)
			}
			if rng.IntN(50) == 0 {
				cs.Schedule.Suspended = true
			}
		}
		sortReviews(all)
		col.Reviews = all
	}
	return col
}

// MustApkg exports col and returns the package bytes.
func MustApkg(tb testing.TB, col Collection, opts Options) []byte {
	tb.Helper()
	if opts.TempDir == "" {
		opts.TempDir = tb.TempDir()
	}
	var buf bytes.Buffer
	if err := Apkg(&buf, col, opts); err != nil {
		tb.Fatalf("Apkg: %v", err)
	}
	return buf.Bytes()
}

// pkg is an opened package.
type pkg struct {
	entries map[string][]byte
	names   []string
	db      *sql.DB
}

// MustOpen unzips data and opens its collection.anki2 read-only.
func MustOpen(tb testing.TB, data []byte) *pkg {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("zip: %v", err)
	}
	p := &pkg{entries: map[string][]byte{}}
	for _, f := range zr.File {
		if f.Method != zip.Deflate && f.Method != zip.Store {
			tb.Errorf("entry %s: method %d, want Deflate or Store", f.Name, f.Method)
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatalf("zip entry %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("zip entry %s: %v", f.Name, err)
		}
		p.entries[f.Name] = b
		p.names = append(p.names, f.Name)
	}
	path := filepath.Join(tb.TempDir(), "collection.anki2")
	if err := os.WriteFile(path, p.entries["collection.anki2"], 0o600); err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	p.db = db
	return p
}

// rows runs query and returns every row as strings keyed by column.
func (p *pkg) rows(tb testing.TB, query string, args ...any) []map[string]any {
	tb.Helper()
	rs, err := p.db.Query(query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out []map[string]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	if err := rs.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// shifted moves every time of s by d.
func shifted(s starcards.Schedule, d time.Duration) starcards.Schedule {
	for _, t := range []*time.Time{&s.Due, &s.LastReview, &s.BuriedUntil} {
		if !t.IsZero() {
			*t = t.Add(d)
		}
	}
	return s
}
