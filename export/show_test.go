package export
import ("testing";"fmt";"github.com/starcards/starcards")
func TestShow(t *testing.T){ for _,k:=range starcards.Kinds{m:=newModel(k); fmt.Printf("== %s\n-- Q\n%s\n-- A\n%s\n", m.name, m.tmpls[0].qfmt, m.tmpls[0].afmt)} }
