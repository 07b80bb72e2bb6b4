package stats

import (
	"fmt"
	"io"
	"math"
	"slices"
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
	// Width is the terminal width in columns; 0 means 80, the width the
	// text is laid out for, and the least is 40. A wider terminal gets
	// longer forecast bars and fewer story ids and principles cut short;
	// below 80 the tables lose their borders, headings and notes wrap at
	// word boundaries, and the heatmap shows the weeks that fit.
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
	narrow bool // under 80 columns: plain tables, wrapped text
	blocks int  // headings written so far
}

func newPrinter(w io.Writer, opts RenderOptions) *printer {
	width := opts.Width
	if width <= 0 {
		width = 80
	}
	width = max(width, 40)
	return &printer{w: w, color: opts.Color, width: width, narrow: width < 80}
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
	p.printf("%s\n", p.paint(ansiBold, p.wrap(fmt.Sprintf(format, args...))))
}

// wrap fits a line of text to a narrow width at word boundaries.
func (p *printer) wrap(s string) string {
	if !p.narrow {
		return s
	}
	return wrapWords(s, p.width)
}

// note prints a line of text, wrapped to a narrow width.
func (p *printer) note(format string, args ...any) {
	p.printf("%s\n", p.wrap(fmt.Sprintf(format, args...)))
}

// table writes a table with the given header, column alignments, rows and
// optional footer.
func (p *printer) table(header []string, align []tw.Align, rows [][]string, footer []string) {
	if p.narrow {
		p.plain(header, align, rows, footer)
		return
	}
	if tableLines(rows) >= bigTable {
		var b strings.Builder
		if boxTable(&b, header, align, rows, footer) {
			io.WriteString(p, b.String())
			return
		}
	}
	if err := writerTable(p, header, align, rows, footer); err != nil && p.err == nil {
		p.err = err
	}
}

// writerTable draws a table with tablewriter.
func writerTable(w io.Writer, header []string, align []tw.Align, rows [][]string, footer []string) error {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithAlignment(tw.Alignment(align)),
	}
	t := tablewriter.NewTable(w, opts...)
	if header != nil {
		t.Header(header)
	}
	err := t.Bulk(rows)
	if footer != nil {
		t.Footer(footer)
	}
	if rerr := t.Render(); err == nil {
		err = rerr
	}
	return err
}

// tableLines returns the number of lines the rows take.
func tableLines(rows [][]string) int {
	n := 0
	for _, r := range rows {
		h := 1
		for _, c := range r {
			h = max(h, strings.Count(c, "\n")+1)
		}
		n += h
	}
	return n
}

