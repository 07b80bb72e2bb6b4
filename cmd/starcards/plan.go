package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/scheduler"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func planCommand() *cli.Command {
	return &cli.Command{
		Name:  "plan",
		Usage: "a study plan aimed at the interview: pacing, daily budget, final window, forecast",
		Description: `Without a subcommand, shows the plan: the interview date, the daily budget,
the cut-off after which no new card comes in, a forecast of each day up to
the interview (new cards, reviews, minutes) made by simulating the plan with
your own pace and recall, the predicted recall on the day per story and per
principle, the principles with fewer than two stories ready, and those of
the competency catalogue (the principles config key) no story serves yet.
If the plan cannot fit, it says so first, with what would make it fit.

Under a plan, review paces the new cards so that every card of the plan's
stories is learned by the cut-off (3 study days before the interview),
interleaving the stories; keeps each day within the budget, measured with
your own seconds per card kind; brings back every card below the desired
retention in the final window; and on the interview day offers a short
warm-up, weakest cards first. The plan ends by itself after the interview.

Examples:
   starcards plan set --interview 2026-12-11 --minutes 45
   starcards plan set --interview 2026-12-11 --story webhook-drop-rate --story mentoring
   starcards plan
   starcards plan --json | jq .forecast
   starcards plan focus webhook-drop-rate
   starcards plan clear`,
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print JSON"}},
		Action: runPlanShow,
		Subcommands: []*cli.Command{
			{
				Name:      "set",
				Usage:     "set up the plan (or move its date)",
				UsageText: "starcards plan set --interview YYYY-MM-DD [--minutes N] [--level L] [--story ID]...",
				Description: `Sets the interview date and the daily budget. Setting it again moves the date:
cards due after the new eve of the interview are brought forward, load-
balanced over the final window, and the number moved is reported.

--level names your level for the loop. While the plan lasts it takes
precedence over the level config key: the cards are remade for it, as
config set level does (the level's reflection and variant become cards;
a card of the old level is retired with its history), and drill and mock
use it. Setting the plan again without --level, clearing it, or its end
after the interview goes back to the level config key.

Examples:
   starcards plan set --interview 2026-12-11
   starcards plan set --interview 2026-12-11 --minutes 45 --level SDE2`,
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "interview", Usage: "the interview date `YYYY-MM-DD`", Required: true},
					&cli.IntFlag{Name: "minutes", Usage: "daily budget in `N` minutes (5-600)", Value: starcards.DefaultPlanMinutes},
					&cli.StringFlag{Name: "level", Usage: "your level `L` for the loop (e.g. SDE2); makes the cards, over the level config key"},
					&cli.StringSliceFlag{Name: "story", Usage: "a story `ID` of the plan (repeatable; default every story)"},
					&cli.BoolFlag{Name: "json", Usage: "print the plan as JSON"},
				},
				Action: runPlanSet,
			},
			{
				Name:  "clear",
				Usage: "end the plan; normal scheduling resumes",
				Description: `Ends the study plan: the interview date, budget, level, stories and
focus are forgotten, and the daily limits of the settings apply again.
Cards keep their schedules and history.

Example:
   starcards plan clear`,
				Action: runPlanClear,
			},
			{
				Name:      "focus",
				Usage:     "bring one story's new cards forward",
				ArgsUsage: "STORY",
				Description: `Puts one story of the plan first: its new cards are introduced before
the other stories'. Setting another
focus replaces it.

Example:
   starcards plan focus webhook-drop-rate`,
				Action: runPlanFocus,
			},
		},
	}
}

// planView is the plan in machine form (plan --json).
type planView struct {
	Set        bool                        `json:"set"`
	Interview  string                      `json:"interview,omitempty"`
	Minutes    int                         `json:"minutes,omitempty"`
	Level      string                      `json:"level,omitempty"`
	Stories    []string                    `json:"stories,omitempty"`
	Focus      string                      `json:"focus,omitempty"`
	Cutoff     string                      `json:"cutoff,omitempty"`   // first day of the final window
	LastDay    string                      `json:"last_day,omitempty"` // the eve
	Track      *scheduler.Track            `json:"track,omitempty"`
	Fits       bool                        `json:"fits"`
	Advice     *adviceView                 `json:"advice,omitempty"`
	Forecast   []forecastDay               `json:"forecast,omitempty"`
	Recall     []scheduler.StoryRecall     `json:"recall,omitempty"`
	Principles []scheduler.PrincipleRecall `json:"principles,omitempty"`
	Thin       []string                    `json:"thin,omitempty"`
	Moved      *int                        `json:"moved,omitempty"`
	// Uncovered are the catalogue's principles no story serves, as stats
	// lists them.
	Uncovered []string `json:"uncovered_principles,omitempty"`
}

