package store

import (
	"fmt"
	"slices"
	"testing"

	"github.com/starcards/starcards"
)

func TestFindSimilar(t *testing.T) {
	idx := map[string][]string{}
	var many []string
	for i := range 1000 {
		many = append(many, fmt.Sprintf("s%d", i))
	}
	idx[fold("Tell me about a time")] = many
	idx[fold("Pager")] = []string{"pager", "s1"}
	for _, tc := range []struct {
		name  string
		story starcards.Story
		want  []string
	}{
		{"capped", starcards.Story{ID: "new", Title: "x", Question: "Tell me about a TIME?"}, []string{"s0", "s1", "s2"}},
		{"self left out", starcards.Story{ID: "s0", Question: "tell me about a time"}, []string{"s1", "s2", "s3"}},
		{"title and question deduplicated", starcards.Story{ID: "new", Title: "pager", Question: "Nothing alike"}, []string{"pager", "s1"}},
		{"none", starcards.Story{ID: "new", Title: "Other"}, nil},
	} {
		if got := findSimilar(idx, &tc.story); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
