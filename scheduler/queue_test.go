package scheduler

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

var (
	est = time.FixedZone("UTC-5", -5*3600)
	// qnow is 14:00 local: the study day runs from 04:00 today to 04:00
	// tomorrow (09:00 UTC).
	qnow = time.Date(2025, 3, 10, 14, 0, 0, 0, est)
)

// card builds a card state: id "story/kind/key" with the given facet.
func card(id, facet string, s starcards.Schedule) starcards.CardState {
	cid, err := starcards.ParseCardID(id)
	if err != nil {
		panic(err)
	}
	return starcards.CardState{Card: starcards.Card{ID: cid, Facet: facet}, Schedule: s}
}

func newS() starcards.Schedule { return starcards.Schedule{} }

func learnS(due time.Time) starcards.Schedule {
	return starcards.Schedule{State: starcards.StateLearning, Due: due.UTC(), Stability: 3, Difficulty: 5, Reps: 1, LastReview: due.Add(-10 * time.Minute).UTC()}
}

func relearnS(due time.Time) starcards.Schedule {
	s := learnS(due)
	s.State = starcards.StateRelearning
	return s
}

func reviewS(due time.Time) starcards.Schedule {
	return starcards.Schedule{State: starcards.StateReview, Due: due.UTC(), Stability: 10, Difficulty: 5, Reps: 3, LastReview: due.Add(-10 * day).UTC()}
}

// lastAt returns s last reviewed at t, as after an answer at t.
func lastAt(s starcards.Schedule, t time.Time) starcards.Schedule {
	s.LastReview = t.UTC()
	return s
}

// answered is a review-log entry for card id answered at t from state st.
func answered(id string, t time.Time, st starcards.State) starcards.Review {
	cid, _ := starcards.ParseCardID(id)
	return starcards.Review{Card: cid, Time: t.UTC(), Rating: starcards.Good, Before: starcards.Schedule{State: st}}
}

func ids(q Queue) []string {
	out := make([]string, len(q.Cards))
	for i, id := range q.Cards {
		out[i] = id.String()
	}
	return out
}

