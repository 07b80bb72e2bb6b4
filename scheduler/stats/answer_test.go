package stats

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// countingCard is a CardRef that counts the ids asked for.
type countingCard struct {
	id    starcards.CardID
	asked *int
}

func (c *countingCard) CardID() starcards.CardID  { *c.asked++; return c.id }
func (c *countingCard) InStory(story string) bool { return c.id.Story == story }

// TestLogMatchesReviews: Compute gives the same report from Input.Log as
// from Input.Reviews, for the whole collection and for one story, with
// spoken answers in the log; and it asks for the card's id only of the
// day's and the spoken answers.
func TestLogMatchesReviews(t *testing.T) {
	base := fixture()
	var log []starcards.Review
	for r := range base.Reviews {
		log = append(log, r)
	}
	// Drilled sections, long ago and today.
	for i, at := range []time.Time{fixtureNow.AddDate(0, 0, -200), fixtureNow.AddDate(0, 0, -200).Add(time.Minute), fixtureNow.Add(-time.Hour)} {
		log = append(log, starcards.Review{
			Card: starcards.CardID{Story: "webhook-drop-rate", Kind: starcards.KindSection, Key: []string{"situation", "action", "situation"}[i]},
			Time: at, Rating: starcards.Good, Duration: time.Duration(30+i) * time.Second, Spoken: true,
		})
	}
	slices.SortStableFunc(log, func(a, b starcards.Review) int { return a.Time.Compare(b.Time) })
	dayStart := starcards.DayStart(fixtureNow, base.Config.DayStartHour)
	for _, story := range []string{"", "webhook-drop-rate", "billing-migration"} {
		in := base
		in.Story = story
		in.Reviews = slices.Values(log)
		in.Targets = map[string]time.Duration{"webhook-drop-rate": 2 * time.Minute}
		want := Compute(in)
		asked := 0
		in.Log = func(yield func(Answer) bool) {
			card := &countingCard{asked: &asked}
			for _, r := range log {
				card.id = r.Card
				a := Answer{Time: r.Time, Rating: r.Rating, Duration: r.Duration, Spoken: r.Spoken, BeforeState: r.Before.State, BeforeScheduledDays: r.Before.ScheduledDays, Card: card}
				if !yield(a) {
					return
				}
			}
		}
		got := Compute(in)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("story %q: the report from Log differs from the one from Reviews:\n%+v\nwant\n%+v", story, got, want)
		}
		need := 0
		for _, r := range log {
			if !r.Time.Before(dayStart) || r.Spoken && (story == "" || r.Card.Story == story) {
				need++
			}
		}
		if len(want.Spoken) == 0 && story != "billing-migration" || asked > need || asked == 0 {
			t.Errorf("story %q: %d spoken stories; %d card ids asked for, want at most the %d of today's and spoken answers", story, len(want.Spoken), asked, need)
		}
	}
}

// TestLoadCards: cards given by LoadCards, called once after the log is
// read, make the report Cards makes.
func TestLoadCards(t *testing.T) {
	in := fixture()
	want := Compute(in)
	cards := in.Cards
	in.Cards = nil
	calls, logDone := 0, false
	reviews := in.Reviews
	in.Reviews = func(yield func(starcards.Review) bool) {
		for r := range reviews {
			if !yield(r) {
				return
			}
		}
		logDone = true
	}
	in.LoadCards = func() []starcards.CardState {
		calls++
		if !logDone {
			t.Error("LoadCards called before the log was read")
		}
		return cards
	}
	if got := Compute(in); !reflect.DeepEqual(got, want) || calls != 1 {
		t.Errorf("LoadCards called %d times (want 1); report equal: %v", calls, reflect.DeepEqual(got, want))
	}
}
