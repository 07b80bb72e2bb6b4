package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"unsafe"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

// EachCard calls fn for every card with its text and state, in collection
// order, until fn returns false: the cards AllCards returns, one at a
// time, so that a large collection is never held in memory. The
// CardState passed to fn is reused by the next call; the strings and
// slices in it are the card's own and may be kept, but its strings share
// one allocation: keeping any of them keeps all of the card's text, so a
// caller that keeps a part of many cards should copy it (strings.Clone).
//
// It reads the card records story by story, with a cursor over the
// story's range of the card bucket, rather than looking each card up.
func (db *DB) EachCard(fn func(cs *starcards.CardState) bool) error {
	return db.eachCard(fn, false)
}

// EachCardInPlace is EachCard without copying any text: the strings of
// the card passed to fn are the collection's own bytes, in its memory map,
// valid during the call only. fn must not keep any of them, nor anything
// that shares their memory (a substring, a slice of Fields); it copies
// what it keeps. A walk that turns each card into output at once (list
// --json) allocates nothing for the text this way.
func (db *DB) EachCardInPlace(fn func(cs *starcards.CardState) bool) error {
	return db.eachCard(fn, true)
}

func (db *DB) eachCard(fn func(cs *starcards.CardState) bool, inPlace bool) error {
	return db.view(func(tx *bolt.Tx) error {
		var w cardWalk
		w.cards = tx.Bucket(bucketCards).Cursor()
		var cs starcards.CardState
		var lists []string // in place: the card's Fields, Options and Tags
		c := tx.Bucket(bucketSched).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			sched, retired, id, err := decodeSchedID(v)
			if err != nil {
				return err
			}
			i, _ := slashes(id)
			if i < 0 {
				_, err := parseCardKey(id)
				return err
			}
			key, val := w.find(id[:i], id)
			cs = starcards.CardState{Schedule: sched, Retired: retired}
			if inPlace {
				lists = lists[:0]
				err = decodeCardInPlace(key, val, &cs.Card, &lists)
			} else {
				err = decodeCardShared(key, val, &cs.Card)
			}
			if err != nil {
				return err
			}
			if !fn(&cs) {
				return nil
			}
		}
		return nil
	})
}

// cardWalk finds the card records of a walk in collection order: it holds
// the records of the current story, read with one cursor seek.
type cardWalk struct {
	cards  *bolt.Cursor
	story  []byte // the story's id, then "/"
	loaded bool
	keys   [][]byte // the story's card ids, in order
	vals   [][]byte // their records
}

// find returns the key and record of the card with id, of story; a nil
// record if the collection lacks it.
func (w *cardWalk) find(story, id []byte) (key, val []byte) {
	if !w.loaded || len(w.story) != len(story)+1 || !bytes.HasPrefix(w.story, story) {
		w.loaded = true
		w.story = append(append(w.story[:0], story...), '/')
		w.keys, w.vals = w.keys[:0], w.vals[:0]
		for k, v := w.cards.Seek(w.story); k != nil && bytes.HasPrefix(k, w.story); k, v = w.cards.Next() {
			w.keys = append(w.keys, k)
			w.vals = append(w.vals, v)
		}
	}
	i := sort.Search(len(w.keys), func(i int) bool { return bytes.Compare(w.keys[i], id) >= 0 })
	if i < len(w.keys) && bytes.Equal(w.keys[i], id) {
		return w.keys[i], w.vals[i]
	}
	return id, nil
}

// decodeSchedID decodes a schedule record as decodeSched does, failing as
// it fails, but returns the card's id as the record's bytes.
func decodeSchedID(v []byte) (s starcards.Schedule, retired bool, id []byte, err error) {
	b, err := unseal(v)
	if err != nil {
		return s, false, nil, fmt.Errorf("schedule record: %w", err)
	}
	if len(b) < 1+schedSize+4 || b[0] != schedRecordV1 {
		return s, false, nil, fmt.Errorf("%w: bad schedule record", ErrCorrupt)
	}
	s, retired = getSchedule(b[1:])
	if b[2]&^(flagRetired|flagSuspended|flagLeech) != 0 {
		return s, retired, nil, fmt.Errorf("%w: unknown schedule flags %#x", ErrCorrupt, b[2])
	}
	if s.State > starcards.StateRelearning {
		return s, retired, nil, fmt.Errorf("%w: bad card state %d", ErrCorrupt, s.State)
	}
	rest := b[1+schedSize:]
	nf := int(binary.BigEndian.Uint16(rest))
	if len(rest) < 2+nf+2 {
		return s, retired, nil, fmt.Errorf("%w: bad schedule record", ErrCorrupt)
	}
	ni := int(binary.BigEndian.Uint16(rest[2+nf:]))
	if len(rest) != 2+nf+2+ni {
		return s, retired, nil, fmt.Errorf("%w: bad schedule record", ErrCorrupt)
	}
	return s, retired, rest[4+nf:], nil
}

