package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/starcards/starcards"
)

// LogEntry is a review-log entry as [DB.ScanLog] reads it: the fields of a
// [ReviewOutline], with the card's id kept as the bytes of the entry until
// it is asked for. Decoding a card id costs an allocation, and most
// readers of a large log need the card of few entries.
//
// A LogEntry is valid only during the call to ScanLog's fn that it is
// passed to; its methods must not be called after that call returns.
type LogEntry struct {
	Time     time.Time
	Rating   starcards.Rating
	Duration time.Duration
	Spoken   bool
	// BeforeState and BeforeScheduledDays are the card's state and interval
	// before the answer.
	BeforeState         starcards.State
	BeforeScheduledDays uint64

	card  []byte // "story/kind/key", in the read transaction's memory
	slash int    // index of the first '/' in card
}

// CardID returns the id of the answered card. It allocates the id's
// strings.
func (e *LogEntry) CardID() starcards.CardID {
	id, _ := parseCardID(string(e.card)) // ScanLog checked its form
	return id
}

// InStory reports whether the answered card belongs to the story with this
// id, without decoding the card's id.
func (e *LogEntry) InStory(story string) bool {
	return string(e.card[:e.slash]) == story
}

// ScanLog calls fn for every review-log entry at or after since (the zero
// time means all), oldest first, until fn returns false. It reads each
// entry as [DB.ReviewOutlines] does, and returns the same errors for a
// damaged one, but allocates nothing per entry: fn gets an entry that
// ScanLog reuses, valid during the call only.
func (db *DB) ScanLog(since time.Time, fn func(e *LogEntry) bool) error {
	var e LogEntry
	return eachLogEntry(db, since, func(k, v []byte) (bool, error) {
		if err := decodeLogEntry(k, v, &e); err != nil {
			return false, err
		}
		return fn(&e), nil
	})
}

// decodeLogEntry decodes the entry under key into e, failing as
// decodeReviewOutline fails.
func decodeLogEntry(key, v []byte, e *LogEntry) error {
	b, err := unseal(v)
	if err != nil {
		return fmt.Errorf("review-log entry: %w", err)
	}
	off := 10 + 2*schedSize
	if len(key) != 16 || len(b) < off+2 || b[0] != reviewRecordV1 {
		return fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	e.Time = reviewTime(key)
	e.Rating = starcards.Rating(b[1])
	e.Duration = time.Duration(binary.BigEndian.Uint64(b[2:])) * time.Millisecond
	e.BeforeState = starcards.State(b[10])
	e.BeforeScheduledDays = binary.BigEndian.Uint64(b[10+50:])
	if e.Rating < starcards.Again || e.Rating > starcards.Easy || e.BeforeState > starcards.StateRelearning {
		return fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	id, flags, ok := reviewTail(b, off)
	if !ok {
		return fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	e.Spoken = flags&reviewSpoken != 0
	// The form parseCardID accepts: "story/kind/key". Ids are short: a
	// loop finds the slashes faster than bytes.IndexByte.
	i, j := slashes(id)
	if j < 0 {
		return fmt.Errorf("%w: bad card key %q", ErrCorrupt, id)
	}
	e.card, e.slash = id, i
	return nil
}

// slashes returns the indexes of the first two '/' in id, −1 for one
// missing.
func slashes(id []byte) (first, second int) {
	first, second = -1, -1
	for k, c := range id {
		if c == '/' {
			if first >= 0 {
				return first, k
			}
			first = k
		}
	}
	return first, second
}

// ScanReviews is [DB.Reviews] without an id of strings for each entry: fn
// gets each review with its Card unset and the card's id as
// starcards.CardID.String() spells it, both reused by ScanReviews and
// valid during the call only. It allocates nothing per entry.
func (db *DB) ScanReviews(since time.Time, fn func(card []byte, r *starcards.Review) bool) error {
	var r starcards.Review
	return eachLogEntry(db, since, func(k, v []byte) (bool, error) {
		r = starcards.Review{}
		card, err := decodeReviewInto(k, v, &r)
		if err != nil {
			return false, err
		}
		return fn(card, &r), nil
	})
}
