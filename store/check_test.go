package store

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	bolt "go.etcd.io/bbolt"
)

// sampleDB opens a collection holding the sample with two answers.
func sampleDB(t *testing.T) *DB {
	t.Helper()
	db := MustOpen(t)
	s := decks.Sample()
	if _, err := db.Import([]StoryImport{{Story: s, Cards: decks.Cards(s), Source: "sample"}}, t0); err != nil {
		t.Fatal(err)
	}
	for i, key := range []string{"situation", "task"} {
		id := starcards.CardID{Story: s.ID, Kind: starcards.KindSection, Key: key}
		at := t0.Add(time.Duration(i) * time.Minute)
		after := starcards.Schedule{State: starcards.StateLearning, Due: at.Add(10 * time.Minute), Stability: 2.3, Difficulty: 6.4, Reps: 1, LastReview: at}
		if err := db.Answer(starcards.Review{Card: id, Time: at, Rating: starcards.Good, After: after}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// sampleFile writes a collection like sampleDB's and returns its path.
func sampleFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "collection.db")
	db, err := Open(path, Options{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := decks.Sample()
	if _, err := db.Import([]StoryImport{{Story: s, Cards: decks.Cards(s), Source: "sample"}}, t0); err != nil {
		t.Fatal(err)
	}
	return path
}

// poke changes the raw collection, outside the store's code.
func poke(t *testing.T, db *DB, fn func(tx *bolt.Tx) error) {
	t.Helper()
	if err := db.bolt.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestCheck(t *testing.T) {
	task := "webhook-drop-rate/section/task"
	for _, tt := range []struct {
		name      string
		damage    func(tx *bolt.Tx) error
		want      string // in a problem's text
		warning   bool
		repairs   bool // Repair leaves no damage
		readError bool // reading the card fails, naming the damage
	}{
		{"Clean", nil, "", false, true, false},
		{"DamagedCard", func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketCards)
			v := append([]byte(nil), b.Get([]byte(task))...)
			v[30] ^= 0x40
			return b.Put([]byte(task), v)
		}, "card " + task + ": collection is corrupt: a record fails its checksum", false, false, true},
		{"DamagedScheduleRestoredFromIndex", func(tx *bolt.Tx) error {
			key, _ := unseal(tx.Bucket(bucketOrder).Get([]byte(task)))
			v := append([]byte(nil), tx.Bucket(bucketSched).Get(key)...)
			v[5] ^= 1
			return tx.Bucket(bucketSched).Put(key, v)
		}, "fails its checksum", false, true, true},
		{"MissingFromIndex", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketDue).Cursor()
			k, _ := c.First()
			return tx.Bucket(bucketDue).Delete(append([]byte(nil), k...))
		}, "missing from the queue indexes", false, true, false},
		{"StrayIndexEntry", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketFresh).Put(orderKey(9, 9), seal([]byte("x")))
		}, "matches no schedule", false, true, false},
		{"OrderIndex", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketOrder).Put([]byte(task), seal(orderKey(1, 77)))
		}, "the order index does not point at its schedule", false, true, true},
		{"FutureAnswer", func(tx *bolt.Tx) error {
			r := starcards.Review{Card: starcards.CardID{Story: "webhook-drop-rate", Kind: "section", Key: "action"}, Time: t0.AddDate(100, 0, 0), Rating: starcards.Good}
			return appendReview(tx, r)
		}, "logged in the future", true, true, false},
		{"StateDisagrees", func(tx *bolt.Tx) error {
			key, r, err := getSched(tx, task)
			if err != nil {
				return err
			}
			next := r
			next.sched.Stability = 99
			return updateSched(tx, key, r, next)
		}, "its state disagrees with its latest answer", false, false, false},
		{"OutOfRange", func(tx *bolt.Tx) error {
			key, r, err := getSched(tx, task)
			if err != nil {
				return err
			}
			next := r
			next.sched.Difficulty = 42
			return updateSched(tx, key, r, next)
		}, "difficulty 42 out of range", false, false, false},
		{"AnswerToNoCard", func(tx *bolt.Tx) error {
			return appendReview(tx, starcards.Review{Card: starcards.CardID{Story: "gone", Kind: "section", Key: "task"}, Time: t0, Rating: starcards.Good})
		}, "an answer to a card the collection lacks", false, false, false},
		{"Sequence", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketRevseq).Cursor()
			k, _ := c.Last()
			return tx.Bucket(bucketRevseq).Delete(append([]byte(nil), k...))
		}, "missing from the sequence index", false, true, false},
		{"HistoryMissing", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketHistory).Cursor()
			k, _ := c.First()
			return tx.Bucket(bucketHistory).Delete(append([]byte(nil), k...))
		}, "missing from the card's history index", false, true, false},
		{"HistoryStray", func(tx *bolt.Tx) error {
			// An entry filed under the wrong card: the answer is to task.
			c := tx.Bucket(bucketRevlog).Cursor()
			k, _ := c.Last()
			return tx.Bucket(bucketHistory).Put(historyKey("webhook-drop-rate/section/action", k), historyValue)
		}, "names no answer to its card", false, true, false},
		{"HistoryGone", func(tx *bolt.Tx) error {
			return tx.DeleteBucket(bucketHistory)
		}, "the history index is missing", false, true, false},
		{"Outline", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketOutline).Put([]byte("webhook-drop-rate"), seal([]byte(`{"story":{"ID":"webhook-drop-rate","Title":"old"}}`)))
		}, "its outline does not match the story", false, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := sampleDB(t)
			if tt.damage != nil {
				poke(t, db, tt.damage)
			}
			rep, err := db.Check(t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			var found *Problem
			for i, p := range rep.Problems {
				if tt.want != "" && strings.Contains(p.String(), tt.want) {
					found = &rep.Problems[i]
				}
			}
			switch {
			case tt.want == "" && len(rep.Problems) > 0:
				t.Fatalf("clean collection: problems %v", rep.Problems)
			case tt.want != "" && found == nil:
				t.Fatalf("problems %v, want one with %q", rep.Problems, tt.want)
			case found != nil && found.Warning != tt.warning:
				t.Errorf("%v: warning=%v, want %v", found, found.Warning, tt.warning)
			}
			if tt.want != "" && !tt.warning && len(rep.Damaged()) == 0 {
				t.Errorf("Damaged() is empty")
			}
			if rep.Stories != 1 || rep.Cards != 42 {
				t.Errorf("counted %d stories, %d cards; want 1, 42", rep.Stories, rep.Cards)
			}
			if tt.readError {
				_, err := db.Card(starcards.CardID{Story: "webhook-drop-rate", Kind: "section", Key: "task"})
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("reading the damaged card: %v, want ErrCorrupt", err)
				}
			}
			fixed, err := db.Repair(t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if left := fixed.Remaining.Damaged(); tt.repairs != (len(left) == 0) {
				t.Errorf("after Repair: %v (repairable %v)", left, tt.repairs)
			}
			if !tt.repairs {
				// Leave the collection as it is for MustOpen's own checks.
				poke(t, db, func(tx *bolt.Tx) error {
					for _, name := range [][]byte{bucketCards, bucketSched, bucketDue, bucketFresh, bucketOrder, bucketRevlog, bucketRevseq, bucketHistory, bucketOutline, bucketStories} {
						tx.DeleteBucket(name)
						tx.CreateBucket(name)
					}
					return nil
				})
			}
		})
	}
}

