package main

import (
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: boltopen FILE")
		return 2
	}
	// A missing file is an error, not a new file: read-only never creates.
	db, err := bolt.Open(args[0], 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		fmt.Fprintf(stderr, "boltopen: %v\n", err)
		return 1
	}
	if err := db.Close(); err != nil {
		fmt.Fprintf(stderr, "boltopen: %v\n", err)
		return 1
	}
	return 0
}