type forecastDay struct {
	Date    string  `json:"date"`
	Phase   string  `json:"phase"`
	New     int     `json:"new"`
	Reviews int     `json:"reviews"`
	Minutes float64 `json:"minutes"`
}

type adviceView struct {
	Minutes   int    `json:"minutes,omitempty"`   // a daily budget that fits
	Stories   int    `json:"stories,omitempty"`   // how many stories fit
	Interview string `json:"interview,omitempty"` // a date that fits
}

// loadPlan returns the collection's plan, dates in the local zone.
func loadPlan(db *store.DB) (starcards.Plan, error) { return db.Plan(time.Local) }

// activePlan returns the plan if it applies at t (the interview day
// included), else the zero Plan.
func activePlan(db *store.DB, cfg starcards.Config, t time.Time) (starcards.Plan, error) {
	p, err := loadPlan(db)
	if err != nil || p.IsZero() {
		return starcards.Plan{}, err
	}
	if scheduler.NewCalendar(p, cfg.DayStartHour).Phase(t) == scheduler.PhaseEnded {
		return starcards.Plan{}, nil
	}
	return p, nil
}

// endPlanIfOver clears a plan whose interview day is over and says so,
// once: the next command finds no plan.
func endPlanIfOver(db *store.DB, cfg starcards.Config, w io.Writer) error {
	p, err := loadPlan(db)
	if err != nil || p.IsZero() {
		return err
	}
	if scheduler.NewCalendar(p, cfg.DayStartHour).Phase(now()) != scheduler.PhaseEnded {
		return nil
	}
	if err := db.SetPlan(starcards.Plan{}); err != nil {
		return err
	}
	fmt.Fprintf(w, "The study plan for the interview on %s has ended; normal scheduling resumes.\n", longDate(p.Interview))
	return remakeForLevel(db, cardOptions(cfg, p), cardOptions(cfg, starcards.Plan{}), w)
}

// pace returns the user's seconds per card kind from the last 30 days of
// the review log, and that log.
func pace(db *store.DB, at time.Time) (scheduler.Pace, []starcards.Review, error) {
	log, err := db.ReviewsSince(at.AddDate(0, 0, -30))
	if err != nil {
		return nil, nil, err
	}
	return scheduler.MeasurePace(log), log, nil
}

// forecastInput reads what a plan's forecast is made from.
func forecastInput(db *store.DB, p starcards.Plan, cfg starcards.Config, at time.Time) (scheduler.ForecastInput, error) {
	in := scheduler.ForecastInput{Plan: p, Config: cfg, Now: at}
	var err error
	if in.Cards, err = db.States(); err != nil {
		return in, err
	}
	if _, in.Log, err = pace(db, at); err != nil {
		return in, err
	}
	outlines, err := db.StoryOutlines()
	for _, o := range outlines {
		in.Stories = append(in.Stories, scheduler.Principles(starcards.Story{ID: o.ID, Principles: append(slices.Clone(o.Principles), o.AnglePrinciples...)}))
	}
	return in, err
}

// uncoveredPrinciples returns the principles of the collection's
// competency catalogue (the principles config key) that none of the
// stories is tagged with or has an angle for.
func uncoveredPrinciples(stories []scheduler.StoryPrinciples, cfg starcards.Config) []string {
	var tagged []string
	for _, s := range stories {
		tagged = append(tagged, s.Principles...)
	}
	return scheduler.Uncovered(decks.Catalogue(cfg.Principles), tagged)
}

// trackLine is the plan's one line for review and stats.
func trackLine(t scheduler.Track, interview time.Time) string {
	var b strings.Builder
	switch t.DaysLeft {
	case 0:
		fmt.Fprintf(&b, "Plan: the interview is today (%s)", shortDate(interview))
	case 1:
		fmt.Fprintf(&b, "Plan: 1 day to the interview (%s)", shortDate(interview))
	default:
		fmt.Fprintf(&b, "Plan: %d days to the interview (%s)", t.DaysLeft, shortDate(interview))
	}
	last, _ := time.ParseInLocation(time.DateOnly, t.LastNewDay, interview.Location())
	switch t.Phase {
	case scheduler.PhaseWarmup.String():
		b.WriteString(" · warm-up: the weakest cards first, about 15 minutes")
	case scheduler.PhaseWindow.String():
		fmt.Fprintf(&b, " · final window: %d of %d cards learned; every card below the desired retention comes back", t.Learned, t.Total)
	default:
		if t.OnTrack {
			fmt.Fprintf(&b, " · on track: %d of %d cards learned by %s", t.Forecast, t.Total, shortDate(last))
		} else {
			fmt.Fprintf(&b, " · behind: %d of %d cards learned by %s; %d behind", t.Forecast, t.Total, shortDate(last), t.Behind)
		}
	}
	return b.String()
}

