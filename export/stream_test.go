package export

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// TestParallelDeflate compresses inputs around the block size in pieces of
// odd sizes and checks that compress/flate reads each back as one stream.
func TestParallelDeflate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the webhook pipeline dropped events and I added a retry queue")
	for _, n := range []int{0, 1, 100, deflateBlock - 1, deflateBlock, deflateBlock + 1, 5*deflateBlock + 12345} {
		var in bytes.Buffer
		for in.Len() < n {
			if rng.IntN(4) == 0 {
				in.WriteByte(byte(rng.Uint32()))
			} else {
				in.WriteString(words[rng.IntN(len(words))] + " ")
			}
		}
		in.Truncate(n)
		var out bytes.Buffer
		z := newParallelDeflate(&out)
		for p := in.Bytes(); len(p) > 0; {
			k := min(len(p), 1+rng.IntN(300_000))
			if w, err := z.Write(p[:k]); err != nil || w != k {
				t.Fatalf("%d bytes: Write = %d, %v", n, w, err)
			}
			p = p[k:]
		}
		if err := z.Close(); err != nil {
			t.Fatalf("%d bytes: Close: %v", n, err)
		}
		got, err := io.ReadAll(flate.NewReader(&out))
		if err != nil || !bytes.Equal(got, in.Bytes()) {
			t.Errorf("%d bytes: read back %d bytes (%v), want the input", n, len(got), err)
		}
	}
}

// TestParallelDeflateWriteError checks that a failing writer stops the
// compressor with its error.
func TestParallelDeflateWriteError(t *testing.T) {
	z := newParallelDeflate(failWriter{})
	data := bytes.Repeat([]byte("abc"), 3*deflateBlock)
	_, werr := z.Write(data)
	cerr := z.Close()
	if werr == nil && cerr == nil {
		t.Fatal("no error from a failing writer")
	}
}

// logSource is a Collection as a store reads it: reviews in log order
// (by time, then answer order), cards one at a time.
type logSource struct {
	*collectionSource
	cardsOutOfOrder bool
}

func (s logSource) Cards(ids []starcards.CardID, fn func(*starcards.Card) error) error {
	if s.cardsOutOfOrder && len(ids) > 1 {
		ids = append([]starcards.CardID{ids[1], ids[0]}, ids[2:]...)
	}
	return s.collectionSource.Cards(ids, fn)
}

// Reviews gives the log as it is (sorted by time), without the collection
// source's sort.
func (s logSource) Reviews(fn func([]byte, *starcards.Review) error) error {
	for i := range s.col.Reviews {
		r := s.col.Reviews[i]
		card := []byte(r.Card.String())
		r.Card = starcards.CardID{} // as a store gives it
		if err := fn(card, &r); err != nil {
			return err
		}
	}
	return nil
}

// TestApkgFromSource exports the same collections through Apkg and through
// ApkgFrom with a source that gives the log in store order, and checks the
// tables are the same: the package depends on the collection, not on how
// it is read.
func TestApkgFromSource(t *testing.T) {
	sched := scheduledCollection()
	// Two answers in one millisecond, and one after the export time: ids
	// are made unique in log order, the late one clamped to Now.
	late := sched.Reviews[len(sched.Reviews)-1]
	late.Time = testNow.Add(time.Hour)
	same := sched.Reviews[0]
	sched.Reviews = append(sched.Reviews, same, late)
	sortReviews(sched.Reviews)
	noStory := testCollection()
	noStory.Stories = nil // decks from the cards' Story fields
	blank := testCollection()
	blank.Stories[0].Title = "  "
	for name, col := range map[string]Collection{"scheduled": sched, "no story": noStory, "blank title": blank, "generated": generated(30, true, testNow), "generated, many batches": generated(300, true, testNow)} {
		for _, withSched := range []bool{false, true} {
			opts := Options{WithScheduling: withSched, Now: testNow, TempDir: t.TempDir()}
			want := tables(t, MustApkg(t, col, opts))
			var buf bytes.Buffer
			if err := ApkgFrom(&buf, logSource{collectionSource: newCollectionSource(&col, opts)}, opts); err != nil {
				t.Fatalf("%s: ApkgFrom: %v", name, err)
			}
			if got := tables(t, buf.Bytes()); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, scheduling %v: ApkgFrom's tables differ from Apkg's", name, withSched)
			}
		}
	}
	// A reader held to one note batch ahead of the sink waits for it, and
	// the package is the same.
	defer func(n int) { notesAhead = n }(notesAhead)
	notesAhead = 1
	big := generated(300, true, testNow)
	opts := Options{WithScheduling: true, Now: testNow, TempDir: t.TempDir()}
	want := tables(t, MustApkg(t, big, opts))
	var buf bytes.Buffer
	if err := ApkgFrom(&buf, logSource{collectionSource: newCollectionSource(&big, opts)}, opts); err != nil {
		t.Fatalf("one batch ahead: ApkgFrom: %v", err)
	}
	if got := tables(t, buf.Bytes()); !reflect.DeepEqual(got, want) {
		t.Error("one batch ahead: ApkgFrom's tables differ from Apkg's")
	}
	col := testCollection()
	opts = Options{Now: testNow, TempDir: t.TempDir()}
	err := ApkgFrom(io.Discard, logSource{collectionSource: newCollectionSource(&col, opts), cardsOutOfOrder: true}, opts)
	if err == nil || !strings.Contains(err.Error(), "out of turn") {
		t.Errorf("a source giving cards out of turn: %v", err)
	}
}

// tables returns every row of the package's tables, in id order.
func tables(t *testing.T, data []byte) map[string]string {
	t.Helper()
	p := MustOpen(t, data)
	out := map[string]string{}
	for _, table := range []string{"col", "notes", "cards", "revlog", "graves"} {
		out[table] = fmt.Sprint(p.rows(t, "select * from "+table+" order by 1, 2"))
	}
	out["schema"] = fmt.Sprint(p.rows(t, "select type, name, tbl_name, sql from sqlite_master order by name"))
	return out
}

// errSource fails in one of its passes.
type errSource struct {
	*collectionSource
	pass string
}

var errPass = errors.New("source failed")

func (s errSource) Cards(ids []starcards.CardID, fn func(*starcards.Card) error) error {
	if s.pass == "cards" {
		return errPass
	}
	return s.collectionSource.Cards(ids, fn)
}

func (s errSource) Reviews(fn func([]byte, *starcards.Review) error) error {
	if s.pass == "reviews" {
		return errPass
	}
	return s.collectionSource.Reviews(fn)
}

func (s errSource) Story(id string) (*starcards.Story, error) {
	if s.pass == "story" {
		return nil, errPass
	}
	return s.collectionSource.Story(id)
}

// TestApkgFromSourceErrors checks that an error of any pass ends the export
// with it and writes nothing.
func TestApkgFromSourceErrors(t *testing.T) {
	col := scheduledCollection()
	for _, pass := range []string{"cards", "reviews", "story"} {
		opts := Options{WithScheduling: true, Now: testNow, TempDir: t.TempDir()}
		var buf bytes.Buffer
		if err := ApkgFrom(&buf, errSource{newCollectionSource(&col, opts), pass}, opts); !errors.Is(err, errPass) || buf.Len() > 0 {
			t.Errorf("%s fails: %v, %d bytes written", pass, err, buf.Len())
		}
	}
}
