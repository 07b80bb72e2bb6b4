package store

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// storyHead is what an import's skip check reads of a story record: not
// its text.
type storyHead struct {
	ID      string
	Hash    string
	Source  string
	Seq     uint32
	Retired bool
}

// storyTail is the part of a story record's JSON after the story itself.
type storyTail struct {
	Hash    string `json:"hash"`
	Source  string `json:"source"`
	Seq     uint32 `json:"seq"`
	Retired bool   `json:"retired"`
}

// tailMark starts the fields after the story in a story record as
// storyRecord.encode writes it. Inside a JSON string every quote is
// escaped, and no part of a story has a "hash" field, so the last such
// mark in a record is the one after the story.
var tailMark = []byte(`},"hash":`)

// decodeStoryHead decodes the head of the story record stored under key.
// A record as encode writes it is read from its start and its tail
// without decoding the story's text between them; any other is decoded
// in full, as decodeStory checks it.
func decodeStoryHead(key, v []byte) (storyHead, error) {
	p, err := unseal(v)
	if err != nil {
		return storyHead{}, fmt.Errorf("story %s: %w", key, err)
	}
	id, err := json.Marshal(string(key))
	if err == nil && bytes.HasPrefix(p, []byte(`{"v":2,"story":{"ID":`)) && bytes.HasPrefix(p[len(`{"v":2,"story":{"ID":`):], id) {
		if i := bytes.LastIndex(p, tailMark); i >= 0 {
			var t storyTail
			if json.Unmarshal(append([]byte{'{'}, p[i+len(`},`):]...), &t) == nil {
				return storyHead{ID: string(key), Hash: t.Hash, Source: t.Source, Seq: t.Seq, Retired: t.Retired}, nil
			}
		}
	}
	// Only the fields of the head; encoding/json skips the rest.
	var h struct {
		V     int `json:"v"`
		Story struct {
			ID string `json:"ID"`
		} `json:"story"`
		storyTail
	}
	if err := json.Unmarshal(p, &h); err != nil || h.V != storyRecordV2 || h.Story.ID != string(key) {
		return storyHead{}, fmt.Errorf("%w: bad story record %q", ErrCorrupt, key)
	}
	return storyHead{ID: h.Story.ID, Hash: h.Hash, Source: h.Source, Seq: h.Seq, Retired: h.Retired}, nil
}
