package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpool: output to a pipe is held (past the memory limit in a
// temporary file, removed at the end) until flush, then written whole;
// output to a regular file or a buffer goes through at once.
func TestSpool(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	want := strings.Repeat("0123456789", 1000)
	write := func(s *spool) {
		for i := 0; i < len(want); i += 700 {
			if _, err := io.WriteString(s, want[i:min(i+700, len(want))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Run("Pipe", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		s := newSpool(w)
		s.limit = 2000
		write(s)
		if s.direct || s.file == nil {
			t.Fatalf("direct=%v, file=%v: want the output spooled to a file", s.direct, s.file)
		}
		left, _ := filepath.Glob(filepath.Join(os.TempDir(), "starcards-out-*"))
		got := make(chan string)
		go func() { b, _ := io.ReadAll(r); got <- string(b) }()
		if err := s.flush(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		if g := <-got; g != want {
			t.Errorf("read %d bytes back, want %d", len(g), len(want))
		}
		if after, _ := filepath.Glob(filepath.Join(os.TempDir(), "starcards-out-*")); len(after) > 0 || len(left) > 0 {
			t.Errorf("temporary files left: %v %v", left, after)
		}
	})
	t.Run("RegularFile", func(t *testing.T) {
		f, err := os.Create(filepath.Join(t.TempDir(), "out"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		s := newSpool(f)
		write(s)
		if fi, _ := f.Stat(); !s.direct || fi.Size() != int64(len(want)) {
			t.Errorf("direct=%v, %d bytes in the file before flush; want all written through", s.direct, fi.Size())
		}
		if err := s.flush(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Buffer", func(t *testing.T) {
		var b bytes.Buffer
		s := newSpool(&b)
		write(s)
		if !s.direct || b.String() != want {
			t.Errorf("direct=%v, %d bytes written through, want %d", s.direct, b.Len(), len(want))
		}
	})
}
