package ankipkg

import "errors"

// Errors returned by [Read] and [Pull], wrapped with detail; test them with
// errors.Is.
var (
	// ErrNotPackage: the file is not an Anki package (not a zip, or no
	// collection inside). Returned by Read.
	ErrNotPackage = errors.New("not an Anki package")
	// ErrDamaged: the package or its collection cannot be read. Returned
	// by Read.
	ErrDamaged = errors.New("damaged Anki package")
	// ErrTooNew: the package was written in a format newer than this
	// program reads. Returned by Read.
	ErrTooNew = errors.New("package written by a newer Anki than this program reads")
	// ErrNoneOurs: the package holds no card exported by starcards.
	// Returned by Pull.
	ErrNoneOurs = errors.New("no starcards cards in this Anki package")
)
