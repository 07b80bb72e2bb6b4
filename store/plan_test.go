package store

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
	bolt "go.etcd.io/bbolt"
)

func TestPlanRoundTrip(t *testing.T) {
	db := MustOpen(t)
	loc := time.FixedZone("UTC-5", -5*3600)
	if p, err := db.Plan(loc); err != nil || !p.IsZero() {
		t.Fatalf("fresh Plan = %+v, %v; want none", p, err)
	}
	want := starcards.Plan{
		Interview: time.Date(2026, 12, 11, 0, 0, 0, 0, loc), Start: time.Date(2026, 12, 1, 0, 0, 0, 0, loc),
		Minutes: 45, Level: "SDE2", Stories: []string{"a", "b"}, Focus: "b", CutoffDays: 2,
	}
	if err := db.SetPlan(want); err != nil {
		t.Fatal(err)
	}
	got, err := db.Plan(loc)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Plan = %+v, %v; want %+v", got, err, want)
	}
	if err := db.SetPlan(starcards.Plan{}); err != nil {
		t.Fatal(err)
	}
	if p, _ := db.Plan(loc); !p.IsZero() {
		t.Fatalf("Plan after clearing = %+v", p)
	}
}

// TestMigratePlan opens a collection one schema back whose settings hold
// an interview date: it becomes the study plan and leaves the settings.
// (TestMigrateFromV1 takes a date from schema 1 through every step.)
func TestMigratePlan(t *testing.T) {
	ny := time.FixedZone("UTC-5", -5*3600)
	for _, tt := range []struct {
		name string
		date time.Time
		want string // interview date, "" for no plan
	}{
		{"Date", time.Date(2026, 12, 15, 0, 0, 0, 0, ny), "2026-12-15"},
		{"NoDate", time.Time{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.db")
			db, err := Open(path, Options{}, t0)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			b, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = b.Update(func(tx *bolt.Tx) error {
				if err := tx.DeleteBucket(bucketPlan); err != nil {
					return err
				}
				if err := tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(migrationIndex(t, migratePlan))); err != nil {
					return err
				}
				d := toConfigDoc(starcards.DefaultConfig())
				d.NewPerDay, d.InterviewDate = 7, tt.date
				v, err := encodeConfigDoc(d)
				if err != nil {
					return err
				}
				return tx.Bucket(bucketConfig).Put(keySettings, v)
			})
			b.Close()
			if err != nil {
				t.Fatal(err)
			}
			db, err = Open(path, Options{}, t0)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			cfg, err := db.Config()
			if err != nil || cfg.NewPerDay != 7 {
				t.Fatalf("Config after migration = %+v, %v", cfg, err)
			}
			p, err := db.Plan(time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if got := civilDate(p.Interview); got != tt.want {
				t.Fatalf("plan interview = %q, want %q", got, tt.want)
			}
			if tt.want != "" && (p.Minutes != starcards.DefaultPlanMinutes || civilDate(p.Start) != "2026-11-02") {
				t.Fatalf("plan = %+v", p)
			}
			var raw []byte
			db.view(func(tx *bolt.Tx) error { raw = append(raw, tx.Bucket(bucketConfig).Get(keySettings)...); return nil })
			if len(raw) == 0 || strings.Contains(string(raw), "InterviewDate") {
				t.Fatalf("settings after migration: %s", raw)
			}
		})
	}
}

// migrationIndex returns the schema version that migration fn upgrades
// from: its place in the list.
func migrationIndex(t *testing.T, fn func(*bolt.Tx, time.Time) error) uint64 {
	t.Helper()
	for i, m := range migrations {
		if reflect.ValueOf(m).Pointer() == reflect.ValueOf(fn).Pointer() {
			return uint64(i)
		}
	}
	t.Fatal("migration not in the list")
	return 0
}
