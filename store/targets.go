package store

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// StoryTargets returns the time target of each of the stories with these
// ids: its sections' targets added up. Stories without one (a sum of 0 or
// less) and ids the collection lacks are left out. It reads the targets
// out of the story records without decoding the stories' text.
func (db *DB) StoryTargets(ids []string) (map[string]time.Duration, error) {
	out := map[string]time.Duration{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStories)
		for _, id := range ids {
			k := []byte(id)
			v := b.Get(k)
			if v == nil {
				continue
			}
			t, err := storyTarget(k, v)
			if err != nil {
				return err
			}
			if t > 0 {
				out[id] = t
			}
		}
		return nil
	})
	return out, err
}

// targetKey is the JSON key of a section's target in a story record,
// without its opening quote (which is searched for as the rarer 'T'). It
// can only occur as a key of a section: no other part of a story has a
// field of that name, and inside a JSON string every quote is escaped.
var targetKey = []byte(`Target":`)

// storyTarget returns the sum of the section targets of the story record
// stored under key. A record as storyRecord.encode writes it is searched
// for its targets; any other is decoded in full, and either fails as
// decodeStory fails.
func storyTarget(key, v []byte) (time.Duration, error) {
	p, err := unseal(v)
	if err != nil {
		_, err = decodeStory(key, v)
		return 0, err
	}
	if head, err := json.Marshal(string(key)); err == nil && bytes.HasPrefix(p, []byte(`{"v":2,"story":{"ID":`)) && bytes.HasPrefix(p[len(`{"v":2,"story":{"ID":`):], head) {
		var sum time.Duration
		ok := true
		for rest := p; ok; {
			i := bytes.Index(rest, targetKey)
			if i < 0 {
				return sum, nil
			}
			quoted := i > 0 && rest[i-1] == '"'
			rest = rest[i+len(targetKey):]
			if !quoted {
				continue
			}
			n := 0
			for n < len(rest) && (rest[n] == '-' || '0' <= rest[n] && rest[n] <= '9') {
				n++
			}
			t, err := strconv.ParseInt(string(rest[:n]), 10, 64)
			sum += time.Duration(t)
			ok = err == nil
		}
	}
	rec, err := decodeStory(key, v)
	if err != nil {
		return 0, err
	}
	var sum time.Duration
	for _, s := range rec.Story.Sections {
		sum += time.Duration(s.Target)
	}
	return sum, nil
}
