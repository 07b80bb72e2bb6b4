package store

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// TestRewrite: a rewrite's batches land in the collection together, by
// one rename; the collection as it was is kept; the old DB refuses
// writes; a failing rewrite (or one whose keep name is taken) changes
// nothing and leaves nothing behind; a killed rewrite's copy is removed by
// the next.
func TestRewrite(t *testing.T) {
	story := func(id string) StoryImport {
		return storyImport(t, strings.Replace(storyV1, "id: s", "id: "+id, 1))
	}
	boom := errors.New("boom")
	for _, tt := range []struct {
		name    string
		keepSet bool // the keep name exists already
		fill    func(cp *DB) error
		wantErr error
	}{
		{"Batches", false, func(cp *DB) error {
			im := cp.NewImporter(t0)
			for _, id := range []string{"a", "b"} {
				if _, err := im.Import([]StoryImport{story(id)}); err != nil {
					return err
				}
			}
			return nil
		}, nil},
		{"FillFails", false, func(cp *DB) error {
			if _, err := cp.Import([]StoryImport{story("a")}, t0); err != nil {
				return err
			}
			return boom
		}, boom},
		{"KeepTaken", true, func(cp *DB) error {
			_, err := cp.Import([]StoryImport{story("a")}, t0)
			return err
		}, fs.ErrExist},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := sampleFile(t)
			dir := filepath.Dir(path)
			keep := filepath.Join(dir, "backups", "kept.db")
			if tt.keepSet {
				os.MkdirAll(filepath.Dir(keep), 0o700)
				os.WriteFile(keep, []byte("taken"), 0o600)
			}
			// A copy a killed rewrite left behind.
			stale := filepath.Join(dir, ".collection.db.rewrite-123")
			os.WriteFile(stale, []byte("stale"), 0o600)
			before, _ := os.ReadFile(path)
			db, err := Open(path, Options{}, t0)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Rewrite(keep, tt.fill)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Rewrite = %v, want %v", err, tt.wantErr)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".rewrite-") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
			if tt.wantErr != nil {
				if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
					t.Error("a failed rewrite changed the collection")
				}
				if got, _ := os.ReadFile(keep); !tt.keepSet && got != nil || tt.keepSet && string(got) != "taken" {
					t.Errorf("keep = %q after a failed rewrite", got)
				}
				if _, err := db.Import([]StoryImport{story("c")}, t0); err != nil {
					t.Errorf("the DB refuses writes after a failed rewrite: %v", err)
				}
				return
			}
			if _, err := db.Import([]StoryImport{story("c")}, t0); !errors.Is(err, ErrReplaced) {
				t.Errorf("a write through the replaced DB: %v, want ErrReplaced", err)
			}
			db.Close()
			if kept, _ := os.ReadFile(keep); !bytes.Equal(kept, before) {
				t.Error("the kept file is not the collection as it was")
			}
			now, err := Open(path, Options{ReadOnly: true}, t0)
			if err != nil {
				t.Fatal(err)
			}
			defer now.Close()
			for _, id := range []string{"a", "b"} {
				if ok, err := now.HasStory(id); !ok || err != nil {
					t.Errorf("story %s after the rewrite: %v %v", id, ok, err)
				}
			}
			if rep, err := now.Check(t0.Add(time.Hour)); err != nil || len(rep.Damaged()) > 0 {
				t.Errorf("check after the rewrite: %v %v", rep.Damaged(), err)
			}
			states, _ := now.States()
			if n := countStory(states, "webhook-drop-rate"); n == 0 {
				t.Error("the sample's cards are gone")
			}
		})
	}
}

func countStory(states []starcards.CardState, id string) int {
	n := 0
	for _, cs := range states {
		if cs.Card.ID.Story == id {
			n++
		}
	}
	return n
}

// TestImporterSimilarAcrossBatches: a story is named similar to one of an
// earlier batch, and a failed batch leaves no trace in the index.
func TestImporterSimilarAcrossBatches(t *testing.T) {
	db := MustOpen(t)
	im := db.NewImporter(t0)
	a := storyImport(t, strings.Replace(storyV1, "id: s", "id: a", 1))
	if _, err := im.Import([]StoryImport{a}); err != nil {
		t.Fatal(err)
	}
	// A batch refused for a story of another file.
	bad := storyImport(t, strings.Replace(strings.Replace(storyV1, "id: s", "id: a", 1), "title: T", "title: U", 1))
	bad.Source, bad.Hash = "/elsewhere.yaml", "other"
	x := storyImport(t, strings.Replace(strings.Replace(storyV1, "id: s", "id: x", 1), "title: T", "title: U", 1))
	if _, err := im.Import([]StoryImport{x, bad}); !errors.Is(err, ErrOtherSource) {
		t.Fatalf("refused batch: %v", err)
	}
	b := storyImport(t, strings.Replace(storyV1, "id: s", "id: b", 1))
	u := storyImport(t, strings.Replace(strings.Replace(storyV1, "id: s", "id: u", 1), "title: T", "title: U", 1))
	reps, err := im.Import([]StoryImport{b, u})
	if err != nil {
		t.Fatal(err)
	}
	if got := reps[0].Similar; len(got) != 1 || got[0] != "a" {
		t.Errorf("b similar to %v, want [a]", got)
	}
	if got := reps[1].Similar; len(got) != 0 {
		t.Errorf("u similar to %v, want none (x was never written)", got)
	}
}

// TestRewriteThroughSymlink: a collection reached through a symbolic link
// is rewritten where the link points, and the link stays a link.
func TestRewriteThroughSymlink(t *testing.T) {
	real := sampleFile(t)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	db, err := Open(link, Options{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keep := filepath.Join(filepath.Dir(real), "backups", "kept.db")
	err = db.Rewrite(keep, func(cp *DB) error {
		_, err := cp.Import([]StoryImport{storyImport(t, strings.Replace(storyV1, "id: s", "id: a", 1))}, t0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link is no longer a link: %v %v", fi, err)
	}
	now, err := Open(link, Options{ReadOnly: true}, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer now.Close()
	if ok, _ := now.HasStory("a"); !ok {
		t.Error("the story is not in the collection the link names")
	}
}
