package store

import (
	"path/filepath"
	"testing"

	"github.com/starcards/starcards/decks"
)

// BenchmarkImport1000 parses 1,000 generated story files, generates their
// cards and imports them into a fresh collection in one synced transaction.
func BenchmarkImport1000(b *testing.B) {
	files := make([][]byte, 1000)
	for i := range files {
		files[i] = decks.GenerateStory(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "c.db")
		b.StartTimer()
		imports := make([]StoryImport, len(files))
		cards := 0
		for i, f := range files {
			s, err := decks.Parse(f, "story.yaml")
			if err != nil {
				b.Fatal(err)
			}
			imports[i] = StoryImport{Story: s, Cards: decks.Cards(s), Hash: "h", Source: "story.yaml"}
			cards += len(imports[i].Cards)
		}
		db, err := Open(path, Options{}, t0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Import(imports, t0); err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.ReportMetric(float64(cards), "cards")
	}
}
