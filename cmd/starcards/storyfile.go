package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
	"github.com/starcards/starcards/store"
)

// storyFile is a story read from a file.
type storyFile struct {
	name     string
	data     []byte
	story    *starcards.Story
	pos      decks.Positions  // where each part of the story is
	warnings []decks.Warning  // lines of a page that were left out
	cards    []starcards.Card // filled by makeCards
	findings []lint.Finding   // filled by makeCards
	// unchanged is set (its ID not empty) for a file an import skips: the
	// collection holds its story as imported from this very content. Such
	// a file is not parsed (story is nil).
	unchanged store.UnchangedStory
}

// readStoryFile reads and parses one story file, choosing the parser by
// extension: .yaml, .yml and .json are story files, .txt a STAR
// walkthrough page as copied from the web.
func readStoryFile(name string) (*storyFile, error) {
	data, err := readLimited(name)
	if err != nil {
		return nil, err
	}
	return parseStoryFile(name, data)
}

// parseStoryFile parses the content of the story file name.
func parseStoryFile(name string, data []byte) (*storyFile, error) {
	var err error
	sf := &storyFile{name: name, data: data}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		sf.story, sf.pos, err = decks.ParseWithPositions(data, name)
	case ".txt":
		var page *decks.Page
		if page, err = decks.ParsePage(data, name); err == nil {
			sf.story, sf.pos, sf.warnings = page.Story, page.Pos, page.Warnings
		}
	case ".md":
		sf.story, sf.pos, err = decks.ParseMarkdown(data, name)
	default:
		return nil, errorWithHint(fmt.Sprintf("%s: unknown story format %q", name, filepath.Ext(name)),
			"story files end in .yaml, .yml, .json or .md (Markdown); a copied walkthrough page in .txt")
	}
	if err != nil {
		return nil, err
	}
	return sf, nil
}

// readLimited reads a file of at most decks.MaxFileSize bytes.
func readLimited(name string) ([]byte, error) {
	// Stat before opening: opening a FIFO for reading blocks until a
	// writer comes, and a device may never end.
	if fi, err := os.Stat(name); err == nil {
		switch {
		case fi.IsDir():
			return nil, errorf("%s: is a directory, not a story file", name)
		case !fi.Mode().IsRegular():
			return nil, errorf("%s: not a regular file (a FIFO, device or socket), not a story file", name)
		}
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fileError(err)
	}
	defer f.Close()
	size := 512
	if fi, err := f.Stat(); err == nil {
		if !fi.Mode().IsRegular() {
			// Replaced between the stat and the open.
			return nil, errorf("%s: not a regular file, not a story file", name)
		}
		// Room for the whole file and the end: one read, not the eight
		// of io.ReadAll's growing buffer for a 5 KB story.
		size = int(min(max(fi.Size(), 0), decks.MaxFileSize)) + 1
	}
	data, err := readAll(io.LimitReader(f, decks.MaxFileSize+1), size)
	if err != nil {
		return nil, fileError(err)
	}
	if len(data) > decks.MaxFileSize {
		return nil, &decks.ParseError{File: name, Err: decks.ErrTooLarge}
	}
	return data, nil
}

// readAll is io.ReadAll starting with a buffer of size bytes.
func readAll(r io.Reader, size int) ([]byte, error) {
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}

// fileError words an error from opening or reading a file for the user.
func fileError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return errorf("%s: no such file", pe.Path)
		case errors.Is(err, fs.ErrPermission):
			return errorf("%s: permission denied", pe.Path)
		}
		return errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}