func TestBuildQueue(t *testing.T) {
	min := func(n int) time.Time { return qnow.Add(time.Duration(n) * time.Minute) }
	hour := func(n int) time.Time { return qnow.Add(time.Duration(n) * time.Hour) }
	cfg := starcards.DefaultConfig()
	tests := []struct {
		name   string
		cards  []starcards.CardState
		today  []starcards.Review
		cfg    func(*starcards.Config)
		f      Options
		want   []string
		counts Counts
		next   time.Time // NextLearning
	}{
		{
			name: "Order",
			cards: []starcards.CardState{
				card("a/section/new1", "", newS()),
				card("a/section/rev-later", "", reviewS(hour(10))), // 00:00, before 04:00
				card("a/section/rev-tomorrow", "", reviewS(hour(15))),
				card("a/section/learn2", "", learnS(min(-1))),
				card("a/section/new2", "", newS()),
				card("a/section/rev-overdue", "", reviewS(hour(-72))),
				card("a/section/learn1", "", relearnS(min(-30))),
				card("a/section/learn-later", "", learnS(min(45))),
				card("b/quiz/new3", "", newS()),
			},
			want: []string{
				"a/section/learn1", "a/section/learn2", "a/section/rev-overdue", "a/section/rev-later",
				"a/section/new1", "a/section/new2", "b/quiz/new3",
			},
			counts: Counts{New: 3, Learning: 2, Review: 2},
			next:   min(45),
		},
		{
			name: "DueNow",
			cards: []starcards.CardState{
				card("a/section/learn", "", learnS(qnow)),
				card("a/section/learn-1s", "", learnS(qnow.Add(time.Second))),
			},
			want:   []string{"a/section/learn"}, // no learn-ahead: the queue is not empty
			counts: Counts{Learning: 1},
			next:   qnow.Add(time.Second),
		},
		{
			name: "Skipped",
			cards: []starcards.CardState{
				{Card: starcards.Card{ID: starcards.CardID{Story: "a", Kind: starcards.KindSection, Key: "retired"}}, Retired: true},
				card("a/section/suspended", "", starcards.Schedule{Suspended: true}),
				card("a/section/buried", "", starcards.Schedule{BuriedUntil: hour(1).UTC()}),
				card("a/section/unburied", "", starcards.Schedule{BuriedUntil: qnow.UTC()}),
				card("a/section/suspended-review", "", func() starcards.Schedule { s := reviewS(hour(-1)); s.Suspended = true; return s }()),
			},
			want:   []string{"a/section/unburied"},
			counts: Counts{New: 1},
		},
		{
			name: "NewLimit",
			cards: []starcards.CardState{
				card("a/section/n1", "", newS()), card("a/section/n2", "", newS()),
				card("a/section/n3", "", newS()), card("a/section/n4", "", newS()),
			},
			today: []starcards.Review{
				answered("a/section/done", hour(-2), starcards.StateNew),
				answered("a/section/old", hour(-11), starcards.StateNew), // 03:00: yesterday
			},
			cfg:    func(c *starcards.Config) { c.NewPerDay = 3 },
			want:   []string{"a/section/n1", "a/section/n2"},
			counts: Counts{New: 2},
		},
		{
			name:  "NewLimitUsedUp",
			cards: []starcards.CardState{card("a/section/n1", "", newS())},
			today: []starcards.Review{
				answered("a/section/x", hour(-2), starcards.StateNew),
				answered("a/section/y", hour(-1), starcards.StateNew),
			},
			cfg:  func(c *starcards.Config) { c.NewPerDay = 1 },
			want: []string{},
		},
		{
			name: "ReviewLimit",
			cards: []starcards.CardState{
				card("a/section/r1", "", reviewS(hour(-3))), card("a/section/r2", "", reviewS(hour(-2))),
				card("a/section/r3", "", reviewS(hour(-1))), card("a/section/l1", "", learnS(min(-5))),
			},
			today: []starcards.Review{
				answered("a/section/x", hour(-2), starcards.StateReview),
				answered("a/section/y", hour(-1), starcards.StateLearning), // not a review
			},
			cfg:    func(c *starcards.Config) { c.ReviewsPerDay = 3 },
			want:   []string{"a/section/l1", "a/section/r1", "a/section/r2"},
			counts: Counts{Learning: 1, Review: 2},
		},
		{
			name: "FilterLimit",
			cards: []starcards.CardState{
				card("a/section/l1", "", learnS(min(-5))), card("a/section/r1", "", reviewS(hour(-1))),
				card("a/section/n1", "", newS()), card("a/section/n2", "", newS()),
			},
			f:      Options{Limit: 3},
			want:   []string{"a/section/l1", "a/section/r1", "a/section/n1"},
			counts: Counts{Learning: 1, Review: 1, New: 1},
		},
		{
			name: "FilterStoryKinds",
			cards: []starcards.CardState{
				card("a/section/s", "", newS()), card("a/quiz/q", "", newS()), card("a/angle/g", "", newS()),
				card("b/quiz/q", "", newS()), card("b/section/s", "", reviewS(hour(-1))),
			},
			f:      Options{Filter: starcards.Filter{Stories: []string{"a"}, Kinds: []starcards.Kind{starcards.KindQuiz, starcards.KindSection}}},
			want:   []string{"a/section/s", "a/quiz/q"},
			counts: Counts{New: 2},
		},
		{
			name: "OneSiblingPerFacet",
			cards: []starcards.CardState{
				card("a/phrase/p1", "section/action", newS()),
				card("a/section/action", "section/action", reviewS(hour(-1))),
				card("a/phrase/p2", "section/action", reviewS(hour(-2))),
				card("a/phrase/p3", "section/result", newS()),
				card("a/phrase/p4", "section/result", newS()),
				card("b/phrase/p1", "section/action", newS()), // another story
				card("a/quiz/x", "", newS()),
				card("a/quiz/y", "", newS()),
			},
			want:   []string{"a/phrase/p2", "a/phrase/p3", "b/phrase/p1", "a/quiz/x", "a/quiz/y"},
			counts: Counts{Review: 1, New: 4},
		},
		{
			name: "AnsweredFacetBuried",
			cards: []starcards.CardState{
				card("a/phrase/p1", "section/action", newS()),
				card("a/section/action", "section/action", lastAt(relearnS(min(-1)), min(-6))), // answered, back in relearning
				card("a/phrase/p2", "section/action", reviewS(hour(-2))),
				card("a/phrase/r1", "section/result", lastAt(reviewS(hour(30)), hour(-1))), // answered, now in review
				card("a/phrase/r2", "section/result", reviewS(hour(-2))),
				card("a/phrase/t1", "section/task", learnS(min(-3))), // sibling answered
				card("a/phrase/t2", "section/task", lastAt(learnS(min(60)), min(-10))),
				card("a/phrase/s1", "section/situation", newS()),
			},
			today: []starcards.Review{
				answered("a/section/action", min(-6), starcards.StateReview),
				answered("a/phrase/r1", hour(-1), starcards.StateReview),
				answered("a/phrase/t2", min(-10), starcards.StateNew),
			},
			want:   []string{"a/section/action", "a/phrase/s1"},
			counts: Counts{Learning: 1, New: 1},
			next:   min(60),
		},
		{
			name: "ManyNewSiblings",
			cards: func() []starcards.CardState {
				cs := []starcards.CardState{card("a/section/r", "f", reviewS(hour(-1)))}
				for i := range 40 {
					cs = append(cs, card(fmt.Sprintf("a/phrase/f%d", i), "f", newS()))
				}
				return append(cs, card("a/phrase/g", "g", newS()), card("a/phrase/h", "h", newS()))
			}(),
			cfg:    func(c *starcards.Config) { c.NewPerDay = 1 },
			want:   []string{"a/section/r", "a/phrase/g"},
			counts: Counts{Review: 1, New: 1},
		},
		{
			name: "AnsweredCardNotLearning",
			cards: []starcards.CardState{
				card("a/phrase/p1", "section/action", lastAt(reviewS(hour(-1)), hour(-2))), // answered today, due again (odd log)
			},
			today: []starcards.Review{answered("a/phrase/p1", hour(-2), starcards.StateReview)},
			want:  []string{},
		},
		{
			name: "LearnAhead",
			cards: []starcards.CardState{
				card("a/section/l2", "", learnS(min(19))),
				card("a/section/l1", "", learnS(min(5))),
				card("a/section/l3", "", learnS(min(21))),
			},
			want:   []string{"a/section/l1", "a/section/l2"},
			counts: Counts{Learning: 2},
			next:   min(21),
		},
		{
			name: "NoLearnAheadWhileReviews",
			cards: []starcards.CardState{
				card("a/section/l1", "", learnS(min(5))),
				card("a/section/r1", "", reviewS(hour(-1))),
			},
			want:   []string{"a/section/r1"},
			counts: Counts{Review: 1},
			next:   min(5),
		},
		{
			name: "LearnAheadSiblings",
			cards: []starcards.CardState{
				card("a/phrase/p1", "f", learnS(min(5))),
				card("a/phrase/p2", "f", learnS(min(6))),
				card("a/phrase/p3", "g", learnS(min(12))),
			},
			want:   []string{"a/phrase/p1", "a/phrase/p3"},
			counts: Counts{Learning: 2},
		},
		{
			name: "LearningTomorrow",
			cards: []starcards.CardState{
				card("a/section/l1", "", learnS(hour(16))), // after 04:00 tomorrow
			},
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			q := BuildQueue(tt.cards, tt.today, c, qnow, tt.f)
			if got := ids(q); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Cards=%v,\nwant %v", got, tt.want)
			}
			if q.Counts != tt.counts {
				t.Errorf("Counts=%+v, want %+v", q.Counts, tt.counts)
			}
			if q.Counts.Total() != len(q.Cards) {
				t.Errorf("Total=%d, want %d", q.Counts.Total(), len(q.Cards))
			}
			if !q.NextLearning.Equal(tt.next) {
				t.Errorf("NextLearning=%v, want %v", q.NextLearning, tt.next)
			}
		})
	}
}