// plain writes a table without borders, for narrow terminals: columns two
// spaces apart, a cell's lines one under the other, and the last column's
// text wrapped at word boundaries to the width.
func (p *printer) plain(header []string, align []tw.Align, rows [][]string, footer []string) {
	all := rows
	if header != nil {
		all = append([][]string{header}, all...)
	}
	if footer != nil {
		all = append(slices.Clip(all), footer)
	}
	if len(all) == 0 {
		return
	}
	n := len(all[0])
	widths := make([]int, n)
	for _, r := range all {
		for i, c := range r[:n-1] {
			for _, l := range strings.Split(c, "\n") {
				widths[i] = max(widths[i], utf8.RuneCountInString(l))
			}
		}
	}
	lead := 0
	for _, w := range widths[:n-1] {
		lead += w + 2
	}
	last := max(p.width-lead, 12)
	for _, r := range all {
		for _, l := range strings.Split(r[n-1], "\n") {
			widths[n-1] = max(widths[n-1], min(utf8.RuneCountInString(l), last))
		}
	}
	for _, r := range all {
		cells := make([][]string, n)
		height := 1
		for i, c := range r {
			if i == n-1 {
				c = wrapWords(c, last)
			}
			cells[i] = strings.Split(c, "\n")
			height = max(height, len(cells[i]))
		}
		for line := range height {
			var b strings.Builder
			for i := range n {
				c := ""
				if line < len(cells[i]) {
					c = cells[i][line]
				}
				pad := strings.Repeat(" ", max(widths[i]-utf8.RuneCountInString(c), 0))
				if i < len(align) && align[i] == tw.AlignRight {
					b.WriteString(pad + c)
				} else {
					b.WriteString(c + pad)
				}
				if i < n-1 {
					b.WriteString("  ")
				}
			}
			p.printf("%s\n", strings.TrimRight(b.String(), " "))
		}
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
		return []string{
			name, strconv.Itoa(s.New), strconv.Itoa(s.Learning), strconv.Itoa(s.Review),
			strconv.Itoa(s.Relearning), strconv.Itoa(s.Suspended), strconv.Itoa(s.Retired), strconv.Itoa(s.Total),
		}
	}
	var rows [][]string
	for _, k := range c.Kinds {
		rows = append(rows, row(cut(string(k.Kind), 12), k.StateCounts))
	}
	header := []string{"KIND", "NEW", "LEARN", "REVIEW", "RELEARN", "SUSPENDED", "RETIRED", "TOTAL"}
	if p.narrow {
		header = []string{"KIND", "NEW", "LRN", "REV", "RLN", "SUS", "RET", "ALL"}
	}
	p.table(header, align, rows, row("total", c.Total))
	if p.narrow {
		p.note("LRN learning, REV review, RLN relearning, SUS suspended, RET retired")
	}
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
	const indent = 4 // "Mon "
	// On a narrow terminal, the last weeks that fit.
	weeks := min(h.Weeks, (p.width-indent+1)/2)
	p.heading("Reviews in the last %d weeks", weeks)
	start := day(h.Start)
	if start.IsZero() || h.Weeks <= 0 {
		p.printf("no data\n")
		return
	}
	skip := h.Weeks - weeks
	start = start.AddDate(0, 0, 7*skip)
	// Month labels above the first week that starts in a new month.
	labels := []byte(strings.Repeat(" ", indent+2*weeks+3))
	free := 0 // first column where a label may start
	for c := range weeks {
		monday := start.AddDate(0, 0, 7*c)
		if c > 0 && monday.Month() == monday.AddDate(0, 0, -7).Month() {
			continue
		}
		at := indent + 2*c
		if at < free || at+3 > p.width {
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
		for c := range weeks {
			i := 7*(c+skip) + row
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
	p.note("Active on %d of %d days (%s), %s, %.1f a day on average",
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
	if p.narrow {
		return strings.Join(parts, " ")
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
	if p.narrow {
		header = []string{"STORY", "SEEN", "RECALL", "READY", "KNOWN"}
		idWidth = max(8, p.width-30)
		if interview {
			header = append(header, "DAY")
			idWidth = max(8, p.width-38)
		}
	}
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
		row := []string{
			cut(s.ID, idWidth), fmt.Sprintf("%d/%d", s.Studied, s.Cards), recall,
			pct(s.Readiness) + mark, strconv.FormatFloat(s.Knowledge, 'f', 1, 64),
		}
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
	p.note("recall: mean over studied cards now; readiness: over all cards, new ones as 0")
	p.note("known: cards expected to be recalled now")
	if p.narrow {
		p.note("seen: cards studied of all")
	}
	if interview {
		label := "interview"
		if p.narrow {
			label = "day"
		}
		p.note("%s: readiness on the interview date if nothing is reviewed again", label)
	}
	p.note("* ready: readiness at least the desired retention, %s", pct(r.DesiredRetention))

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
		p.note("no principles: tag stories with principles to see coverage")
		p.uncovered(r.Uncovered)
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
	p.uncovered(r.Uncovered)
}

// uncovered lists the catalogue's principles with no story, wrapped at
// word boundaries.
func (p *printer) uncovered(names []string) {
	if len(names) == 0 {
		return
	}
	p.printf("%s\n", wrapWords(fmt.Sprintf("No story yet (0 stories): %s.", strings.Join(names, ", ")), p.width))
}

// wrapWords breaks s at spaces into lines of at most width columns (a
// word longer than the width gets a line of its own).
func wrapWords(s string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		n := utf8.RuneCountInString(w)
		if i > 0 {
			if col+1+n > width {
				b.WriteByte('\n')
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}