func TestCheckOutOfOrder(t *testing.T) {
	db := sampleDB(t)
	// A third answer with a clock an hour behind.
	id := starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: "action"}
	after := starcards.Schedule{State: starcards.StateLearning, Due: t0.Add(-50 * time.Minute), Stability: 2.3, Difficulty: 6.4, Reps: 1, LastReview: t0.Add(-time.Hour)}
	if err := db.Answer(starcards.Review{Card: id, Time: t0.Add(-time.Hour), Rating: starcards.Good, After: after}); err != nil {
		t.Fatal(err)
	}
	rep, _ := db.Check(t0.Add(time.Hour))
	if len(rep.Problems) != 1 || !rep.Problems[0].Warning || !strings.Contains(rep.Problems[0].What, "out of order") && !strings.Contains(rep.Problems[0].What, "clock went back") {
		t.Errorf("problems = %v, want one out-of-order warning", rep.Problems)
	}
	// The log keeps the time the answer was given, and Undo takes it back.
	log, _ := db.ReviewsSince(time.Time{})
	if !log[0].Time.Equal(t0.Add(-time.Hour)) {
		t.Errorf("first logged time = %v, want the real answer time %v", log[0].Time, t0.Add(-time.Hour))
	}
	if r, err := db.Undo(); err != nil || r.Card != id {
		t.Errorf("Undo took back %v (%v), want %v", r.Card, err, id)
	}
}

func TestOpenRefusesOddFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	fifo := filepath.Join(dir, "fifo.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "dir.db")
	os.Mkdir(sub, 0o700)
	dangling := filepath.Join(dir, "dangling.db")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	for _, tt := range []struct {
		name, path string
		want       error
	}{
		{"Empty", empty, ErrEmptyFile},
		{"FIFO", fifo, ErrNotRegular},
		{"Directory", sub, ErrNotRegular},
		{"Device", "/dev/null", ErrNotRegular},
		// A symbolic link to nothing: not followed into a new file.
		{"DanglingLink", dangling, fs.ErrNotExist},
	} {
		for _, ro := range []bool{true, false} {
			_, err := Open(tt.path, Options{ReadOnly: ro, Timeout: 100 * time.Millisecond}, t0)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s (read-only %v): %v, want %v", tt.name, ro, err, tt.want)
			}
		}
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Error("the empty file was written to")
	}
	if entries, _ := os.ReadDir(sub); len(entries) != 0 {
		t.Errorf("the directory gained %d entries", len(entries))
	}
}

func TestOpenWritesNothing(t *testing.T) {
	path := sampleFile(t)
	before, _ := os.ReadFile(path)
	db, err := Open(path, Options{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	// Failing writes change nothing either.
	if err := db.SetSchedule(starcards.CardID{Story: "no", Kind: "section", Key: "such"}, starcards.Schedule{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetSchedule(missing) = %v, want ErrNotFound", err)
	}
	db.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a read-write open and a refused write changed the file")
	}
}

func TestChangeSchedulesAllOrNothing(t *testing.T) {
	db := sampleDB(t)
	ok := starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: "action"}
	missing := starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: "nope"}
	suspend := func(cs starcards.CardState) starcards.Schedule { s := cs.Schedule; s.Suspended = true; return s }
	if err := db.ChangeSchedules([]starcards.CardID{ok, missing}, suspend); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ChangeSchedules with a missing card = %v, want ErrNotFound", err)
	}
	if cs, _ := db.Card(ok); cs.Schedule.Suspended {
		t.Error("a failed bulk change suspended the first card")
	}
	if err := db.ChangeSchedules([]starcards.CardID{ok}, suspend); err != nil {
		t.Fatal(err)
	}
	if cs, _ := db.Card(ok); !cs.Schedule.Suspended {
		t.Error("ChangeSchedules did not suspend the card")
	}
}

func TestCreateIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	boom := errors.New("boom")
	if _, _, err := Create(path, Options{}, t0, func(*DB) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Create with a failing fill = %v, want boom", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed Create left %v behind", entries)
	}
	db, created, err := Create(path, Options{}, t0, func(db *DB) error {
		s := decks.Sample()
		_, err := db.Import([]StoryImport{{Story: s, Cards: decks.Cards(s)}}, t0)
		return err
	})
	if err != nil || !created {
		t.Fatalf("Create = %v, created %v", err, created)
	}
	db.Close()
	// Created meanwhile by another process: opened, not replaced.
	db, created, err = Create(path, Options{}, t0, func(*DB) error { t.Error("fill ran for an existing file"); return nil })
	if err != nil || created {
		t.Fatalf("second Create = %v, created %v; want the existing file opened", err, created)
	}
	if states, _ := db.States(); len(states) != 42 {
		t.Errorf("second Create's collection has %d cards, want the first's 42", len(states))
	}
	db.Close()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "new.db" && e.Name() != "new.db.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestBackupIsConsistentCopy(t *testing.T) {
	db := sampleDB(t)
	path := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Backup(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cp, err := Open(path, Options{ReadOnly: true}, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	cards, reviews, err := cp.Counts()
	if err != nil || cards != 42 || reviews != 2 {
		t.Errorf("backup holds %d cards, %d reviews (%v); want 42, 2", cards, reviews, err)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a read-only open left a lock file beside the backup")
	}
}

// TestBackupToFileSameBytes: a backup written to a file (copied file to
// file) has the bytes of one written through a plain writer.
func TestBackupToFileSameBytes(t *testing.T) {
	db := sampleDB(t)
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.Backup(f)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, _ := os.ReadFile(path)
	if n != int64(len(got)) || !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("file backup: %d bytes (said %d), want the %d of the buffered one", len(got), n, buf.Len())
	}
}

