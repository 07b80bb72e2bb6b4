package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/starcards/starcards"
)

// Bucket names. Every top-level bucket is created when a collection is made.
var (
	bucketMeta    = []byte("meta")    // schema version, creation time
	bucketStories = []byte("stories") // story id → storyRecord (JSON)
	// Every value but meta's ends in a CRC-32C of the rest (see seal).
	bucketCards   = []byte("cards")   // card id → cardRecord (binary): the card's content
	bucketSched   = []byte("sched")   // order key → schedRecord (binary): card id, facet, schedule
	bucketOrder   = []byte("order")   // card id → order key (story sequence ‖ card ord, big-endian)
	bucketDue     = []byte("due")     // due time ‖ order key → schedRecord: cards in (re)learning or review
	bucketFresh   = []byte("fresh")   // order key → schedRecord: new cards
	bucketOutline = []byte("outline") // story id → storyBrief (JSON): what statistics read of a story
	bucketRevlog  = []byte("revlog")  // time ms (sign bit flipped) ‖ sequence (big-endian) → reviewRecord (binary)
	bucketConfig  = []byte("config")  // "settings" → configRecord (JSON)
	bucketRevseq  = []byte("revseq")  // sequence (big-endian) → revlog key: the log in answer order
	bucketHistory = []byte("history") // card id length (2 bytes) ‖ card id ‖ revlog key → seal(nil): each card's answers

	keySchemaVersion = []byte("schema_version")
	keyCreated       = []byte("created")
	keySettings      = []byte("settings")
)

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// Times are stored as unix seconds; the zero time as math.MinInt64.
const zeroTime = math.MinInt64

func encTime(t time.Time) uint64 {
	if t.IsZero() {
		return 1 << 63 // zeroTime as uint64
	}
	return uint64(t.Unix())
}

func decTime(v uint64) time.Time {
	if int64(v) == zeroTime {
		return time.Time{}
	}
	return time.Unix(int64(v), 0).UTC()
}

// Schedule flags.
const (
	flagRetired   = 1 << 0
	flagSuspended = 1 << 1
	flagLeech     = 1 << 2
)

// schedSize is the fixed part of a schedule encoding: state, flags, three
// times, two floats and four counters.
const schedSize = 1 + 1 + 3*8 + 2*8 + 4*8

func putSchedule(b []byte, s starcards.Schedule, retired bool) []byte {
	var flags byte
	if retired {
		flags |= flagRetired
	}
	if s.Suspended {
		flags |= flagSuspended
	}
	if s.Leech {
		flags |= flagLeech
	}
	b = append(b, byte(s.State), flags)
	b = binary.BigEndian.AppendUint64(b, encTime(s.Due))
	b = binary.BigEndian.AppendUint64(b, encTime(s.LastReview))
	b = binary.BigEndian.AppendUint64(b, encTime(s.BuriedUntil))
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(s.Stability))
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(s.Difficulty))
	b = binary.BigEndian.AppendUint64(b, s.ElapsedDays)
	b = binary.BigEndian.AppendUint64(b, s.ScheduledDays)
	b = binary.BigEndian.AppendUint64(b, s.Reps)
	b = binary.BigEndian.AppendUint64(b, s.Lapses)
	return b
}

func getSchedule(b []byte) (s starcards.Schedule, retired bool) {
	s.State = starcards.State(b[0])
	flags := b[1]
	retired = flags&flagRetired != 0
	s.Suspended = flags&flagSuspended != 0
	s.Leech = flags&flagLeech != 0
	be := binary.BigEndian
	s.Due = decTime(be.Uint64(b[2:]))
	s.LastReview = decTime(be.Uint64(b[10:]))
	s.BuriedUntil = decTime(be.Uint64(b[18:]))
	s.Stability = math.Float64frombits(be.Uint64(b[26:]))
	s.Difficulty = math.Float64frombits(be.Uint64(b[34:]))
	s.ElapsedDays = be.Uint64(b[42:])
	s.ScheduledDays = be.Uint64(b[50:])
	s.Reps = be.Uint64(b[58:])
	s.Lapses = be.Uint64(b[66:])
	return s, retired
}

