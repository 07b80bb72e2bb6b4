package export

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteSamples writes sample packages for checking by hand with
// ../shared/tools/apkg-check/check.sh --strict. It runs only when
// STARCARDS_APKG_OUT names a directory:
//
//	STARCARDS_APKG_OUT=/tmp/apkg go test -run WriteSamples ./export
//
// Samples are dated at the real time of the run, so the checker's "now"
// matches them.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("STARCARDS_APKG_OUT")
	if dir == "" {
		t.Skip("STARCARDS_APKG_OUT not set")
	}
	now := time.Now().In(zone).Truncate(time.Second)
	shift := func(col Collection) Collection {
		// The hand-built collections are dated around testNow; move them to now.
		d := now.Sub(testNow)
		for i := range col.Reviews {
			r := &col.Reviews[i]
			r.Time = r.Time.Add(d)
			r.Before = shifted(r.Before, d)
			r.After = shifted(r.After, d)
		}
		for i := range col.Cards {
			col.Cards[i].Schedule = shifted(col.Cards[i].Schedule, d)
		}
		return col
	}
	samples := []struct {
		name  string
		col   Collection
		sched bool
	}{
		{"small.apkg", testCollection(), false},
		{"scheduled.apkg", shift(scheduledCollection()), true},
		{"adversarial.apkg", adversarialCollection(), true},
		{"sample.apkg", shift(sampleCollection()), true},
		{"generated-1000.apkg", generated(1000, true, now), true},
	}
	for _, s := range samples {
		data := MustApkg(t, s.col, Options{WithScheduling: s.sched, Now: now})
		path := filepath.Join(dir, s.name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", path, len(data))
	}
}