func shortDate(t time.Time) string { return t.Format("Mon 2 Jan") }
func longDate(t time.Time) string  { return t.Format("Mon 2 Jan 2006") }

// planTrack returns the on-track line of the plan active at now, "" if
// none.
func planTrack(db *store.DB, cfg starcards.Config) (string, *scheduler.Track, error) {
	at := now()
	p, err := activePlan(db, cfg, at)
	if err != nil || p.IsZero() {
		return "", nil, err
	}
	in, err := forecastInput(db, p, cfg, at)
	if err != nil {
		return "", nil, err
	}
	t := scheduler.TrackPlan(p, scheduler.RunForecast(in), in.Cards, at)
	return trackLine(t, p.Interview), &t, nil
}

// dayPlanner returns the planner of the plan active at at for the loaded
// collection, nil if none.
func dayPlanner(p starcards.Plan, pc scheduler.Pace, states []starcards.CardState, today []starcards.Review, cfg starcards.Config, at time.Time) *scheduler.Planner {
	if p.IsZero() || scheduler.NewCalendar(p, cfg.DayStartHour).Phase(at) == scheduler.PhaseEnded {
		return nil
	}
	return scheduler.NewPlanner(p, cfg, states, today, at, pc, nil)
}

func runPlanShow(c *cli.Context) error {
	if c.NArg() > 0 {
		return errorWithHint(fmt.Sprintf("unknown plan command %q", c.Args().First()), "starcards plan set, plan clear, plan focus STORY, or plan alone to show it")
	}
	db, cfg, err := openConfig(c, false)
	if err != nil {
		return err
	}
	p, err := loadPlan(db)
	if err == nil && !p.IsZero() && scheduler.NewCalendar(p, cfg.DayStartHour).Phase(now()) == scheduler.PhaseEnded {
		// The plan is over: end it (a write), then show that there is none.
		db.Close()
		if db, cfg, err = openConfig(c, true); err != nil {
			return err
		}
		err = endPlanIfOver(db, cfg, c.App.Writer)
		p = starcards.Plan{}
	}
	defer db.Close()
	if err != nil {
		return err
	}
	return showPlan(c, db, p, cfg, nil)
}

// showPlan prints the plan p with its forecast; moved, if set, is the
// number of cards the command just brought forward.
func showPlan(c *cli.Context, db *store.DB, p starcards.Plan, cfg starcards.Config, moved *int) error {
	w := c.App.Writer
	if p.IsZero() {
		if c.Bool("json") {
			return writeJSON(w, planView{})
		}
		fmt.Fprintln(w, "No study plan. Set one with: starcards plan set --interview YYYY-MM-DD [--minutes 30]")
		return nil
	}
	at := now()
	in, err := forecastInput(db, p, cfg, at)
	if err != nil {
		return err
	}
	// Everything is read (and any write committed): forecast and print
	// without the collection's lock.
	if err := db.Close(); err != nil {
		return err
	}
	fc := scheduler.RunForecast(in)
	track := scheduler.TrackPlan(p, fc, in.Cards, at)
	cal := fc.Calendar
	v := planView{
		Set: true, Interview: p.Interview.Format(time.DateOnly), Minutes: p.Minutes, Level: p.Level,
		Stories: p.Stories, Focus: p.Focus, Cutoff: cal.Cutoff.Format(time.DateOnly),
		LastDay: cal.LastStart.Format(time.DateOnly), Track: &track, Fits: fc.Fits,
		Recall: fc.Stories, Principles: fc.Principles, Thin: fc.Thin, Moved: moved,
		Uncovered: uncoveredPrinciples(in.Stories, cfg),
	}
	for _, d := range fc.Days {
		v.Forecast = append(v.Forecast, forecastDay{Date: d.Start.Format(time.DateOnly), Phase: d.Phase.String(), New: d.New, Reviews: d.Reviews, Minutes: roundTenth(d.Seconds / 60)})
	}
	var adv scheduler.Advice
	if !fc.Fits && cal.Phase(at) == scheduler.PhaseLearn {
		adv = scheduler.Advise(in)
		v.Advice = &adviceView{Minutes: adv.Minutes, Stories: max(adv.Stories, 0)}
		if !adv.Interview.IsZero() {
			v.Advice.Interview = adv.Interview.Format(time.DateOnly)
		}
	}
	if c.Bool("json") {
		return writeJSON(w, v)
	}

	stories := "every story"
	if len(p.Stories) > 0 {
		stories = nounCount(len(p.Stories), "story")
	}
	fmt.Fprintf(w, "Interview: %s, %s a day, %s", longDate(p.Interview), nounCount(p.Minutes, "minute"), stories)
	if p.Level != "" {
		fmt.Fprintf(w, ", level %s", p.Level)
	}
	if p.Focus != "" {
		fmt.Fprintf(w, ", focus %s", p.Focus)
	}
	fmt.Fprintln(w, ".")
	if moved != nil && *moved > 0 {
		fmt.Fprintf(w, "Moved %s that were due after %s into the days before the interview.\n", nounCount(*moved, "card"), shortDate(cal.LastStart))
	}
	fmt.Fprintln(w, trackLine(track, p.Interview)+".")
	if !fc.Fits && v.Advice != nil {
		printAdvice(w, p, fc, adv)
	}
	window := shortDate(cal.Cutoff)
	if cal.Cutoff.Before(cal.LastStart) {
		window += " – " + shortDate(cal.LastStart)
	}
	fmt.Fprintf(w, "\nNew cards until %s; final window %s; warm-up on the day.\n", shortDate(cal.Cutoff.AddDate(0, 0, -1)), window)
	printForecastChart(w, fc, p.Minutes)
	printRecall(w, fc, p.Interview)
	if len(v.Uncovered) > 0 {
		fmt.Fprintln(w, session.WrapText(fmt.Sprintf("No story yet (0 stories): %s.", strings.Join(v.Uncovered, ", ")), outputWidth(w)))
	}
	return nil
}

func roundTenth(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

func printAdvice(w io.Writer, p starcards.Plan, fc scheduler.Forecast, adv scheduler.Advice) {
	fmt.Fprintf(w, "\nThis plan does not fit: %d of %d cards learned by the cut-off", fc.Learned, fc.Total)
	if fc.Largest > fc.Budget*11/10 {
		fmt.Fprintf(w, ", and a day needs %.0f minutes", fc.Largest.Minutes())
	}
	fmt.Fprintln(w, ". It would fit with:")
	if adv.Minutes > 0 {
		fmt.Fprintf(w, "  - more minutes a day: %d (+%d)\n", adv.Minutes, adv.Minutes-p.Minutes)
	} else {
		fmt.Fprintf(w, "  - more minutes a day: not within %d minutes a day\n", scheduler.MaxAdviceMinutes)
	}
	n := len(fc.Stories)
	switch {
	case adv.Stories > 0:
		fmt.Fprintf(w, "  - fewer stories: %d of %d (-%d)\n", adv.Stories, n, n-adv.Stories)
	default:
		fmt.Fprintf(w, "  - fewer stories: not even one story fits in %s a day\n", nounCount(p.Minutes, "minute"))
	}
	if !adv.Interview.IsZero() {
		fmt.Fprintf(w, "  - a later date: %s (+%s)\n", adv.Interview.Format(time.DateOnly), nounCount(calendarDays(p.Interview, adv.Interview), "day"))
	} else {
		fmt.Fprintf(w, "  - a later date: not within %d days\n", scheduler.MaxPlanDays)
	}
}

// calendarDays returns the number of calendar days from a's date to b's.
func calendarDays(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.In(a.Location()).Date()
	return int(time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)).Hours() / 24)
}

