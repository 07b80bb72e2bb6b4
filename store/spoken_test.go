package store

import (
	"bytes"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// TestSpokenReview checks that a review's Spoken flag (drill and mock)
// survives the log, in full entries and outlines, and that an entry without
// it is stored as before (no flag byte).
func TestSpokenReview(t *testing.T) {
	db := MustOpen(t)
	if _, err := db.Import([]StoryImport{storyImport(t, storyV1)}, t0); err != nil {
		t.Fatal(err)
	}
	id := starcards.CardID{Story: "s", Kind: starcards.KindFollowup, Key: "why"}
	after := starcards.Schedule{State: starcards.StateLearning, Due: t0.Add(10 * time.Minute), Reps: 1, LastReview: t0}
	r := starcards.Review{Card: id, Time: t0, Rating: starcards.Hard, Duration: 95 * time.Second, Spoken: true, After: after}
	if err := db.Answer(r); err != nil {
		t.Fatal(err)
	}
	log, err := db.ReviewsSince(time.Time{})
	if err != nil || len(log) != 1 || !log[0].Spoken || log[0].Duration != r.Duration {
		t.Fatalf("log = %+v (err %v), want one spoken entry of %v", log, err, r.Duration)
	}
	var outline ReviewOutline
	db.ReviewOutlines(time.Time{}, func(r ReviewOutline) bool { outline = r; return true })
	if !outline.Spoken {
		t.Errorf("ReviewOutlines lost Spoken: %+v", outline)
	}
	plain := r
	plain.Spoken = false
	a, b := unsealed(encodeReview(plain)), unsealed(encodeReview(r))
	if !bytes.Equal(a, b[:len(b)-1]) || b[len(b)-1] != reviewSpoken {
		t.Errorf("spoken entry is not the plain entry plus a flag byte")
	}
	if _, err := decodeReview(make([]byte, 16), seal(append(b, 0))); err == nil {
		t.Errorf("an entry with two trailing bytes decoded")
	}
	if _, err := decodeReview(make([]byte, 16), seal(append(a[:len(a):len(a)], 0x80))); err == nil {
		t.Errorf("an entry with an unknown flag decoded")
	}
}
