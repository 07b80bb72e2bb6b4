package stats

import (
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/scheduler"
)

// Report holds every figure `starcards stats` shows. [Compute] builds it and
// [Render] prints it; its JSON encoding is the `stats --json` object, and the
// JSON field names are stable. Slices are never null in JSON.
type Report struct {
	// Generated is the time the figures are for (Input.Now), RFC 3339 with
	// the user's UTC offset.
	Generated time.Time `json:"generated"`
	// Date is the date of the current study day (YYYY-MM-DD); before the day
	// start hour it is the previous calendar date.
	Date string `json:"date"`
	// DayStartHour is the local hour at which a study day starts.
	DayStartHour int `json:"day_start_hour"`
	// Story is the story the figures are limited to (`--story`); omitted for
	// the whole collection.
	Story string `json:"story,omitempty"`
	// DesiredRetention is the collection's target recall probability
	// (0.70–0.99) that readiness is measured against.
	DesiredRetention float64 `json:"desired_retention"`
	// Cards counts cards by kind and state.
	Cards CardCounts `json:"cards"`
	// Today sums up the current study day: answers given and what is still due.
	Today Today `json:"today"`
	// Retention is the true retention for today and the last 7, 30 and 365
	// study days, in that order.
	Retention []Retention `json:"retention"`
	// Forecast is the number of cards due on each of the next days, starting
	// with today (Input.Days entries, default 14).
	Forecast []ForecastDay `json:"forecast"`
	// Heatmap is the number of answers per study day over the last 26 weeks.
	Heatmap Heatmap `json:"heatmap"`
	// Streak is the run of consecutive study days with at least one answer.
	Streak Streak `json:"streak"`
	// Stories is each story's readiness: what share of its cards would be
	// recalled now. Stories are in the order given, then stories known only
	// from their cards, by id.
	Stories []StoryReadiness `json:"stories"`
	// Principles lists every leadership principle a story is tagged with,
	// with the stories that cover it, by name.
	Principles []Principle `json:"principles"`
	// Uncovered lists the principles of the competency catalogue (Amazon's
	// Leadership Principles by default) that no story is tagged with, in
	// catalogue order: the gaps a loop can probe. Empty for one story.
	Uncovered []string `json:"uncovered_principles"`
	// Interview is the interview date and how far off it is; omitted when no
	// date is set or the date has passed.
	Interview *Interview `json:"interview,omitempty"`
	// Plan is where the study plan stands (days left, on track); omitted
	// without a plan. The caller sets it (it takes a forecast).
	Plan *scheduler.Track `json:"plan,omitempty"`
	// Spoken gives, per drilled story, the spoken time of its last drill
	// against its target, and the trend.
	Spoken []StorySpoken `json:"spoken"`
}

// CardCounts counts cards by kind and state.
type CardCounts struct {
	// Kinds has one entry per card kind, in generation order (section,
	// phrase, mistake, followup, quiz, reflection, angle), zeros included.
	Kinds []KindCounts `json:"kinds"`
	// Total sums all kinds.
	Total StateCounts `json:"total"`
}

// KindCounts counts the cards of one kind by state.
type KindCounts struct {
	// Kind is the card kind.
	Kind starcards.Kind `json:"kind"`
	StateCounts
}

// StateCounts counts cards by state. Each card is counted once: a retired
// card as retired, else a suspended card as suspended, else by its FSRS state.
type StateCounts struct {
	// New is the number of cards never answered.
	New int `json:"new"`
	// Learning is the number of cards in their first learning steps.
	Learning int `json:"learning"`
	// Review is the number of cards that graduated to day intervals.
	Review int `json:"review"`
	// Relearning is the number of cards relearning after a lapse.
	Relearning int `json:"relearning"`
	// Suspended is the number of suspended cards (leeches among them).
	Suspended int `json:"suspended"`
	// Retired is the number of cards removed from their story file, kept for
	// their history.
	Retired int `json:"retired"`
	// Total is the sum of the above.
	Total int `json:"total"`
}

