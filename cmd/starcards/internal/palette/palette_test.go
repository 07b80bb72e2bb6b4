package palette_test

import (
	"fmt"
	"testing"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/palette"
)

func TestPalette(t *testing.T) {
	on, off := palette.New(true), palette.New(false)
	for _, tc := range []struct {
		name string
		f    func(palette.Palette) string
		want string
	}{
		{"Good", func(p palette.Palette) string { return p.Good("✓ B is right") }, "\x1b[32m✓ B is right\x1b[0m"},
		{"Bad", func(p palette.Palette) string { return p.Bad("✗ A is wrong") }, "\x1b[31m✗ A is wrong\x1b[0m"},
		{"Again", func(p palette.Palette) string { return p.Rating(starcards.Again, "1 Again") }, "\x1b[31m1 Again\x1b[0m"},
		{"Hard", func(p palette.Palette) string { return p.Rating(starcards.Hard, "2 Hard") }, "\x1b[33m2 Hard\x1b[0m"},
		{"GoodRating", func(p palette.Palette) string { return p.Rating(starcards.Good, "3 Good") }, "\x1b[32m3 Good\x1b[0m"},
		{"Easy", func(p palette.Palette) string { return p.Rating(starcards.Easy, "4 Easy") }, "\x1b[36m4 Easy\x1b[0m"},
		{"Empty", func(p palette.Palette) string { return p.Bold("") }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.f(on); got != tc.want {
				t.Errorf("on: %q, want %q", got, tc.want)
			}
			if got := tc.f(off); got != palette.Strip(tc.want) {
				t.Errorf("off: %q, want %q", got, palette.Strip(tc.want))
			}
			if palette.Strip(tc.f(on)) != tc.f(off) {
				t.Errorf("Strip(on) != off")
			}
		})
	}
}

func Example() {
	p := palette.New(true)
	fmt.Printf("%q\n", p.Good("right"))
	fmt.Printf("%q\n", palette.New(false).Good("right"))
	// Output:
	// "\x1b[32mright\x1b[0m"
	// "right"
}
