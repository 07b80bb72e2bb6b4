package stats

import (
	"strings"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// bigTable is the number of lines from which a table is drawn by
// boxTable rather than tablewriter: a collection of thousands of stories
// has tables of thousands of lines, which tablewriter draws at several
// microseconds a cell. (A variable, so that a test can turn boxTable
// off.)
var bigTable = 200

// boxTable draws a table as tablewriter draws it with the options of
// printer.table (light borders, a header rule, cells padded by one space,
// no wrapping or trimming), byte for byte, and reports whether it could.
// It draws the tables the large ones of a report are: a header and rows
// of the same length, no footer, and cells whose every line holds
// something other than spaces and no control character. Any other it
// declines, writing nothing: tablewriter has special cases for empty
// cells and lines (dropped, merged) and footers that boxTable does not
// copy. Cell widths are tablewriter's own (twwidth).
func boxTable(b *strings.Builder, header []string, align []tw.Align, rows [][]string, footer []string) bool {
	n := len(header)
	if n == 0 || footer != nil {
		return false
	}
	widths := make([]int, n)
	fit := func(row []string) bool {
		if len(row) != n {
			return false
		}
		for i, c := range row {
			for line := range strings.SplitSeq(c, "\n") {
				w, ok := cellWidth(line)
				if !ok {
					return false
				}
				widths[i] = max(widths[i], w)
			}
		}
		return true
	}
	if !fit(header) {
		return false
	}
	for _, r := range rows {
		if !fit(r) {
			return false
		}
	}
	rule := func(left, mid, right string) {
		b.WriteString(left)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			for range w + 2 {
				b.WriteString("─")
			}
		}
		b.WriteString(right)
		b.WriteByte('\n')
	}
	var lines [][]string
	row := func(r []string) {
		lines = lines[:0]
		height := 1
		for _, c := range r {
			l := strings.Split(c, "\n")
			lines = append(lines, l)
			height = max(height, len(l))
		}
		for k := range height {
			b.WriteString("│")
			for i, l := range lines {
				c := ""
				if k < len(l) {
					c = l[k]
				}
				w, _ := cellWidth(c)
				pad := widths[i] - w
				b.WriteByte(' ')
				if i < len(align) && align[i] == tw.AlignRight {
					b.WriteString(strings.Repeat(" ", pad))
					b.WriteString(c)
				} else {
					b.WriteString(c)
					b.WriteString(strings.Repeat(" ", pad))
				}
				b.WriteString(" │")
			}
			b.WriteByte('\n')
		}
	}
	rule("┌", "┬", "┐")
	row(header)
	rule("├", "┼", "┤")
	for _, r := range rows {
		row(r)
	}
	rule("└", "┴", "┘")
	return true
}

// cellWidth returns the width of one line of a cell as tablewriter
// measures it, and false for a line with a control character or nothing
// but spaces.
func cellWidth(s string) (int, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, false
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7f:
			return 0, false
		case c >= 0x80:
			ascii = false
		}
	}
	if ascii {
		return len(s), true
	}
	for _, r := range s {
		if r < 0x20 || 0x7f <= r && r < 0xa0 {
			return 0, false
		}
	}
	return twwidth.Width(s), true
}