// Today sums up the current study day.
type Today struct {
	// Answers is the number of answers given today.
	Answers int `json:"answers"`
	// Cards is the number of distinct cards answered today.
	Cards int `json:"cards"`
	// Again is the number of today's answers rated Again.
	Again int `json:"again"`
	// New is the number of new cards seen today (answers to cards in the new
	// state).
	New int `json:"new"`
	// Learning, Review and Relearning count today's answers by the state the
	// card was in when answered.
	Learning   int `json:"learning"`
	Review     int `json:"review"`
	Relearning int `json:"relearning"`
	// Seconds is the time spent answering today, in seconds.
	Seconds float64 `json:"seconds"`
	// DueLearning, DueReview and NewRemaining are what is still due today,
	// by queue: scheduler.DayCounts, the count `due` and the review summary
	// show too (daily limits and the sibling rule applied; learning cards
	// due at any time before the day ends). Left is their sum.
	DueLearning  int `json:"due_learning"`
	DueReview    int `json:"due_review"`
	NewRemaining int `json:"new_remaining"`
	Left         int `json:"left"`
	// Overdue is the number of review cards that were due before today
	// started, whether or not the review limit leaves them in today's
	// queue.
	Overdue int `json:"overdue"`
}

// Retention is the true retention over one period: the share of answers to
// cards in the review state that were not Again. Answers to new, learning
// and relearning cards do not count.
type Retention struct {
	// Period names the period: "today", "7d", "30d" or "365d".
	Period string `json:"period"`
	// Days is the number of study days in the period, today included.
	Days int `json:"days"`
	// Young counts answers to cards whose interval was under 21 days.
	Young RetentionCount `json:"young"`
	// Mature counts answers to cards whose interval was 21 days or more.
	Mature RetentionCount `json:"mature"`
	// All counts young and mature answers together.
	All RetentionCount `json:"all"`
}

// RetentionCount counts the answers behind a retention figure.
type RetentionCount struct {
	// Passed is the number of answers rated Hard, Good or Easy.
	Passed int `json:"passed"`
	// Failed is the number of answers rated Again.
	Failed int `json:"failed"`
	// Rate is Passed / (Passed + Failed); 0 without answers.
	Rate float64 `json:"rate"`
}

// Count returns the number of answers, Passed + Failed.
func (c RetentionCount) Count() int { return c.Passed + c.Failed }

// ForecastDay is the number of cards due on one study day.
type ForecastDay struct {
	// Date is the study day (YYYY-MM-DD).
	Date string `json:"date"`
	// Due is the number of learning, review and relearning cards due that
	// day; today's figure includes overdue cards. Suspended and retired
	// cards are left out.
	Due int `json:"due"`
}

// Heatmap is the number of answers per study day over the last 26 weeks, laid
// out as a calendar: one column per week (Monday to Sunday), the last column
// being the current week.
type Heatmap struct {
	// Weeks is the number of week columns (26).
	Weeks int `json:"weeks"`
	// Start is the Monday of the first week (YYYY-MM-DD).
	Start string `json:"start"`
	// End is today's date; the days after it in the last week are not listed.
	End string `json:"end"`
	// Max is the largest number of answers on one day in the window.
	Max int `json:"max"`
	// Answers is the total number of answers in the window.
	Answers int `json:"answers"`
	// ActiveDays is the number of days in the window with at least one answer.
	ActiveDays int `json:"active_days"`
	// Days has one entry per day from Start to End, oldest first.
	Days []HeatmapDay `json:"days"`
}

// HeatmapDay is one cell of the heatmap.
type HeatmapDay struct {
	// Date is the study day (YYYY-MM-DD).
	Date string `json:"date"`
	// Answers is the number of answers given that day.
	Answers int `json:"answers"`
	// Level is the cell's intensity, 0–4: 0 for no answers, else
	// ceil(4 × Answers / Max), so level 4 holds the busiest days.
	Level int `json:"level"`
}

