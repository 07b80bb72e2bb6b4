package ankipkg

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// truth is what the real Anki reported about a fixture package it
// exported (written by .ci/anki/roundtrip.py next to the package).
type truth struct {
	Crt      int64 `json:"crt"`
	Today    int64 `json:"today"`
	Rollover int   `json:"rollover"`
	Cards    []struct {
		ID         int64   `json:"id"`
		GUID       string  `json:"guid"`
		Ord        int     `json:"ord"`
		Card       string  `json:"card"`
		Type       int     `json:"type"`
		Queue      int     `json:"queue"`
		Due        int64   `json:"due"`
		Ivl        int64   `json:"ivl"`
		Reps       int64   `json:"reps"`
		Lapses     int64   `json:"lapses"`
		Stability  float64 `json:"stability"`
		Difficulty float64 `json:"difficulty"`
		Revlog     []int64 `json:"revlog"`
	} `json:"cards"`
}

func mustFixture(tb testing.TB, name string) ([]byte, *truth) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	var t truth
	if js, err := os.ReadFile(filepath.Join("testdata", name+".json")); err == nil {
		if err := json.Unmarshal(js, &t); err != nil {
			tb.Fatal(err)
		}
	}
	return b, &t
}

func mustRead(tb testing.TB, b []byte) *Package {
	tb.Helper()
	pkg, err := Read(bytes.NewReader(b), int64(len(b)), tb.TempDir())
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return pkg
}

// TestReadAnkiPackages reads packages the real Anki exported, in both
// formats, and compares every card and revlog row with what Anki said.
func TestReadAnkiPackages(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format Format
	}{
		{"anki-latest.apkg", Latest},
		{"anki-legacy.apkg", Legacy2},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, want := mustFixture(t, tc.file)
			pkg := mustRead(t, b)
			if pkg.Format != tc.format {
				t.Errorf("Format = %v, want %v", pkg.Format, tc.format)
			}
			if pkg.Timing.Crt != want.Crt || pkg.Timing.Rollover != want.Rollover {
				t.Errorf("Timing = %+v, want crt %d rollover %d", pkg.Timing, want.Crt, want.Rollover)
			}
			if len(pkg.Cards) != len(want.Cards) {
				t.Fatalf("%d cards, want %d", len(pkg.Cards), len(want.Cards))
			}
			byID := map[int64]Card{}
			for _, c := range pkg.Cards {
				byID[c.ID] = c
			}
			rows := map[int64][]int64{}
			for _, r := range pkg.Revlog {
				rows[r.CardID] = append(rows[r.CardID], r.ID)
			}
			for _, w := range want.Cards {
				c, ok := byID[w.ID]
				if !ok {
					t.Errorf("card %d missing", w.ID)
					continue
				}
				if c.GUID != w.GUID || c.Ord != w.Ord || c.Type != w.Type || c.Queue != w.Queue || c.Due != w.Due || c.Ivl != w.Ivl || c.Reps != w.Reps || c.Lapses != w.Lapses {
					t.Errorf("card %d = %+v, want %+v", w.ID, c, w)
				}
				if c.HasMemory != (w.Stability > 0) || math.Abs(c.Stability-w.Stability) > 1e-3 || math.Abs(c.Difficulty-w.Difficulty) > 1e-3 {
					t.Errorf("card %d memory = %v %v %v, want %v %v", w.ID, c.HasMemory, c.Stability, c.Difficulty, w.Stability, w.Difficulty)
				}
				if got := rows[w.ID]; len(got) != len(w.Revlog) {
					t.Errorf("card %d revlog = %v, want %v", w.ID, got, w.Revlog)
				} else {
					for i := range got {
						if got[i] != w.Revlog[i] {
							t.Errorf("card %d revlog = %v, want %v", w.ID, got, w.Revlog)
							break
						}
					}
				}
			}
		})
	}
}

