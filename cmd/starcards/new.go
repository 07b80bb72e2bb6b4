package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/starcards/starcards/decks"
	"github.com/urfave/cli/v2"
)

func newCommand() *cli.Command {
	return &cli.Command{
		Name:      "new",
		Usage:     "write a commented story template (or the sample) to start a story from",
		ArgsUsage: "FILE",
		Description: `Writes a story template to FILE: every field of a story, each with a comment
saying what it is for, and the target times the sample uses. The story's id
is made from FILE's name. A FILE ending in .md gets the template as a
Markdown story. With --from-sample, FILE gets
the built-in sample story instead: a complete story to copy from.

An existing FILE is never overwritten without --force.

Example:
   starcards new my-story.yaml
   starcards new --from-sample webhook.yaml
   starcards lint my-story.yaml && starcards import my-story.yaml`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "from-sample", Usage: "write the built-in sample story instead of the template"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite FILE if it exists"},
		},
		Action: runNew,
	}
}

func runNew(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) != 1 {
		return errorWithHint("new needs one file name", "starcards new my-story.yaml (or my-story.md for Markdown)")
	}
	name := args[0]
	ext := strings.ToLower(filepath.Ext(name))
	var data []byte
	switch {
	case name == "-" || ext == ".yaml" || ext == ".yml":
		data = decks.TemplateYAML
		if c.Bool("from-sample") {
			data = decks.SampleYAML
		}
	case ext == ".md" && !c.Bool("from-sample"):
		data = decks.TemplateMarkdown
	case ext == ".md":
		return errorWithHint(fmt.Sprintf("%s: the sample is a YAML story file", name), "name it .yaml: starcards new --from-sample sample.yaml")
	default:
		return errorWithHint(fmt.Sprintf("%s: new writes .yaml, .yml or .md files", name), "starcards new my-story.yaml")
	}
	if !c.Bool("from-sample") {
		// Each story starts with its own id: the file's name, so that two
		// stories started from the template do not share one.
		id := decks.Slug(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
		if name == "-" || id == "" {
			id = "my-story"
		}
		data = bytes.Replace(data, []byte("\nid: my-story\n"), []byte("\nid: "+id+"\n"), 1)
	}
	if err := writeOutput(c, name, data, c.Bool("force")); err != nil {
		return err
	}
	if name != "-" {
		fmt.Fprintf(c.App.Writer, "wrote %s: edit it, then starcards lint %s and starcards import %s\n", safe(name), safe(name), safe(name))
	}
	return nil
}
