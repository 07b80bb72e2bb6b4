package decks

import (
	"errors"
	"fmt"
)

// ParseError is an error at a position in a story file. Line and Col are
// 1-based; a zero Line means the error concerns the whole file.
type ParseError struct {
	File string
	Line int
	Col  int
	Err  error
}

func (e *ParseError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Sentinel errors wrapped in a [ParseError].
var (
	// ErrTooLarge is returned by the parsers for input over [MaxFileSize].
	ErrTooLarge = errors.New("file is larger than 1 MiB")
	// ErrInvalidUTF8 is returned by the parsers for input that is not UTF-8.
	ErrInvalidUTF8 = errors.New("file is not valid UTF-8")
)

// MaxFileSize is the largest story file the parsers accept.
const MaxFileSize = 1 << 20
