package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/export"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: tool seed|export|dump [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "seed":
		err = seed(os.Args[2:])
	case "export":
		err = exportPkg(os.Args[2:])
	case "dump":
		err = dump(os.Args[2:])
	default:
		err = fmt.Errorf("unknown subcommand %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tool:", err)
		os.Exit(1)
	}
}

// seed makes a collection holding the sample story and a simulated history:
// days of reviews ending now, answered by our scheduler with seeded
// ratings, then one card suspended and one buried.
func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	path := fs.String("db", "", "collection file (created)")
	days := fs.Int("days", 12, "days of history")
	seedN := fs.Uint64("seed", 1, "random seed")
	retention := fs.Float64("retention", 0.87, "desired retention")
	fs.Parse(args)
	now := time.Now()
	start := now.AddDate(0, 0, -*days)
	db, err := store.Open(*path, store.Options{}, start)
	if err != nil {
		return err
	}
	defer db.Close()
	s := decks.Sample()
	hostile, err := decks.Parse([]byte(hostileStory), "hostile.yaml")
	if err != nil {
		return err
	}
	imports := []store.StoryImport{
		{Story: s, Cards: decks.Cards(s), Hash: "sample", Source: "sample"},
		{Story: hostile, Cards: decks.Cards(hostile), Hash: "hostile", Source: "hostile.yaml"},
	}
	if _, err := db.Import(imports, start); err != nil {
		return err
	}
	cfg := starcards.DefaultConfig()
	cfg.DesiredRetention = *retention
	if err := db.SetConfig(cfg); err != nil {
		return err
	}
	sc, err := scheduler.New(cfg)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seedN, 2))
	for d := 0; d <= *days; d++ {
		at := start.AddDate(0, 0, d).Add(time.Duration(rng.IntN(3600)) * time.Second)
		if latest := now.Add(-2 * time.Hour); at.After(latest) {
			at = latest // every review in the past, before Anki's
		}
		cards, err := db.AllCards()
		if err != nil {
			return err
		}
		fresh := 0
		for _, cs := range cards {
			sched := cs.Schedule
			due := sched.State != starcards.StateNew && !sched.Due.After(at)
			if sched.State == starcards.StateNew && fresh < 2 && d < *days {
				due = true
				fresh++
			}
			if !due || sched.Suspended {
				continue
			}
			r := starcards.Ratings[weighted(rng)]
			after := sc.Answer(cs.Card.ID, sched, r, at)
			rev := starcards.Review{Card: cs.Card.ID, Time: at.UTC(), Rating: r, Duration: time.Duration(2000+rng.IntN(20000)) * time.Millisecond, Before: sched, After: after}
			if err := db.Answer(rev); err != nil {
				return err
			}
			at = at.Add(time.Duration(5+rng.IntN(30)) * time.Second)
		}
	}
	cards, err := db.AllCards()
	if err != nil {
		return err
	}
	// One reviewed card suspended, one new card buried until tomorrow.
	for _, cs := range cards {
		if cs.Schedule.State == starcards.StateReview && !cs.Schedule.Suspended {
			s := cs.Schedule
			s.Suspended = true
			if err := db.SetSchedule(cs.Card.ID, s); err != nil {
				return err
			}
			break
		}
	}
	for _, cs := range slices.Backward(cards) {
		if cs.Schedule.State == starcards.StateNew {
			s := cs.Schedule
			s.BuriedUntil = starcards.NextDayStart(now, cfg.DayStartHour)
			if err := db.SetSchedule(cs.Card.ID, s); err != nil {
				return err
			}
			break
		}
	}
	return nil
}

// hostileStory is story text that would be markup, template syntax or a
// cloze if it reached Anki unescaped: every card must render it as text.
const hostileStory = `id: hostile-markup
title: "<b>Bold</b> {{Front}} & <script>alert(1)</script>"
principles: [Dive Deep]
sections:
  situation:
    example: "I noticed <img src=x onerror=alert(1)> and {{c1::leaked}} :: [sound:x.mp3] 0.3% drops"
    phrases: ["I noticed", "0.3%"]
    mistake: "Saying <i>we</i> instead of I {{Back}}"
  result:
    example: "Errors fell from 0.3% to zero; $8,000 recovered <br> &amp; kept."
followups:
  - question: "Why not <u>escalate</u>?"
    strong: "I brought {{a fix}} </div>"
`

