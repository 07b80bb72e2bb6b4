package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

// bucketPlan holds the study plan under keyPlan, a planRecord (JSON).
var (
	bucketPlan = []byte("plan")
	keyPlan    = []byte("plan")
)

// planRecord is how the study plan is kept, version 1, as sealed JSON
// (records.go). Dates are calendar dates (YYYY-MM-DD), with no zone: the
// program reads them in the user's.
type planRecord struct {
	V          int      `json:"v"`
	Interview  string   `json:"interview"`
	Start      string   `json:"start,omitempty"`
	Minutes    int      `json:"minutes"`
	Level      string   `json:"level,omitempty"`
	Stories    []string `json:"stories,omitempty"`
	Focus      string   `json:"focus,omitempty"`
	CutoffDays int      `json:"cutoff_days,omitempty"`
}

func civilDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func parseCivil(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(time.DateOnly, s, loc)
}

// Plan returns the study plan, with its dates at midnight in loc; the zero
// Plan if none is set.
func (db *DB) Plan(loc *time.Location) (starcards.Plan, error) {
	var p starcards.Plan
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPlan)
		if b == nil {
			return nil
		}
		v := b.Get(keyPlan)
		if v == nil {
			return nil
		}
		raw, err := unseal(v)
		if err != nil {
			return fmt.Errorf("study plan: %w", err)
		}
		var rec planRecord
		if err := json.Unmarshal(raw, &rec); err != nil || rec.V != 1 {
			return fmt.Errorf("%w: study plan", ErrCorrupt)
		}
		iv, err1 := parseCivil(rec.Interview, loc)
		st, err2 := parseCivil(rec.Start, loc)
		if err1 != nil || err2 != nil || iv.IsZero() {
			return fmt.Errorf("%w: study plan dates", ErrCorrupt)
		}
		p = starcards.Plan{
			Interview: iv, Start: st, Minutes: rec.Minutes, Level: rec.Level,
			Stories: rec.Stories, Focus: rec.Focus, CutoffDays: rec.CutoffDays,
		}
		return nil
	})
	return p, err
}

// SetPlan stores the study plan p, replacing any; the zero Plan clears it.
// Only the calendar dates of p's times are kept.
func (db *DB) SetPlan(p starcards.Plan) error {
	return db.update(func(tx *bolt.Tx) error { return putPlan(tx, p) })
}

func putPlan(tx *bolt.Tx, p starcards.Plan) error {
	b, err := tx.CreateBucketIfNotExists(bucketPlan)
	if err != nil {
		return err
	}
	if p.IsZero() {
		return b.Delete(keyPlan)
	}
	v, err := json.Marshal(planRecord{
		V: 1, Interview: civilDate(p.Interview), Start: civilDate(p.Start),
		Minutes: p.Minutes, Level: p.Level, Stories: p.Stories, Focus: p.Focus, CutoffDays: p.CutoffDays,
	})
	if err != nil {
		return err
	}
	return b.Put(keyPlan, seal(v))
}

// SetPlanSchedules stores the study plan p (the zero Plan clears it) and
// the schedules of the cards it moves, in one transaction, keeping the
// queue indexes in step. An unknown card is ErrNotFound and nothing is
// written.
func (db *DB) SetPlanSchedules(p starcards.Plan, s map[starcards.CardID]starcards.Schedule) error {
	return db.update(func(tx *bolt.Tx) error {
		if err := putPlan(tx, p); err != nil {
			return err
		}
		for id, sc := range s {
			key, old, err := getSched(tx, id.String())
			if err != nil {
				return err
			}
			r := old
			r.sched = sc
			if err := updateSched(tx, key, old, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// migratePlan moves the interview date out of the settings into a study
// plan (with the default budget, starting on the day of the migration),
// and creates the plan bucket.
func migratePlan(tx *bolt.Tx, now time.Time) error {
	if _, err := tx.CreateBucketIfNotExists(bucketPlan); err != nil {
		return err
	}
	cb := tx.Bucket(bucketConfig)
	if cb == nil {
		return nil
	}
	v := cb.Get(keySettings)
	if v == nil {
		return nil
	}
	p, err := unseal(v)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	var rec configRecord
	if err := json.Unmarshal(p, &rec); err != nil || rec.V != configRecordV2 {
		return fmt.Errorf("%w: bad settings record", ErrCorrupt)
	}
	iv := rec.Config.InterviewDate
	if iv.IsZero() {
		return nil
	}
	rec.Config.InterviewDate = time.Time{}
	out, err := encodeConfigDoc(rec.Config)
	if err != nil {
		return err
	}
	if err := cb.Put(keySettings, out); err != nil {
		return err
	}
	// The date was stored as midnight in the user's zone: its calendar
	// date in the zone it carries is the one the user typed.
	plan := starcards.Plan{Interview: iv, Start: now.In(iv.Location()), Minutes: starcards.DefaultPlanMinutes}
	if plan.Start.After(plan.Interview) {
		plan.Start = plan.Interview
	}
	return putPlan(tx, plan)
}
