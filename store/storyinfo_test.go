package store

import (
	"strings"
	"testing"
)

// TestStoryAndHasLiveStoryBesides: Story reads one story's record, retired
// or not; HasLiveStoryBesides looks for a live story other than the one
// named.
func TestStoryAndHasLiveStoryBesides(t *testing.T) {
	db := MustOpen(t)
	a := storyImport(t, strings.Replace(storyV1, "id: s", "id: a", 1))
	a.Source = "built-in sample"
	b := storyImport(t, strings.Replace(storyV1, "id: s", "id: b", 1))
	if _, err := db.Import([]StoryImport{a, b}, t0); err != nil {
		t.Fatal(err)
	}
	check := func(step string, id string, wantFound bool, wantSource string, wantRetired bool) {
		t.Helper()
		si, ok, err := db.Story(id)
		if err != nil || ok != wantFound || si.Source != wantSource || si.Retired != wantRetired || (ok && si.Story.ID != id) {
			t.Errorf("%s: Story(%q) = %q source %q retired %v, %v, %v; want found %v source %q retired %v",
				step, id, si.Story.ID, si.Source, si.Retired, ok, err, wantFound, wantSource, wantRetired)
		}
	}
	besides := func(step, id string, want bool) {
		t.Helper()
		if got, err := db.HasLiveStoryBesides(id); err != nil || got != want {
			t.Errorf("%s: HasLiveStoryBesides(%q) = %v, %v; want %v", step, id, got, err, want)
		}
	}
	check("both", "a", true, "built-in sample", false)
	check("both", "nope", false, "", false)
	besides("both", "a", true)
	besides("both", "b", true)
	if _, err := db.RemoveStory("b", t0); err != nil {
		t.Fatal(err)
	}
	check("b removed", "b", true, "test.yaml", true)
	besides("b removed", "a", false)
	besides("b removed", "b", true)
}
