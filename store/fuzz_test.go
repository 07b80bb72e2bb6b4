package store

import (
	"bytes"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
)

// The record decoders meet bytes from a file that may be damaged: each must
// return a record or an error, never panic, and a record that decodes must
// encode to the bytes it came from (no two encodings of one record). The
// fuzzer's input is the record without its checksum, which each target
// seals: random bytes would almost never pass the checksum and reach the
// decoder. The raw input is tried as a sealed record too.

func FuzzDecodeSched(f *testing.F) {
	for _, c := range decks.Cards(decks.Sample())[:5] {
		f.Add(unsealed(schedRecord{id: c.ID.String(), facet: c.Facet, sched: starcards.Schedule{State: starcards.StateReview, Due: t0, LastReview: t0, Stability: 3, Reps: 2}}.encode()))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, p []byte) {
		decodeSched(p)
		b := seal(p)
		r, err := decodeSched(b)
		if err != nil {
			return
		}
		if again := r.encode(); !bytes.Equal(again, b) {
			t.Fatalf("re-encoded %x, want %x", again, b)
		}
	})
}

func FuzzDecodeReview(f *testing.F) {
	id := starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "task"}
	r := starcards.Review{Card: id, Time: t0, Rating: starcards.Good, Duration: time.Second, After: starcards.Schedule{State: starcards.StateLearning, Due: t0, LastReview: t0}}
	f.Add(reviewKey(t0, 1), unsealed(encodeReview(r)))
	f.Add(reviewKey(time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC), 2), unsealed(encodeReview(r)))
	f.Fuzz(func(t *testing.T, key, p []byte) {
		decodeReview(key, p)
		b := seal(p)
		r, err := decodeReview(key, b)
		o, oerr := decodeReviewOutline(key, b)
		if err != nil {
			return
		}
		if oerr != nil {
			t.Fatalf("the entry decodes but its outline does not: %v", oerr)
		}
		if o.Card != r.Card || !o.Time.Equal(r.Time) || o.Rating != r.Rating || o.BeforeState != r.Before.State {
			t.Fatalf("outline %+v disagrees with entry %+v", o, r)
		}
		if again := reviewKey(r.Time, reviewSeq(key)); !bytes.Equal(again, key) {
			t.Fatalf("key %x does not round-trip (%x)", key, again)
		}
	})
}

func FuzzDecodeCard(f *testing.F) {
	for _, c := range decks.Cards(decks.Sample()) {
		f.Add([]byte(c.ID.String()), unsealed(cardRecord{Card: c, Added: t0, Updated: t0}.encode()))
	}
	f.Fuzz(func(t *testing.T, key, p []byte) {
		decodeCard(key, p)
		b := seal(p)
		r, err := decodeCard(key, b)
		if err != nil {
			return
		}
		if again := r.encode(); !bytes.Equal(again, b) {
			t.Fatalf("re-encoded %x, want %x", again, b)
		}
	})
}

func FuzzDecodeStory(f *testing.F) {
	s := decks.Sample()
	v, _ := storyRecord{Story: toStoryDoc(s), Seq: 1, Source: "sample"}.encode()
	f.Add([]byte(s.ID), unsealed(v))
	rec := storyRecord{Story: toStoryDoc(s), Seq: 1}
	f.Add([]byte(s.ID), unsealed(briefValue(rec)))
	// Text that looks like the record's own fields.
	tricky := *s
	tricky.Title = `},"hash":"x","source":"y"}`
	v, _ = storyRecord{Story: toStoryDoc(&tricky), Seq: 7, Hash: "h", Source: `/a "b"/c.yaml`, Retired: true}.encode()
	f.Add([]byte(s.ID), unsealed(v))
	f.Fuzz(func(t *testing.T, key, p []byte) {
		decodeStory(key, p)
		b := seal(p)
		if r, err := decodeStory(key, b); err == nil {
			st := r.Story.story()
			if st.ID != string(key) {
				t.Fatalf("story %q under key %q", st.ID, key)
			}
			decks.Cards(&st) // a stored story must make cards without panicking
			// The head read of a record as encode writes it agrees with
			// the full decode.
			if again, err := r.encode(); err == nil && bytes.Equal(again, b) {
				h, err := decodeStoryHead(key, b)
				if err != nil || h != (storyHead{ID: st.ID, Hash: r.Hash, Source: r.Source, Seq: r.Seq, Retired: r.Retired}) {
					t.Fatalf("head %+v (%v) disagrees with record %q %q %d %v", h, err, r.Hash, r.Source, r.Seq, r.Retired)
				}
			}
		}
		decodeStoryHead(key, b)
		decodeBrief(key, b)
	})
}

func FuzzDecodeConfig(f *testing.F) {
	v, _ := encodeConfig(starcards.DefaultConfig())
	f.Add(unsealed(v))
	f.Add([]byte(`{"v":2,"config":{"NewPerDay":-5,"Weights":[1e309]}}`))
	f.Fuzz(func(t *testing.T, p []byte) {
		decodeConfig(p)
		cfg, err := decodeConfig(seal(p))
		if err != nil {
			return
		}
		again, err := encodeConfig(cfg)
		if err != nil {
			t.Fatalf("a decoded config does not encode: %v", err)
		}
		if back, err := decodeConfig(again); err != nil || !sameConfig(back, cfg) {
			t.Fatalf("config does not round-trip: %+v → %+v (%v)", cfg, back, err)
		}
	})
}

func sameConfig(a, b starcards.Config) bool {
	x, _ := encodeConfig(a)
	y, _ := encodeConfig(b)
	return bytes.Equal(x, y)
}
