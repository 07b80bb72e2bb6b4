package store

import (
	bolt "go.etcd.io/bbolt"
)

// Story returns the story id's record (retired or not) and whether the
// collection has it, decoding that story alone.
func (db *DB) Story(id string) (StoryInfo, bool, error) {
	var info StoryInfo
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketStories).Get([]byte(id))
		if v == nil {
			return nil
		}
		r, err := decodeStory([]byte(id), v)
		if err != nil {
			return err
		}
		info = StoryInfo{Story: r.Story.story(), Hash: r.Hash, Source: r.Source, Imported: r.Imported, Retired: r.Retired}
		found = true
		return nil
	})
	return info, found, err
}

// HasLiveStoryBesides reports whether the collection has a live (not
// retired) story other than id. It reads story outlines only until it
// finds one.
func (db *DB) HasLiveStoryBesides(id string) (bool, error) {
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutline).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if string(k) == id {
				continue
			}
			b, err := decodeBrief(k, v)
			if err != nil {
				return err
			}
			if !b.Retired {
				found = true
				return nil
			}
		}
		return nil
	})
	return found, err
}
