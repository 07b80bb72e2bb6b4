package main

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// TestTermLineInput types a line into a terminal-style key reader: letters
// keep their case, Backspace erases, Enter ends the line, and the echo
// shows what was typed.
func TestTermLineInput(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	keys := newKeyInput(r)
	defer keys.stop()
	var echo strings.Builder
	in := &termLineInput{keyInput: keys, echo: &echo}
	if _, err := w.WriteString("We Fixd\x7fed\r"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	got, err := in.Line()
	if err != nil || got != "We Fixed" {
		t.Fatalf("Line()=%q, %v; want %q", got, err, "We Fixed")
	}
	if want := "We Fixd\b \bed\n"; echo.String() != want {
		t.Errorf("echo=%q, want %q", echo.String(), want)
	}
}

func TestLineInputLine(t *testing.T) {
	in := &lineInput{r: bufioReader("I fixed it\r\nlast")}
	for _, want := range []string{"I fixed it", "last"} {
		got, err := in.Line()
		if err != nil || got != want {
			t.Fatalf("Line()=%q, %v; want %q", got, err, want)
		}
	}
	if _, err := in.Line(); err == nil {
		t.Errorf("Line at end of input: no error")
	}
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }
