package stats

import (
	"iter"
	"time"

	"github.com/starcards/starcards"
)

// Answer is what [Compute] reads of one review-log entry, from Input.Log:
// the fields of the answer, and its card behind a [CardRef], so that the
// caller need not decode a card id for each of a million entries. Compute
// asks for the card's id only for the answers that need it (today's and
// the spoken ones), and with Input.Story set asks every answer whether its
// card is of that story.
type Answer struct {
	Time     time.Time
	Rating   starcards.Rating
	Duration time.Duration
	Spoken   bool
	// BeforeState and BeforeScheduledDays are the card's state and interval
	// before the answer, as in Review.Before.
	BeforeState         starcards.State
	BeforeScheduledDays uint64
	Card                CardRef
}

// CardRef gives the card of an [Answer]. Compute calls its methods only
// while the iterator is yielding the answer, so a CardRef may be reused
// from one answer to the next.
type CardRef interface {
	// CardID returns the card's id.
	CardID() starcards.CardID
	// InStory reports whether the card belongs to the story with this id.
	InStory(story string) bool
}

// review returns the answer as the Review a scheduler function reads,
// the fields an Answer lacks zero.
func (a *Answer) review(id starcards.CardID) starcards.Review {
	return starcards.Review{
		Card: id, Time: a.Time, Rating: a.Rating, Duration: a.Duration, Spoken: a.Spoken,
		Before: starcards.Schedule{State: a.BeforeState, ScheduledDays: a.BeforeScheduledDays},
	}
}

// reviewCard is the CardRef of a Review.
type reviewCard struct{ id starcards.CardID }

func (c *reviewCard) CardID() starcards.CardID  { return c.id }
func (c *reviewCard) InStory(story string) bool { return c.id.Story == story }

// answers returns in's log as answers: in.Log, else in.Reviews.
func answers(in Input) iter.Seq[Answer] {
	if in.Log != nil {
		return in.Log
	}
	return func(yield func(Answer) bool) {
		if in.Reviews == nil {
			return
		}
		card := &reviewCard{}
		for rv := range in.Reviews {
			card.id = rv.Card
			a := Answer{
				Time: rv.Time, Rating: rv.Rating, Duration: rv.Duration, Spoken: rv.Spoken,
				BeforeState: rv.Before.State, BeforeScheduledDays: rv.Before.ScheduledDays, Card: card,
			}
			if !yield(a) {
				return
			}
		}
	}
}
