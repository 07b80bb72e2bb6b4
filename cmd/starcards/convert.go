package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/store/atomicfile"
	"github.com/urfave/cli/v2"
)

func convertCommand() *cli.Command {
	return &cli.Command{
		Name:      "convert",
		Usage:     "write a story (walkthrough page, Markdown or YAML) as an editable YAML story file",
		ArgsUsage: "FILE -o OUT",
		Description: `Reads a story the way import does — a STAR walkthrough page copied from the
web (.txt), a Markdown story (.md) or a story file (.yaml, .yml, .json) —
and writes what it understood as a YAML story file to edit and import.
Check what was understood before importing: a page has no story id (one is
made from the topic of its question) and lost its quiz options. A line of a
page that could not be placed is left out with a warning naming its line;
--report lists, part by part, what was understood and what was left out.

OUT is written whole or not at all (a temporary file, renamed), and an
existing OUT is never overwritten without --force. -o - writes to standard
output.

Example:
   starcards convert walkthrough.txt -o webhook.yaml
   starcards convert story.md -o -
   starcards convert walkthrough.txt -o story.yaml --report`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the story file to write (- for standard output)"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite OUT if it exists"},
			&cli.BoolFlag{Name: "report", Usage: "list, part by part, what was understood and what was left out"},
		},
		Action: runConvert,
	}
}

func runConvert(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) != 1 {
		return errorWithHint("convert needs one story file", "starcards convert walkthrough.txt -o story.yaml")
	}
	out := c.String("output")
	if out == "" {
		return errorWithHint("convert needs -o FILE (or -o - for standard output)", "starcards convert "+args[0]+" -o story.yaml")
	}
	if ext := strings.ToLower(filepath.Ext(out)); out != "-" && ext != ".yaml" && ext != ".yml" {
		return errorWithHint(fmt.Sprintf("%s: convert writes YAML story files", out), "name the output .yaml or .yml")
	}
	sf, err := readStoryFile(args[0])
	if err != nil {
		return err
	}
	data, err := decks.Encode(sf.story)
	if err != nil {
		return fmt.Errorf("encode %s: %w", sf.name, err)
	}
	header := "# yaml-language-server: $schema=" + decks.SchemaURL + "\n" +
		"# Written by starcards convert: check it, edit it, then starcards import it.\n"
	data = append([]byte(header), data...)
	if err := writeOutput(c, out, data, c.Bool("force")); err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(c.App.Writer, "wrote %s (story %s)\n", safe(out), safe(sf.story.ID))
	}
	if c.Bool("report") {
		w := c.App.Writer
		if out == "-" {
			w = c.App.ErrWriter // standard output holds the story file
		}
		var report strings.Builder
		if err := decks.WriteReport(&report, sf.name, sf.story, sf.pos, sf.warnings); err != nil {
			return err
		}
		_, err := io.WriteString(w, safe(report.String()))
		return err
	}
	for _, wn := range sf.warnings {
		fmt.Fprintln(c.App.ErrWriter, safe(fmt.Sprintf("starcards: warning: %s:%s", sf.name, wn)))
	}
	return nil
}

// writeOutput writes data to the file name, or to standard output for "-".
// The file is written to a temporary name and renamed, so it is whole or
// absent; an existing file is kept unless force is set.
func writeOutput(c *cli.Context, name string, data []byte, force bool) error {
	if name == "-" {
		_, err := c.App.Writer.Write(data)
		return err
	}
	if fi, err := os.Stat(name); err == nil {
		if fi.IsDir() {
			return errorf("%s: is a directory", name)
		}
		if !force {
			return errorWithHint(fmt.Sprintf("%s already exists", name), "use --force to overwrite it, or choose another name")
		}
	}
	dir := filepath.Dir(name)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return errorf("%s: no such directory", safe(dir))
	}
	if err := atomicfile.WriteFile(name, data, 0o644); err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return errorf("%s: permission denied", safe(name))
		}
		return errorf("%s: %v", safe(name), unwrapPath(err))
	}
	return nil
}