// Cards' scheduling states are kept under an order key — the story's
// sequence (the order stories were first imported) and the card's ord in
// it, 4 bytes each, big-endian — so that a cursor walks the collection in
// study order with no sorting. Retired cards move to ords from
// retiredOrd on, after the story's live cards. The order bucket maps card
// ids to their keys.
const retiredOrd = 1 << 31

func orderKey(seq, ord uint32) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint32(b, seq)
	binary.BigEndian.PutUint32(b[4:], ord)
	return b
}

// schedRecord version 1:
//
//	[0]      version (1)
//	[1:75]   schedule (schedSize bytes)
//	[75:77]  facet length, then facet
//	[..+2]   card id length, then card id
const schedRecordV1 = 1

type schedRecord struct {
	id      string
	facet   string
	sched   starcards.Schedule
	retired bool
}

func (r schedRecord) encode() []byte {
	b := make([]byte, 0, 1+schedSize+4+len(r.facet)+len(r.id))
	b = append(b, schedRecordV1)
	b = putSchedule(b, r.sched, r.retired)
	b = binary.BigEndian.AppendUint16(b, uint16(len(r.facet)))
	b = append(b, r.facet...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(r.id)))
	return seal(append(b, r.id...))
}

// decodeSched decodes a schedule record. Its strings share one allocation.
func decodeSched(v []byte) (schedRecord, error) {
	var r schedRecord
	b, err := unseal(v)
	if err != nil {
		return r, fmt.Errorf("schedule record: %w", err)
	}
	if len(b) < 1+schedSize+4 || b[0] != schedRecordV1 {
		return r, fmt.Errorf("%w: bad schedule record", ErrCorrupt)
	}
	r.sched, r.retired = getSchedule(b[1:])
	if b[2]&^(flagRetired|flagSuspended|flagLeech) != 0 {
		return r, fmt.Errorf("%w: unknown schedule flags %#x", ErrCorrupt, b[2])
	}
	if r.sched.State > starcards.StateRelearning {
		return r, fmt.Errorf("%w: bad card state %d", ErrCorrupt, r.sched.State)
	}
	rest := b[1+schedSize:]
	nf := int(binary.BigEndian.Uint16(rest))
	if len(rest) < 2+nf+2 {
		return r, fmt.Errorf("%w: bad schedule record", ErrCorrupt)
	}
	ni := int(binary.BigEndian.Uint16(rest[2+nf:]))
	if len(rest) != 2+nf+2+ni {
		return r, fmt.Errorf("%w: bad schedule record", ErrCorrupt)
	}
	strs := string(rest[2:2+nf]) + string(rest[4+nf:])
	r.facet, r.id = strs[:nf], strs[nf:]
	return r, nil
}

// reviewRecord version 1:
//
//	[0]     version (1)
//	[1]     rating
//	[2:10]  duration in milliseconds
//	[10:10+schedSize]  schedule before
//	[..+schedSize]     schedule after
//	[..+2]  card id length, then card id
//	[..+1]  optional flags: bit 0 Spoken (left out when no flag is set, so
//	        older entries and entries without flags are the same bytes)
const reviewRecordV1 = 1

// reviewSpoken is the flag bit of Review.Spoken.
const reviewSpoken = 1

func encodeReview(r starcards.Review) []byte {
	id := r.Card.String()
	b := make([]byte, 0, 10+2*schedSize+2+len(id))
	b = append(b, reviewRecordV1, byte(r.Rating))
	b = binary.BigEndian.AppendUint64(b, uint64(r.Duration.Milliseconds()))
	b = putSchedule(b, r.Before, false)
	b = putSchedule(b, r.After, false)
	b = binary.BigEndian.AppendUint16(b, uint16(len(id)))
	b = append(b, id...)
	if r.Spoken {
		b = append(b, reviewSpoken)
	}
	return seal(b)
}

