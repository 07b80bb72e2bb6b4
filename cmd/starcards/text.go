package main

import (
	"encoding/json"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/starcards/starcards"
)

// safe neutralises terminal control sequences in text from story files:
// every control character but newline and tab is shown as U+FFFD, so a story
// cannot move the cursor, recolour the terminal or set its title.
func safe(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	// C0, DEL and C1 controls, plus bidirectional overrides that can
	// disguise text.
	return unicode.IsControl(r) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// oneLine returns s on one line, cut to at most n runes with an ellipsis.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(safe(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// stateLabel describes a card's state as lists show it.
func stateLabel(cs starcards.CardState, at time.Time) string {
	switch {
	case cs.Retired:
		return "retired"
	case cs.Schedule.Suspended && cs.Schedule.Leech:
		return "suspended (leech)"
	case cs.Schedule.Suspended:
		return "suspended"
	case cs.Schedule.BuriedUntil.After(at):
		return "buried"
	}
	return cs.Schedule.State.String()
}

// dueLabel formats when a card is due, in local time.
func dueLabel(s starcards.Schedule) string {
	if s.State == starcards.StateNew || s.Due.IsZero() {
		return "-"
	}
	return s.Due.In(time.Local).Format("2006-01-02 15:04")
}

// writeTable writes a table with a header row.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewWriter(w)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
