package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestFakeClockBuild builds the real binary with the fakeclock tag and
// plays days of study with it (testdata/fakeclock): STARCARDS_NOW and
// STARCARDS_TICK drive its clock. That the normal build ignores both is
// testdata/script/fakeclock_ignored.txtar.
func TestFakeClockBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-tags", "fakeclock", "-o", filepath.Join(bin, "starcards"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags fakeclock: %v\n%s", err, out)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "fakeclock"),
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("STARCARDS_DB", filepath.Join(env.WorkDir, "collection.db"))
			env.Setenv("TZ", "UTC")
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}