// TestCopyWriterSection: copyWriter copies a section of a file at any
// offset and limit, and leaves the readers where io.Copy would.
func TestCopyWriterSection(t *testing.T) {
	dir := t.TempDir()
	data := make([]byte, 10000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for _, tt := range []struct {
		name            string
		off, size, skip int64
		limit           int64
	}{
		{"Whole", 0, 10000, 0, 10000},
		{"Offset", 8192, 1808, 0, 1808},
		{"Limited", 100, 5000, 0, 1234},
		{"Skipped", 100, 5000, 300, 10000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := os.Create(filepath.Join(dir, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			defer out.Close()
			sr := io.NewSectionReader(in, tt.off, tt.size)
			sr.Seek(tt.skip, io.SeekStart)
			lr := &io.LimitedReader{R: sr, N: tt.limit}
			n, err := copyWriter{out}.ReadFrom(lr)
			if err != nil {
				t.Fatal(err)
			}
			want := data[tt.off+tt.skip : tt.off+min(tt.size, tt.skip+tt.limit)]
			got, _ := os.ReadFile(out.Name())
			if n != int64(len(want)) || !bytes.Equal(got, want) {
				t.Errorf("copied %d bytes (said %d), want %d", len(got), n, len(want))
			}
			if lr.N != tt.limit-n {
				t.Errorf("limit left %d, want %d", lr.N, tt.limit-n)
			}
			if pos, _ := sr.Seek(0, io.SeekCurrent); pos != tt.skip+n {
				t.Errorf("section at %d, want %d", pos, tt.skip+n)
			}
			if rest, _ := io.ReadAll(lr); len(rest) != 0 {
				t.Errorf("%d bytes left to read", len(rest))
			}
		})
	}
}

func TestTurnstileLetsWriterIn(t *testing.T) {
	path := sampleFile(t)
	// A reader holds the collection; a writer waits at the turnstile; a
	// second reader must queue behind the writer rather than share the
	// first reader's lock.
	r1, err := Open(path, Options{ReadOnly: true}, t0)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 2)
	go func() {
		w, err := Open(path, Options{Timeout: 10 * time.Second}, t0)
		got <- "writer" // while it holds the lock: no reader can be in
		if err == nil {
			w.Close()
		}
	}()
	// Wait for the writer to hold the turnstile.
	for !turnstileHeld(path) {
		time.Sleep(5 * time.Millisecond)
	}
	go func() {
		r2, err := Open(path, Options{ReadOnly: true, Timeout: 10 * time.Second}, t0)
		if err == nil {
			r2.Close()
		}
		got <- "reader"
	}()
	time.Sleep(50 * time.Millisecond) // not an assertion: lets the reader arrive
	r1.Close()
	if first := <-got; first != "writer" {
		t.Errorf("%s got in first, want the waiting writer", first)
	}
	<-got
}

func turnstileHeld(path string) bool {
	f, err := os.OpenFile(path+".lock", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// TestCheckDamagedPages overwrites a stretch of every seventh page, the
// damage that made bbolt's own check crash in its goroutine: Check must
// report the file as damaged, never panic. Seeded, deterministic.
func TestCheckDamagedPages(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		path := sampleFile(t)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewSource(seed))
		for pg := 2 + int(seed%7); (pg+1)*4096 <= len(data); pg += 7 {
			off := pg*4096 + 16 + rng.Intn(200)
			rng.Read(data[off : off+32])
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path, Options{ReadOnly: true}, t0)
		if err != nil {
			continue // refused at open: also fine, and no crash
		}
		rep, err := db.Check(t0)
		db.Close()
		if err != nil {
			t.Fatalf("seed %d: Check: %v", seed, err)
		}
		if len(rep.Problems) == 0 {
			t.Errorf("seed %d: damaged file passed check", seed)
		}
	}
}
