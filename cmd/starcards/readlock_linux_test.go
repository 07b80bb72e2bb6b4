package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/starcards/starcards/decks"
)

// fSetPipeSize is Linux's F_SETPIPE_SZ, which syscall does not name.
const fSetPipeSize = 1031

// TestReadersReleaseLock runs each read-only command (the starcards
// program, as the scripts do) with its standard output a pipe that nobody
// reads after the first byte, so the command stays blocked in writing its
// output. Meanwhile a writer must get in within its own wait (about 3 s):
// a reader that kept the collection's shared lock while printing would make
// it fail with "in use". Each command's output must be larger than the pipe
// holds, so that it was indeed still blocked while the writer ran.
func TestReadersReleaseLock(t *testing.T) {
	bin, err := exec.LookPath("starcards")
	if err != nil {
		t.Skip("starcards is not on PATH (testscript.Main sets it up)")
	}
	dir := t.TempDir()
	env := append(os.Environ(),
		"STARCARDS_DB="+filepath.Join(dir, "collection.db"),
		"STARCARDS_TEST_NOW=2026-11-02T09:00:00Z", "STARCARDS_TEST_TICK=", "TZ=UTC", "NO_COLOR=1")
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("starcards %s: %v: %s", strings.Join(args, " "), err, stderr.String())
		}
		return out
	}
	files := []string{"import"}
	for i := range 12 {
		name := fmt.Sprintf("story-%04d.yaml", i)
		if err := os.WriteFile(filepath.Join(dir, name), decks.GenerateStory(i), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	run(files...)
	run("config", "set", "new-per-day", "200")
	var stories, cards []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(run("list", "--stories", "--json"), &stories); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(run("list", "--json"), &cards); err != nil {
		t.Fatal(err)
	}
	cheatsheet := []string{"cheatsheet"}
	for _, s := range stories {
		cheatsheet = append(cheatsheet, s.ID)
	}
	// A card with a long history, for show.
	for range 40 {
		run("grade", cards[0].ID, "good")
	}

	readers := []struct {
		args   []string
		before []string // a command run first
	}{
		{args: []string{"list"}},
		{args: []string{"list", "--json"}},
		{args: []string{"list", "--stories", "--json"}},
		{args: []string{"due", "--json"}},
		{args: []string{"show", cards[0].ID}},
		{args: []string{"stats", "--json"}},
		{args: []string{"export", "tsv", "-o", "-"}},
		{args: cheatsheet},
		{args: []string{"__complete", "show", ""}},
		{args: []string{"plan", "--json"}, before: []string{"plan", "set", "--interview", "2026-12-01"}},
		{args: []string{"stats"}},
	}
	for i, rd := range readers {
		args := rd.args
		name := strings.Join(args, " ")
		if len(name) > 40 {
			name = name[:40]
		}
		if rd.before != nil {
			run(rd.before...)
		}
		t.Run(name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			capacity := 1 << 16
			if n, _, errno := syscall.Syscall(syscall.SYS_FCNTL, w.Fd(), fSetPipeSize, 4096); errno == 0 {
				capacity = int(n)
			}
			reader := exec.Command(bin, args...)
			reader.Env, reader.Dir, reader.Stdout = env, dir, w
			var stderr bytes.Buffer
			reader.Stderr = &stderr
			if err := reader.Start(); err != nil {
				t.Fatal(err)
			}
			w.Close()
			first := make([]byte, 1)
			if _, err := io.ReadFull(r, first); err != nil {
				reader.Wait()
				t.Fatalf("no output: %v: %s", err, stderr.String())
			}
			// The reader is printing, and blocks once the pipe is full.
			writer := exec.Command(bin, "config", "set", "new-per-day", fmt.Sprint(100+i))
			writer.Env, writer.Dir = env, dir
			out, werr := writer.CombinedOutput()
			rest, _ := io.ReadAll(r)
			if err := reader.Wait(); err != nil {
				t.Errorf("reader: %v: %s", err, stderr.String())
			}
			if werr != nil {
				t.Errorf("a writer could not get in while the reader printed: %v: %s", werr, out)
			}
			if n := 1 + len(rest); n <= capacity {
				t.Errorf("the output is %d bytes, no more than the pipe holds (%d): the reader was not kept printing", n, capacity)
			}
		})
	}
}
