package export

import (
	"io"
	"testing"
)

// BenchmarkApkg exports 10,000 notes (1,000 generated stories, 12,000 Anki
// cards) with scheduling and a review log of about 40,000 answers. Measure
// peak memory on the compiled test binary:
//
//	go test -c -o /tmp/export.test ./export
//	/usr/bin/time -v /tmp/export.test -test.run '^$' -test.bench Apkg -test.benchtime 1x -test.benchmem
func BenchmarkApkg(b *testing.B) {
	col := generated(1000, true, testNow)
	if len(col.Cards) != 10_000 {
		b.Fatalf("generated %d cards, want 10000", len(col.Cards))
	}
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := Apkg(io.Discard, col, Options{WithScheduling: true, Now: testNow, TempDir: dir}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(col.Reviews)), "reviews")
}
