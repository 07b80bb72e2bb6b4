package store

import "errors"

// Sentinel errors returned by the store; test with errors.Is.
var (
	// ErrLocked is returned by Open when another process holds the
	// collection for writing longer than the lock timeout.
	ErrLocked = errors.New("collection is in use by another starcards process")
	// ErrSchemaTooNew is returned by Open for a collection written by a
	// newer starcards.
	ErrSchemaTooNew = errors.New("collection was written by a newer starcards")
	// ErrNotCollection is returned by Open for a file that is not a
	// starcards collection (another bbolt file, or not a database at all).
	ErrNotCollection = errors.New("file is not a starcards collection")
	// ErrCorrupt is returned when a record fails its checksum or cannot be
	// decoded, and by Open for a file bbolt cannot read: the command stops
	// rather than use wrong data. DB.Check lists the damage.
	ErrCorrupt = errors.New("collection is corrupt")
	// ErrNeedsUpgrade is returned by a read-only Open of a collection
	// written by an older starcards: opening it for writing migrates it.
	ErrNeedsUpgrade = errors.New("collection needs an upgrade")
	// ErrEmptyFile is returned by Open for an empty file at the collection
	// path (bbolt would quietly make a database of it).
	ErrEmptyFile = errors.New("file is empty, not a starcards collection")
	// ErrNotRegular is returned by Open when the collection path is a
	// directory, FIFO, device or socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrOtherSource is matched by the *SourceError Import returns for a
	// story whose id belongs to a story from another source file.
	ErrOtherSource = errors.New("story id belongs to another source file")
	// ErrNotFound is returned for a card or story the collection lacks.
	ErrNotFound = errors.New("not found")
	// ErrNothingToUndo is returned by Undo when the review log is empty.
	ErrNothingToUndo = errors.New("nothing to undo")
	// ErrConflict is returned by Answer when the card changed since the
	// answer's Before state was read (another process answered it).
	ErrConflict = errors.New("card changed in another starcards process")
	// ErrReadOnly is returned by writing methods of a collection opened
	// read-only.
	ErrReadOnly = errors.New("collection is open read-only")
)
