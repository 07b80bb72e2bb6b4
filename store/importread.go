package store

import (
	"bytes"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

// StoryCards returns the cards (with their text) and states of the given
// stories, by story id, each story's in collection order (its live cards,
// then its retired ones). A story the collection lacks has no entry. It
// reads those stories' records alone: what an import compares a story's
// new cards with, whatever the size of the collection.
func (db *DB) StoryCards(ids []string) (map[string][]starcards.CardState, error) {
	out := make(map[string][]starcards.CardState)
	err := db.view(func(tx *bolt.Tx) error {
		ob, cb := tx.Bucket(bucketOutline), tx.Bucket(bucketCards)
		sched := tx.Bucket(bucketSched).Cursor()
		for _, id := range ids {
			v := ob.Get([]byte(id))
			if v == nil {
				continue
			}
			b, err := decodeBrief([]byte(id), v)
			if err != nil {
				return err
			}
			prefix := orderKey(b.Seq, 0)[:4]
			var cards []starcards.CardState
			for k, sv := sched.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, sv = sched.Next() {
				r, err := decodeSched(sv)
				if err != nil {
					return err
				}
				key := []byte(r.id)
				rec, err := decodeCard(key, cb.Get(key))
				if err != nil {
					return err
				}
				cards = append(cards, starcards.CardState{Card: rec.Card, Schedule: r.sched, Retired: r.retired})
			}
			out[id] = cards
		}
		return nil
	})
	return out, err
}

// LiveFrom reports whether every live (not retired) story of the
// collection was imported from source, and if so returns their ids. It
// stops at the first live story from elsewhere, so that on a collection
// of the user's own stories it reads one or two records.
func (db *DB) LiveFrom(source string) (ids []string, only bool, err error) {
	only = true
	err = db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketStories).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			rec, err := decodeStory(k, v)
			if err != nil {
				return err
			}
			if rec.Retired {
				continue
			}
			if rec.Source != source {
				ids, only = nil, false
				return nil
			}
			ids = append(ids, rec.Story.ID)
		}
		return nil
	})
	return ids, only, err
}
