package ankipkg_test

import (
	"fmt"
	"os"

	"github.com/starcards/starcards/export/ankipkg"
)

// Read a package the real Anki exported (new format, with scheduling).
func ExampleRead() {
	f, err := os.Open("testdata/anki-foreign.apkg")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	fi, _ := f.Stat()
	pkg, err := ankipkg.Read(f, fi.Size(), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pkg.Format, len(pkg.Cards), "card")
	// Output: new format (collection.anki21b) 1 card
}
