package store

import (
	"errors"
	"testing"

	"github.com/starcards/starcards/decks"
)

// TestDecodeStoryHead: the head of a story record, read without its text,
// is what the full decode says, for text that looks like the record's own
// fields too; a record under another key is refused.
func TestDecodeStoryHead(t *testing.T) {
	base := *decks.Sample()
	for _, tt := range []struct {
		name    string
		title   string
		hash    string
		source  string
		seq     uint32
		retired bool
	}{
		{"Plain", base.Title, "abc", "/stories/a.yaml", 3, false},
		{"Retired", base.Title, "abc", "sample", 1, true},
		{"LooksLikeTail", `},"hash":"evil","source":"evil"}`, "h", `/x/"quoted" <&>.yaml`, 9, false},
		{"NoHash", base.Title, "", "", 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			s.Title = tt.title
			v, err := storyRecord{Story: toStoryDoc(&s), Hash: tt.hash, Source: tt.source, Seq: tt.seq, Retired: tt.retired, Imported: t0}.encode()
			if err != nil {
				t.Fatal(err)
			}
			h, err := decodeStoryHead([]byte(s.ID), v)
			want := storyHead{ID: s.ID, Hash: tt.hash, Source: tt.source, Seq: tt.seq, Retired: tt.retired}
			if err != nil || h != want {
				t.Errorf("head = %+v, %v; want %+v", h, err, want)
			}
			if _, err := decodeStoryHead([]byte("other"), v); !errors.Is(err, ErrCorrupt) {
				t.Errorf("under another key: %v, want ErrCorrupt", err)
			}
		})
	}
}
