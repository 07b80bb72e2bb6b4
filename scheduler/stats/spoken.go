package stats

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/tw"
	"github.com/starcards/starcards"
)

// drillGap is the pause after which a story's next spoken section answer
// starts a new drill.
const drillGap = 30 * time.Minute

// trendDrills is how many drills the trend shows.
const trendDrills = 5

// StorySpoken is how long a story took to tell in its drills: the spoken
// section answers the drill records in the review log.
type StorySpoken struct {
	// Story is the story id.
	Story string `json:"story"`
	// Drills is how many drills the log holds.
	Drills int `json:"drills"`
	// LastSeconds is the spoken time of the last drill, all its sections.
	LastSeconds float64 `json:"last_seconds"`
	// LastSections is how many sections the last drill told.
	LastSections int `json:"last_sections"`
	// TargetSeconds is the story's time target (its section targets added
	// up); 0 if it has none.
	TargetSeconds float64 `json:"target_seconds"`
	// TrendSeconds are the spoken times of up to the last five drills,
	// oldest first.
	TrendSeconds []float64 `json:"trend_seconds"`
}

// spokenAgg groups spoken section answers into drills per story.
type spokenAgg struct {
	stories map[string]*drillRun
}

type drillRun struct {
	totals   []float64
	sections []int
	last     time.Time
	seen     map[string]bool
}

// add counts a review if it is a spoken answer of a section card.
func (a *spokenAgg) add(rv starcards.Review) {
	if !rv.Spoken || rv.Card.Kind != starcards.KindSection {
		return
	}
	if a.stories == nil {
		a.stories = map[string]*drillRun{}
	}
	d := a.stories[rv.Card.Story]
	if d == nil {
		d = &drillRun{}
		a.stories[rv.Card.Story] = d
	}
	if len(d.totals) == 0 || rv.Time.Sub(d.last) > drillGap || d.seen[rv.Card.Key] {
		d.totals = append(d.totals, 0)
		d.sections = append(d.sections, 0)
		d.seen = map[string]bool{}
	}
	d.seen[rv.Card.Key] = true
	d.totals[len(d.totals)-1] += rv.Duration.Seconds()
	d.sections[len(d.sections)-1]++
	d.last = rv.Time
}

// report returns the drilled stories, in the order of ids then the rest.
func (a *spokenAgg) report(ids []string, targets map[string]time.Duration) []StorySpoken {
	var keys []string
	for id := range a.stories {
		if !slices.Contains(ids, id) {
			keys = append(keys, id)
		}
	}
	slices.Sort(keys)
	out := []StorySpoken{}
	for _, id := range append(slices.Clone(ids), keys...) {
		d := a.stories[id]
		if d == nil {
			continue
		}
		n := len(d.totals)
		out = append(out, StorySpoken{
			Story:         id,
			Drills:        n,
			LastSeconds:   d.totals[n-1],
			LastSections:  d.sections[n-1],
			TargetSeconds: targets[id].Seconds(),
			TrendSeconds:  slices.Clone(d.totals[max(0, n-trendDrills):]),
		})
	}
	return out
}

func mss(sec float64) string {
	s := int(sec + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (p *printer) spoken(r Report) {
	if len(r.Spoken) == 0 {
		return
	}
	p.heading("Spoken time (last drill)")
	var rows [][]string
	for _, s := range r.Spoken {
		target, mark := "-", ""
		if s.TargetSeconds > 0 {
			target = mss(s.TargetSeconds)
			if s.LastSeconds > s.TargetSeconds {
				mark = " !"
			}
		}
		trend := make([]string, len(s.TrendSeconds))
		for i, t := range s.TrendSeconds {
			trend[i] = mss(t)
		}
		rows = append(rows, []string{
			cut(s.Story, max(12, p.width-50)), mss(s.LastSeconds) + mark, target,
			fmt.Sprint(s.LastSections), strings.Join(trend, " → "),
		})
	}
	right := tw.AlignRight
	p.table([]string{"STORY", "LAST", "TARGET", "SECTIONS", "TREND"}, []tw.Align{tw.AlignLeft, right, right, right, tw.AlignLeft}, rows, nil)
	p.printf("! over the target\n")
}
