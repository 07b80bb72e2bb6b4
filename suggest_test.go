package starcards

import "testing"

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
			if got := Suggest(tc.s, tc.known); got != tc.want {
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
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
