package main

import (
	"io"
	"os"
)

// spoolMemory is how much output a spool keeps in memory before it
// moves to a temporary file.
const spoolMemory = 8 << 20

// spool holds the output a read-only command writes while the collection
// is open, so that the command can stream its output from the
// collection yet release the collection before printing: printing may
// block on a slow or stopped reader (a pager, a full pipe), and a
// writer must not wait for it (see TestReadersReleaseLock). It keeps
// the first spoolMemory bytes in memory, the rest in a temporary file
// removed at the end; if no temporary file can be made it keeps all in
// memory.
//
// Output that cannot block — a regular file, or a writer that is not a
// file (a test's buffer) — goes through directly.
type spool struct {
	w      io.Writer
	direct bool
	limit  int // bytes kept in memory: spoolMemory
	mem    []byte
	file   *os.File
	remove string // the file's name if it is still to be removed
}

func newSpool(w io.Writer) *spool {
	s := &spool{w: w, direct: true, limit: spoolMemory}
	if f, ok := w.(*os.File); ok {
		fi, err := f.Stat()
		s.direct = err == nil && fi.Mode().IsRegular()
	}
	return s
}

func (s *spool) Write(p []byte) (int, error) {
	if s.direct {
		return s.w.Write(p)
	}
	if s.file == nil && len(s.mem)+len(p) > s.limit {
		if f, err := os.CreateTemp("", "starcards-out-*"); err == nil {
			s.file = f
			// Unlinked at once where the system allows it, so that
			// nothing is left behind even if the process is killed.
			if os.Remove(f.Name()) != nil {
				s.remove = f.Name()
			}
		}
	}
	if s.file == nil {
		s.mem = append(s.mem, p...)
		return len(p), nil
	}
	return s.file.Write(p)
}

// flush writes what the spool holds to its output and removes its
// temporary file. Call it once the collection is closed.
func (s *spool) flush() error {
	defer s.discard()
	if s.direct {
		return nil
	}
	if _, err := s.w.Write(s.mem); err != nil {
		return err
	}
	s.mem = nil
	if s.file == nil {
		return nil
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(s.w, s.file)
	return err
}

// discard drops what the spool holds; flush calls it, and a command that
// fails before flushing should.
func (s *spool) discard() {
	s.mem = nil
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
	if s.remove != "" {
		os.Remove(s.remove)
		s.remove = ""
	}
}
