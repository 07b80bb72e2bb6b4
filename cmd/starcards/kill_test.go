package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store"
)

var (
	killSeed = flag.Int64("kill.seed", 0, "seed of TestKill's kill points (0: from the clock, printed)")
	killRuns = flag.Int("kill.runs", 6, "rounds of TestKill (or STARCARDS_KILL_RUNS); each kills a first run, an import, grades and a review session")
)

// TestKill runs the starcards program (the test binary in its starcards
// role, as the scripts do) and kills it with SIGKILL at random points: the
// very first command, an import, single grades and a piped review session.
// After every kill the collection must be absent (first run only) or open,
// pass check (which includes: every card's state agrees with its latest
// answer), and hold every acknowledged answer exactly once.
//
// The default run takes a few seconds; for a long one, and against a
// binary built by go build (which runs on the real clock):
//
//	STARCARDS_KILL_RUNS=200 go test ./cmd/starcards -run TestKill -v
//	go build -o /tmp/starcards ./cmd/starcards
//	STARCARDS_KILL_BIN=/tmp/starcards STARCARDS_KILL_RUNS=50 go test ./cmd/starcards -run TestKill -v
func TestKill(t *testing.T) {
	bin := os.Getenv("STARCARDS_KILL_BIN") // a binary built with go build, if given
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("starcards"); err != nil {
			t.Skip("starcards is not on PATH (testscript.Main sets it up)")
		}
	}
	seed := *killSeed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	runs := *killRuns
	if v, err := strconv.Atoi(os.Getenv("STARCARDS_KILL_RUNS")); err == nil && v > 0 {
		runs = v
	}
	t.Logf("seed %d (rerun with -kill.seed=%d), %d rounds", seed, seed, runs)
	rng := rand.New(rand.NewSource(seed))
	stats := map[string][2]int{} // op → {killed, finished}
	for round := range runs {
		k := &killer{t: t, bin: bin, rng: rng, dir: t.TempDir(), stats: stats}
		k.db = filepath.Join(k.dir, "data", "collection.db")
		k.round(round)
	}
	t.Logf("killed/finished: %v", stats)
}

type killer struct {
	t     *testing.T
	bin   string
	rng   *rand.Rand
	dir   string
	db    string
	stats map[string][2]int
	// acked are the grades acknowledged (the command printed its line and
	// exited 0): each must be in the log exactly once.
	acked map[string]bool
	// tried are the cards given to grade (acknowledged or not): at most
	// once each in the log.
	tried map[string]bool
	// reviewAcked counts the answers review sessions acknowledged (the
	// session showed the next card's "[n done" line); reviewTried the
	// sessions started.
	reviewAcked, reviewKilled int
}

var clockNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// run starts the program, kills it after a random delay up to max (never, if
// max is 0) and returns its output and whether it finished by itself.
func (k *killer) run(op string, max time.Duration, stdin string, args ...string) (stdout string, finished bool) {
	k.t.Helper()
	cmd := exec.Command(k.bin, args...)
	cmd.Dir = k.dir
	cmd.Env = append(os.Environ(), "STARCARDS_DB="+k.db, "STARCARDS_TEST_NOW="+clockNow.Format(time.RFC3339), "TZ=UTC", "NO_COLOR=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	if max > 0 {
		delay := time.Duration(k.rng.Int63n(int64(max)))
		timer := time.AfterFunc(delay, func() { cmd.Process.Kill() })
		defer timer.Stop()
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		finished = true
	case errors.As(err, &ee) && !ee.Exited():
		// killed
	default:
		k.t.Fatalf("%s %v: %v\n%s", op, args, err, errb.String())
	}
	if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "goroutine ") {
		k.t.Fatalf("%s %v panicked:\n%s", op, args, errb.String())
	}
	s := k.stats[op]
	if finished {
		s[1]++
	} else {
		s[0]++
	}
	k.stats[op] = s
	return out.String(), finished
}

func (k *killer) round(n int) {
	k.acked, k.tried = map[string]bool{}, map[string]bool{}

	// The very first command: afterwards there is no collection or a whole
	// one with the sample.
	for {
		_, done := k.run("first run", 50*time.Millisecond, "", "list", "--kind", "angle")
		if _, err := os.Stat(k.db); errors.Is(err, fs.ErrNotExist) {
			if done {
				k.t.Fatalf("round %d: list finished without creating the collection", n)
			}
			continue
		}
		k.verify(n, "first run", func(db *store.DB) {
			if states, _ := db.States(); len(states) != 42 {
				k.t.Fatalf("round %d: a first run left %d cards, want the sample's 42", n, len(states))
			}
		})
		break
	}

	// An import: all of the story or none of it.
	story := filepath.Join(k.dir, "story.yaml")
	os.WriteFile(story, []byte(killStory), 0o600)
	_, done := k.run("import", 30*time.Millisecond, "", "import", story)
	k.verify(n, "import", func(db *store.DB) {
		states, _ := db.States()
		has, _ := db.HasStory("k")
		switch {
		case done && !has:
			k.t.Fatalf("round %d: an acknowledged import is missing", n)
		case has && len(states) != 46, !has && len(states) != 42:
			k.t.Fatalf("round %d: import left %d cards (story there: %v), want 42 or 46", n, len(states), has)
		}
	})

	// A large import, written in batches: all of its stories or none.
	k.bigImport(n)

	// Grades, each of another card.
	for _, key := range []string{"situation", "task", "action", "result", "reflection"} {
		id := "webhook-drop-rate/section/" + key
		k.tried[id] = true
		out, done := k.run("grade", 25*time.Millisecond, "", "grade", id, "good")
		if done && strings.HasPrefix(out, id+": good") {
			k.acked[id] = true
		}
		k.verify(n, "grade", nil)
	}

	// A review session, killed while answering.
	keys := strings.Repeat("\n3\n", 12)
	out, done := k.run("review", 80*time.Millisecond, keys, "review", "--kind", "followup", "--kind", "quiz", "--kind", "mistake")
	if !done {
		k.reviewKilled++
	}
	if m := sessionLine.FindStringSubmatch(out); done && m != nil {
		n, _ := strconv.Atoi(m[1])
		k.reviewAcked += n // a finished session acknowledged every answer
	} else if done && !strings.Contains(out, "No cards answered") && !strings.Contains(out, "Nothing to review") {
		k.t.Fatalf("round %d: a finished session printed no summary:\n%s", n, out)
	} else {
		k.reviewAcked += maxDone(out)
	}
	k.verify(n, "review", nil)
}

