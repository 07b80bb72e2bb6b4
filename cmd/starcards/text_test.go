package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
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

// FuzzIndentJSON: indentJSON indents compact JSON as json.Indent does.
func FuzzIndentJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,2,{}],"b":{"c":[]},"d":"x,y:{}[]\"\\"}`, `[{"k":null,"t":true}]`, `"s"`, `12.5e3`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(s)) != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentJSON(nil, compact.Bytes()); string(got) != want.String() {
			t.Fatalf("indentJSON(%s) =\n%s\nwant\n%s", compact.Bytes(), got, want.String())
		}
	})
}

// TestWriteJSONMatchesEncoder: writeJSON writes what a json.Encoder with
// an indent of two spaces writes, then escapeJSON.
func TestWriteJSONMatchesEncoder(t *testing.T) {
	type inner struct {
		S []string          `json:"s"`
		M map[string]string `json:"m,omitempty"`
		E struct{}          `json:"e"`
		Z []int             `json:"z"`
	}
	for _, v := range []any{
		map[string]any{"a": 1, "b": []any{}, "c": map[string]any{}, "d": "x\u202ey<&>", "e": nil},
		[]inner{{S: []string{"a", "b\"c\\"}, M: map[string]string{"k": "\u0085"}, Z: []int{}}, {}},
		"plain", 3.5,
		[]string{},
	} {
		var want strings.Builder
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		if err := writeJSON(&got, v); err != nil {
			t.Fatal(err)
		}
		if got.String() != escapeJSON(want.String()) {
			t.Errorf("writeJSON(%v) =\n%s\nwant\n%s", v, got.String(), escapeJSON(want.String()))
		}
	}
}

// FuzzOneLine: the shortcut for text already on one line changes nothing
// oneLine writes.
func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"", "a b", " a", "a  b", "a\tb", "x\u0085y", "\u202eabc", "\xff ok", "long text here"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			return
		}
		want := strings.Join(strings.Fields(safe(s)), " ")
		if utf8.RuneCountInString(want) > n {
			want = string([]rune(want)[:n-1]) + "…"
		}
		if got := oneLine(s, n); got != want {
			t.Fatalf("oneLine(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}
