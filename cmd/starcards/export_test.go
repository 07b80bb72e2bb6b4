package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "star.apkg")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A failed write leaves the existing file as it was and no temporary file.
	fail := errors.New("disk full")
	err := writeFileAtomic(out, func(w io.Writer) error {
		io.WriteString(w, "half a package")
		return fail
	})
	if !errors.Is(err, fail) {
		t.Fatalf("err = %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("after a failed write the file holds %q, want the old content", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after a failed write the directory holds %d entries, want 1", len(entries))
	}
	// A successful write replaces it.
	if err := writeFileAtomic(out, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); string(b) != "new" {
		t.Errorf("file holds %q, want new", b)
	}
	// A missing directory is one clear error and creates nothing.
	err = writeFileAtomic(filepath.Join(dir, "missing", "x.apkg"), func(io.Writer) error { return nil })
	if err == nil || err.Error() != filepath.Join(dir, "missing")+": no such directory" {
		t.Errorf("missing directory: err = %v", err)
	}
}
