package starcards_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

func TestDayStart(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	tests := []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"BeforeHour", time.Date(2026, 11, 3, 3, 59, 0, 0, ny), time.Date(2026, 11, 2, 4, 0, 0, 0, ny)},
		{"AtHour", time.Date(2026, 11, 3, 4, 0, 0, 0, ny), time.Date(2026, 11, 3, 4, 0, 0, 0, ny)},
		{"AfterHour", time.Date(2026, 11, 3, 4, 1, 0, 0, ny), time.Date(2026, 11, 3, 4, 0, 0, 0, ny)},
		{"NewYear", time.Date(2027, 1, 1, 2, 0, 0, 0, ny), time.Date(2026, 12, 31, 4, 0, 0, 0, ny)},
		{"DSTEnd", time.Date(2026, 11, 1, 12, 0, 0, 0, ny), time.Date(2026, 11, 1, 4, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := starcards.DayStart(tt.at, 4); !got.Equal(tt.want) {
				t.Errorf("DayStart(%v) = %v, want %v", tt.at, got, tt.want)
			}
			next := starcards.NextDayStart(tt.at, 4)
			if want := starcards.DayStart(next, 4); !next.Equal(want) || !next.After(tt.at) {
				t.Errorf("NextDayStart(%v) = %v, not a later day start", tt.at, next)
			}
		})
	}
}

func TestParseCardID(t *testing.T) {
	tests := []struct {
		in      string
		want    starcards.CardID
		wantErr bool
	}{
		{"s/section/action", starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "action"}, false},
		{"s/followup/why/not", starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "why/not"}, false},
		{"s/nope/x", starcards.CardID{}, true},
		{"s/section", starcards.CardID{}, true},
		{"/section/x", starcards.CardID{}, true},
		{"s/section/", starcards.CardID{}, true},
	}
	for _, tt := range tests {
		got, err := starcards.ParseCardID(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseCardID(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
		if err == nil && string(got.Append([]byte("x:"))) != "x:"+tt.in {
			t.Errorf("Append = %q, want %q", got.Append([]byte("x:")), "x:"+tt.in)
		}
	}
}

func TestParseRating(t *testing.T) {
	for in, want := range map[string]starcards.Rating{"1": starcards.Again, "Hard": starcards.Hard, "good": starcards.Good, "4": starcards.Easy} {
		if got, err := starcards.ParseRating(in); err != nil || got != want {
			t.Errorf("ParseRating(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := starcards.ParseRating("5"); err == nil {
		t.Error("ParseRating(5) succeeded")
	}
}

func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{"": "", "action": "Action", "été": "Été", "⏱ x": "⏱ x"} {
		if got := starcards.Capitalize(in); got != want {
			t.Errorf("Capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func ExampleDayStart() {
	at := time.Date(2026, 11, 3, 3, 59, 0, 0, time.UTC)
	fmt.Println(starcards.DayStart(at, 4).Format(time.DateTime))
	fmt.Println(starcards.NextDayStart(at, 4).Format(time.DateTime))
	// Output:
	// 2026-11-02 04:00:00
	// 2026-11-03 04:00:00
}

// TestOptionLetter: letters count as an HTML ordered list of type A, which
// the Anki export uses.
func TestOptionLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := starcards.OptionLetter(i); got != want {
			t.Errorf("OptionLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

// TestFilter is the one table for card selection: every command that takes
// --story and --kind selects through Filter.Match.
func TestFilter(t *testing.T) {
	a := starcards.CardID{Story: "a", Kind: starcards.KindSection, Key: "action"}
	b := starcards.CardID{Story: "b", Kind: starcards.KindQuiz, Key: "q"}
	tests := []struct {
		name   string
		f      starcards.Filter
		wantA  bool
		wantB  bool
		wantAl bool
	}{
		{"Zero", starcards.Filter{}, true, true, true},
		{"EmptyKinds", starcards.Filter{Kinds: []starcards.Kind{}}, true, true, true},
		{"EmptyStories", starcards.Filter{Stories: []string{}}, true, true, true},
		{"Story", starcards.Filter{Stories: []string{"a"}}, true, false, false},
		{"Stories", starcards.Filter{Stories: []string{"b", "a"}}, true, true, false},
		{"Kind", starcards.Filter{Kinds: []starcards.Kind{starcards.KindQuiz}}, false, true, false},
		{"StoryAndKind", starcards.Filter{Stories: []string{"a"}, Kinds: []starcards.Kind{starcards.KindQuiz}}, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Match(a); got != tt.wantA {
				t.Errorf("Match(a) = %v, want %v", got, tt.wantA)
			}
			if got := tt.f.Match(b); got != tt.wantB {
				t.Errorf("Match(b) = %v, want %v", got, tt.wantB)
			}
			if got := tt.f.All(); got != tt.wantAl {
				t.Errorf("All() = %v, want %v", got, tt.wantAl)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	storyKeys := []string{"id", "title", "question", "principles", "role", "sections", "weak_answer", "quizzes"}
	configKeys := []string{"desired-retention", "maximum-interval", "fuzz", "new-per-day", "reviews-per-day", "day-start"}
	for _, tc := range []struct {
		name, s string
		known   []string
		want    string
	}{
		{"Transposition", "titel", storyKeys, "title"},
		{"Deletion", "sectons", storyKeys, "sections"},
		{"Case", "TITLE", storyKeys, "title"},
		{"UnderscoreForDash", "new_per_day", configKeys, "new-per-day"},
		{"DashForUnderscore", "weak-answer", storyKeys, "weak_answer"},
		{"SpaceForUnderscore", "weak answr", storyKeys, "weak_answer"},
		{"TwoEditsLongWord", "desierd-retension", configKeys, "desired-retention"},
		{"Substring", "retention", configKeys, "desired-retention"},
		{"AmbiguousSubstring", "per-day", configKeys, ""},
		{"ShortWordOneEdit", "fuz", configKeys, "fuzz"},
		{"TwoLetters", "ix", storyKeys, "id"},
		{"FarOff", "whatever", storyKeys, ""},
		{"TooFarForShort", "rl", storyKeys, ""},
		{"Unicode", "sectiöns", storyKeys, "sections"},
		{"Empty", "", storyKeys, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := starcards.Suggest(tc.s, tc.known); got != tc.want {
				t.Errorf("Suggest(%q) = %q, want %q", tc.s, got, tc.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a", "", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"ab", "ba", 1},
		{"titel", "title", 1},
		{"café", "cafe", 1},
		{"abc", "abc", 0},
	} {
		if got := starcards.EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
