package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// keyCardsVersion holds, in the meta bucket, the version of the card
// layout the collection's cards were made with (decks.CardsVersion).
var keyCardsVersion = []byte("cards_version")

// CardsVersion returns the version of the card layout the collection's
// cards were made with, as SetCardsVersion recorded it: 1, the first
// layout, when none was recorded. It returns ErrCorrupt for a bad value.
func (db *DB) CardsVersion() (int, error) {
	v := 1
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta).Get(keyCardsVersion)
		if b == nil {
			return nil
		}
		n, err := strconv.Atoi(string(b))
		if err != nil || n < 1 {
			return fmt.Errorf("%w: bad cards version %q", ErrCorrupt, b)
		}
		v = n
		return nil
	})
	return v, err
}

// SetCardsVersion records the version of the card layout the collection's
// cards are now made with. It writes only if the value changes.
func (db *DB) SetCardsVersion(v int) error {
	if cur, err := db.CardsVersion(); err == nil && cur == v {
		return nil
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyCardsVersion, []byte(strconv.Itoa(v)))
	})
}
