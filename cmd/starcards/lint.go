package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/lint"
	"github.com/starcards/starcards/store"
	"github.com/urfave/cli/v2"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check stories against the interview coaching",
		ArgsUsage: "FILE...",
		Description: `Checks each story file (.yaml, .yml, .json, .md, or a walkthrough page as
.txt) against the coaching a bar raiser applies, and prints each finding as
file:line:col: severity: message (fix: …).

Errors (exit status 1):
   we-action           an Action sentence whose subject is we, our team, the team or they
   result-number       a Result with no number, percentage, amount or before→after change
   generic-reflection  a reflection that fits every story ("communication is important")
   quiz-answer         a quiz answer that is not among its options, or is given twice
   phrase-missing      a key phrase that does not occur in the section's example
                       (it would make no card; on import of a story already in
                       the collection it is a warning)
Warnings (exit status 0):
   task-scope          a Task with no scope boundary or ownership statement
   section-length      a section longer than its target, spoken at 150 words a minute
   quiz-giveaway       a quiz whose right option is much longer than the others
   page-left-out       a line of a walkthrough page (.txt) that the story leaves out
   no-principles, few-followups (fewer than 2), quiz-answer (a quiz without options)

Example:
   starcards lint stories/*.yaml
   starcards lint --json my-story.md | jq '.[] | select(.severity == "error")'`,
		Flags:  []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print the findings as JSON"}},
		Action: runLint,
	}
}

func runLint(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return errorWithHint("lint needs at least one story file", "starcards lint my-story.yaml")
	}
	findings := []lint.Finding{}
	catalogue := collectionCatalogue(c)
	for _, name := range args {
		sf, err := readStoryFile(name)
		if err != nil {
			return err
		}
		findings = append(findings, pageFindings(sf, lintStory(sf, catalogue))...)
	}
	w := c.App.Writer
	if c.Bool("json") {
		if err := writeJSON(w, findings); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			fmt.Fprintln(w, safe(f.String()))
		}
		fmt.Fprintln(w, lintSummary(findings, len(args)))
	}
	if lint.HasErrors(findings) {
		return exitError(1)
	}
	return nil
}

// lintSummary is the last line lint prints: "1 error, 2 warnings in 3 files".
func lintSummary(findings []lint.Finding, files int) string {
	errs, warns := 0, 0
	for _, f := range findings {
		if f.Severity == lint.Error {
			errs++
		} else {
			warns++
		}
	}
	in := fmt.Sprintf(" in %d file%s", files, lintPlural(files))
	if errs+warns == 0 {
		return "no findings" + in
	}
	return fmt.Sprintf("%d error%s, %d warning%s%s", errs, lintPlural(errs), warns, lintPlural(warns), in)
}

func lintPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// lintStory is every check of a story file: lint's coaching rules, the
// template placeholders left in it, and its principles against the
// catalogue; in file order.
func lintStory(sf *storyFile, catalogue []string) []lint.Finding {
	f := lint.Check(sf.story, sf.pos, sf.name)
	f = append(f, lint.Placeholders(sf.story, sf.pos, sf.name)...)
	f = append(f, lint.Principles(sf.story, sf.pos, sf.name, catalogue)...)
	return sortFindings(f)
}

// sortFindings puts findings in file order.
func sortFindings(f []lint.Finding) []lint.Finding {
	slices.SortStableFunc(f, func(a, b lint.Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return f
}

// placeholderError refuses a story file with template placeholders left in
// it: importing it would make cards of placeholder text.
func placeholderError(sf *storyFile) error {
	p := lint.Placeholders(sf.story, sf.pos, sf.name)
	if len(p) == 0 {
		return nil
	}
	msg := strings.TrimSuffix(p[0].String(), " (fix: "+p[0].Fix+")")
	msg = strings.Replace(msg, ": error: ", ": ", 1)
	hint := "replace every <…> with your own words, or delete the line"
	if len(p) > 1 {
		hint += fmt.Sprintf("; %d placeholders in all (starcards lint %s lists them)", len(p), sf.name)
	}
	return errorWithHint(msg, hint)
}

// collectionCatalogue is the competency catalogue of the collection's
// settings: Amazon's Leadership Principles unless config principles says
// otherwise. It reads the collection only if it exists, and falls back to
// the default if it cannot.
func collectionCatalogue(c *cli.Context) []string {
	path, err := dbPath(c)
	if err != nil {
		return decks.AmazonPrinciples
	}
	if _, err := os.Stat(path); err != nil {
		return decks.AmazonPrinciples
	}
	db, err := store.Open(path, store.Options{ReadOnly: true}, now())
	if err != nil {
		return decks.AmazonPrinciples
	}
	defer db.Close()
	cfg, err := db.Config()
	if err != nil {
		return decks.AmazonPrinciples
	}
	return decks.Catalogue(cfg.Principles)
}

// pageFindings adds to the findings of a walkthrough page the lines its
// parser left out, in line order.
func pageFindings(sf *storyFile, findings []lint.Finding) []lint.Finding {
	if len(sf.warnings) == 0 {
		return findings
	}
	for _, w := range sf.warnings {
		findings = append(findings, lint.Finding{
			File: sf.name, Line: w.Line, Col: max(w.Col, 1), Severity: lint.Warning,
			Rule: "page-left-out", Message: w.Msg, Fix: "put what the line says into the story file by hand (starcards convert --report shows each part)",
		})
	}
	slices.SortStableFunc(findings, func(a, b lint.Finding) int { return a.Line - b.Line })
	return findings
}
