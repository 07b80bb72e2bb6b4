//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"

	"github.com/starcards/starcards/cmd/starcards/internal/palette"
)

// terminal runs starcards (this test binary under that name, as testscript
// does) on a pseudo-terminal of the given size.
type terminal struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startTerminal(t *testing.T, rows, cols uint16, env []string, args ...string) *terminal {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "starcards")
	self, err := os.Executable()
	if err != nil {
		t.Skipf("no executable path: %v", err)
	}
	if err := os.Symlink(self, bin); err != nil {
		t.Skipf("cannot link the test binary: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{
		"STARCARDS_DB=" + filepath.Join(dir, "collection.db"),
		"STARCARDS_TEST_NOW=2026-11-02T09:00:00Z",
		"TZ=UTC", "TERM=xterm", "HOME=" + dir,
	}, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	term := &terminal{t: t, pty: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			term.mu.Lock()
			term.out.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				close(term.done)
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	})
	return term
}

// waitFor waits until the output holds want n times (or more). The
// deadline only stops a hung test; no assertion depends on timing.
func (term *terminal) waitFor(want string, n int) string {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		term.mu.Lock()
		out := term.out.String()
		term.mu.Unlock()
		if strings.Count(out, want) >= n {
			return out
		}
		select {
		case <-term.done:
			term.mu.Lock()
			out = term.out.String()
			term.mu.Unlock()
			if strings.Count(out, want) >= n {
				return out
			}
			term.t.Fatalf("starcards ended before %q appeared %d times:\n%q", want, n, out)
		case <-time.After(10 * time.Millisecond):
		}
	}
	term.t.Fatalf("%q did not appear %d times:\n%q", want, n, term.out.String())
	return ""
}

func (term *terminal) send(keys string) {
	if _, err := term.pty.WriteString(keys); err != nil {
		term.t.Fatal(err)
	}
}

const clearScreen = "\x1b[H\x1b[2J"

// lastScreen returns the text after the last clear, without colours.
func lastScreen(out string) string {
	return palette.Strip(out[strings.LastIndex(out, clearScreen)+len(clearScreen):])
}

// TestTerminalResizeRedraws: on a real terminal the review screen is drawn
// again when the terminal is resized, fitted to the new width.
func TestTerminalResizeRedraws(t *testing.T) {
	term := startTerminal(t, 24, 80, []string{"NO_COLOR=1"}, "review")
	out := term.waitFor("? for keys)", 1)
	before := strings.Count(out, clearScreen)
	if err := pty.Setsize(term.pty, &pty.Winsize{Rows: 20, Cols: 50}); err != nil {
		t.Fatal(err)
	}
	term.waitFor(clearScreen, before+1)
	out = term.waitFor("? for keys)", 2)
	screen := lastScreen(out)
	if !strings.Contains(screen, "Tell me about a time") {
		t.Fatalf("the redrawn screen lacks the question:\n%s", screen)
	}
	for _, line := range strings.Split(screen, "\r\n") {
		if w := runewidth.StringWidth(line); w > 50 {
			t.Errorf("after the resize to 50 columns a line is %d wide: %q", w, line)
		}
	}
	// The answer on a 20-row terminal keeps the question on screen.
	term.send(" ")
	out = term.waitFor("1 Again", 1)
	screen = lastScreen(out)
	if !strings.Contains(screen, "Tell me about a time") {
		t.Errorf("the answer pushed the question off screen:\n%s", screen)
	}
	if n := strings.Count(screen, "\r\n"); n > 20 {
		t.Errorf("the answer screen has %d lines on a 20-row terminal:\n%s", n, screen)
	}
	if strings.Contains(out, "\x1b[3") {
		t.Errorf("NO_COLOR is set but the screen is coloured")
	}
	term.send("q")
	term.waitFor("Due tomorrow", 1)
}

// TestTerminalColor: on a terminal the review is coloured by default, and
// not with --color never.
func TestTerminalColor(t *testing.T) {
	term := startTerminal(t, 30, 100, nil, "review")
	term.waitFor("? for keys)", 1)
	term.send(" ")
	out := term.waitFor("4 Easy", 1)
	for _, want := range []string{"\x1b[31m1 Again", "\x1b[33m2 Hard", "\x1b[32m3 Good", "\x1b[36m4 Easy"} {
		if !strings.Contains(out, want) {
			t.Errorf("the rating buttons lack %q:\n%q", want, out)
		}
	}
	term.send("q")
	term.waitFor("Due tomorrow", 1)

	plain := startTerminal(t, 30, 100, nil, "--color", "never", "review")
	plain.waitFor("? for keys)", 1)
	plain.send(" ")
	out = plain.waitFor("4 Easy", 1)
	if strings.Contains(out, "\x1b[3") {
		t.Errorf("--color never, yet the screen is coloured:\n%q", out)
	}
	plain.send("q")
	plain.waitFor("Due tomorrow", 1)
}
