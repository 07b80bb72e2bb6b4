package export

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/starcards/starcards"
)

// Anki ids are epoch milliseconds, and Anki renumbers any id later than a day
// from now. Every id this package derives lies in the fixed window
// [idBase, idBase+idSpan): 2011-03-13 to 2019-12-07, always in the past, and
// identical across exports because it depends only on the hashed name.
const (
	idBase = 1_300_000_000_000
	idSpan = 1 << 38 // ≈ 8.7 years of milliseconds
)

// hashID maps name into the id window.
func hashID(name string) int64 { return hashBytes([]byte(name)) }

func hashBytes(name []byte) int64 {
	sum := sha256.Sum256(name)
	return idBase + int64(binary.BigEndian.Uint64(sum[:8])%idSpan)
}

// idSet hands out hashed ids that are unique within one table. A collision
// (≈1e-4 for 10,000 notes) is resolved by taking the next free id; callers
// assign ids in a canonical order so the result does not depend on the order
// of the input.
type idSet map[int64]struct{}

func (s idSet) take(name string) int64 { return s.takeFrom(hashID(name)) }

// takeFrom is take for a name whose hashID is id.
func (s idSet) takeFrom(id int64) int64 {
	for {
		if _, used := s[id]; !used {
			s[id] = struct{}{}
			return id
		}
		id++
		if id >= idBase+idSpan {
			id = idBase
		}
	}
}

// Names hashed into ids. The "v1" is part of the identity: changing it would
// make Anki see every note, card and note type as new. A note's name is
// "starcards/note/v1\0" + card id; a card's, "starcards/card/v1\0" + card
// id + "\0" + ord.
func appendNoteIDName(b []byte, cardID string) []byte {
	return append(append(b, "starcards/note/v1\x00"...), cardID...)
}

func appendCardIDName(b []byte, cardID string, ord int) []byte {
	b = append(append(b, "starcards/card/v1\x00"...), cardID...)
	return strconv.AppendInt(append(b, 0), int64(ord), 10)
}

// noteIDHash is the hashID of the note name of cardID, made on the stack.
func noteIDHash(cardID string) int64 {
	var buf [128]byte
	return hashBytes(appendNoteIDName(buf[:0], cardID))
}

// cardIDHash is the hashID of the card name of cardID and ord.
func cardIDHash(cardID string, ord int) int64 {
	var buf [128]byte
	return hashBytes(appendCardIDName(buf[:0], cardID, ord))
}

func modelIDName(kind string, version int) string {
	return "starcards/" + kind + "/v" + strconv.Itoa(version)
}
func deckIDName(lowerName string) string { return "starcards/deck/v1\x00" + lowerName }

const dconfIDName = "starcards/dconf/v1"

// guidAlphabet is base62: guids stay plain in TSV, HTML and the browser.
const guidAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// guidFor returns the note guid for a card id: base62 of the first 64 bits
// of SHA-256("starcards/guid/v1\0" + id + salt). salt is "" unless two card
// ids collide, which 64 bits make practically impossible.
func guidFor(cardID, salt string) string { return guidString(guidNumber(cardID, salt)) }

// guidNumber is the number a guid spells: distinct numbers, distinct guids.
func guidNumber(cardID, salt string) uint64 {
	const prefix = "starcards/guid/v1\x00"
	var buf [128]byte
	sum := sha256.Sum256(append(append(append(buf[:0], prefix...), cardID...), salt...))
	return binary.BigEndian.Uint64(sum[:8])
}

// guidString is n in base62.
func guidString(n uint64) string {
	var buf [11]byte
	i := len(buf)
	for {
		i--
		buf[i] = guidAlphabet[n%62]
		n /= 62
		if n == 0 {
			break
		}
	}
	return string(buf[i:])
}

// GUID returns the guid of the Anki note that holds starcards card id, as
// [Apkg] and [TSV] write it: base62 of the first 64 bits of
// SHA-256("starcards/guid/v1\0" + id.String()). The note is one Anki card,
// ord 0. (Should two card ids ever give one guid, the second note's guid is
// salted; its first field, ID, still holds its card id.)
func GUID(id starcards.CardID) string { return guidFor(id.String(), "") }

// uniqueIDs gives each of hashes (hashID of each name, in canonical
// order) its id as idSet.take would in that order. Without a collision,
// the common case, that is the hash itself, and a sorted copy shows it
// more cheaply than a map of every id.
func uniqueIDs(hashes []int64) []int64 {
	if !hasRepeat(hashes) {
		return hashes
	}
	s := make(idSet, len(hashes))
	out := make([]int64, len(hashes))
	for i, h := range hashes {
		out[i] = s.takeFrom(h)
	}
	return out
}

// hasRepeat reports whether a value occurs twice in v, by sorting a copy.
func hasRepeat[T cmp.Ordered](v []T) bool {
	v = slices.Clone(v)
	slices.Sort(v)
	for i := 1; i < len(v); i++ {
		if v[i] == v[i-1] {
			return true
		}
	}
	return false
}

// guids returns the guids of the notes of these card ids (as
// CardID.String() spells them, in collection order), given their unsalted
// guidNumbers: guidFor(id, ""), salted with "#1", "#2"… for an id whose
// guid an earlier one took.
func guids(ids []string, numbers []uint64) []string {
	out := make([]string, len(ids))
	if !hasRepeat(numbers) {
		for i, n := range numbers {
			out[i] = guidString(n)
		}
		return out
	}
	taken := make(map[uint64]struct{}, len(ids))
	for i, id := range ids {
		g := numbers[i]
		for salt := 1; ; salt++ {
			if _, used := taken[g]; !used {
				break
			}
			g = guidNumber(id, "#"+strconv.Itoa(salt))
		}
		taken[g] = struct{}{}
		out[i] = guidString(g)
	}
	return out
}
