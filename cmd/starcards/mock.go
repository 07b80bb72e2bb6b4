package main

import (
	"errors"
	"fmt"
	"slices"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/urfave/cli/v2"
)

func mockCommand() *cli.Command {
	return &cli.Command{
		Name:  "mock",
		Usage: "a mock interview: a principle, a story, then the bar raiser's follow-ups, timed",
		Description: `Plays one round of an interview loop. It picks a principle, the weakest
first (lowest readiness of its stories), and asks the question of the least
rehearsed story tagged with it; you answer aloud while the timer runs (Enter
stops it, t types the answer instead). Then come one to three of the story's
follow-ups, the weakest first, each timed. After each answer it shows what
the question probes, the strong answer and its key line, and why the weak
answer fails; your rating (Enter accepts the one proposed) is a review of
that card — the story's angle for the principle, or the follow-up — with the
spoken time recorded. It ends with a summary per principle: time against
target, ratings and the cards to look at again. q quits.

Examples:
   starcards mock
   starcards mock --principle Ownership -n 1
   starcards mock --minutes 15`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "principle", Usage: "only principle `P`"},
			&cli.IntFlag{Name: "n", Usage: "`N` questions (default 2, or what --minutes allows)"},
			&cli.IntFlag{Name: "minutes", Usage: "fit the round in `M` minutes (sets how many follow-ups)"},
		},
		Action: runMock,
	}
}

func runMock(c *cli.Context) error {
	if c.NArg() > 0 {
		return errorWithHint(fmt.Sprintf("mock takes no arguments, got %q", c.Args().First()), "run 'starcards mock --help' for usage")
	}
	if n := c.Int("n"); n < 0 || n > 50 {
		return errorf("-n must be between 1 and 50, got %d", n)
	}
	if m := c.Int("minutes"); m < 0 || m > 600 {
		return errorf("--minutes must be between 1 and 600, got %d", m)
	}
	d, err := loadRehearsal(c, true)
	if err != nil {
		return err
	}
	var stories []*starcards.Story
	cands := d.candidates()
	for _, id := range cands {
		if st, ok := d.story(id); ok {
			stories = append(stories, st)
		}
	}
	if len(stories) == 0 {
		return errNoStories
	}
	rounds, err := session.PlanMock(stories, d.states, d.reviews, now(), session.MockOptions{
		Principle: c.String("principle"), Rounds: c.Int("n"), Minutes: c.Int("minutes"),
	})
	if errors.Is(err, session.ErrNoPrinciple) {
		var names []string
		for _, st := range stories {
			for _, p := range append(slices.Clone(st.Principles), anglePrinciples(st)...) {
				if !slices.Contains(names, p) {
					names = append(names, p)
				}
			}
		}
		if len(names) == 0 {
			return errorWithHint("no story is tagged with a principle", "add principles: [...] to a story file and import it again")
		}
		return errorWithHint(fmt.Sprintf("no story is tagged with principle %q", c.String("principle")), "the stories' principles: "+joinQuoted(names))
	}
	if err != nil {
		return err
	}
	rio, err := openRehearsalIO(c)
	if err != nil {
		return err
	}
	defer rio.restore()
	m := &session.Mock{
		Col: &fileCollection{path: d.path}, In: rio.in, Out: rio.out, Now: now,
		Rounds: rounds, Config: d.cfg, Tick: rio.tick, Width: rio.width,
	}
	_, err = m.Run()
	return err
}

func anglePrinciples(st *starcards.Story) []string {
	var out []string
	for _, a := range st.Angles {
		out = append(out, a.Principle)
	}
	return out
}

func joinQuoted(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += safe(s)
	}
	return out
}
