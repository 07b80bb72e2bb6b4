package export

import "errors"

// Errors returned by [Apkg] and [TSV], wrapped with the card or option they
// concern; test for them with [errors.Is].
var (
	// ErrNoNow is returned by Apkg when Options.Now is the zero time: ids,
	// due days and modification times are all relative to it.
	ErrNoNow = errors.New("export time (Options.Now) is not set")
	// ErrDuplicateCard is returned by Apkg and TSV when two cards of the
	// collection have the same id: their notes would share a guid.
	ErrDuplicateCard = errors.New("duplicate card id")
	// ErrUnknownKind is returned by Apkg and TSV for a card whose kind has no
	// note type.
	ErrUnknownKind = errors.New("unknown card kind")
)
