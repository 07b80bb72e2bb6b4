package palette

import "github.com/starcards/starcards"

// ANSI SGR codes of the palette: the eight basic colours, which every
// terminal theme maps to readable shades, plus bold and faint.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	faint  = "\x1b[2m"
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	cyan   = "\x1b[36m"
)

// Palette colours text for a terminal, or leaves it alone when off.
type Palette struct{ on bool }

// New returns a palette that colours if on is true.
func New(on bool) Palette { return Palette{on: on} }

// On reports whether the palette colours.
func (p Palette) On() bool { return p.on }

func (p Palette) paint(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return code + s + reset
}

// Good is for what went right: a right quiz pick, Good, done counts.
func (p Palette) Good(s string) string { return p.paint(green, s) }

// Bad is for what went wrong: a wrong pick, Again, errors.
func (p Palette) Bad(s string) string { return p.paint(red, s) }

// Warn is for Hard and for cautions (a leech, a suspended card).
func (p Palette) Warn(s string) string { return p.paint(yellow, s) }

// Accent is for Easy and for names the user acts on (card ids, keys).
func (p Palette) Accent(s string) string { return p.paint(cyan, s) }

// Info is for learning cards and neutral figures.
func (p Palette) Info(s string) string { return p.paint(blue, s) }

// Bold is for headings and the question.
func (p Palette) Bold(s string) string { return p.paint(bold, s) }

// Dim is for hints and rules that should not compete with the card.
func (p Palette) Dim(s string) string { return p.paint(faint, s) }

// Rating colours a rating's label: Again red, Hard yellow, Good green,
// Easy cyan.
func (p Palette) Rating(r starcards.Rating, s string) string {
	switch r {
	case starcards.Again:
		return p.Bad(s)
	case starcards.Hard:
		return p.Warn(s)
	case starcards.Good:
		return p.Good(s)
	case starcards.Easy:
		return p.Accent(s)
	}
	return s
}

// Strip removes the palette's escape sequences from s, for measuring.
func Strip(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] == ';' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}