// weighted picks a rating index: again 15%, hard 15%, good 55%, easy 15%.
func weighted(rng *rand.Rand) int {
	switch n := rng.IntN(100); {
	case n < 15:
		return 0
	case n < 30:
		return 1
	case n < 85:
		return 2
	}
	return 3
}

// collection gathers what an export holds, as starcards export apkg does.
func collection(db *store.DB, withScheduling bool) (export.Collection, error) {
	cfg, err := db.Config()
	if err != nil {
		return export.Collection{}, err
	}
	col := export.Collection{Config: cfg}
	infos, err := db.Stories()
	if err != nil {
		return col, err
	}
	for _, si := range infos {
		if !si.Retired {
			col.Stories = append(col.Stories, si.Story)
		}
	}
	cards, err := db.AllCards()
	if err != nil {
		return col, err
	}
	for _, cs := range cards {
		if !cs.Retired {
			col.Cards = append(col.Cards, cs)
		}
	}
	if withScheduling {
		col.Reviews, err = db.ReviewsSince(time.Time{})
	}
	return col, err
}

// exportPkg writes the package and its manifest with one Now.
func exportPkg(args []string) error {
	fs := flag.NewFlagSet("export", flag.ExitOnError)
	path := fs.String("db", "", "collection file")
	out := fs.String("o", "", "package to write")
	manifest := fs.String("manifest", "", "manifest to write")
	withSched := fs.Bool("with-scheduling", false, "include scheduling")
	fs.Parse(args)
	db, err := store.Open(*path, store.Options{ReadOnly: true}, time.Now())
	if err != nil {
		return err
	}
	defer db.Close()
	col, err := collection(db, *withSched)
	if err != nil {
		return err
	}
	opts := export.Options{WithScheduling: *withSched, Now: time.Now()}
	var buf bytes.Buffer
	if err := export.Apkg(&buf, col, opts); err != nil {
		return err
	}
	m, err := export.NewManifest(col, opts)
	if err != nil {
		return err
	}
	js, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(*manifest, js, 0o644)
}

type cardDump struct {
	State       string  `json:"state"`
	Due         int64   `json:"due"` // unix seconds, 0 for new
	Stability   float64 `json:"stability"`
	Difficulty  float64 `json:"difficulty"`
	Reps        uint64  `json:"reps"`
	Lapses      uint64  `json:"lapses"`
	Suspended   bool    `json:"suspended"`
	BuriedUntil int64   `json:"buried_until"`
	Scheduled   uint64  `json:"scheduled_days"`
}

type reviewDump struct {
	Card   string `json:"card"`
	TimeMs int64  `json:"time_ms"`
	Rating int    `json:"rating"`
}

// dump prints the collection's cards and review log as JSON.
func dump(args []string) error {
	fs := flag.NewFlagSet("dump", flag.ExitOnError)
	path := fs.String("db", "", "collection file")
	fs.Parse(args)
	db, err := store.Open(*path, store.Options{ReadOnly: true}, time.Now())
	if err != nil {
		return err
	}
	defer db.Close()
	out := struct {
		Cards   map[string]cardDump `json:"cards"`
		Reviews []reviewDump        `json:"reviews"`
	}{Cards: map[string]cardDump{}}
	cards, err := db.AllCards()
	if err != nil {
		return err
	}
	unix := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	for _, cs := range cards {
		if cs.Retired {
			continue
		}
		s := cs.Schedule
		out.Cards[cs.Card.ID.String()] = cardDump{
			State: s.State.String(), Due: unix(s.Due), Stability: s.Stability, Difficulty: s.Difficulty,
			Reps: s.Reps, Lapses: s.Lapses, Suspended: s.Suspended, BuriedUntil: unix(s.BuriedUntil), Scheduled: s.ScheduledDays,
		}
	}
	err = db.Reviews(time.Time{}, func(r starcards.Review) bool {
		out.Reviews = append(out.Reviews, reviewDump{Card: r.Card.String(), TimeMs: r.Time.UnixMilli(), Rating: int(r.Rating)})
		return true
	})
	if err != nil {
		return err
	}
	js, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(js, '\n'))
	return err
}
