package ankipkg

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/starcards/starcards"
	"github.com/starcards/starcards/export"
)

var pullNow = time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)

// pullInput is a collection holding exactly the cards the fixture maps
// (truth.Cards[].Card), all new, with no reviews.
func pullInput(tb testing.TB, pkg *Package, want *truth) Input {
	tb.Helper()
	in := Input{Package: pkg, Keys: map[export.AnkiKey]starcards.CardID{}, Cards: map[starcards.CardID]starcards.Schedule{}, Config: starcards.DefaultConfig(), Now: pullNow}
	for _, c := range want.Cards {
		if c.Card == "" {
			continue
		}
		id, err := starcards.ParseCardID(c.Card)
		if err != nil {
			tb.Fatal(err)
		}
		in.Keys[export.AnkiKey{GUID: c.GUID, Ord: c.Ord}] = id
		in.Cards[id] = starcards.Schedule{}
	}
	return in
}

// TestPullAnkiPackages pulls the packages the real Anki wrote into a
// collection that has their cards but none of their history: every rated
// Anki review comes back once, each card takes the state of the Anki card
// answered last, the foreign note is counted, and pulling again changes
// nothing.
func TestPullAnkiPackages(t *testing.T) {
	for _, file := range []string{"anki-latest.apkg", "anki-legacy.apkg"} {
		t.Run(file, func(t *testing.T) {
			b, want := mustFixture(t, file)
			pkg := mustRead(t, b)
			in := pullInput(t, pkg, want)
			res, err := Pull(in)
			if err != nil {
				t.Fatal(err)
			}
			// Expected, from the fixture's truth: rated rows per card and the
			// Anki card answered last.
			cardOf := map[int64]starcards.CardID{}
			ours, foreign := 0, 0
			for _, c := range want.Cards {
				if c.Card == "" {
					foreign++
					continue
				}
				ours++
				cardOf[c.ID], _ = starcards.ParseCardID(c.Card)
			}
			rated := map[starcards.CardID]map[int64]bool{}
			last := map[starcards.CardID]int64{}
			lastID := map[starcards.CardID]int64{}
			for _, r := range pkg.Revlog {
				id, ok := cardOf[r.CardID]
				if !ok || !r.Rated() {
					continue
				}
				if rated[id] == nil {
					rated[id] = map[int64]bool{}
				}
				rated[id][r.ID] = true
				if r.ID > lastID[id] {
					lastID[id], last[id] = r.ID, r.CardID
				}
			}
			wantReviews := 0
			for _, ids := range rated {
				wantReviews += len(ids)
			}
			rep := res.Report
			if rep.Cards != ours || rep.Foreign != foreign || rep.Reviews != wantReviews || len(res.Reviews) != wantReviews || rep.Known != 0 {
				t.Errorf("Report = %+v, %d reviews; want %d cards, %d foreign, %d reviews", rep, len(res.Reviews), ours, foreign, wantReviews)
			}
			for _, r := range res.Reviews {
				if !rated[r.Card][r.Time.UnixMilli()] {
					t.Errorf("review %s at %d is no rated row of Anki's", r.Card, r.Time.UnixMilli())
				}
			}
			for id, cid := range last {
				w := want.Cards[0]
				for _, c := range want.Cards {
					if c.ID == cid {
						w = c
					}
				}
				got := res.States[id]
				wantState := starcards.State(w.Type)
				if got.State != wantState || got.Reps != uint64(w.Reps) || got.Lapses != uint64(w.Lapses) || got.Suspended != (w.Queue == -1) {
					t.Errorf("%s = %+v, want Anki's card %+v", id, got, w)
				}
				if math.Abs(got.Stability-w.Stability) > 1e-3 || math.Abs(got.Difficulty-w.Difficulty) > 1e-3 {
					t.Errorf("%s memory = %v/%v, want Anki's %v/%v", id, got.Stability, got.Difficulty, w.Stability, w.Difficulty)
				}
				if w.Type == 2 {
					wantDue := pkg.Timing.DayStart(w.Due, time.UTC)
					if !got.Due.Equal(wantDue) || got.ScheduledDays != uint64(w.Ivl) {
						t.Errorf("%s due %v ivl %d, want %v ivl %d", id, got.Due, got.ScheduledDays, wantDue, w.Ivl)
					}
				}
			}
			// The history chains: each review starts where the previous ended.
			prev := map[starcards.CardID]starcards.Schedule{}
			for _, r := range res.Reviews {
				if p, ok := prev[r.Card]; ok && p.Reps != r.Before.Reps {
					t.Errorf("%s: review at %v starts at reps %d, previous ended at %d", r.Card, r.Time, r.Before.Reps, p.Reps)
				}
				prev[r.Card] = r.After
			}
			for id, s := range res.States {
				if p, ok := prev[id]; ok && p.Reps != s.Reps {
					t.Errorf("%s: last review ends at reps %d, state has %d", id, p.Reps, s.Reps)
				}
			}

			// Again, with what the first pull wrote: nothing changes.
			for id, s := range res.States {
				in.Cards[id] = s
			}
			in.Reviews = res.Reviews
			again, err := Pull(in)
			if err != nil {
				t.Fatal(err)
			}
			if again.Changed() || again.Report.Known != wantReviews || again.Report.Reviews != 0 {
				t.Errorf("second pull: %+v, %d states, %d reviews; want no change", again.Report, len(again.States), len(again.Reviews))
			}
		})
	}
}