// printForecastChart prints one line per day: new cards, reviews, minutes,
// and a bar of the minutes against the budget (│ marks the budget).
func printForecastChart(w io.Writer, fc scheduler.Forecast, budget int) {
	const width = 40
	scale := float64(width) / float64(budget) / 1.25 // the budget at 80 % of the width
	fmt.Fprintf(w, "\n%-10s %4s %7s %6s\n", "day", "new", "reviews", "min")
	mark := int(float64(budget)*scale + 0.5)
	for i, d := range fc.Days {
		min := d.Seconds / 60
		n := min * scale
		bar := []rune(strings.Repeat("█", int(n)))
		if frac := n - float64(int(n)); frac >= 0.5 {
			bar = append(bar, '▌')
		}
		for len(bar) < mark {
			bar = append(bar, ' ')
		}
		if len(bar) == mark {
			bar = append(bar, '│')
		} else {
			bar[mark] = '┃'
		}
		note := ""
		switch {
		case d.Phase == scheduler.PhaseWarmup:
			note = " warm-up"
		case i+1 < len(fc.Days) && d.Phase == scheduler.PhaseLearn && fc.Days[i+1].Phase != scheduler.PhaseLearn:
			note = " ← cut-off: last new cards"
		case d.Phase == scheduler.PhaseWindow:
			note = " final window"
		}
		fmt.Fprintf(w, "%-10s %4d %7d %6.0f %s%s\n", d.Start.Format("Mon 02 Jan"), d.New, d.Reviews, min, strings.TrimRight(string(bar), " "), note)
	}
}

func printRecall(w io.Writer, fc scheduler.Forecast, interview time.Time) {
	if len(fc.Stories) == 0 {
		return
	}
	fmt.Fprintf(w, "\nPredicted recall on %s (before the warm-up):\n", shortDate(interview))
	rows := make([][]string, 0, len(fc.Stories))
	for _, s := range fc.Stories {
		ready := "not ready"
		if s.Ready {
			ready = "ready"
		}
		rows = append(rows, []string{s.ID, fmt.Sprintf("%.0f%%", 100*s.Recall), ready})
	}
	writeTable(w, []string{"story", "recall", ""}, rows)
	if len(fc.Principles) > 0 {
		rows = rows[:0]
		for _, p := range fc.Principles {
			rows = append(rows, []string{p.Principle, fmt.Sprintf("%.0f%%", 100*p.Recall), fmt.Sprintf("%d of %d", p.Ready, len(p.Stories))})
		}
		writeTable(w, []string{"principle", "recall", "stories ready"}, rows)
	}
	if len(fc.Thin) > 0 {
		fmt.Fprintf(w, "Fewer than two stories ready (interviewers ask for another example): %s.\n", strings.Join(fc.Thin, ", "))
	}
}

func runPlanSet(c *cli.Context) error {
	if c.NArg() > 0 {
		return errorf("plan set takes no arguments, got %q", c.Args().First())
	}
	at := now()
	interview, err := time.ParseInLocation(time.DateOnly, c.String("interview"), time.Local)
	if err != nil {
		return errorf("--interview must be a date like 2026-12-11, got %q", c.String("interview"))
	}
	y, m, d := at.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	switch {
	case interview.Before(today):
		return errorf("the interview date %s is in the past", c.String("interview"))
	case interview.Equal(today):
		return errorWithHint(fmt.Sprintf("the interview date %s is today: there is nothing left to plan", c.String("interview")), "starcards review (a normal review; a plan set earlier runs a warm-up on the day)")
	}
	minutes := c.Int("minutes")
	if minutes < 5 || minutes > 600 {
		return errorf("--minutes must be between 5 and 600, got %d", minutes)
	}
	// The level is checked as config set level checks it.
	var levelCfg starcards.Config
	if err := scheduler.SetConfig(&levelCfg, "level", c.String("level"), time.Local); err != nil {
		return configError(err)
	}
	// Check the stories read-only: a refused plan leaves the file as it was.
	stories := c.StringSlice("story")
	ro, err := openRO(c)
	if err != nil {
		return err
	}
	err = checkStory(starcards.Filter{Stories: stories}, ro)
	ro.Close()
	if err != nil {
		return err
	}
	db, cfg, err := openConfig(c, true)
	if err != nil {
		return err
	}
	defer db.Close()
	old, err := loadPlan(db)
	if err != nil {
		return err
	}
	p := starcards.Plan{Interview: interview, Start: today, Minutes: minutes, Level: levelCfg.Level, Stories: stories}
	if !old.IsZero() && old.Start.Before(today) && !old.Interview.Before(today) {
		p.Start = old.Start // the same plan, its date moved
	}
	if old.Focus != "" && p.Filter().MatchStory(old.Focus) {
		p.Focus = old.Focus
	}
	if days := calendarDays(today, interview); days > scheduler.MaxPlanDays {
		fmt.Fprintf(c.App.ErrWriter, "starcards: warning: the interview is %d days away; for a date more than 6 months off, normal scheduling (no plan) serves better\n", days)
	}
	states, err := db.States()
	if err != nil {
		return err
	}
	pc, _, err := pace(db, at)
	if err != nil {
		return err
	}
	today0, err := db.ReviewsSince(starcards.DayStart(at, cfg.DayStartHour))
	if err != nil {
		return err
	}
	pl := scheduler.NewPlanner(p, cfg, states, today0, at, pc, nil)
	moves := pl.Reschedule(states, at)
	if err := db.SetPlanSchedules(p, moves); err != nil {
		return err
	}
	// The plan's level, when it names one, makes the cards.
	out := c.App.Writer
	if c.Bool("json") {
		out = c.App.ErrWriter
	}
	if err := remakeForLevel(db, cardOptions(cfg, old), cardOptions(cfg, p), out); err != nil {
		return err
	}
	n := len(moves)
	return showPlan(c, db, p, cfg, &n)
}