// decodeCardShared decodes the card record v stored under key into c as
// decodeCard does, failing as it fails, but with all of the card's
// strings in one allocation.
func decodeCardShared(key, v []byte, c *starcards.Card) error {
	b, err := unseal(v)
	if err != nil {
		return fmt.Errorf("card %s: %w", key, err)
	}
	return cardFromRecord(key, b, c, nil)
}

// decodeCardInPlace is decodeCardShared with the card's strings in key's
// and v's own memory and its lists appended to *lists: no copy, no
// allocation once *lists has grown (see EachCardInPlace).
func decodeCardInPlace(key, v []byte, c *starcards.Card, lists *[]string) error {
	b, err := unseal(v)
	if err != nil {
		return fmt.Errorf("card %s: %w", key, err)
	}
	return cardFromRecord(key, b, c, lists)
}

// cardFromRecord decodes the unsealed card record b stored under key into
// c, all of the card's strings in one allocation; or, given inPlace, with
// the strings in key's and b's own memory and the lists appended to
// *inPlace. It is the one decoder of a card record's fields, for
// decodeCard, decodeCardShared and decodeCardInPlace.
func cardFromRecord(key, b []byte, c *starcards.Card, inPlace *[]string) error {
	bad := func() error { return fmt.Errorf("%w: bad card record %q", ErrCorrupt, key) }
	if len(b) < 25 || b[0] != cardRecordV1 {
		return bad()
	}
	content := b[25:]
	var idText, all string
	if inPlace != nil {
		idText, all = unsafe.String(unsafe.SliceData(key), len(key)), unsafe.String(unsafe.SliceData(content), len(content))
	} else {
		// The id and the content in one string; the card's strings are
		// parts of it.
		var sb strings.Builder
		sb.Grow(len(key) + len(content))
		sb.Write(key)
		sb.Write(content)
		all = sb.String()
		idText, all = all[:len(key)], all[len(key):]
	}
	id, err := parseCardID(idText)
	if err != nil {
		return err
	}
	at := 0
	str := func() (string, bool) {
		n, k := binary.Uvarint(content[at:])
		if k <= 0 || k != uvarintLen(n) || n > uint64(len(content)-at-k) {
			return "", false
		}
		s := all[at+k : at+k+int(n)]
		at += k + int(n)
		return s, true
	}
	list := func() ([]string, bool) {
		n, k := binary.Uvarint(content[at:])
		if k <= 0 || k != uvarintLen(n) || n > uint64(len(content)-at) {
			return nil, false
		}
		at += k
		if n == 0 {
			return nil, true
		}
		if inPlace != nil {
			from := len(*inPlace)
			for range n {
				v, ok := str()
				if !ok {
					return nil, false
				}
				*inPlace = append(*inPlace, v)
			}
			l := (*inPlace)[from:]
			return l[:len(l):len(l)], true
		}
		out := make([]string, n)
		for i := range out {
			var ok bool
			if out[i], ok = str(); !ok {
				return nil, false
			}
		}
		return out, true
	}
	*c = starcards.Card{
		ID:     id,
		Ord:    int(binary.BigEndian.Uint32(b[17:])),
		Answer: int(binary.BigEndian.Uint32(b[21:])),
	}
	var ok1, ok2, ok3, ok4, ok5, ok6 bool
	c.Facet, ok1 = str()
	c.Front, ok2 = str()
	c.Back, ok3 = str()
	c.Fields, ok4 = list()
	c.Options, ok5 = list()
	c.Tags, ok6 = list()
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || at != len(content) {
		*c = starcards.Card{}
		return bad()
	}
	return nil
}