func TestPullNoneOurs(t *testing.T) {
	b, _ := mustFixture(t, "anki-foreign.apkg")
	pkg := mustRead(t, b)
	_, err := Pull(Input{Package: pkg, Keys: map[export.AnkiKey]starcards.CardID{}, Cards: map[starcards.CardID]starcards.Schedule{}, Config: starcards.DefaultConfig(), Now: pullNow})
	if !errors.Is(err, ErrNoneOurs) {
		t.Fatalf("Pull = %v, want ErrNoneOurs", err)
	}
}

// synthetic builds a one-card package and collection for rule tests.
func synthetic(rows ...Revlog) (Input, starcards.CardID) {
	id := starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "action"}
	pkg := &Package{
		Format: Latest,
		Timing: Timing{Crt: time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC).Unix(), HasOffset: true, Rollover: 4},
		Cards: []Card{
			{ID: 10, NoteID: 1, GUID: "g", Type: 2, Queue: 2, Due: 35, Ivl: 5, Reps: 2, Stability: 6.5, Difficulty: 4.25, HasMemory: true, Mod: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC).Unix()},
			{ID: 11, NoteID: 1, GUID: "g", Ord: 1, Type: 0, Queue: 0},
		},
		Revlog: rows,
	}
	return Input{
		Package: pkg, Keys: map[export.AnkiKey]starcards.CardID{{GUID: "g"}: id, {GUID: "g", Ord: 1}: id},
		Cards: map[starcards.CardID]starcards.Schedule{id: {}}, Config: starcards.DefaultConfig(), Now: pullNow,
	}, id
}

func ms(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

// TestNewRows: which Anki rows are reviews we already have.
func TestNewRows(t *testing.T) {
	at := ms("2026-11-20T10:00:00.000Z")
	ours := []starcards.Review{{Time: time.UnixMilli(at).UTC(), Rating: starcards.Good}}
	for _, tc := range []struct {
		name  string
		rows  []Revlog
		fresh int
		known int
	}{
		{"Exact", []Revlog{{ID: at, CardID: 10, Ease: 3}}, 0, 1},
		{"ShiftedByExportClash", []Revlog{{ID: at + 2, CardID: 10, Ease: 3}}, 0, 1},
		{"CopyInEveryClozeCard", []Revlog{{ID: at, CardID: 10, Ease: 3}, {ID: at + 1, CardID: 11, Ease: 3}}, 0, 1},
		{"OtherRating", []Revlog{{ID: at, CardID: 10, Ease: 1}}, 1, 0},
		{"TooLate", []Revlog{{ID: at + 1000, CardID: 10, Ease: 3}}, 1, 0},
		{"Before", []Revlog{{ID: at - 1, CardID: 10, Ease: 3}}, 1, 0},
		{"SameAnkiCardTwice", []Revlog{{ID: at, CardID: 10, Ease: 3}, {ID: at + 500, CardID: 10, Ease: 3}}, 1, 1},
		{"OneAnswerTwoCardsNew", []Revlog{{ID: at + 5000, CardID: 10, Ease: 3}, {ID: at + 5000, CardID: 11, Ease: 3}}, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh, known := newRows(tc.rows, ours)
			if len(fresh) != tc.fresh || known != tc.known {
				t.Fatalf("newRows = %d fresh, %d known; want %d, %d", len(fresh), known, tc.fresh, tc.known)
			}
		})
	}
}

