package decks

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/starcards/starcards"
)

// WriteReport writes, part by part in story order, what a story file or
// page gave (each part with its line, as pos has it, and the fields it
// holds) and what was left out (the warnings, each under the part whose
// lines it falls in), so that the user knows what to fix in the story file.
// Parts the story lacks are named too. It is what starcards convert
// --report prints.
func WriteReport(w io.Writer, file string, s *starcards.Story, pos Positions, warnings []Warning) error {
	type part struct {
		line  int
		title string
		items []string
		left  []string
	}
	var parts []*part
	add := func(path, title string, items ...string) *part {
		pt := &part{line: pos[path].Line, title: title}
		for _, it := range items {
			if it != "" {
				pt.items = append(pt.items, it)
			}
		}
		parts = append(parts, pt)
		return pt
	}
	has := func(name, v string) string {
		if strings.TrimSpace(v) == "" {
			return ""
		}
		return name
	}
	words := func(name, v string) string {
		switch n := len(strings.Fields(v)); n {
		case 0:
		case 1:
			return name + " (1 word)"
		default:
			return fmt.Sprintf("%s (%d words)", name, n)
		}
		return ""
	}
	count := func(n int, one, many string) string {
		switch n {
		case 0:
			return ""
		case 1:
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}

	role := ""
	if s.Role != "" {
		role = "role " + s.Role
	}
	add("title", "story "+s.ID, fmt.Sprintf("title %q", s.Title), has("question", s.Question), role,
		count(len(s.Principles), "principle", "principles"), words("summary", s.Summary), words("coaching", s.Coaching))
	bySection := map[string]starcards.Section{}
	for _, sec := range s.Sections {
		bySection[sec.Name] = sec
	}
	for _, name := range starcards.SectionNames {
		sec, ok := bySection[name]
		if !ok {
			add("", name, "not given")
			continue
		}
		target := ""
		if sec.Target > 0 {
			target = "target " + formatDuration(sec.Target)
		}
		add("sections."+name, name, target, words("example", sec.Example), count(len(sec.Phrases), "key phrase", "key phrases"),
			words("coaching", sec.Coaching), words("common mistake", sec.Mistake))
	}
	for _, r := range s.Reflections {
		add("reflections."+r.Level, r.Level+" reflection", words("text", r.Text))
	}
	for i, f := range s.Followups {
		p := fmt.Sprintf("followups[%d]", i)
		add(p, "follow-up "+FollowupKey(f), fmt.Sprintf("%q", f.Question), has("probes", f.Probes), has("weak answer", f.Weak),
			has("why it is weak", f.WeakWhy), words("strong answer", f.Strong), has("key line", f.Key))
	}
	if wa := s.WeakAnswer; wa != nil {
		add("weak_answer", "weak answer", words("text", wa.Text), count(len(wa.Flaws), "flaw", "flaws"), has("verdict", wa.Verdict))
	}
	for i, q := range s.Quizzes {
		opts := "no options: answered by its explanation"
		if len(q.Options) > 0 {
			opts = fmt.Sprintf("%d options", len(q.Options))
		}
		add(fmt.Sprintf("quizzes[%d]", i), "quiz "+QuizKey(q), fmt.Sprintf("%q", q.Question), opts, words("explanation", q.Explanation))
	}
	for i, a := range s.Angles {
		add(fmt.Sprintf("angles[%d]", i), "angle "+a.Principle, has("lead with", a.Lead), has("emphasize", a.Emphasize), has("downplay", a.Downplay))
	}
	for i, l := range s.Levels {
		t := ""
		if l.Time > 0 {
			t = "time " + formatDuration(l.Time)
		}
		add(fmt.Sprintf("levels[%d]", i), "level "+l.Level, has("focus", l.Focus), has("reflection", l.Reflection), has("bar", l.Bar), t)
	}

	// Each warning goes under the last part that starts at or before it.
	placed := make([]*part, 0, len(parts))
	for _, pt := range parts {
		if pt.line > 0 {
			placed = append(placed, pt)
		}
	}
	sort.SliceStable(placed, func(i, j int) bool { return placed[i].line < placed[j].line })
	var before []string
	for _, wn := range warnings {
		msg := fmt.Sprintf("line %d: %s", wn.Line, wn.Msg)
		i := sort.Search(len(placed), func(i int) bool { return placed[i].line > wn.Line }) - 1
		if i < 0 {
			before = append(before, msg)
			continue
		}
		placed[i].left = append(placed[i].left, msg)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s: what was understood, part by part\n", file)
	for _, msg := range before {
		fmt.Fprintf(&b, "  %s\n", msg)
	}
	for _, pt := range parts {
		where := ""
		if pt.line > 0 {
			where = fmt.Sprintf(" (line %d)", pt.line)
		}
		fmt.Fprintf(&b, "%s%s: %s\n", pt.title, where, strings.Join(pt.items, ", "))
		for _, msg := range pt.left {
			fmt.Fprintf(&b, "  %s\n", msg)
		}
	}
	if len(warnings) == 0 {
		b.WriteString("nothing was left out\n")
	} else {
		fmt.Fprintf(&b, "%s: edit the story file to put back what was left out\n", count(len(warnings), "warning", "warnings"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
