package store

import (
	"errors"
	"reflect"
	"testing"
)

func TestStoryIdentity(t *testing.T) {
	db := MustOpen(t)
	a := storyImport(t, storyV1)
	a.Source = "/stories/a.yaml"
	if _, err := db.Import([]StoryImport{a}, t0); err != nil {
		t.Fatal(err)
	}
	b := storyImport(t, storyV2)
	b.Source = "/stories/b.yaml"
	for name, check := range map[string]func() error{
		"CheckSources": func() error { return db.CheckSources([]StoryImport{b}) },
		"Import":       func() error { _, err := db.Import([]StoryImport{b}, t0); return err },
	} {
		err := check()
		var se *SourceError
		if !errors.As(err, &se) || !errors.Is(err, ErrOtherSource) || se.Owner != a.Source || se.ID != "s" {
			t.Errorf("%s of another file's story = %v, want a SourceError naming %s", name, err, a.Source)
		}
	}
	// The same file again, and another file with Replace, are updates.
	a2 := storyImport(t, storyV2)
	a2.Source = a.Source
	if _, err := db.Import([]StoryImport{a2}, t0); err != nil {
		t.Errorf("re-import from the same file: %v", err)
	}
	b.Replace = true
	if err := db.CheckSources([]StoryImport{b}); err != nil {
		t.Errorf("CheckSources with Replace: %v", err)
	}
	if _, err := db.Import([]StoryImport{b}, t0); err != nil {
		t.Errorf("Import with Replace: %v", err)
	}
	stories, _ := db.Stories()
	if stories[0].Source != b.Source {
		t.Errorf("source after Replace = %s, want %s", stories[0].Source, b.Source)
	}
	// A new story with the same title as one in the collection is pointed
	// out.
	c := storyImport(t, "id: c\ntitle: t!\nsections: {task: {example: x}}\n")
	rep, err := db.Import([]StoryImport{c}, t0)
	if err != nil || !reflect.DeepEqual(rep[0].Similar, []string{"s"}) {
		t.Errorf("similar stories = %v (%v), want [s]", rep[0].Similar, err)
	}
}