// TestPullRules: the later review decides, suspension and burying follow
// Anki, and the review log chains.
func TestPullRules(t *testing.T) {
	anki := ms("2026-11-30T10:00:00.000Z")
	t.Run("AnkiLast", func(t *testing.T) {
		in, id := synthetic(Revlog{ID: anki, CardID: 10, Ease: 3, Ivl: 5, Factor: 450, Type: 1})
		res, err := Pull(in)
		if err != nil {
			t.Fatal(err)
		}
		s := res.States[id]
		wantDue := time.Date(2026, 12, 6, 4, 0, 0, 0, time.UTC) // day 35 from crt 2026-11-01
		if s.State != starcards.StateReview || !s.Due.Equal(wantDue) || s.Stability != 6.5 || s.Difficulty != 4.25 || s.Reps != 2 || s.ScheduledDays != 5 {
			t.Fatalf("state = %+v, want Anki's (due %v)", s, wantDue)
		}
		if len(res.Reviews) != 1 || res.Reviews[0].After != s || res.Reviews[0].Rating != starcards.Good {
			t.Fatalf("reviews = %+v, want one ending in the state", res.Reviews)
		}
	})
	t.Run("OursLast", func(t *testing.T) {
		in, id := synthetic(Revlog{ID: anki, CardID: 10, Ease: 1, Ivl: -600, Factor: 700, Type: 1})
		ourState := starcards.Schedule{State: starcards.StateReview, Reps: 3, Due: pullNow.AddDate(0, 0, 3), Stability: 3}
		in.Cards[id] = ourState
		in.Reviews = []starcards.Review{{Card: id, Time: time.UnixMilli(anki).Add(time.Hour).UTC(), Rating: starcards.Good, After: ourState}}
		res, err := Pull(in)
		if err != nil {
			t.Fatal(err)
		}
		if _, changed := res.States[id]; changed || len(res.Reviews) != 1 || res.Report.Updated != 0 {
			t.Fatalf("states %v, reviews %d, report %+v: want our state kept and Anki's review logged", res.States, len(res.Reviews), res.Report)
		}
		r := res.Reviews[0]
		if r.After.State != starcards.StateLearning || !r.After.Due.Equal(time.UnixMilli(anki).Add(10*time.Minute).UTC()) {
			t.Fatalf("Anki's review = %+v, want learning due in 10 min", r.After)
		}
	})
	t.Run("SuspendedAndBuriedFollowAnki", func(t *testing.T) {
		in, id := synthetic()
		in.Package.Cards[0].Queue = -1
		res, err := Pull(in)
		if err != nil {
			t.Fatal(err)
		}
		if !res.States[id].Suspended || res.Report.Suspended != 1 {
			t.Fatalf("state %+v report %+v, want suspended", res.States[id], res.Report)
		}
		in.Cards[id] = res.States[id]
		in.Package.Cards[0].Queue = -3
		res, err = Pull(in)
		if err != nil {
			t.Fatal(err)
		}
		s := res.States[id]
		if s.Suspended || !s.BuriedUntil.Equal(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC)) || res.Report.Unsuspended != 1 || res.Report.Buried != 1 {
			t.Fatalf("state %+v report %+v, want unsuspended, buried until the next day", s, res.Report)
		}
	})
	t.Run("ForeignAndMissingCounted", func(t *testing.T) {
		in, _ := synthetic()
		in.Package.Cards = append(in.Package.Cards, Card{ID: 12, NoteID: 2, GUID: "other"})
		other := starcards.CardID{Story: "s", Kind: starcards.KindSection, Key: "task"}
		in.Cards[other] = starcards.Schedule{}
		res, err := Pull(in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Report.Foreign != 1 || res.Report.Missing != 1 || res.Report.Cards != 2 {
			t.Fatalf("report %+v, want 2 ours, 1 foreign, 1 missing", res.Report)
		}
	})
}

func TestTimingDayStart(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	crt := time.Date(2026, 3, 1, 4, 0, 0, 0, ny).Unix()
	for _, tc := range []struct {
		name string
		t    Timing
		day  int64
		want time.Time
	}{
		{"OffsetAcrossDST", Timing{Crt: crt, HasOffset: true, CreationOffset: 300, Rollover: 4}, 14, time.Date(2026, 3, 15, 4, 0, 0, 0, ny)},
		{"OffsetRollover0", Timing{Crt: crt, HasOffset: true, CreationOffset: 300, Rollover: 0}, 1, time.Date(2026, 3, 2, 0, 0, 0, 0, ny)},
		{"NoOffset", Timing{Crt: crt, Rollover: 4}, 2, time.Unix(crt+2*86400, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.t.DayStart(tc.day, ny); !got.Equal(tc.want) {
				t.Fatalf("DayStart(%d) = %v, want %v", tc.day, got, tc.want)
			}
		})
	}
}
