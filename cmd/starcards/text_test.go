package main

import (
	"strings"
	"testing"
)

// TestWriteJSONArrayMatchesWriteJSON: the streamed array is byte for byte
// what writeJSON writes for the whole slice, escapes included.
func TestWriteJSONArrayMatchesWriteJSON(t *testing.T) {
	type item struct {
		ID   string            `json:"id"`
		N    int               `json:"n"`
		Tags []string          `json:"tags"`
		M    map[string]string `json:"m,omitempty"`
	}
	for _, items := range [][]item{
		{},
		{{ID: "a", N: 1}},
		{{ID: "a\u202eb", N: 2, Tags: []string{"x", "\u0085y"}}, {ID: "<&>", M: map[string]string{"k": "v"}}, {ID: "", Tags: []string{}}},
	} {
		var whole, streamed strings.Builder
		if err := writeJSON(&whole, items); err != nil {
			t.Fatal(err)
		}
		if err := writeJSONArray(&streamed, len(items), func(i int) any { return items[i] }); err != nil {
			t.Fatal(err)
		}
		if whole.String() != streamed.String() {
			t.Errorf("streamed:\n%s\nwant:\n%s", streamed.String(), whole.String())
		}
	}
}
