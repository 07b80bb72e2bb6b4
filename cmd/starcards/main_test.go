package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // scripts set TZ; don't depend on the machine's zoneinfo

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
	bolt "go.etcd.io/bbolt"
)

var update = flag.Bool("update", false, "update testscript files with actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, withStoreHelpers(map[string]func(){
		"starcards": func() {
			setTestClock()
			os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
		// fake-vi [+LINE] FILE is an $EDITOR for scripts: it logs its
		// arguments to $EDITOR_LOG and, if $EDIT_WITH names a file, copies
		// it over FILE.
		"fake-vi": func() {
			if log := os.Getenv("EDITOR_LOG"); log != "" {
				f, _ := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
				fmt.Fprintln(f, strings.Join(os.Args[1:], " "))
				f.Close()
			}
			if src := os.Getenv("EDIT_WITH"); src != "" {
				data, err := os.ReadFile(src)
				if err == nil {
					err = os.WriteFile(os.Args[len(os.Args)-1], data, 0o600)
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
			os.Exit(0)
		},
		// fill-template FILE fills in a template's placeholders: "<role>"
		// becomes "role", as a user's own words would.
		"fill-template": func() {
			data, err := os.ReadFile(os.Args[1])
			if err == nil {
				filled := regexp.MustCompile(`<([^<>!][^<>]*)>`).ReplaceAllString(string(data), "$1")
				err = os.WriteFile(os.Args[1], []byte(filled), 0o600)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		},
		// set-schema-version PATH N pretends a newer starcards wrote PATH.
		"set-schema-version": func() {
			db, err := bolt.Open(os.Args[1], 0o600, nil)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			n, _ := strconv.ParseUint(os.Args[2], 10, 64)
			err = db.Update(func(tx *bolt.Tx) error {
				v := make([]byte, 8)
				binary.BigEndian.PutUint64(v, n)
				return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), v)
			})
			db.Close()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.Exit(0)
		},
		// gen-stories N writes N generated stories, story-0000.yaml….
		"gen-stories": func() {
			n, _ := strconv.Atoi(os.Args[1])
			for i := range n {
				if err := os.WriteFile(fmt.Sprintf("story-%04d.yaml", i), decks.GenerateStory(i), 0o600); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
			os.Exit(0)
		},
		// revlog prints the review log of $STARCARDS_DB, one line per answer:
		// card, rating, duration, and "spoken" for drill and mock answers.
		"revlog": func() {
			db, err := store.Open(os.Getenv("STARCARDS_DB"), store.Options{ReadOnly: true}, time.Now())
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			defer db.Close()
			db.Reviews(time.Time{}, func(r starcards.Review) bool {
				spoken := ""
				if r.Spoken {
					spoken = " spoken"
				}
				fmt.Printf("%s %s %s%s\n", r.Card, r.Rating, r.Duration, spoken)
				return true
			})
			os.Exit(0)
		},
		// hold-collection PATH SECONDS opens the collection for writing, writes
		// PATH.held once it holds the lock, and keeps it for SECONDS.
		"hold-collection": func() {
			db, err := store.Open(os.Args[1], store.Options{}, time.Now())
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			os.WriteFile(os.Args[1]+".held", nil, 0o600)
			secs, _ := strconv.Atoi(os.Args[2])
			time.Sleep(time.Duration(secs) * time.Second)
			db.Close()
			os.Exit(0)
		},
	}))
}

// setTestClock fixes the clock for a script: STARCARDS_TEST_NOW is an RFC 3339
// time, shown in the local zone (TZ); STARCARDS_TEST_TICK, if set, advances
// it by that duration at every reading, so sessions take measurable time.
func setTestClock() {
	v := os.Getenv("STARCARDS_TEST_NOW")
	if v == "" {
		return
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic("bad STARCARDS_TEST_NOW: " + err.Error())
	}
	t = t.In(time.Local)
	tick, _ := time.ParseDuration(os.Getenv("STARCARDS_TEST_TICK"))
	now = func() time.Time {
		cur := t
		t = t.Add(tick)
		return cur
	}
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("STARCARDS_DB", filepath.Join(env.WorkDir, "collection.db"))
			env.Setenv("STARCARDS_TEST_NOW", "2026-11-02T09:00:00Z")
			env.Setenv("TZ", "UTC")
			env.Setenv("NO_COLOR", "")
			return nil
		},
		Cmds: withStoreScriptCmds(map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// waitfile PATH waits up to 10 s for PATH to exist.
			"waitfile": func(ts *testscript.TestScript, neg bool, args []string) {
				deadline := time.Now().Add(10 * time.Second)
				for time.Now().Before(deadline) {
					if _, err := os.Stat(ts.MkAbs(args[0])); err == nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
				ts.Fatalf("%s did not appear", args[0])
			},
			// ankifixture NAME copies a package the real Anki wrote (see
			// .ci/anki) from export/ankipkg/testdata into the work dir.
			"ankifixture": func(ts *testscript.TestScript, neg bool, args []string) {
				b, err := os.ReadFile(filepath.Join("..", "..", "export", "ankipkg", "testdata", args[0]))
				ts.Check(err)
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
			},
			// truncate PATH SIZE cuts a file short.
			"truncate": func(ts *testscript.TestScript, neg bool, args []string) {
				n, err := strconv.ParseInt(args[1], 10, 64)
				ts.Check(err)
				ts.Check(os.Truncate(ts.MkAbs(args[0]), n))
			},
			// sameas PATH COPY fails unless the two files are byte-identical.
			"sameas": func(ts *testscript.TestScript, neg bool, args []string) {
				a, err1 := os.ReadFile(ts.MkAbs(args[0]))
				b, err2 := os.ReadFile(ts.MkAbs(args[1]))
				ts.Check(err1)
				ts.Check(err2)
				if bytes.Equal(a, b) == neg {
					ts.Fatalf("%s and %s: identical=%v", args[0], args[1], !neg)
				}
			},
		}),
	})
}