var (
	doneLine    = regexp.MustCompile(`(?m)^\[(\d+) done`)
	sessionLine = regexp.MustCompile(`(?m)^Session: (\d+) cards?`)
)

// maxDone returns the highest "[n done" a session printed: n answers were
// saved before it showed the next card.
func maxDone(out string) int {
	best := 0
	for _, m := range doneLine.FindAllStringSubmatch(out, -1) {
		if n, _ := strconv.Atoi(m[1]); n > best {
			best = n
		}
	}
	return best
}

// verify opens the collection as the next command would and checks it.
func (k *killer) verify(n int, after string, more func(*store.DB)) {
	k.t.Helper()
	db, err := store.Open(k.db, store.Options{ReadOnly: true}, clockNow)
	if err != nil {
		k.t.Fatalf("round %d, after a killed %s: the collection does not open: %v", n, after, err)
	}
	defer db.Close()
	rep, err := db.Check(time.Now().Add(time.Hour))
	if err != nil || len(rep.Damaged()) > 0 {
		k.t.Fatalf("round %d, after a killed %s: check: %v %v", n, after, rep.Damaged(), err)
	}
	count := map[string]int{}
	review := 0
	err = db.Reviews(time.Time{}, func(r starcards.Review) bool {
		if r.Card.Kind == starcards.KindSection {
			count[r.Card.String()]++
		} else {
			review++
		}
		return true
	})
	if err != nil {
		k.t.Fatal(err)
	}
	for id, c := range count {
		switch {
		case !k.tried[id]:
			k.t.Fatalf("round %d: %s is in the log but was never graded", n, id)
		case c > 1:
			k.t.Fatalf("round %d: %s is in the log %d times", n, id, c)
		}
	}
	for id := range k.acked {
		if count[id] != 1 {
			k.t.Fatalf("round %d, after a killed %s: acknowledged grade of %s is in the log %d times, want once", n, after, id, count[id])
		}
	}
	// Each killed session may have saved one answer it had not yet
	// acknowledged.
	if review < k.reviewAcked || review > k.reviewAcked+k.reviewKilled {
		k.t.Fatalf("round %d: %d session answers in the log; %d acknowledged, %d sessions killed", n, review, k.reviewAcked, k.reviewKilled)
	}
	if more != nil {
		more(db)
	}
}

// bigStories is how many stories bigImport imports: more than one batch
// of an import (batchFiles).
const bigStories = batchFiles + 72

// bigImport imports bigStories generated stories, killed at a random
// point: afterwards the collection holds all of them or none, and a
// finished import leaves no copy of the collection behind.
func (k *killer) bigImport(n int) {
	k.t.Helper()
	dir := filepath.Join(k.dir, "many")
	os.MkdirAll(dir, 0o700)
	args := []string{"import"}
	for i := range bigStories {
		name := filepath.Join(dir, fmt.Sprintf("big-%04d.yaml", i))
		data := strings.Replace(string(decks.GenerateStory(i)), fmt.Sprintf("id: story-%04d", i), fmt.Sprintf("id: big-%04d", i), 1)
		os.WriteFile(name, []byte(data), 0o600)
		args = append(args, name)
	}
	var before int
	k.verify(n, "import", func(db *store.DB) { before, _ = liveStories(db) })
	_, done := k.run("large import", 400*time.Millisecond, "", args...)
	k.verify(n, "large import", func(db *store.DB) {
		after, _ := liveStories(db)
		switch {
		case done && after != before+bigStories:
			k.t.Fatalf("round %d: an acknowledged large import is missing", n)
		case after != before && after != before+bigStories:
			k.t.Fatalf("round %d: a killed large import left %d of its %d stories", n, after-before, bigStories)
		}
	})
	if done {
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(k.db), ".*rewrite*")); len(left) > 0 {
			k.t.Fatalf("round %d: a finished import left %v", n, left)
		}
	}
}

// liveStories counts the collection's live stories.
func liveStories(db *store.DB) (int, error) {
	o, err := db.StoryOutlines()
	return len(o), err
}

const killStory = `id: k
title: Killed mid-import
sections:
  situation: {example: It was late.}
  task: {example: I had to finish.}
  action: {example: I finished.}
`
