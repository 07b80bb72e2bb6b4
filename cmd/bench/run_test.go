package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRunScript runs run.sh at its tiny size, without peers, growth table
// or the answer benchmark, and checks that its report has a figure for
// every command.
func TestRunScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries and generates collections")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	// Reading the script ties go test's cached result to it.
	if _, err := os.ReadFile("run.sh"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report.md")
	cmd := exec.Command("bash", "run.sh", "--size", "tiny", "-n", "1", "--quick", "--no-install", "--out", out)
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run.sh: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	report := string(data)
	for _, label := range []string{
		"floor: `--help`", "floor: bare bbolt open (`boltopen`)", "`due`", "`due`, month-old copy", "`show CARD`",
		"`stats`", "`stats --json`", "`list --json`", "`export tsv`",
		"`export apkg --with-scheduling`, whole collection", "the same, one story", "the same, 150 cards / 600 reviews",
		"`import`, 10 new stories", "re-import, the same 10 unchanged", "`import`, 20 stories",
	} {
		// Each row: label, target, then a wall time and a CPU time.
		re := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(label) + ` \| [^|]+ \| [0-9.]+ m?s \| [0-9.]+ m?s \| [0-9]+ MB \| (<4|[0-9]+) MB \| 1 \| (ok|missed: [^|]+) \|$`)
		if !re.MatchString(report) {
			t.Errorf("no figures for %s in the report:\n%s", label, report)
		}
	}
	if !strings.Contains(report, "`due` is ") || !strings.Contains(report, "re-import grew the file") {
		t.Errorf("no floor ratio or growth note:\n%s", report)
	}
}
