package main

import (
	"fmt"
	"os"
	"syscall"

	"github.com/rogpeppe/go-internal/testscript"
	bolt "go.etcd.io/bbolt"
)

// withStoreHelpers adds the programs the store's scripts run to cmds:
//
//	damage-record PATH BUCKET KEY   flips a bit in the middle of a record's value
//	drop-index-entry PATH BUCKET    deletes the first entry of an index bucket
func withStoreHelpers(cmds map[string]func()) map[string]func() {
	cmds["damage-record"] = func() {
		rawUpdate(os.Args[1], func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(os.Args[2]))
			if b == nil {
				return fmt.Errorf("no bucket %s", os.Args[2])
			}
			v := append([]byte(nil), b.Get([]byte(os.Args[3]))...)
			if len(v) == 0 {
				return fmt.Errorf("no record %s", os.Args[3])
			}
			v[len(v)/2] ^= 0x10
			return b.Put([]byte(os.Args[3]), v)
		})
	}
	cmds["drop-index-entry"] = func() {
		rawUpdate(os.Args[1], func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(os.Args[2]))
			if b == nil {
				return fmt.Errorf("no bucket %s", os.Args[2])
			}
			k, _ := b.Cursor().First()
			if k == nil {
				return fmt.Errorf("bucket %s is empty", os.Args[2])
			}
			return b.Delete(append([]byte(nil), k...))
		})
	}
	return cmds
}

func rawUpdate(path string, fn func(tx *bolt.Tx) error) {
	db, err := bolt.Open(path, 0o600, nil)
	if err == nil {
		err = db.Update(fn)
		db.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// withStoreScriptCmds adds the script commands of the store's scripts:
//
//	mkfifo PATH   makes a named pipe
func withStoreScriptCmds(cmds map[string]func(ts *testscript.TestScript, neg bool, args []string)) map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds["mkfifo"] = func(ts *testscript.TestScript, neg bool, args []string) {
		ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o600))
	}
	return cmds
}
