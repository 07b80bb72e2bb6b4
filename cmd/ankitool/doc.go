// Command ankitool is the Go half of the real-Anki tests in .ci/anki: it seeds
// a starcards collection with a history, exports it with the manifest of
// what the package holds, and dumps a collection's state as JSON for the
// Python half to compare with what Anki did.
//
//	go run ./cmd/ankitool seed     -db C.db -days 30 -seed 1 -retention 0.87
//	go run ./cmd/ankitool export   -db C.db -o P.apkg -manifest M.json [-with-scheduling]
//	go run ./cmd/ankitool dump     -db C.db
//
// It is test tooling, not part of starcards; .ci/anki/run.sh builds it. It
// lives in the cmd room because only commands read the clock.
package main
