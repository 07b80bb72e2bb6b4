package store

import (
	"bytes"
	"fmt"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

// Reads for an export that streams: one story's cards without touching
// the others, and cards' text without their states.

// StoryStates returns the states of story id's cards, live and retired,
// in collection order, as States gives them (no text), and whether the
// collection has the story. It reads the story's record and its part of
// the schedule index only, whatever the size of the collection.
func (db *DB) StoryStates(id string) ([]starcards.CardState, bool, error) {
	var out []starcards.CardState
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketStories).Get([]byte(id))
		if v == nil {
			return nil
		}
		rec, err := decodeStory([]byte(id), v)
		if err != nil {
			return err
		}
		found = true
		prefix := orderKey(rec.Seq, 0)[:4]
		c := tx.Bucket(bucketSched).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != 8 {
				return fmt.Errorf("%w: bad schedule key %x", ErrCorrupt, k)
			}
			cs, err := scanState(k, v)
			if err != nil {
				return err
			}
			if cs.Card.ID.Story != id {
				return fmt.Errorf("story %s: %w: its schedule index holds card %s", id, ErrCorrupt, cs.Card.ID)
			}
			out = append(out, cs)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return out, found, nil
}

// CardTexts calls fn with the card (its text, no state) of each of ids, in
// that order, in one read transaction, until fn returns an error, which
// CardTexts returns. A missing id is ErrNotFound. The card is fn's to keep.
func (db *DB) CardTexts(ids []starcards.CardID, fn func(c *starcards.Card) error) error {
	return db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCards)
		var key []byte
		for _, id := range ids {
			key = append(key[:0], id.Story...)
			key = append(key, '/')
			key = append(key, id.Kind...)
			key = append(key, '/')
			key = append(key, id.Key...)
			v := b.Get(key)
			if v == nil {
				return fmt.Errorf("card %s: %w", id, ErrNotFound)
			}
			rec, err := decodeCard(key, v)
			if err != nil {
				return err
			}
			if err := fn(&rec.Card); err != nil {
				return err
			}
		}
		return nil
	})
}