func TestBuildQueueDayBoundary(t *testing.T) {
	cfg := starcards.DefaultConfig()
	cfg.NewPerDay = 1
	cards := []starcards.CardState{
		card("a/section/rev", "", reviewS(time.Date(2025, 3, 10, 10, 0, 0, 0, est))),
		card("a/section/new", "", newS()),
	}
	today := []starcards.Review{answered("a/section/other", time.Date(2025, 3, 10, 3, 50, 0, 0, est), starcards.StateNew)}
	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		// Still 9 March's study day: the review is tomorrow's, the new card
		// limit is used up by the 03:50 answer.
		{"0359", time.Date(2025, 3, 10, 3, 59, 0, 0, est), []string{}},
		// 10 March's study day: the 03:50 answer was yesterday's.
		{"0401", time.Date(2025, 3, 10, 4, 1, 0, 0, est), []string{"a/section/rev", "a/section/new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := BuildQueue(cards, today, cfg, tt.now, Options{})
			if got := ids(q); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Cards=%v, want %v", got, tt.want)
			}
		})
	}
	// 03:59 local read in UTC is 08:59, in the study day of 10 March that
	// began at 04:00 UTC and holds the 03:50 local answer: the zone of now
	// decides.
	q := BuildQueue(cards, today, cfg, time.Date(2025, 3, 10, 8, 59, 0, 0, time.UTC), Options{})
	if got, want := ids(q), []string{"a/section/rev"}; !reflect.DeepEqual(got, want) {
		t.Errorf("in UTC: Cards=%v, want %v", got, want)
	}
}

