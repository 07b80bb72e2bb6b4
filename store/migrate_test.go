package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	bolt "go.etcd.io/bbolt"
)

// v1StoryRecord is the story record of schema 1, written down as it was:
// JSON of the domain struct, whose Go field names were the JSON names.
type v1StoryRecord struct {
	V        int             `json:"v"`
	Story    starcards.Story `json:"story"`
	Hash     string          `json:"hash"`
	Source   string          `json:"source"`
	Seq      uint32          `json:"seq"`
	Imported time.Time       `json:"imported"`
	Retired  bool            `json:"retired,omitempty"`
}

// v1Config is the settings of schema 1, field by field as they were.
type v1Config struct {
	DesiredRetention float64
	MaximumInterval  int
	Fuzz             bool
	NewPerDay        int
	ReviewsPerDay    int
	DayStartHour     int
	LeechThreshold   int
	Weights          []float64
	InterviewDate    time.Time
}

// buildV1 writes a schema-1 collection by hand: buckets, JSON stories and
// settings, unsealed binary records, review-log keys as unsigned unix
// milliseconds (a time before 1970 wrapped around to the end), no sequence
// index. It returns the stories, cards and log it holds.
func buildV1(t *testing.T, path string) (starcards.Story, []starcards.Review) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s := decks.Sample()
	cards := decks.Cards(s)
	a, c := cards[0].ID, cards[1].ID
	after := starcards.Schedule{State: starcards.StateLearning, Due: t0.Add(10 * time.Minute), Stability: 2.3, Difficulty: 6.4, Reps: 1, LastReview: t0}
	log := []starcards.Review{
		{Card: a, Time: t0, Rating: starcards.Good, Duration: 3 * time.Second, After: after},
		// A clock set before 1970: v1 keyed it after every other entry.
		{Card: c, Time: time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), Rating: starcards.Hard, After: after},
	}
	err = b.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketStories, bucketOutline, bucketCards, bucketSched, bucketOrder, bucketDue, bucketFresh, bucketRevlog, bucketConfig} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		meta.Put(keySchemaVersion, u64(1))
		meta.Put(keyCreated, []byte(t0.Format(time.RFC3339)))
		v, _ := json.Marshal(v1StoryRecord{V: 1, Story: *s, Hash: "h", Source: "built-in sample", Seq: 1, Imported: t0})
		tx.Bucket(bucketStories).Put([]byte(s.ID), v)
		tx.Bucket(bucketStories).SetSequence(1)
		v, _ = json.Marshal(map[string]any{"story": map[string]any{"ID": s.ID, "Title": s.Title}, "seq": 1})
		tx.Bucket(bucketOutline).Put([]byte(s.ID), v)
		cfg := v1Config{DesiredRetention: 0.85, MaximumInterval: 100, NewPerDay: 7, ReviewsPerDay: 50, DayStartHour: 5, LeechThreshold: 4, InterviewDate: t0}
		v, _ = json.Marshal(map[string]any{"v": 1, "config": cfg})
		tx.Bucket(bucketConfig).Put(keySettings, v)
		for _, card := range cards {
			key := []byte(card.ID.String())
			rec := cardRecord{Card: card, Added: t0, Updated: t0}
			tx.Bucket(bucketCards).Put(key, unsealed(rec.encode()))
			sr := schedRecord{id: card.ID.String(), facet: card.Facet}
			if card.ID == a || card.ID == c {
				sr.sched = after
			}
			ok := orderKey(1, uint32(card.Ord))
			sv := unsealed(sr.encode())
			tx.Bucket(bucketSched).Put(ok, sv)
			tx.Bucket(bucketOrder).Put(key, ok)
			if sr.sched.State == starcards.StateNew {
				tx.Bucket(bucketFresh).Put(ok, sv)
			} else {
				tx.Bucket(bucketDue).Put(dueKey(sr, ok), sv)
			}
		}
		rl := tx.Bucket(bucketRevlog)
		for i, r := range log {
			k := make([]byte, 16)
			binary.BigEndian.PutUint64(k, uint64(r.Time.UnixMilli()))
			binary.BigEndian.PutUint64(k[8:], uint64(i+1))
			rl.Put(k, unsealed(encodeReview(r)))
		}
		return rl.SetSequence(uint64(len(log)))
	})
	if err != nil {
		t.Fatal(err)
	}
	return *s, log
}

func unsealed(v []byte) []byte { return v[:len(v)-4] }

func TestMigrateFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	story, log := buildV1(t, path)
	before, _ := os.ReadFile(path)

	// Read-only, an old collection is refused and left alone.
	if _, err := Open(path, Options{ReadOnly: true}, t0); !errorsIs(err, ErrNeedsUpgrade) {
		t.Fatalf("read-only Open of v1 = %v, want ErrNeedsUpgrade", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused read-only open changed the file")
	}

	var hook []uint64
	db, err := Open(path, Options{BeforeMigrate: func(_ *DB, from, to uint64) error { hook = append(hook, from, to); return nil }}, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !reflect.DeepEqual(hook, []uint64{1, schemaVersion}) {
		t.Errorf("BeforeMigrate called with %v, want [1 %d]", hook, schemaVersion)
	}
	stories, err := db.Stories()
	if err != nil || len(stories) != 1 || !reflect.DeepEqual(stories[0].Story, story) {
		t.Fatalf("migrated story differs (err %v)", err)
	}
	cfg, err := db.Config()
	want := starcards.DefaultConfig()
	want.DesiredRetention, want.MaximumInterval, want.Fuzz, want.NewPerDay, want.ReviewsPerDay, want.DayStartHour, want.LeechThreshold =
		0.85, 100, false, 7, 50, 5, 4
	if err != nil || !reflect.DeepEqual(cfg, want) {
		t.Errorf("migrated config = %+v (%v), want %+v", cfg, err, want)
	}
	// The interview date became the study plan (migratePlan).
	if p, err := db.Plan(time.UTC); err != nil || p.Interview.Format(time.DateOnly) != t0.Format(time.DateOnly) || p.Minutes != starcards.DefaultPlanMinutes {
		t.Errorf("migrated plan = %+v (%v), want the interview on %s", p, err, t0.Format(time.DateOnly))
	}
	got, err := db.ReviewsSince(time.Time{})
	if err != nil || len(got) != 2 {
		t.Fatalf("migrated log = %v, %v", got, err)
	}
	// Now in time order: the 1969 answer first.
	if !got[0].Time.Equal(log[1].Time) || !got[1].Time.Equal(log[0].Time) {
		t.Errorf("migrated log times = %v, %v; want 1969 first", got[0].Time, got[1].Time)
	}
	// The history index holds both answers (migrateHistory).
	for _, want := range log {
		if h, err := db.CardReviews(want.Card); err != nil || len(h) != 1 || !h[0].Time.Equal(want.Time) {
			t.Errorf("CardReviews(%s) after migration = %v, %v; want its one answer", want.Card, h, err)
		}
	}
	// Undo goes by sequence: the 1969 answer was the later one.
	r, err := db.Undo()
	if err != nil || r.Card != log[1].Card {
		t.Errorf("Undo after migration took back %v (%v), want %v", r.Card, err, log[1].Card)
	}
	outlines, err := db.StoryOutlines()
	if err != nil || len(outlines) != 1 || len(outlines[0].AnglePrinciples) != len(story.Angles) {
		t.Errorf("outline after migration = %+v, %v; want rebuilt with angles", outlines, err)
	}
	rep, _ := db.Check(t0.Add(time.Hour))
	if bad := rep.Damaged(); len(bad) > 0 {
		t.Errorf("check after migration: %v", bad)
	}
}

func errorsIs(err, target error) bool {
	for err != nil {
		if err == target {
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// TestStoryRecordCoversStory fills every field of a story, by reflection, and
// checks that the store's own record keeps it: a field added to the domain
// type without a place in the record fails here.
func TestStoryRecordCoversStory(t *testing.T) {
	var s starcards.Story
	fill(reflect.ValueOf(&s).Elem(), 1)
	rec := storyRecord{Story: toStoryDoc(&s), Seq: 3}
	v, err := rec.encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeStory([]byte(s.ID), v)
	if err != nil {
		t.Fatal(err)
	}
	if back := got.Story.story(); !reflect.DeepEqual(back, s) {
		t.Errorf("story through its record:\n got %+v\nwant %+v", back, s)
	}
	var cfg starcards.Config
	fill(reflect.ValueOf(&cfg).Elem(), 1)
	cv, err := encodeConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := decodeConfig(cv); err != nil || !reflect.DeepEqual(back, cfg) {
		t.Errorf("config through its record: got %+v (%v), want %+v", back, err, cfg)
	}
}

// TestRecordNames pins the JSON names of the stored records: renaming a
// domain field must not change them.
func TestRecordNames(t *testing.T) {
	cfg := starcards.DefaultConfig()
	v, _ := encodeConfig(cfg)
	const want = `{"v":2,"config":{"DesiredRetention":0.9,"MaximumInterval":365,"Fuzz":true,"NewPerDay":20,"ReviewsPerDay":200,"DayStartHour":4,"LeechThreshold":8,"Weights":null,"BackupsKept":10}}`
	if got := string(unsealed(v)); got != want {
		t.Errorf("config record = %s\nwant %s", got, want)
	}
	s := starcards.Story{ID: "s", Title: "T", Sections: []starcards.Section{{Name: "task", Target: time.Second}}}
	sv, _ := storyRecord{Story: toStoryDoc(&s)}.encode()
	const wantStory = `{"v":2,"story":{"ID":"s","Title":"T","Question":"","Principles":null,"Role":"","Sections":[{"Name":"task","Target":1000000000,"Example":"","Phrases":null,"Coaching":"","Mistake":""}],"Reflections":null,"Followups":null,"WeakAnswer":null,"Quizzes":null,"Angles":null,"Levels":null},"hash":"","source":"","seq":0,"imported":"0001-01-01T00:00:00Z"}`
	if got := string(unsealed(sv)); got != wantStory {
		t.Errorf("story record = %s\nwant %s", got, wantStory)
	}
}

// fill sets every field of v to a non-zero value.
func fill(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x" + string(rune('a'+n%26)))
	case reflect.Int, reflect.Int64, reflect.Int8:
		if v.Type() == reflect.TypeOf(time.Duration(0)) {
			v.SetInt(int64(n) * int64(time.Second))
		} else {
			v.SetInt(int64(n))
		}
	case reflect.Float64:
		v.SetFloat(float64(n) + 0.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n+i+1)
		}
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n+1)
		v.Set(p)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(t0.Add(time.Duration(n) * time.Hour)))
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), n+i+1)
		}
	}
}