func zipOf(tb testing.TB, entries map[string][]byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range entries {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadErrors: what is not a readable Anki package is one error, of the
// right kind.
func TestReadErrors(t *testing.T) {
	latest, _ := mustFixture(t, "anki-latest.apkg")
	legacy, _ := mustFixture(t, "anki-legacy.apkg")
	// A bit flipped in the compressed collection: the zip's checksum fails.
	flipped := bytes.Clone(latest)
	flipped[entryOffset(t, latest, "collection.anki21b")+100] ^= 0x40
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"NotZip", []byte("id: webhook\ntitle: not a package\n"), ErrNotPackage},
		{"Empty", nil, ErrNotPackage},
		{"ZipWithoutCollection", zipOf(t, map[string][]byte{"media": []byte("{}")}), ErrNotPackage},
		{"Truncated", latest[:len(latest)/2], ErrDamaged},
		{"Flipped", flipped, ErrDamaged},
		{"NotSQLite", zipOf(t, map[string][]byte{"collection.anki2": []byte("SQLite format 2, not really")}), ErrDamaged},
		{"NotZstd", zipOf(t, map[string][]byte{"collection.anki21b": []byte("plain bytes"), "meta": {0x08, 0x03}}), ErrDamaged},
		{"MetaTooNew", zipOf(t, map[string][]byte{"collection.anki21b": nil, "meta": {0x08, 0x09}}), ErrTooNew},
		{"MetaVersionUnknown", zipOf(t, map[string][]byte{"collection.anki21b": nil, "meta": {}}), ErrTooNew},
		{"MetaGarbage", zipOf(t, map[string][]byte{"collection.anki2": nil, "meta": {0xff}}), ErrDamaged},
		{"MetaLatestWithoutAnki21b", zipOf(t, map[string][]byte{"collection.anki2": nil, "meta": {0x08, 0x02}}), ErrDamaged},
		{"LegacyTruncatedDB", truncateEntry(t, legacy, "collection.anki21"), ErrDamaged},
		// meta says legacy 2: collection.anki21 is read, not the newer file
		// (which is fine here).
		{"MetaPicksTheFile", zipOf(t, map[string][]byte{"collection.anki21b": entryBytes(t, latest, "collection.anki21b"), "collection.anki21": []byte("not SQLite"), "meta": {0x08, 0x02}}), ErrDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(tc.data), int64(len(tc.data)), t.TempDir())
			if !errors.Is(err, tc.want) {
				t.Fatalf("Read = %v, want %v", err, tc.want)
			}
		})
	}
}

// entryBytes is the content of the named entry of pkg.
func entryBytes(tb testing.TB, pkg []byte, name string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		tb.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(rc); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// entryOffset is where the named entry's data starts in pkg.
func entryOffset(tb testing.TB, pkg []byte, name string) int64 {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			off, err := f.DataOffset()
			if err != nil {
				tb.Fatal(err)
			}
			return off
		}
	}
	tb.Fatalf("no %s in package", name)
	return 0
}

// truncateEntry rewrites a package with the named entry cut to a tenth.
func truncateEntry(tb testing.TB, pkg []byte, name string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		rc.Close()
		b := buf.Bytes()
		if f.Name == name {
			b = b[:len(b)/10]
		}
		out[f.Name] = b
	}
	return zipOf(tb, out)
}

func TestMetaVersion(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		want int
		ok   bool
	}{
		{"Empty", nil, 0, true},
		{"Legacy2", []byte{0x08, 0x02}, 2, true},
		{"Latest", []byte{0x08, 0x03}, 3, true},
		{"UnknownFieldsSkipped", []byte{0x12, 0x02, 'h', 'i', 0x08, 0x03, 0x1d, 1, 2, 3, 4}, 3, true},
		{"TruncatedVarint", []byte{0x08, 0x80}, 0, false},
		{"BadLength", []byte{0x12, 0x09, 'x'}, 0, false},
		{"BadWireType", []byte{0x0b}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := metaVersion(tc.b)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("metaVersion = %d, %v; want %d, ok %v", got, err, tc.want, tc.ok)
			}
		})
	}
}