func TestDayCounts(t *testing.T) {
	cfg := starcards.DefaultConfig()
	cfg.NewPerDay = 2
	cards := []starcards.CardState{
		card("a/section/l1", "", learnS(qnow.Add(-time.Minute))),
		card("a/section/l2", "", learnS(qnow.Add(3*time.Hour))),
		card("a/section/l3", "", learnS(qnow.Add(20*time.Hour))), // tomorrow
		card("a/section/r1", "", reviewS(qnow.Add(-day))),
		card("a/section/r2", "", reviewS(qnow.Add(13*time.Hour))),
		card("a/section/r3", "", reviewS(qnow.Add(15*time.Hour))), // tomorrow
		card("a/section/n1", "", newS()), card("a/section/n2", "", newS()), card("a/section/n3", "", newS()),
		card("a/phrase/p1", "x", newS()), card("a/phrase/p2", "x", reviewS(qnow.Add(-day))),
	}
	got := DayCounts(cards, nil, cfg, qnow, Options{Limit: 1})
	if want := (Counts{Learning: 2, Review: 3, New: 2}); got != want {
		t.Errorf("DayCounts=%+v, want %+v", got, want)
	}
	if q := BuildQueue(cards, nil, cfg, qnow, Options{}); q.Counts != (Counts{Learning: 1, Review: 3, New: 2}) {
		t.Errorf("BuildQueue counts=%+v", q.Counts)
	}
}

func TestBuildQueueAfterAnswers(t *testing.T) {
	// A session: answer the head of the queue until it is empty, rebuilding
	// the queue after each answer, and check the day's rules hold.
	cfg := starcards.DefaultConfig()
	cfg.NewPerDay = 4
	cfg.Fuzz = false
	s := MustNew(t, cfg)
	var cards []starcards.CardState
	for _, facet := range []string{"section/situation", "section/action", "section/result"} {
		for _, k := range []string{"1", "2"} {
			cards = append(cards, card("a/phrase/"+strings.ReplaceAll(facet, "/", "-")+k, facet, newS()))
		}
	}
	cards = append(cards, card("a/quiz/q", "", reviewS(qnow.Add(-day))))
	var today []starcards.Review
	now := qnow
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		q := BuildQueue(cards, today, cfg, now, Options{})
		if len(q.Cards) == 0 {
			if q.NextLearning.IsZero() {
				break
			}
			now = q.NextLearning
			continue
		}
		id := q.Cards[0]
		for j := range cards {
			if cards[j].Card.ID == id {
				before := cards[j].Schedule
				cards[j].Schedule = s.Answer(id, before, starcards.Good, now)
				today = append(today, starcards.Review{Card: id, Time: now.UTC(), Rating: starcards.Good, Before: before, After: cards[j].Schedule})
				seen[cards[j].Card.Facet+"|"+id.String()] = true
			}
		}
		now = now.Add(30 * time.Second)
	}
	facets := map[string]int{}
	for k := range seen {
		facets[strings.SplitN(k, "|", 2)[0]]++
	}
	want := map[string]int{"section/situation": 1, "section/action": 1, "section/result": 1, "": 1}
	if !reflect.DeepEqual(facets, want) {
		t.Errorf("cards studied per facet=%v, want %v (seen %v)", facets, want, seen)
	}
	for _, c := range cards {
		if c.Schedule.State == starcards.StateLearning || c.Schedule.State == starcards.StateRelearning {
			t.Errorf("%v still learning at the end of the session", c.Card.ID)
		}
	}
}

// TestBuildQueueLater: the new cards of Options.Later's stories (the
// built-in sample once the user has stories) come after every other
// story's, whatever the collection order; their due cards do not wait.
func TestBuildQueueLater(t *testing.T) {
	cards := []starcards.CardState{
		card("sample/outline/story", "", newS()),
		card("sample/mistake/task", "", newS()),
		card("sample/section/task", "", reviewS(qnow.Add(-time.Hour))),
		card("mine/outline/story", "", newS()),
		card("mine/mistake/task", "", newS()),
		card("other/outline/story", "", newS()),
	}
	for _, tc := range []struct {
		name   string
		later  []string
		limit  int // new cards a day
		filter starcards.Filter
		want   []string
	}{
		{"NoLater", nil, 3, starcards.Filter{}, []string{"sample/section/task", "sample/outline/story", "sample/mistake/task", "mine/outline/story"}},
		{"SampleLater", []string{"sample"}, 3, starcards.Filter{}, []string{"sample/section/task", "mine/outline/story", "mine/mistake/task", "other/outline/story"}},
		{"RoomLeft", []string{"sample"}, 5, starcards.Filter{}, []string{"sample/section/task", "mine/outline/story", "mine/mistake/task", "other/outline/story", "sample/outline/story", "sample/mistake/task"}},
		{"OnlyTheSample", []string{"sample"}, 3, starcards.Filter{Stories: []string{"sample"}}, []string{"sample/section/task", "sample/outline/story", "sample/mistake/task"}},
		{"TwoLater", []string{"sample", "mine"}, 2, starcards.Filter{}, []string{"sample/section/task", "other/outline/story", "sample/outline/story"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := starcards.DefaultConfig()
			cfg.NewPerDay = tc.limit
			q := BuildQueue(cards, nil, cfg, qnow, Options{Filter: tc.filter, Later: tc.later})
			if got := ids(q); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("queue %v, want %v", got, tc.want)
			}
		})
	}
}
