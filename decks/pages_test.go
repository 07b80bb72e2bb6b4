package decks

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestParsePageFixtures reads the walkthrough pages of testdata/pages, each
// a txtar archive of page.txt (a page in the site's format, written for
// these tests), story.yaml (the story it must give, compared field by
// field) and warnings (the lines it must leave out, one "line: message" a
// line). go test ./decks -update rewrites story.yaml and warnings from what
// the parser gives: check the diff by hand.
func TestParsePageFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/pages/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			parts := map[string][]byte{}
			for _, f := range ar.Files {
				parts[f.Name] = f.Data
			}
			pg, err := ParsePage(parts["page.txt"], "page.txt")
			if err != nil {
				t.Fatal(err)
			}
			var warns bytes.Buffer
			for _, w := range pg.Warnings {
				warns.WriteString(w.String() + "\n")
			}
			if *update {
				out, err := Encode(pg.Story)
				if err != nil {
					t.Fatal(err)
				}
				set := func(name string, data []byte) {
					for i := range ar.Files {
						if ar.Files[i].Name == name {
							ar.Files[i].Data = data
							return
						}
					}
					ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
				}
				set("story.yaml", out)
				set("warnings", warns.Bytes())
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := Parse(parts["story.yaml"], file+":story.yaml")
			if err != nil {
				t.Fatal(err)
			}
			diffStories(t, pg.Story, want)
			if got := warns.String(); got != string(parts["warnings"]) {
				t.Errorf("warnings:\n got %s\nwant %s", got, parts["warnings"])
			}
			// Every part of the story has a line on the page.
			for _, path := range []string{"id", "title", "sections"} {
				if pg.Pos[path].Line == 0 {
					t.Errorf("no position for %s", path)
				}
			}
			for i := range pg.Story.Followups {
				if pg.Pos[followupPath(i)].Line == 0 {
					t.Errorf("no position for follow-up %d", i)
				}
			}
		})
	}
}

func followupPath(i int) string { return "followups[" + string(rune('0'+i%10)) + "]" }
