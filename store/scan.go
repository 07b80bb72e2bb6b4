package store

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

// The index scans read the queue indexes for the scheduler, which decides
// what a day's queue holds (scheduler.DayCards): the store applies no
// limit and no sibling rule. Each scan calls fn with a card's position in
// collection order (comparable across scans: a smaller position comes
// first in [DB.States]) and its state, without text, until fn returns
// false.

// ScanDue calls fn for every card in (re)learning or review, neither
// retired nor suspended, due before until, earliest first.
func (db *DB) ScanDue(until time.Time, fn func(pos uint64, cs starcards.CardState) bool) error {
	return db.scanDue(until, nil, fn)
}

// ScanDueState is ScanDue over the cards in review (review true) or in
// (re)learning (review false) only. It reads each record's state before
// decoding the rest, so that a scan of the reviews that stops early — once
// the day's review limit is met — costs what it keeps, not the backlog.
func (db *DB) ScanDueState(until time.Time, review bool, fn func(pos uint64, cs starcards.CardState) bool) error {
	// The state is the byte after the version (see schedRecord); a record
	// too short to hold it fails in scanState.
	return db.scanDue(until, func(v []byte) bool {
		return len(v) <= 1 || (starcards.State(v[1]) == starcards.StateReview) == review
	}, fn)
}

// scanDue walks the due index up to until, decoding the records that keep
// (if not nil) accepts.
func (db *DB) scanDue(until time.Time, keep func(v []byte) bool, fn func(pos uint64, cs starcards.CardState) bool) error {
	end := encTime(until)
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDue).Cursor()
		for k, v := c.First(); k != nil && binary.BigEndian.Uint64(k) < end; k, v = c.Next() {
			if len(k) != 16 || keep != nil && !keep(v) {
				continue
			}
			cs, err := scanState(k[8:], v)
			if err != nil {
				return err
			}
			if !fn(binary.BigEndian.Uint64(k[8:]), cs) {
				return nil
			}
		}
		return nil
	})
}

// ScanNew calls fn for every new card that is neither retired nor
// suspended, in collection order.
func (db *DB) ScanNew(fn func(pos uint64, cs starcards.CardState) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketFresh).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			cs, err := scanState(k, v)
			if err != nil {
				return err
			}
			if !fn(binary.BigEndian.Uint64(k), cs) {
				return nil
			}
		}
		return nil
	})
}

// ScanCards calls fn for each of ids the collection holds, in the order
// given; unknown ids are skipped.
func (db *DB) ScanCards(ids []starcards.CardID, fn func(pos uint64, cs starcards.CardState) bool) error {
	return db.view(func(tx *bolt.Tx) error {
		for _, id := range ids {
			key, r, err := getSched(tx, id.String())
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if !fn(binary.BigEndian.Uint64(key), recordState(key, r, id)) {
				return nil
			}
		}
		return nil
	})
}

func scanState(key, v []byte) (starcards.CardState, error) {
	r, err := decodeSched(v)
	if err != nil {
		return starcards.CardState{}, err
	}
	id, err := parseCardID(r.id)
	if err != nil {
		return starcards.CardState{}, err
	}
	return recordState(key, r, id), nil
}

func recordState(key []byte, r schedRecord, id starcards.CardID) starcards.CardState {
	return starcards.CardState{
		Card:     starcards.Card{ID: id, Ord: int(binary.BigEndian.Uint32(key[4:]) &^ retiredOrd), Facet: r.facet},
		Schedule: r.sched,
		Retired:  r.retired,
	}
}
