package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/export/ankipkg"
)

// TestExportStoryReviews: a one-story export with scheduling reads that
// story's answers through the history index (store.DB.ReviewsOf); it must
// carry exactly the answers the whole-log scan would, and none of another
// story's.
func TestExportStoryReviews(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	run := func(args ...string) {
		t.Helper()
		var stderr bytes.Buffer
		if code := Run(context.Background(), append([]string{"starcards", "--db", db}, args...), nil, io.Discard, &stderr); code != 0 {
			t.Fatalf("starcards %v: exit %d: %s", args, code, stderr.String())
		}
	}
	story := filepath.Join(dir, "other.yaml")
	if err := os.WriteFile(story, decks.GenerateStory(1), 0o644); err != nil {
		t.Fatal(err)
	}
	run("import", story)
	revlog := func(args ...string) int {
		t.Helper()
		out := filepath.Join(dir, "out.apkg")
		run(append([]string{"export", "apkg", "--with-scheduling", "--force", "-o", out}, args...)...)
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fi, _ := f.Stat()
		pkg, err := ankipkg.Read(f, fi.Size(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return len(pkg.Revlog)
	}
	run("grade", "webhook-drop-rate/section/task", "good")
	run("grade", "webhook-drop-rate/section/result", "again")
	one, all := revlog("--story", "webhook-drop-rate"), revlog()
	if one == 0 || one != all {
		t.Fatalf("one-story export has %d revlog rows, the whole collection %d: want the same, not 0", one, all)
	}
	run("grade", "story-0001/section/task", "good")
	if again := revlog("--story", "webhook-drop-rate"); again != one {
		t.Errorf("after answering another story, the one-story export has %d revlog rows, want %d", again, one)
	}
	if whole := revlog(); whole <= all {
		t.Errorf("whole export has %d revlog rows after another answer, want more than %d", whole, all)
	}
}
