package main

import (
	"encoding/json"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
)

// safe neutralises terminal control sequences in story text.
func safe(s string) string { return session.Safe(s) }

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