func runPlanClear(c *cli.Context) error {
	db, cfg, err := openConfig(c, true)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := loadPlan(db)
	if err != nil {
		return err
	}
	if p.IsZero() {
		fmt.Fprintln(c.App.Writer, "No study plan to clear.")
		return nil
	}
	if err := db.SetPlan(starcards.Plan{}); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "Cleared the plan for the interview on %s; normal scheduling resumes.\n", longDate(p.Interview))
	// Back to the level setting's cards.
	return remakeForLevel(db, cardOptions(cfg, p), cardOptions(cfg, starcards.Plan{}), c.App.Writer)
}

func runPlanFocus(c *cli.Context) error {
	if c.NArg() != 1 {
		return errorWithHint("plan focus needs one story id", "starcards plan focus STORY")
	}
	story := c.Args().First()
	// Check read-only first: a refused focus leaves the file as it was.
	ro, err := openRO(c)
	if err != nil {
		return err
	}
	p, err := loadPlan(ro)
	if err == nil {
		switch {
		case p.IsZero():
			err = errorWithHint("no study plan to focus", "starcards plan set --interview YYYY-MM-DD")
		default:
			err = checkStory(starcards.Filter{Stories: []string{story}}, ro)
		}
	}
	ro.Close()
	if err != nil {
		return err
	}
	if !p.Filter().MatchStory(story) {
		return errorWithHint(fmt.Sprintf("story %q is not in the plan", story), "the plan's stories: "+strings.Join(p.Stories, ", "))
	}
	db, _, err := openConfig(c, true)
	if err != nil {
		return err
	}
	defer db.Close()
	p.Focus = story
	if err := db.SetPlan(p); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "Focus: the new cards of %s come first.\n", story)
	return nil
}

// startPlanSession ends a plan whose day is over (saying so once) and
// prints the plan's on-track line before a review.
func startPlanSession(db *store.DB, w io.Writer) error {
	cfg, err := collectionConfig(db)
	if err != nil {
		return err
	}
	if err := endPlanIfOver(db, cfg, w); err != nil {
		return err
	}
	line, _, err := planTrack(db, cfg)
	if err == nil && line != "" {
		fmt.Fprintln(w, line+".")
	}
	return err
}

// sessionPlanner returns the review session's planner hook: the plan and
// the user's pace read once, a planner for each load. It is nil without a
// plan.
func sessionPlanner(db *store.DB) (func([]starcards.CardState, []starcards.Review, starcards.Config, time.Time) *scheduler.Planner, error) {
	p, err := loadPlan(db)
	if err != nil || p.IsZero() {
		return nil, err
	}
	pc, _, err := pace(db, now())
	if err != nil {
		return nil, err
	}
	return func(states []starcards.CardState, today []starcards.Review, cfg starcards.Config, at time.Time) *scheduler.Planner {
		return dayPlanner(p, pc, states, today, cfg, at)
	}, nil
}

// nounCount returns "1 card", "2 cards"; story becomes stories.
func nounCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") && !strings.ContainsAny(noun[len(noun)-2:len(noun)-1], "aeiou") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// planFor returns the planner of the plan active at at for the loaded
// collection, nil without one: what due and stats count under.
func planFor(db *store.DB, states []starcards.CardState, today []starcards.Review, cfg starcards.Config, at time.Time) (*scheduler.Planner, error) {
	p, err := activePlan(db, cfg, at)
	if err != nil || p.IsZero() {
		return nil, err
	}
	pc, _, err := pace(db, at)
	if err != nil {
		return nil, err
	}
	return dayPlanner(p, pc, states, today, cfg, at), nil
}
