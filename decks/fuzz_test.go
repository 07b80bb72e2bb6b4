package decks

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzParse checks that no input makes the parser panic, that every error is
// a *ParseError, and that a parsed story re-encodes and re-parses to itself.
func FuzzParse(f *testing.F) {
	f.Add(SampleYAML)
	f.Add([]byte(minimal))
	f.Add([]byte(`{"id": "s", "title": "T", "sections": {"task": {"example": "x"}}}`))
	files, _ := filepath.Glob("testdata/cards/*.txtar")
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil {
			for _, af := range ar.Files {
				if af.Name == "story.yaml" {
					f.Add(af.Data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			return
		}
		Cards(s)
		out, err := Encode(s)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Parse(out, "re.yaml")
		if err != nil {
			t.Fatalf("re-parse of encoded story failed: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("round trip changed the story:\n got %#v\nwant %#v\n%s", back, s, out)
		}
	})
}