// Streak is a run of consecutive study days with at least one answer.
type Streak struct {
	// Current is the length of the run ending today, or ending yesterday if
	// nothing was answered today yet (the streak is still alive until the
	// day ends); 0 if neither day has an answer.
	Current int `json:"current"`
	// Longest is the length of the longest run ever.
	Longest int `json:"longest"`
	// StudiedToday reports whether today has an answer.
	StudiedToday bool `json:"studied_today"`
}

// StoryReadiness is how well a story's cards would be recalled now, from the
// FSRS forgetting curve of each card (its stability and last review).
// Retired cards are left out; suspended cards count (a suspended leech is
// exactly what a candidate may forget).
type StoryReadiness struct {
	// ID is the story id.
	ID string `json:"id"`
	// Title is the story title; empty for a story known only from its cards.
	Title string `json:"title"`
	// Principles are the leadership principles the story is tagged with or
	// has an angle for.
	Principles []string `json:"principles"`
	// Cards is the number of the story's cards, retired ones left out.
	Cards int `json:"cards"`
	// Studied is the number of those cards answered at least once (not new).
	Studied int `json:"studied"`
	// Coverage is Studied / Cards.
	Coverage float64 `json:"coverage"`
	// Retrievability is the mean probability of recall now over the studied
	// cards.
	Retrievability float64 `json:"retrievability"`
	// Knowledge is the sum of the cards' probabilities of recall now: the
	// number of cards expected to be recalled. New cards add 0.
	Knowledge float64 `json:"knowledge"`
	// Readiness is Knowledge / Cards: the mean probability of recall over all
	// cards, new cards counting 0. It equals Retrievability × Coverage.
	Readiness float64 `json:"readiness"`
	// Ready reports whether Readiness is at least the desired retention.
	Ready bool `json:"ready"`
	// Weakest lists up to three studied cards with the lowest probability of
	// recall now, lowest first.
	Weakest []CardRecall `json:"weakest"`
	// InterviewRetrievability is Retrievability at the start of the
	// interview date if no card is reviewed again; omitted without an
	// interview date.
	InterviewRetrievability *float64 `json:"interview_retrievability,omitempty"`
	// InterviewReadiness is Readiness at the start of the interview date if
	// no card is reviewed again; omitted without an interview date.
	InterviewReadiness *float64 `json:"interview_readiness,omitempty"`
}

// CardRecall is a card with its probability of recall now.
type CardRecall struct {
	// Card is the card id, story/kind/key.
	Card string `json:"card"`
	// Retrievability is the probability of recall now, 0–1.
	Retrievability float64 `json:"retrievability"`
}

// Principle is one leadership principle and the stories that cover it.
type Principle struct {
	// Name is the principle as first written in a story.
	Name string `json:"name"`
	// Stories are the stories tagged with the principle (or with an angle for
	// it), readiest first.
	Stories []PrincipleStory `json:"stories"`
	// Ready is the number of those stories whose readiness is at least the
	// desired retention.
	Ready int `json:"ready"`
	// Weak flags a principle with fewer than two ready stories: an
	// interviewer asking twice about it would find the candidate short.
	Weak bool `json:"weak"`
}

// PrincipleStory is a story covering a principle.
type PrincipleStory struct {
	// ID is the story id.
	ID string `json:"id"`
	// Readiness is the story's readiness (see StoryReadiness.Readiness).
	Readiness float64 `json:"readiness"`
	// Ready reports whether Readiness is at least the desired retention.
	Ready bool `json:"ready"`
}

// Interview is the date of the interview loop.
type Interview struct {
	// Date is the interview date (YYYY-MM-DD).
	Date string `json:"date"`
	// Days is the number of calendar days from today to the interview; 0 on
	// the day itself.
	Days int `json:"days"`
}
