package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/decks"
	"github.com/starcards/starcards/decks/answer"
	"github.com/urfave/cli/v2"
)

func cheatsheetCommand() *cli.Command {
	return &cli.Command{
		Name:      "cheatsheet",
		Usage:     "a one-screen outline of each story, for the last five minutes before the loop",
		ArgsUsage: "STORY…",
		Description: `Prints, for each story, one screen: the question and principles, the
story's summary and coaching, then each section with its target, its
opening line, its key phrases and its numbers, and the key line of every
follow-up. --markdown prints it as Markdown, to print or keep on a phone.
--level picks the reflection told at your level. Read-only.

Examples:
   starcards cheatsheet webhook-drop-rate
   starcards cheatsheet --markdown webhook-drop-rate > loop.md`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "markdown", Usage: "print Markdown"},
			&cli.StringFlag{Name: "level", Usage: "your level `L`, for the reflection"},
		},
		Action: runCheatsheet,
	}
}

func runCheatsheet(c *cli.Context) error {
	if c.NArg() == 0 {
		return errorWithHint("cheatsheet needs at least one story", "starcards list --stories shows the story ids")
	}
	db, err := openRO(c)
	if err != nil {
		return err
	}
	infos, err := db.Stories()
	db.Close()
	if err != nil {
		return err
	}
	var stories []*starcards.Story
	for _, id := range c.Args().Slice() {
		var found *starcards.Story
		for i := range infos {
			if infos[i].Story.ID == id && !infos[i].Retired {
				found = &infos[i].Story
			}
		}
		if found == nil {
			return noStoryError(id)
		}
		stories = append(stories, found)
	}
	w := c.App.Writer
	for i, st := range stories {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeCheatsheet(w, st, c.String("level"), c.Bool("markdown"))
	}
	return nil
}

// firstSentence returns the first sentence of text.
func firstSentence(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && (i+1 == len(text) || text[i+1] == ' ') {
			return text[:i+1]
		}
	}
	return text
}

func writeCheatsheet(w io.Writer, st *starcards.Story, level string, md bool) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	esc := safe
	if md {
		esc = func(s string) string { return mdEscape(safe(s)) }
	}
	if md {
		p("# %s\n\n", esc(st.Title))
		if st.Question != "" {
			p("*%s*\n\n", esc(st.Question))
		}
		if len(st.Principles) > 0 {
			p("Principles: %s\n\n", esc(strings.Join(st.Principles, " · ")))
		}
		if strings.TrimSpace(st.Summary) != "" {
			p("**Summary:** %s\n\n", esc(st.Summary))
		}
		if strings.TrimSpace(st.Coaching) != "" {
			p("**Coaching:** %s\n\n", esc(st.Coaching))
		}
	} else {
		p("%s\n%s\n", esc(st.Title), strings.Repeat("━", min(60, max(10, len([]rune(st.Title))))))
		if st.Question != "" {
			p("Q: %s\n", oneLine(st.Question, 200))
		}
		if len(st.Principles) > 0 {
			p("Principles: %s\n", esc(strings.Join(st.Principles, " · ")))
		}
		if strings.TrimSpace(st.Summary) != "" {
			p("Summary: %s\n", oneLine(st.Summary, 400))
		}
		if strings.TrimSpace(st.Coaching) != "" {
			p("Coaching: %s\n", oneLine(st.Coaching, 200))
		}
	}
	for _, sec := range st.Sections {
		e, _ := answer.ForSection(st, sec.Name, level)
		head := sec.Title()
		if t := decks.FormatTarget(sec.Target); t != "" {
			head += " (" + t + ")"
		}
		open := firstSentence(e.Strong)
		nums := answer.Numbers(e.Strong)
		if md {
			p("## %s\n\n", head)
			if open != "" {
				p("> %s\n\n", esc(open))
			}
			if len(sec.Phrases) > 0 {
				p("- **Say:** %s\n", esc(strings.Join(sec.Phrases, " · ")))
			}
			if len(nums) > 0 {
				p("- **Numbers:** %s\n", esc(strings.Join(nums, " · ")))
			}
			p("\n")
			continue
		}
		p("\n%s\n", head)
		if open != "" {
			p("  “%s”\n", oneLine(open, 160))
		}
		if len(sec.Phrases) > 0 {
			p("  say: %s\n", esc(strings.Join(sec.Phrases, " · ")))
		}
		if len(nums) > 0 {
			p("  numbers: %s\n", esc(strings.Join(nums, " · ")))
		}
	}
	if len(st.Followups) == 0 {
		return
	}
	if md {
		p("## Follow-ups\n\n")
	} else {
		p("\nFollow-ups\n")
	}
	for _, f := range st.Followups {
		key := f.Key
		if key == "" {
			key = firstSentence(f.Strong)
		}
		if md {
			p("- %s — **%s**\n", esc(f.Question), esc(key))
		} else {
			p("  %s\n    → %s\n", oneLine(f.Question, 120), oneLine(key, 120))
		}
	}
	if md {
		p("\n")
	}
}

// mdEscape escapes the characters Markdown would read as formatting.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`)
	return r.Replace(strings.Join(strings.Fields(s), " "))
}
