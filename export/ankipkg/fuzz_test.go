package ankipkg

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead: any bytes give a package or one of Read's errors, never a panic.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"anki-latest.apkg", "anki-legacy.apkg", "anki-foreign.apkg"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		pkg, err := Read(bytes.NewReader(b), int64(len(b)), dir)
		if err != nil {
			if !errors.Is(err, ErrNotPackage) && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTooNew) {
				t.Fatalf("Read: unexpected error kind: %v", err)
			}
			return
		}
		if pkg.Format < Legacy1 || pkg.Format > Latest {
			t.Fatalf("Format = %v", pkg.Format)
		}
		for _, c := range pkg.Cards {
			if c.Type < 0 || c.Type > 3 || c.Queue < -3 || c.Queue > 4 {
				t.Fatalf("card %+v out of range", c)
			}
		}
	})
}

// FuzzMetaVersion: the protobuf reader never panics and never reports a
// negative version.
func FuzzMetaVersion(f *testing.F) {
	for _, b := range [][]byte{{0x08, 0x03}, {0x08, 0x02}, {0x12, 0x02, 'h', 'i', 0x08, 0x03}, {0x0d, 1, 2, 3, 4}, {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, err := metaVersion(b); err == nil && v < 0 {
			t.Fatalf("metaVersion = %d", v)
		}
	})
}

// FuzzCardData: any data column gives a memory state in range or none.
func FuzzCardData(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"s":12.3456,"d":5.123,"dr":0.9,"decay":0.154,"lrt":1735000000}`, `{"s":"x","d":1}`, `{"s":1e400,"d":-1}`, `not json`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		var c Card
		parseData(&c, data)
		if c.HasMemory && (c.Stability <= 0 || c.Difficulty <= 0) {
			t.Fatalf("memory state %v/%v from %q", c.Stability, c.Difficulty, data)
		}
		if !c.HasMemory && (c.Stability != 0 || c.Difficulty != 0) {
			t.Fatalf("stray memory state from %q", data)
		}
	})
}
