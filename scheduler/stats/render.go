package stats

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// RenderOptions control [Render].
type RenderOptions struct {
	// Color adds ANSI colours: bold headings, green forecast bars and a
	// 256-colour green heatmap. The characters are the same without it
	// (the heatmap's five levels are ·░▒▓█), so the text reads the same
	// either way. The caller decides it from --color and NO_COLOR.
	Color bool
	// Width is the terminal width in columns; 0 or less than 80 means 80,
	// the width the text is laid out for. A wider terminal gets longer
	// forecast bars and fewer story ids and principles cut short.
	Width int
}

// ANSI sequences.
const (
	ansiBold  = "\x1b[1m"
	ansiGreen = "\x1b[32m"
	ansiReset = "\x1b[0m"
)

// heatGlyphs and heatColors draw heatmap levels 0–4.
var (
	heatGlyphs = [5]string{"·", "░", "▒", "▓", "█"}
	heatColors = [5]string{"\x1b[38;5;240m", "\x1b[38;5;22m", "\x1b[38;5;28m", "\x1b[38;5;34m", "\x1b[38;5;46m"}
)

// Render writes r as terminal text: tables, a bar chart of the forecast and a
// calendar heatmap, each under a heading. It returns the first error from w.
func Render(w io.Writer, r Report, opts RenderOptions) error {
	p := newPrinter(w, opts)
	p.title(r)
	p.cards(r.Cards)
	p.today(r)
	p.retention(r.Retention)
	p.forecast(r.Forecast)
	p.heatmap(r.Heatmap, r.Streak)
	p.stories(r)
	p.spoken(r)
	p.principles(r)
	return p.err
}

// printer writes to w, keeping the first error and dropping the rest of the
// output after it.
type printer struct {
	w      io.Writer
	err    error
	color  bool
	width  int
	blocks int // headings written so far
}

func newPrinter(w io.Writer, opts RenderOptions) *printer {
	width := opts.Width
	if width <= 0 {
		width = 80
	}
	return &printer{w: w, color: opts.Color, width: max(width, 80)}
}

func (p *printer) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.w.Write(b)
	p.err = err
	return n, err
}

func (p *printer) printf(format string, args ...any) {
	fmt.Fprintf(p, format, args...)
}

// paint wraps s in the ANSI sequence seq when colour is on.
func (p *printer) paint(seq, s string) string {
	if !p.color || s == "" {
		return s
	}
	return seq + s + ansiReset
}

// heading starts a block, separated from the previous one by a blank line.
func (p *printer) heading(format string, args ...any) {
	if p.blocks > 0 {
		p.printf("\n")
	}
	p.blocks++
	p.printf("%s\n", p.paint(ansiBold, fmt.Sprintf(format, args...)))
}

// table writes a table with the given header, column alignments, rows and
// optional footer.
func (p *printer) table(header []string, align []tw.Align, rows [][]string, footer []string) {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithAlignment(tw.Alignment(align)),
	}
	t := tablewriter.NewTable(p, opts...)
	if header != nil {
		t.Header(header)
	}
	if err := t.Bulk(rows); err != nil && p.err == nil {
		p.err = err
	}
	if footer != nil {
		t.Footer(footer)
	}
	if err := t.Render(); err != nil && p.err == nil {
		p.err = err
	}
}

// cut shortens s to at most n runes, marking the cut with "~". Table cells
// stay ASCII-safe this way (an ellipsis is ambiguous-width in CJK locales).
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "~"
}

// pct formats a ratio as a percentage with one decimal.
func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// day parses a Report date; the zero time if it is not one.
func day(s string) time.Time {
	t, _ := time.Parse(dateLayout, s)
	return t
}

// longDate formats a Report date as "Mon 09 Mar 2026".
func longDate(s string) string {
	t := day(s)
	if t.IsZero() {
		return s
	}
	return t.Format("Mon 02 Jan 2006")
}

