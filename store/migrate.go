package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// schemaVersion is the layout this program writes: the number of migrations.
var schemaVersion = uint64(len(migrations))

// SchemaVersion returns the schema version this program writes: a file
// cached across runs (a benchmark's collection) is valid only for it.
func SchemaVersion() uint64 { return schemaVersion }

// migrations[i] upgrades a collection from version i to i+1. Each runs in the
// transaction that also records the new version; each is self-contained and
// has a test that builds the old layout by hand.
var migrations = []func(tx *bolt.Tx, now time.Time) error{
	// 0 → 1: the first layout.
	func(tx *bolt.Tx, now time.Time) error {
		for _, name := range [][]byte{bucketMeta, bucketStories, bucketOutline, bucketCards, bucketSched, bucketOrder, bucketDue, bucketFresh, bucketRevlog, bucketConfig} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyCreated, []byte(now.UTC().Format(time.RFC3339)))
	},
	migrateSealRecords,
	migrateReviewSequence,
	migratePlan, // plan.go
	migrateHistory,
}

// migrateHistory (4 → 5) adds the history index: each card's answers by
// card id, so that one card's history is read without the whole log.
func migrateHistory(tx *bolt.Tx, _ time.Time) error {
	if _, err := tx.CreateBucketIfNotExists(bucketHistory); err != nil {
		return err
	}
	return putHistory(tx, historyKeys(tx))
}

// historyKeys returns the history-index keys of the review-log entries,
// in key order. An entry that fails to decode has none: check reports it.
func historyKeys(tx *bolt.Tx) [][]byte {
	log := tx.Bucket(bucketRevlog)
	keys := make([][]byte, 0, log.Stats().KeyN)
	log.ForEach(func(k, v []byte) error {
		if r, err := decodeReviewOutline(k, v); err == nil {
			keys = append(keys, historyKey(r.Card.String(), k))
		}
		return nil
	})
	slices.SortFunc(keys, bytes.Compare)
	return keys
}

// migrateSealRecords (1 → 2) gives the story and settings records their own
// version 2 types and appends a CRC-32C to every value.
func migrateSealRecords(tx *bolt.Tx, _ time.Time) error {
	err := rewrite(tx.Bucket(bucketStories), func(k, v []byte) ([]byte, error) {
		var rec storyRecord
		if err := json.Unmarshal(v, &rec); err != nil || rec.V != 1 {
			return nil, fmt.Errorf("%w: story %s: not a version 1 record", ErrCorrupt, k)
		}
		return rec.encode()
	})
	if err != nil {
		return err
	}
	err = rewrite(tx.Bucket(bucketConfig), func(k, v []byte) ([]byte, error) {
		var rec configRecord
		if err := json.Unmarshal(v, &rec); err != nil || rec.V != 1 {
			return nil, fmt.Errorf("%w: settings: not a version 1 record", ErrCorrupt)
		}
		rec.Config.BackupsKept = nil
		d := toConfigDoc(rec.Config.config())
		d.InterviewDate = rec.Config.InterviewDate // for migratePlan
		return encodeConfigDoc(d)
	})
	if err != nil {
		return err
	}
	for _, name := range [][]byte{bucketCards, bucketSched, bucketOrder, bucketDue, bucketFresh, bucketRevlog} {
		if err := rewrite(tx.Bucket(name), func(_, v []byte) ([]byte, error) { return seal(v), nil }); err != nil {
			return err
		}
	}
	// The outlines gain the story's question: rebuild them from the stories.
	return tx.Bucket(bucketStories).ForEach(func(k, v []byte) error {
		rec, err := decodeStory(k, v)
		if err != nil {
			return err
		}
		return putOutline(tx, rec)
	})
}

// migrateReviewSequence (2 → 3) keys the review log by signed time (so an
// answer dated before 1970 sorts first, not last) and adds the sequence
// index that Undo takes the latest answer from.
func migrateReviewSequence(tx *bolt.Tx, _ time.Time) error {
	log := tx.Bucket(bucketRevlog)
	type kv struct{ k, v []byte }
	var entries []kv
	err := log.ForEach(func(k, v []byte) error {
		if len(k) != 16 {
			return fmt.Errorf("%w: bad review-log key %x", ErrCorrupt, k)
		}
		nk := append([]byte(nil), k...)
		binary.BigEndian.PutUint64(nk, binary.BigEndian.Uint64(k)^(1<<63))
		entries = append(entries, kv{nk, append([]byte(nil), v...)})
		return nil
	})
	if err != nil {
		return err
	}
	seq := log.Sequence()
	if err := tx.DeleteBucket(bucketRevlog); err != nil {
		return err
	}
	log, err = tx.CreateBucket(bucketRevlog)
	if err != nil {
		return err
	}
	if err := log.SetSequence(seq); err != nil {
		return err
	}
	idx, err := tx.CreateBucketIfNotExists(bucketRevseq)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := log.Put(e.k, e.v); err != nil {
			return err
		}
		if err := idx.Put(e.k[8:], seal(e.k)); err != nil {
			return err
		}
	}
	return nil
}

// rewrite replaces every value of b with fn's version of it.
func rewrite(b *bolt.Bucket, fn func(k, v []byte) ([]byte, error)) error {
	type kv struct{ k, v []byte }
	var out []kv
	err := b.ForEach(func(k, v []byte) error {
		nv, err := fn(k, v)
		if err != nil {
			return err
		}
		out = append(out, kv{append([]byte(nil), k...), nv})
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range out {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

// migrate brings the collection in tx up to schemaVersion, or refuses a
// collection written by a newer program.
func migrate(tx *bolt.Tx, now time.Time) error {
	v, err := version(tx)
	if err != nil {
		return err
	}
	if v > schemaVersion {
		return fmt.Errorf("%w (collection schema %d, this program knows %d)", ErrSchemaTooNew, v, schemaVersion)
	}
	for ; v < schemaVersion; v++ {
		if err := migrations[v](tx, now); err != nil {
			return fmt.Errorf("migrate collection to schema %d: %w", v+1, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(schemaVersion))
}

// version returns the schema version recorded in tx, 0 for an empty file.
func version(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, ErrNotCollection
		}
		return 0, nil
	}
	b := meta.Get(keySchemaVersion)
	if len(b) != 8 {
		return 0, ErrNotCollection
	}
	return binary.BigEndian.Uint64(b), nil
}
