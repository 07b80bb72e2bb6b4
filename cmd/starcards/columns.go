package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"
)

// table is a plain text table: a header and rows in columns two spaces
// apart, no borders, fitted to a width by cutting the columns marked
// flexible (with an ellipsis): the column of the highest priority first,
// down to its minimum, then the next. It is what list prints: ids
// and states read better unboxed, and 80 columns hold them.
type table struct {
	header []string
	rows   [][]string
	flex   []int                               // cut priority of each column (0: never cut; higher first)
	paint  func(row, col int, s string) string // colours a cell after fitting; may be nil
}

const columnGap = 2

// write prints t within width columns (0: no limit).
func (t *table) write(w io.Writer, width int) error {
	n := len(t.header)
	widths := make([]int, n)
	for i, h := range t.header {
		widths[i] = runewidth.StringWidth(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	if width > 0 {
		total := func() int {
			s := columnGap * (n - 1)
			for _, x := range widths {
				s += x
			}
			return s
		}
		// Cut the flexible columns, highest priority first, each down to
		// the width of its header and at least 8.
		for total() > width {
			best := -1
			for i := range widths {
				floor := max(8, runewidth.StringWidth(t.header[i]))
				if i < len(t.flex) && t.flex[i] > 0 && widths[i] > floor && (best < 0 || t.flex[i] > t.flex[best]) {
					best = i
				}
			}
			if best < 0 {
				break
			}
			widths[best]--
		}
	}
	// Written as it is laid out: a list of 100,000 cards is megabytes.
	b := bufio.NewWriterSize(w, 64<<10)
	line := func(row int, cells []string) {
		for i, c := range cells {
			c = runewidth.Truncate(c, widths[i], "…")
			pad := widths[i] - runewidth.StringWidth(c)
			if t.paint != nil && row >= 0 {
				c = t.paint(row, i, c)
			}
			b.WriteString(c)
			if i < n-1 {
				b.WriteString(strings.Repeat(" ", pad+columnGap))
			}
		}
		b.WriteByte('\n')
	}
	upper := make([]string, n)
	for i, h := range t.header {
		upper[i] = strings.ToUpper(h)
	}
	line(-1, upper)
	for i, r := range t.rows {
		line(i, r)
	}
	return b.Flush()
}

// outputWidth is the width to fit output to: the terminal's if w is one,
// else $COLUMNS if set, else 80.
func outputWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}