// seconds formats a number of seconds as "1h02m", "12m30s" or "45s".
func seconds(s float64) string {
	d := time.Duration(math.Round(s)) * time.Second
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

func (p *printer) title(r Report) {
	scope := "all stories"
	if r.Story != "" {
		scope = "story " + r.Story
	}
	p.heading("Statistics for %s, %s (days start at %02d:00)", scope, longDate(r.Date), r.DayStartHour)
	if iv := r.Interview; iv != nil {
		when := fmt.Sprintf("in %d days", iv.Days)
		switch iv.Days {
		case 0:
			when = "today"
		case 1:
			when = "tomorrow"
		}
		p.printf("Interview %s, %s\n", when, longDate(iv.Date))
	}
}

func (p *printer) cards(c CardCounts) {
	p.heading("Cards")
	right := tw.AlignRight
	align := []tw.Align{tw.AlignLeft, right, right, right, right, right, right, right}
	row := func(name string, s StateCounts) []string {
		return []string{name, strconv.Itoa(s.New), strconv.Itoa(s.Learning), strconv.Itoa(s.Review),
			strconv.Itoa(s.Relearning), strconv.Itoa(s.Suspended), strconv.Itoa(s.Retired), strconv.Itoa(s.Total)}
	}
	var rows [][]string
	for _, k := range c.Kinds {
		rows = append(rows, row(cut(string(k.Kind), 12), k.StateCounts))
	}
	p.table([]string{"KIND", "NEW", "LEARN", "REVIEW", "RELEARN", "SUSPENDED", "RETIRED", "TOTAL"},
		align, rows, row("total", c.Total))
}

func (p *printer) today(r Report) {
	t := r.Today
	p.heading("Today")
	per := ""
	if t.Answers > 0 {
		per = fmt.Sprintf(", %.1fs an answer", t.Seconds/float64(t.Answers))
	}
	rows := [][]string{
		{"Answered", fmt.Sprintf("%s on %s, %d again", plural(t.Answers, "answer"), plural(t.Cards, "card"), t.Again)},
		{"By state", fmt.Sprintf("%d new, %d learning, %d review, %d relearning", t.New, t.Learning, t.Review, t.Relearning)},
		{"Time", seconds(t.Seconds) + per},
		{"Still due", fmt.Sprintf("%d learning, %d review (%d overdue), %d new", t.DueLearning, t.DueReview, t.Overdue, t.NewRemaining)},
	}
	p.table(nil, []tw.Align{tw.AlignLeft, tw.AlignLeft}, rows, nil)
}

func (p *printer) retention(rs []Retention) {
	p.heading("True retention (review cards; young: interval under %d days)", matureDays)
	cell := func(c RetentionCount) string {
		if c.Count() == 0 {
			return "-"
		}
		return fmt.Sprintf("%s of %d", pct(c.Rate), c.Count())
	}
	var rows [][]string
	for _, r := range rs {
		name := r.Period
		if r.Days > 1 {
			name = fmt.Sprintf("%d days", r.Days)
		}
		rows = append(rows, []string{name, cell(r.Young), cell(r.Mature), cell(r.All)})
	}
	right := tw.AlignRight
	p.table([]string{"PERIOD", "YOUNG", "MATURE", "ALL"}, []tw.Align{tw.AlignLeft, right, right, right}, rows, nil)
}

// eighths draws partial bar blocks: eighths[n] is n/8 of a cell.
var eighths = [8]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar returns a bar of n eighths of a cell.
func bar(n int) string {
	return strings.Repeat("█", n/8) + eighths[n%8]
}

func (p *printer) forecast(f []ForecastDay) {
	total, most := 0, 0
	for _, d := range f {
		total += d.Due
		most = max(most, d.Due)
	}
	p.heading("Forecast: cards due per day (%d in %d days)", total, len(f))
	digits := len(strconv.Itoa(most))
	const label = 10 // "Mon 09 Mar"
	room := p.width - label - 3 - digits - 1
	for i, d := range f {
		name := day(d.Date).Format("Mon 02 Jan")
		if i == 0 {
			name = "today"
		}
		b := ""
		if d.Due > 0 {
			b = bar(max(1, int(math.Round(float64(d.Due)*float64(room*8)/float64(most)))))
		}
		p.printf("%-*s │%s %*d\n", label, name, p.paint(ansiGreen, b), digits, d.Due)
	}
}

func (p *printer) heatmap(h Heatmap, s Streak) {
	p.heading("Reviews in the last %d weeks", h.Weeks)
	start := day(h.Start)
	if start.IsZero() || h.Weeks <= 0 {
		p.printf("no data\n")
		return
	}
	const indent = 4 // "Mon "
	// Month labels above the first week that starts in a new month.
	labels := []byte(strings.Repeat(" ", indent+2*h.Weeks+3))
	free := 0 // first column where a label may start
	for c := range h.Weeks {
		monday := start.AddDate(0, 0, 7*c)
		if c > 0 && monday.Month() == monday.AddDate(0, 0, -7).Month() {
			continue
		}
		at := indent + 2*c
		if at < free {
			continue
		}
		copy(labels[at:], monday.Format("Jan"))
		free = at + 4
	}
	p.printf("%s\n", strings.TrimRight(string(labels), " "))
	for row := range 7 {
		var b strings.Builder
		b.WriteString(start.AddDate(0, 0, row).Format("Mon"))
		b.WriteByte(' ')
		for c := range h.Weeks {
			i := 7*c + row
			if i >= len(h.Days) {
				break
			}
			if c > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(p.cell(h.Days[i].Level))
		}
		p.printf("%s\n", b.String())
	}
	if h.Max > 0 {
		unit := "answers"
		if h.Max == 1 {
			unit = "answer"
		}
		p.printf("    %s %s a day\n", p.levelRanges(h.Max), unit)
	} else {
		p.printf("    less %s %s %s %s %s more\n", p.cell(0), p.cell(1), p.cell(2), p.cell(3), p.cell(4))
	}
	days := len(h.Days)
	p.printf("Active on %d of %d days (%s), %s, %.1f a day on average\n",
		h.ActiveDays, days, pct(ratio(float64(h.ActiveDays), days)), plural(h.Answers, "answer"), ratio(float64(h.Answers), days))
	p.printf("Streak: %s, longest %s", plural(s.Current, "day"), plural(s.Longest, "day"))
	if s.Current > 0 && !s.StudiedToday {
		p.printf(" (nothing answered today yet)")
	}
	p.printf("\n")
}

// cell draws one heatmap cell of level l.
func (p *printer) cell(l int) string {
	l = min(max(l, 0), 4)
	return p.paint(heatColors[l], heatGlyphs[l])
}

// levelRanges describes the answers each heatmap level stands for when the
// busiest day had max answers: "· none  ░ 1-5  ▒ 6-10  ▓ 11-15  █ 16-20".
// A level no count falls into is left out.
func (p *printer) levelRanges(max int) string {
	parts := []string{p.cell(0) + " none"}
	lo := 1
	for l := 1; l <= 4; l++ {
		hi := l * max / 4 // the largest n with ceil(4n/max) <= l
		if hi < lo {
			continue
		}
		r := strconv.Itoa(lo)
		if hi > lo {
			r += "-" + strconv.Itoa(hi)
		}
		parts = append(parts, p.cell(l)+" "+r)
		lo = hi + 1
	}
	return strings.Join(parts, "  ")
}

// plural returns "1 day" or "n days".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

func (p *printer) stories(r Report) {
	p.heading("Readiness by story")
	interview := r.Interview != nil
	header := []string{"STORY", "STUDIED", "RECALL", "READINESS", "KNOWN"}
	right := tw.AlignRight
	align := []tw.Align{tw.AlignLeft, right, right, right, right, right}
	if interview {
		header = append(header, "INTERVIEW")
	}
	idWidth := max(12, p.width-57)
	var rows [][]string
	for _, s := range r.Stories {
		mark := " "
		if s.Ready {
			mark = "*"
		}
		recall := "-"
		if s.Studied > 0 {
			recall = pct(s.Retrievability)
		}
		row := []string{cut(s.ID, idWidth), fmt.Sprintf("%d/%d", s.Studied, s.Cards), recall,
			pct(s.Readiness) + mark, strconv.FormatFloat(s.Knowledge, 'f', 1, 64)}
		if interview {
			v := "-"
			if s.InterviewReadiness != nil && s.Studied > 0 {
				v = pct(*s.InterviewReadiness)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		p.printf("no stories\n")
		return
	}
	p.table(header, align, rows, nil)
	p.printf("recall: mean over studied cards now; readiness: over all cards, new ones as 0\n")
	p.printf("known: cards expected to be recalled now\n")
	if interview {
		p.printf("interview: readiness on the interview date if nothing is reviewed again\n")
	}
	p.printf("* ready: readiness at least the desired retention, %s\n", pct(r.DesiredRetention))

	rows = rows[:0]
	for _, s := range r.Stories {
		for _, c := range s.Weakest {
			name := strings.TrimPrefix(c.Card, s.ID+"/")
			rows = append(rows, []string{cut(s.ID, idWidth), cut(name, p.width-idWidth-17), pct(c.Retrievability)})
		}
	}
	if len(rows) > 0 {
		p.heading("Weakest cards (lowest recall now)")
		p.table([]string{"STORY", "CARD", "RECALL"}, []tw.Align{tw.AlignLeft, tw.AlignLeft, right}, rows, nil)
	}
}

func (p *printer) principles(r Report) {
	p.heading("Principles (! fewer than %d stories ready)", minReadyStories)
	if len(r.Principles) == 0 {
		p.printf("no principles: tag stories with principles to see coverage\n")
		return
	}
	nameWidth := max(16, (p.width-17)/2)
	storyWidth := p.width - 17 - nameWidth - 7
	var rows [][]string
	for _, pr := range r.Principles {
		name := "  " + cut(pr.Name, nameWidth-2)
		if pr.Weak {
			name = "! " + cut(pr.Name, nameWidth-2)
		}
		var lines []string
		for _, s := range pr.Stories {
			lines = append(lines, fmt.Sprintf("%s %s", cut(s.ID, storyWidth), pct(s.Readiness)))
		}
		rows = append(rows, []string{name, fmt.Sprintf("%d/%d", pr.Ready, len(pr.Stories)), strings.Join(lines, "\n")})
	}
	p.table([]string{"PRINCIPLE", "READY", "STORIES (READINESS)"}, []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignLeft}, rows, nil)
}