// reviewTail splits what follows the card id length at off into the id
// and the flags, or fails.
func reviewTail(b []byte, off int) (id []byte, flags byte, ok bool) {
	n := int(binary.BigEndian.Uint16(b[off:]))
	switch len(b) {
	case off + 2 + n:
		return b[off+2:], 0, true
	case off + 2 + n + 1:
		return b[off+2 : off+2+n], b[off+2+n], b[off+2+n]&^reviewSpoken == 0
	}
	return nil, 0, false
}

// decodeReview decodes a review-log entry stored under key.
func decodeReview(key, v []byte) (starcards.Review, error) {
	var r starcards.Review
	id, err := decodeReviewInto(key, v, &r)
	if err != nil {
		return r, err
	}
	r.Card, err = parseCardKey(id)
	return r, err
}

// decodeReviewInto decodes the entry stored under key into r, but for
// r.Card: it returns the card's id as it is kept, "story/kind/key" (in v's
// memory), checked to have that form.
func decodeReviewInto(key, v []byte, r *starcards.Review) (card []byte, err error) {
	b, err := unseal(v)
	if err != nil {
		return nil, fmt.Errorf("review-log entry: %w", err)
	}
	if len(key) != 16 || len(b) < 10+2*schedSize+2 || b[0] != reviewRecordV1 {
		return nil, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	r.Time = reviewTime(key)
	r.Rating = starcards.Rating(b[1])
	r.Duration = time.Duration(binary.BigEndian.Uint64(b[2:])) * time.Millisecond
	r.Before, _ = getSchedule(b[10:])
	r.After, _ = getSchedule(b[10+schedSize:])
	if (b[11]|b[11+schedSize])&^(flagSuspended|flagLeech) != 0 {
		return nil, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	if r.Rating < starcards.Again || r.Rating > starcards.Easy || r.Before.State > starcards.StateRelearning || r.After.State > starcards.StateRelearning {
		return nil, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	off := 10 + 2*schedSize
	id, flags, ok := reviewTail(b, off)
	if !ok {
		return nil, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	if _, j := slashes(id); j < 0 {
		return nil, fmt.Errorf("%w: bad card key %q", ErrCorrupt, id)
	}
	r.Spoken = flags&reviewSpoken != 0
	return id, nil
}

// ReviewOutline is what statistics read of a review-log entry.
type ReviewOutline struct {
	Card     starcards.CardID
	Time     time.Time
	Rating   starcards.Rating
	Duration time.Duration
	Spoken   bool // the answer was given out loud (drill, mock)
	// BeforeState and BeforeScheduledDays are the card's state and interval
	// before the answer.
	BeforeState         starcards.State
	BeforeScheduledDays uint64
}

// decodeReviewOutline decodes the fields of a ReviewOutline.
func decodeReviewOutline(key, v []byte) (ReviewOutline, error) {
	var r ReviewOutline
	b, err := unseal(v)
	if err != nil {
		return r, fmt.Errorf("review-log entry: %w", err)
	}
	off := 10 + 2*schedSize
	if len(key) != 16 || len(b) < off+2 || b[0] != reviewRecordV1 {
		return r, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	r.Time = reviewTime(key)
	r.Rating = starcards.Rating(b[1])
	r.Duration = time.Duration(binary.BigEndian.Uint64(b[2:])) * time.Millisecond
	r.BeforeState = starcards.State(b[10])
	r.BeforeScheduledDays = binary.BigEndian.Uint64(b[10+50:])
	if r.Rating < starcards.Again || r.Rating > starcards.Easy || r.BeforeState > starcards.StateRelearning {
		return r, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	id, flags, ok := reviewTail(b, off)
	if !ok {
		return r, fmt.Errorf("%w: bad review-log entry", ErrCorrupt)
	}
	r.Spoken = flags&reviewSpoken != 0
	r.Card, err = parseCardKey(id)
	return r, err
}

// reviewKey is the log key of an answer given at t: unix milliseconds with
// the sign bit flipped, so that times before 1970 sort first, then the
// answer's sequence number.
func reviewKey(t time.Time, seq uint64) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint64(b, uint64(t.UnixMilli())^(1<<63))
	binary.BigEndian.PutUint64(b[8:], seq)
	return b
}

// reviewTime returns the time in a review-log key.
func reviewTime(key []byte) time.Time {
	return time.UnixMilli(int64(binary.BigEndian.Uint64(key) ^ (1 << 63))).UTC()
}

// historyPrefix is the start of the history-index keys of the card with
// id: its length, then the id, so that no card's keys run into another's.
func historyPrefix(id string) []byte {
	b := make([]byte, 0, 2+len(id)+16)
	b = binary.BigEndian.AppendUint16(b, uint16(len(id)))
	return append(b, id...)
}

// historyKey is the history-index key of the log entry under logKey, an
// answer to the card with id.
func historyKey(id string, logKey []byte) []byte {
	return append(historyPrefix(id), logKey...)
}

// historyValue is the value of every history-index entry: the key says it
// all, the checksum of nothing keeps every value sealed.
var historyValue = seal(nil)

// reviewSeq returns the sequence number in a review-log key.
func reviewSeq(key []byte) uint64 { return binary.BigEndian.Uint64(key[8:]) }

func parseCardKey(k []byte) (starcards.CardID, error) {
	return parseCardID(string(k))
}

// parseCardID splits "story/kind/key" without copying.
func parseCardID(s string) (starcards.CardID, error) {
	story, rest, ok1 := strings.Cut(s, "/")
	kind, key, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 {
		return starcards.CardID{}, fmt.Errorf("%w: bad card key %q", ErrCorrupt, s)
	}
	return starcards.CardID{Story: story, Kind: starcards.Kind(kind), Key: key}, nil
}

// cardRecord is how a card's content is kept.
type cardRecord struct {
	Card    starcards.Card
	Added   time.Time
	Updated time.Time
}

// cardRecord version 1, binary (the card id is the key):
//
//	[0]      version (1)
//	[1:9]    added, unix seconds
//	[9:17]   updated, unix seconds
//	[17:21]  ord
//	[21:25]  answer
//	then     content: facet, front, back, then fields, options and tags,
//	         each a uvarint count of strings; strings are uvarint length ‖ bytes
const cardRecordV1 = 1

func (r cardRecord) encode() []byte {
	b := make([]byte, 0, 29+contentSize(r.Card))
	b = append(b, cardRecordV1)
	b = binary.BigEndian.AppendUint64(b, uint64(r.Added.Unix()))
	b = binary.BigEndian.AppendUint64(b, uint64(r.Updated.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Card.Ord))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Card.Answer))
	return seal(appendContent(b, r.Card))
}

func contentSize(c starcards.Card) int {
	n := len(c.Facet) + len(c.Front) + len(c.Back) + 32
	for _, list := range [][]string{c.Fields, c.Options, c.Tags} {
		for _, s := range list {
			n += len(s) + 3
		}
	}
	return n
}

// appendContent appends what a card says — everything but its id, position
// and times — so that two versions of a card compare as bytes.
func appendContent(b []byte, c starcards.Card) []byte {
	for _, s := range []string{c.Facet, c.Front, c.Back} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, list := range [][]string{c.Fields, c.Options, c.Tags} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

func decodeCard(key, v []byte) (cardRecord, error) {
	var r cardRecord
	b, err := unseal(v)
	if err != nil {
		return r, fmt.Errorf("card %s: %w", key, err)
	}
	if err := cardFromRecord(key, b, &r.Card, nil); err != nil {
		return r, err
	}
	r.Added = time.Unix(int64(binary.BigEndian.Uint64(b[1:])), 0).UTC()
	r.Updated = time.Unix(int64(binary.BigEndian.Uint64(b[9:])), 0).UTC()
	return r, nil
}

// uvarintLen is the length of n's shortest varint encoding, the one the
// encoder writes: a longer one (0xf9 0x00 for 0x79) is not a record we
// wrote, so the decoder refuses it rather than read it as the same value.
func uvarintLen(n uint64) int {
	var buf [binary.MaxVarintLen64]byte
	return binary.PutUvarint(buf[:], n)
}
