package atomicfile_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/starcards/starcards/store/atomicfile"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	boom := errors.New("boom")
	for _, tt := range []struct {
		name    string
		write   func(io.Writer) error
		wantErr error
		want    string
	}{
		{"New", func(w io.Writer) error { _, err := io.WriteString(w, "one"); return err }, nil, "one"},
		{"Replace", func(w io.Writer) error { _, err := io.WriteString(w, "two"); return err }, nil, "two"},
		// A failing writer leaves the old file as it was, and nothing else.
		{"Fail", func(w io.Writer) error { io.WriteString(w, "partial"); return boom }, boom, "two"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := atomicfile.Write(name, 0o640, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Write = %v, want %v", err, tt.wantErr)
			}
			got, _ := os.ReadFile(name)
			if string(got) != tt.want {
				t.Errorf("file = %q, want %q", got, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("directory holds %d entries, want only the file", len(entries))
			}
			if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o640 {
				t.Errorf("mode = %v, want 0640", fi.Mode().Perm())
			}
		})
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "no", "such", "dir"), nil, 0o600); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteFile into a missing directory = %v, want ErrNotExist", err)
	}
}

func TestLink(t *testing.T) {
	dir := t.TempDir()
	tmp, name := filepath.Join(dir, "tmp"), filepath.Join(dir, "name")
	os.WriteFile(tmp, []byte("whole"), 0o600)
	if err := atomicfile.Link(tmp, name); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); string(got) != "whole" {
		t.Errorf("linked file = %q", got)
	}
	os.WriteFile(tmp, []byte("other"), 0o600)
	os.Remove(name)
	os.WriteFile(name, []byte("first"), 0o600)
	if err := atomicfile.Link(tmp, name); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Link over an existing file = %v, want ErrExist", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "first" {
		t.Errorf("existing file became %q", got)
	}
}

func ExampleWriteFile() {
	dir, _ := os.MkdirTemp("", "atomicfile")
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "notes.txt")
	// Readers of notes.txt see the old contents or the new, never a mix.
	if err := atomicfile.WriteFile(name, []byte("kept safe\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(name)
	fmt.Print(string(b))
	// Output: kept safe
}
