package store

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

// sameSource reports whether two source names are the same file. Sources
// are absolute paths (or labels such as the built-in sample's); a name
// recorded relative, by an older starcards, matches by base name.
func sameSource(a, b string) bool {
	if a == b {
		return true
	}
	if filepath.IsAbs(a) && filepath.IsAbs(b) {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return a == "" || filepath.Base(a) == filepath.Base(b)
}

// fold normalises a title or question for comparison: case, punctuation
// and spacing do not count.
func fold(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}

// similarIndex maps the folded titles and questions of the live stories to
// their ids.
func similarIndex(tx *bolt.Tx) (map[string][]string, error) {
	idx := map[string][]string{}
	err := tx.Bucket(bucketOutline).ForEach(func(k, v []byte) error {
		b, err := decodeBrief(k, v)
		if err != nil || b.Retired {
			return err
		}
		for _, s := range []string{fold(b.Story.Title), fold(b.Story.Question)} {
			if s != "" {
				idx[s] = append(idx[s], b.Story.ID)
			}
		}
		return nil
	})
	return idx, err
}

// findSimilar returns the ids of other live stories whose title or
// question folds to s's, at most maxSimilar of them.
func findSimilar(idx map[string][]string, s *starcards.Story) []string {
	var out []string
	for _, k := range []string{fold(s.Title), fold(s.Question)} {
		for _, id := range idx[k] {
			if len(out) == maxSimilar {
				return out
			}
			// out holds at most maxSimilar ids: the search is short, so
			// thousands of stories sharing one question cost linear time.
			if id != s.ID && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// maxSimilar is how many similar stories an import names for a new story:
// enough to warn, few enough to read (and to keep a large import linear).
const maxSimilar = 3
