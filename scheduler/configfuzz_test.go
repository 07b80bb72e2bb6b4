package scheduler

import (
	"reflect"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

// FuzzConfigValue sets any value on any key: SetConfig either refuses it or
// leaves a config that passes Validate, and the value GetConfig then prints
// sets the same config again (what config shows is what it takes).
func FuzzConfigValue(f *testing.F) {
	for _, k := range ConfigKeys {
		f.Add(k.Name, k.Default)
	}
	for _, s := range [][2]string{
		{"desired-retention", "0.7"},
		{"desired-retention", "NaN"},
		{"maximum-interval", "36500d"},
		{"day-start", "23:00"},
		{"day-start", "4:0"},
		{"weights", "1,2,3"},
		{"interview-date", "2026-02-30"},
		{"fuzz", "OFF"},
		{"backups", "1000"},
		{"new-per-day", "-1"},
		{"bogus", "1"},
	} {
		f.Add(s[0], s[1])
	}
	loc := time.FixedZone("test", -5*3600)
	f.Fuzz(func(t *testing.T, key, value string) {
		cfg := starcards.DefaultConfig()
		before := cfg
		if err := SetConfig(&cfg, key, value, loc); err != nil {
			if !reflect.DeepEqual(cfg, before) {
				t.Fatalf("refused %s=%q but changed the config", key, value)
			}
			return
		}
		if err := Validate(cfg); err != nil {
			t.Fatalf("%s=%q accepted, then Validate: %v", key, value, err)
		}
		shown, err := GetConfig(cfg, key, loc)
		if err != nil {
			t.Fatalf("GetConfig(%s): %v", key, err)
		}
		again := starcards.DefaultConfig()
		if err := SetConfig(&again, key, shown, loc); err != nil {
			t.Fatalf("%s: the shown value %q is refused: %v", key, shown, err)
		}
		if !reflect.DeepEqual(again, cfg) {
			t.Fatalf("%s=%q shows as %q, which sets %+v, not %+v", key, value, shown, again, cfg)
		}
	})
}
