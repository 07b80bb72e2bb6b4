// Package scheduler schedules starcards cards with FSRS-5 and builds the
// day's study queue.
//
// It wraps github.com/open-spaced-repetition/go-fsrs/v3 v3.3.1 with its
// short-term ("basic") scheduler, go-fsrs's default: new cards go through
// learning steps of 1, 5 or 10 minutes, lapsed cards through relearning
// steps of 5 or 10 minutes, and Good or Easy moves a card to review with an
// interval in days. Everything is pure: functions take the time as an
// argument and never read the clock, and no state is kept between calls.
//
// # Answering
//
// [New] checks a [starcards.Config] and returns a [Scheduler].
// [Scheduler.Answer] gives a card's next [starcards.Schedule] for a rating;
// [Scheduler.Preview] gives all four, for the interval labels over the
// answer buttons ([FormatInterval]). [Retrievability] is the predicted
// probability of recall at a time, such as the interview date, and
// [Interval] the FSRS-5 interval of a stability; [Decay] and [Factor] are
// the forgetting curve's constants, written here once.
//
// With fuzz off, Answer returns exactly what go-fsrs's FSRS.Next returns,
// field for field, except where go-fsrs v3.3.1 is wrong:
//
//   - a review time before the last review (a clock that went backwards)
//     wraps go-fsrs's elapsed-days count to 2^64-1 on amd64, so the card
//     looks forgotten for ages; Answer takes the last review time instead;
//   - go-fsrs lets stability drift below 0.01 days (repeated Again while
//     learning) and above 36500 days (repeated Easy after long gaps);
//     Answer clamps it to [MinStability, MaxStability] as fsrs-rs does, and
//     computes intervals from the clamped value;
//   - go-fsrs forces Hard < Good < Easy after capping at the maximum
//     interval, exceeding it by up to 2 days; Answer caps after;
//   - go-fsrs writes its fuzz seed into the shared *fsrs.FSRS on every call,
//     a data race; the wrapper never builds an *fsrs.FSRS and gives each
//     call its own copy of the parameters, so a Scheduler is safe for
//     concurrent use.
//
// # Fuzz
//
// go-fsrs's own fuzz cannot be seeded and is the same for every card answered
// in the same second with the same state, so cards learnt together would
// stay together. With Config.Fuzz on, the wrapper fuzzes instead, over
// go-fsrs's ranges (fsrs.FUZZ_RANGES: ±1 day plus 15% of the part of the
// interval between 2.5 and 7 days, 10% of the part between 7 and 20, 5%
// above 20; never below 2 days, nor beyond the maximum interval). Only
// intervals of 2.5 days or more are fuzzed. The fuzz factor is drawn from a
// PCG generator seeded with an FNV-1a hash of the card id, the review time
// in Unix seconds and the repetition count after the review: the same card
// answered at the same second from the same state always gets the same
// interval, and the four ratings of one review share the factor, so their
// intervals stay ordered.
//
// # Leeches
//
// As in Anki, a card becomes a leech when a lapse (Again on a card in
// review) brings its lapse count to the leech threshold, and again at every
// half threshold after it: with the default 8, at 8, 12, 16 and so on lapses.
// Answer then sets both Leech and Suspended; unsuspending is the user's
// call, and the card is suspended again at the next such count. Answer keeps
// Suspended and Leech otherwise, and clears BuriedUntil.
//
// # Study plan
//
// A [starcards.Plan] aims the schedule at an interview date. [NewCalendar]
// lays out its study days by the calendar (a 23- or 25-hour day when
// daylight saving time changes is one study day): new cards until the
// cut-off, a final window of the last study days (3 by default), the eve
// (the last study day) and the interview day. A [Planner] applies the plan
// to one moment: with [Options].Plan, [BuildQueue] paces new cards so that
// every card of the plan is learned by the cut-off, in [PlanOrder]
// (stories interleaved, each story's outline and section cards first),
// keeps the day within the plan's minutes using the user's [Pace] by card
// kind, brings back in the final window every card whose predicted recall
// on the interview day is below the desired retention (siblings not
// buried), and on the interview day offers a warm-up, weakest first,
// within [WarmupBudget]. With [Scheduler.WithPlanner], answers given
// before the eve come due by the eve's end, on the least-loaded allowed
// day, and longer intervals are load-balanced over the days up to 15 %
// earlier. [Planner.Reschedule] brings forward what is due after the eve
// when a plan is set or its date moves.
//
// [Simulation] plays a plan day by day with the scheduler itself, as
// Anki's simulator does, with recall drawn from FSRS retrievability and a
// seed; [RunForecast] sums it up per day, story and principle, and
// [Advise] says what would make a plan that does not fit fit.
//
// # The day's queue
//
// [BuildQueue] orders what to study now from the collection and today's
// review log: due learning cards, then review cards due today, then new cards
// in story order, within the daily limits, one card per facet (siblings are
// buried), and learning cards up to [LearnAhead] early when nothing else is
// left. The new cards of the stories in [Options].Later (the built-in
// sample, once the user has stories of their own) come after all the
// others', so the sample never takes a new-card slot ahead of them. [DayCounts] counts what is left today: it is the one "still due
// today" that due, stats and the review summary show. [DayCards] reads what
// a day's queue can draw from through the store's index scans ([Index]):
// the queue policy — limits, siblings, order — lives here alone, the store
// only scans. Cards are selected with a [starcards.Filter] in [Options].
// Study days start at Config.DayStartHour in the location of the time passed, as
// [starcards.DayStart] defines them.
//
// # Siblings
//
// Siblings are cards that would give each other's answers away if one day
// showed both: they share a Card.Facet within one story, and the queue
// shows at most one of them a day. The rule is data: decks computes each
// card's facet (see decks.CardsFor), and the queue only compares facets.
// For the cards of one story:
//
//   - "sentence/<section>/<n>": the number and key-phrase clozes of
//     sentence n (each shows the others' answers in its context) and the
//     order card whose answer is sentence n (its back shows the sentence);
//   - "section/<section>": the section's recital and its mistake card;
//   - "outline", "weak-answer", "level", and one facet per follow-up, quiz
//     and angle.
//
// A recital and the clozes of its section are not siblings, so the recital
// never holds the phrase cards back: new cards come in story order, each
// section's clozes before its recital, so on the day they are introduced
// the clozes come first and the recital (whose back lists the phrases) is a
// recap, not a give-away. The outline and the order cards cue with opening
// words cut before the first cloze, so they reveal no cloze answer. What is
// left: on a later day a review of a recital due before a cloze of its
// section shows its phrases first; both are then reviews of known material.
// For the built-in sample, a new user meets 20 cards on day 1 (outline, the
// five recitals, 12 clozes) and 20 on day 2; before this rule the phrase
// cards all waited for day 2.
//
// # Settings
//
// [ConfigKeys] lists the settings by their config keys; [SetConfig] parses
// and checks one, [GetConfig] formats one, and [Validate] checks a whole
// config. A bad value is reported as a [*ConfigError], which matches
// [ErrInvalidConfig].
package scheduler
