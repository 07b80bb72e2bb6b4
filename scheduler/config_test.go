package scheduler

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starcards/starcards"
)

func TestSetConfig(t *testing.T) {
	loc := time.FixedZone("UTC+2", 2*3600)
	tests := []struct {
		key, value string
		want       string // GetConfig afterwards, or the error
		wantErr    error
	}{
		{"desired-retention", "0.85", "0.85", nil},
		{"desired-retention", " 0.7 ", "0.7", nil},
		{"desired-retention", "0.99", "0.99", nil},
		{"desired-retention", "1.5", "desired-retention must be between 0.70 and 0.99, got 1.5", ErrInvalidConfig},
		{"desired-retention", "0.69", "desired-retention must be between 0.70 and 0.99, got 0.69", ErrInvalidConfig},
		{"desired-retention", "high", `desired-retention must be a number between 0.70 and 0.99, got "high"`, ErrInvalidConfig},
		{"maximum-interval", "180", "180", nil},
		{"maximum-interval", "365d", "365", nil},
		{"maximum-interval", "0", "maximum-interval must be between 1 and 36500 days, got 0", ErrInvalidConfig},
		{"maximum-interval", "1y", `maximum-interval must be a number of days like 365 or 365d, got "1y"`, ErrInvalidConfig},
		{"fuzz", "off", "off", nil},
		{"fuzz", "false", "off", nil},
		{"fuzz", "ON", "on", nil},
		{"fuzz", "true", "on", nil},
		{"fuzz", "maybe", `fuzz must be on or off, got "maybe"`, ErrInvalidConfig},
		{"new-per-day", "0", "0", nil},
		{"new-per-day", "-1", "new-per-day must be 0 or more, got -1", ErrInvalidConfig},
		{"new-per-day", "ten", `new-per-day must be a whole number, got "ten"`, ErrInvalidConfig},
		{"reviews-per-day", "500", "500", nil},
		{"reviews-per-day", "-3", "reviews-per-day must be 0 or more, got -3", ErrInvalidConfig},
		{"day-start", "4", "04:00", nil},
		{"day-start", "04:00", "04:00", nil},
		{"day-start", "0", "00:00", nil},
		{"day-start", "23:00", "23:00", nil},
		{"day-start", "24", "day-start must be an hour between 0 and 23, got 24", ErrInvalidConfig},
		{"day-start", "04:30", `day-start must be a whole hour like 04:00, got "04:30"`, ErrInvalidConfig},
		{"day-start", "4am", `day-start must be an hour like 4 or 04:00, got "4am"`, ErrInvalidConfig},
		{"day-start", "4:0", `day-start must be an hour like 4 or 04:00, got "4:0"`, ErrInvalidConfig},
		{"leech-threshold", "5", "5", nil},
		{"leech-threshold", "0", "leech-threshold must be 1 or more, got 0", ErrInvalidConfig},
		{"weights", "default", "default", nil},
		{"weights", strings.Repeat("1, ", 18) + "1", "", ErrInvalidConfig}, // w4..: fine, w16=1 ok, w7=1 too high
		{
			"weights", "0.40255,1.18385,3.173,15.69105,7.1949,0.5345,1.4604,0.0046,1.54575,0.1192,1.01925,1.9395,0.11,0.29605,2.2698,0.2315,2.9898,0.51655,0.6621",
			"0.40255,1.18385,3.173,15.69105,7.1949,0.5345,1.4604,0.0046,1.54575,0.1192,1.01925,1.9395,0.11,0.29605,2.2698,0.2315,2.9898,0.51655,0.6621", nil,
		},
		{"weights", "1,2,3", "weights must be 19 numbers, got 3", ErrInvalidConfig},
		{"weights", "0.4 1.2 3.2 15.7 7.2 0.5 1.5 0.005 1.5 0.1 1 1.9 0.1 0.3 2.3 0.2 3 0.5 9", "weights: w18 must be between 0 and 2, got 9", ErrInvalidConfig},
		{"weights", "0.4,1.2,x,15.7", `weights: w2 is not a number: "x"`, ErrInvalidConfig},
		{"weights", "0.4,1.2,3.2,NaN,7.2,0.5,1.5,0.005,1.5,0.1,1,1.9,0.1,0.3,2.3,0.2,3,0.5,0.6", "weights: w3 must be a finite number, got NaN", ErrInvalidConfig},
		{"interview-date", "2025-06-20", "interview-date is part of the study plan now: starcards plan set --interview YYYY-MM-DD", ErrInvalidConfig},
		{"desired-retension", "0.9", `unknown config key "desired-retension" (did you mean "desired-retention"?); valid keys: desired-retention, maximum-interval, fuzz, new-per-day, reviews-per-day, day-start, leech-threshold, weights, backups, level, principles`, ErrUnknownKey},
		{"retention", "0.9", `unknown config key "retention" (did you mean "desired-retention"?); valid keys: desired-retention, maximum-interval, fuzz, new-per-day, reviews-per-day, day-start, leech-threshold, weights, backups, level, principles`, ErrUnknownKey},
		{"new_per_day", "5", `unknown config key "new_per_day" (did you mean "new-per-day"?); valid keys: desired-retention, maximum-interval, fuzz, new-per-day, reviews-per-day, day-start, leech-threshold, weights, backups, level, principles`, ErrUnknownKey},
		{"colour", "red", `unknown config key "colour"; valid keys: desired-retention, maximum-interval, fuzz, new-per-day, reviews-per-day, day-start, leech-threshold, weights, backups, level, principles`, ErrUnknownKey},
		{"level", "Senior  SDE", "Senior SDE", nil},
		{"level", "none", "none", nil},
		{"level", "SDE\x1b2", `level must be a level name like SDE2 or Senior (at most 40 characters), got "SDE\x1b2"`, ErrInvalidConfig},
		{"principles", "none", "none", nil},
		{"principles", "AMAZON", "amazon", nil},
		{"principles", " Teamwork ,  Craft,", "Teamwork, Craft", nil},
		{"principles", " , ", `principles must be amazon, none or names separated by commas, got " , "`, ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			cfg := starcards.DefaultConfig()
			before := cfg
			err := SetConfig(&cfg, tt.key, tt.value, loc)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				if tt.want != "" && err.Error() != tt.want {
					t.Errorf("error\n %q, want\n %q", err, tt.want)
				}
				if cfg.DesiredRetention != before.DesiredRetention || cfg.Weights != nil || cfg.DayStartHour != before.DayStartHour {
					t.Errorf("cfg changed on error: %+v", cfg)
				}
				return
			}
			if err != nil {
				t.Fatalf("SetConfig: %v", err)
			}
			got, err := GetConfig(cfg, tt.key, loc)
			if err != nil || got != tt.want {
				t.Errorf("GetConfig=%q, %v, want %q", got, err, tt.want)
			}
			if err := Validate(cfg); err != nil {
				t.Errorf("Validate after SetConfig: %v", err)
			}
		})
	}
}

func TestConfigKeys(t *testing.T) {
	def := starcards.DefaultConfig()
	seen := map[string]bool{}
	for _, k := range ConfigKeys {
		if seen[k.Name] {
			t.Errorf("key %s listed twice", k.Name)
		}
		seen[k.Name] = true
		got, err := GetConfig(def, k.Name, nil)
		if err != nil || got != k.Default {
			t.Errorf("%s: GetConfig(DefaultConfig())=%q, %v, want Default %q", k.Name, got, err, k.Default)
		}
		if k.Description == "" || strings.Contains(k.Description, "\n") {
			t.Errorf("%s: Description %q, want one line", k.Name, k.Description)
		}
		// Every default round-trips through SetConfig.
		cfg := def
		if err := SetConfig(&cfg, k.Name, k.Default, nil); err != nil {
			t.Errorf("%s: SetConfig(%q): %v", k.Name, k.Default, err)
		}
	}
	if _, err := GetConfig(def, "nope", nil); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("GetConfig(nope): %v, want ErrUnknownKey", err)
	}
}
