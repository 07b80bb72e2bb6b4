package main

import (
	"github.com/starcards/starcards/cmd/starcards/internal/session"
	"github.com/urfave/cli/v2"
)

func drillCommand() *cli.Command {
	return &cli.Command{
		Name:      "drill",
		Usage:     "tell a story out loud, section by section, against the clock",
		ArgsUsage: "[STORY]",
		Description: `Walks through a story one STAR section at a time. For each section it shows
the name, the target time and an opening cue, then times you while you
speak: Enter stops the timer (t lets you type the answer instead, checked
for key phrases, "we", numbers and generic reflections). Then it shows your
time against the target (over time is flagged), the strong example, the key
phrases and numbers as a checklist to tick, the coaching and the common
mistake. Your rating (Enter accepts the one proposed) is a review of the
section's card, with the spoken time recorded in the review log.

It ends with the total against the level's time limit (--level, e.g. SDE 1:
2 min, Senior: 3 min, as the story's levels say), the phrases missed and the
sections over time. With no STORY it drills the story with the lowest
readiness (of the plan's stories, once a plan is set). q quits; sections
rated so far are kept.

From a pipe, each line is one key, checklist or typed answer, and the timer
reads the clock when a section starts and when its line arrives.

Examples:
   starcards drill
   starcards drill webhook-drop-rate --level Senior`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "level", Usage: "your level `L` (time limit and reflection), e.g. \"SDE 1\", Senior"},
		},
		Action: runDrill,
	}
}

func runDrill(c *cli.Context) error {
	if c.NArg() > 1 {
		return errorWithHint("drill takes one story", "run 'starcards drill --help' for usage")
	}
	d, err := loadRehearsal(c, false)
	if err != nil {
		return err
	}
	id := c.Args().First()
	if id == "" {
		cands := d.candidates()
		if len(cands) == 0 {
			return errNoStories
		}
		id = session.Weakest(cands, session.Readiness(d.states, now()))
	}
	story, ok := d.story(id)
	if !ok {
		return noStoryError(id)
	}
	level := c.String("level")
	if level == "" {
		level = d.planLevel
	}
	rio, err := openRehearsalIO(c)
	if err != nil {
		return err
	}
	defer rio.restore()
	dr := &session.Drill{
		Col:    &fileCollection{path: d.path},
		In:     rio.in,
		Out:    rio.out,
		Now:    now,
		Story:  story,
		Cards:  d.states,
		Config: d.cfg,
		Level:  level,
		Tick:   rio.tick,
		Width:  rio.width,
	}
	_, err = dr.Run()
	return err
}
