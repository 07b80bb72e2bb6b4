package main

import (
	"errors"
	"fmt"

	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "check the collection for damage, and repair what can be rebuilt",
		Description: `Reads the whole collection: bbolt's own consistency check, every record's
checksum, and the collection's invariants (every state and answer belongs
to a card, each card's state agrees with its latest answer, the indexes
match, values are in range, no answer is logged in the future). Prints one
line per problem and exits 1 if any damage is found; warnings (answers
logged with a wrong clock) do not count as damage.

With --repair it first takes a backup, then rebuilds what can be derived
(the indexes and story outlines) and says what it could not fix.

Examples:
   starcards check
   starcards check --repair`,
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "repair", Usage: "back up, then rebuild the indexes and outlines"}},
		Action: runCheck,
	}
}

func runCheck(c *cli.Context) error {
	if c.NArg() > 0 {
		return errorf("check takes no arguments, got %q", safe(c.Args().First()))
	}
	w := c.App.Writer
	if c.Bool("repair") {
		db, err := openRW(c)
		if err != nil {
			return err
		}
		defer db.Close()
		saved, err := takeBackupNamed(db, "repair")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "backed up to %s\n", safe(saved))
		rep, err := db.Repair(now())
		if errors.Is(err, store.ErrCorrupt) {
			// Damage of the file itself: nothing can be rebuilt from it.
			return errorWithHint("repair: the file's pages are damaged and nothing can be rebuilt from them",
				"starcards restore BACKUP puts back a backup (starcards backup list shows them)")
		}
		if err != nil {
			return fmt.Errorf("repair: %w", err)
		}
		for _, r := range rep.Rebuilt {
			fmt.Fprintf(w, "rebuilt %s\n", r)
		}
		return reportCheck(c, rep.Remaining.Problems, rep.Remaining.Stories, rep.Remaining.Cards, rep.Remaining.Reviews)
	}
	db, err := openRO(c)
	if err != nil {
		return err
	}
	rep, err := db.Check(now())
	db.Close()
	if err != nil {
		return err
	}
	return reportCheck(c, rep.Problems, rep.Stories, rep.Cards, rep.Reviews)
}

func reportCheck(c *cli.Context, problems []store.Problem, stories, cards, reviews int) error {
	w := c.App.Writer
	damaged, derived := 0, 0
	for _, p := range problems {
		label := "problem"
		switch {
		case p.Warning:
			label = "warning"
		case p.Derived:
			derived++
			damaged++
		default:
			damaged++
		}
		fmt.Fprintf(w, "%s: %s\n", label, safe(p.String()))
	}
	storyWord := fmt.Sprintf("%d stories", stories)
	if stories == 1 {
		storyWord = "1 story"
	}
	fmt.Fprintf(w, "checked %s, %s, %s: %s\n", storyWord, plural(cards, "card"), plural(reviews, "answer"), plural(damaged, "problem"))
	if damaged == 0 {
		return nil
	}
	hints := []string{"starcards restore BACKUP puts back a backup (starcards backup list shows them)"}
	if derived > 0 && !c.Bool("repair") {
		hints = append([]string{"starcards check --repair rebuilds the indexes and outlines"}, hints...)
	}
	return errorWithHint(fmt.Sprintf("the collection has %s", plural(damaged, "problem")), hints...)
}
