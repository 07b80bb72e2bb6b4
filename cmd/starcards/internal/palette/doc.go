// Package palette is starcards' one small set of terminal colours: every
// screen that colours text (the review screen, the tables of list and due)
// asks it, so "right" is the same green and "wrong" the same red
// everywhere. It lives under cmd because only cmd decides whether to colour
// (from --color and NO_COLOR); scheduler/stats uses the same ANSI codes for
// its headings and bars.
//
// A [Palette] that is off returns text unchanged, so callers never branch on
// colour themselves and the words read the same without it.
package palette
