package scheduler

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"github.com/starcards/starcards"
)

// ConfigKey describes one setting of a [starcards.Config] as the config
// command shows it.
type ConfigKey struct {
	Name        string // the key, as SetConfig and GetConfig take it
	Default     string // the default value, as GetConfig prints it
	Description string // one line
}

// ConfigKeys lists every setting, in the order the config command shows them.
var ConfigKeys = []ConfigKey{
	{"desired-retention", "0.9", "probability of recall FSRS aims for at each review (0.70-0.99)"},
	{"maximum-interval", "365", "longest interval, in days (1-36500)"},
	{"fuzz", "on", "spread intervals a little so cards learnt together come back apart (on/off)"},
	{"new-per-day", "20", "new cards introduced per study day"},
	{"reviews-per-day", "200", "review cards shown per study day"},
	{"day-start", "04:00", "local hour a new study day starts"},
	{"leech-threshold", "8", "lapses that make a card a leech (tagged and suspended)"},
	{"weights", "default", "19 FSRS-5 weights, comma-separated, or default"},
	{"backups", "10", "automatic backups of the collection kept (1-1000)"},
	{"level", "none", "seniority level you interview at (SDE1, SDE2, Senior…) or none for each story's role; picks the level cards"},
	{"principles", "amazon", "competencies stories are tagged with: amazon (the 16 Leadership Principles), none, or names separated by commas"},
}

// The sane ranges of the 19 FSRS-5 weights, as fsrs-rs's parameter clipper
// (and ts-fsrs's clipParameters) enforce them.
var weightRanges = [19][2]float64{
	{0.001, 100}, {0.001, 100}, {0.001, 100}, {0.001, 100}, // initial stabilities
	{1, 10}, {0.001, 4}, {0.001, 4}, {0.001, 0.75}, // difficulty
	{0, 4.5}, {0, 0.8}, {0.001, 3.5}, // recall stability
	{0.001, 5}, {0.001, 0.25}, {0.001, 0.9}, {0, 4}, // forget stability
	{0, 1}, {1, 6}, // hard penalty, easy bonus
	{0, 2}, {0, 2}, // short-term stability
}

// Validate checks every setting of cfg and returns a [*ConfigError]
// (matching [ErrInvalidConfig]) for the first bad one, in [ConfigKeys] order:
//
//   - DesiredRetention in [0.70, 0.99];
//   - MaximumInterval in [1, 36500] days;
//   - NewPerDay and ReviewsPerDay at least 0;
//   - DayStartHour in [0, 23];
//   - LeechThreshold at least 1;
//   - BackupsKept in [1, 1000];
//   - Weights nil (the defaults) or exactly 19 finite numbers, each within
//     the range fsrs-rs clips it to (say w17 in [0, 2]).
func Validate(cfg starcards.Config) error {
	checks := []error{
		checkRetention(cfg.DesiredRetention),
		checkMaxInterval(cfg.MaximumInterval),
		checkMin("new-per-day", cfg.NewPerDay, 0),
		checkMin("reviews-per-day", cfg.ReviewsPerDay, 0),
		checkDayStart(cfg.DayStartHour),
		checkMin("leech-threshold", cfg.LeechThreshold, 1),
		checkWeights(cfg.Weights),
		checkBackups(cfg.BackupsKept),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func configErrorf(key, format string, args ...any) error {
	return &ConfigError{Key: key, Msg: key + " " + fmt.Sprintf(format, args...)}
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func checkRetention(r float64) error {
	if !(r >= 0.70 && r <= 0.99) {
		return configErrorf("desired-retention", "must be between 0.70 and 0.99, got %s", fmtFloat(r))
	}
	return nil
}

func checkMaxInterval(d int) error {
	if d < 1 || d > MaxMaximumInterval {
		return configErrorf("maximum-interval", "must be between 1 and %d days, got %d", MaxMaximumInterval, d)
	}
	return nil
}

func checkMin(key string, n, lo int) error {
	if n < lo {
		return configErrorf(key, "must be %d or more, got %d", lo, n)
	}
	return nil
}

func checkBackups(n int) error {
	if n < 1 || n > 1000 {
		return configErrorf("backups", "must be between 1 and 1000, got %d", n)
	}
	return nil
}

func checkDayStart(h int) error {
	if h < 0 || h > 23 {
		return configErrorf("day-start", "must be an hour between 0 and 23, got %d", h)
	}
	return nil
}

func checkWeights(w []float64) error {
	if w == nil {
		return nil
	}
	if len(w) != len(weightRanges) {
		return configErrorf("weights", "must be %d numbers, got %d", len(weightRanges), len(w))
	}
	for i, x := range w {
		lo, hi := weightRanges[i][0], weightRanges[i][1]
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			return &ConfigError{Key: "weights", Msg: fmt.Sprintf("weights: w%d must be a finite number, got %s", i, fmtFloat(x))}
		case x < lo || x > hi:
			return &ConfigError{Key: "weights", Msg: fmt.Sprintf("weights: w%d must be between %s and %s, got %s", i, fmtFloat(lo), fmtFloat(hi), fmtFloat(x))}
		}
	}
	return nil
}

// SetConfig parses value and stores it in the setting key of cfg, after
// checking it as [Validate] does; cfg is left unchanged on error. Values:
//
//   - desired-retention: a number such as 0.9;
//   - maximum-interval: days, "365" or "365d";
//   - fuzz: on, off, true or false;
//   - new-per-day, reviews-per-day, leech-threshold, backups: whole numbers;
//   - day-start: an hour, "4" or "04:00";
//   - weights: 19 numbers separated by commas (or spaces), or "default";
//
// The interview date is no setting any more but a plan's
// (`starcards plan set`): the key interview-date gives an error saying so.
//
// It returns a [*ConfigError] (matching [ErrInvalidConfig]) for a bad value
// and an error wrapping [ErrUnknownKey] for an unknown key.
func SetConfig(cfg *starcards.Config, key, value string, loc *time.Location) error {
	v := strings.TrimSpace(value)
	switch key {
	case "desired-retention":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return configErrorf(key, "must be a number between 0.70 and 0.99, got %q", value)
		}
		if err := checkRetention(f); err != nil {
			return err
		}
		cfg.DesiredRetention = f
	case "maximum-interval":
		n, err := strconv.Atoi(strings.TrimSuffix(v, "d"))
		if err != nil {
			return configErrorf(key, "must be a number of days like 365 or 365d, got %q", value)
		}
		if err := checkMaxInterval(n); err != nil {
			return err
		}
		cfg.MaximumInterval = n
	case "fuzz":
		switch strings.ToLower(v) {
		case "on", "true":
			cfg.Fuzz = true
		case "off", "false":
			cfg.Fuzz = false
		default:
			return configErrorf(key, "must be on or off, got %q", value)
		}
	case "backups":
		n, err := strconv.Atoi(v)
		if err != nil {
			return configErrorf(key, "must be a whole number, got %q", value)
		}
		if err := checkBackups(n); err != nil {
			return err
		}
		cfg.BackupsKept = n
	case "new-per-day", "reviews-per-day", "leech-threshold":
		n, err := strconv.Atoi(v)
		if err != nil {
			return configErrorf(key, "must be a whole number, got %q", value)
		}
		lo, dst := 0, &cfg.NewPerDay
		switch key {
		case "reviews-per-day":
			dst = &cfg.ReviewsPerDay
		case "leech-threshold":
			lo, dst = 1, &cfg.LeechThreshold
		}
		if err := checkMin(key, n, lo); err != nil {
			return err
		}
		*dst = n
	case "day-start":
		h, m, hasMin := strings.Cut(v, ":")
		hour, err := strconv.Atoi(h)
		if err != nil || (hasMin && (len(m) != 2 || m[0] < '0' || m[0] > '9' || m[1] < '0' || m[1] > '9')) {
			return configErrorf(key, "must be an hour like 4 or 04:00, got %q", value)
		}
		if hasMin && m != "00" {
			return configErrorf(key, "must be a whole hour like 04:00, got %q", value)
		}
		if err := checkDayStart(hour); err != nil {
			return err
		}
		cfg.DayStartHour = hour
	case "weights":
		if strings.EqualFold(v, "default") {
			cfg.Weights = nil
			return nil
		}
		fields := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		w := make([]float64, len(fields))
		for i, f := range fields {
			x, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return &ConfigError{Key: key, Msg: fmt.Sprintf("weights: w%d is not a number: %q", i, f)}
			}
			w[i] = x
		}
		if err := checkWeights(w); err != nil {
			return err
		}
		cfg.Weights = w
	case "interview-date":
		return errMovedToPlan
	case "level":
		v = strings.Join(strings.Fields(v), " ")
		if v == "" || strings.EqualFold(v, "none") {
			cfg.Level = ""
			return nil
		}
		if len(v) > 40 || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return configErrorf(key, "must be a level name like SDE2 or Senior (at most 40 characters), got %q", value)
		}
		cfg.Level = v
	case "principles":
		switch {
		case v == "" || strings.EqualFold(v, "amazon"):
			cfg.Principles = ""
		case strings.EqualFold(v, "none"):
			cfg.Principles = "none"
		default:
			var names []string
			for _, n := range strings.Split(v, ",") {
				if n = strings.Join(strings.Fields(n), " "); n != "" {
					names = append(names, n)
				}
			}
			if len(names) == 0 {
				return configErrorf(key, "must be amazon, none or names separated by commas, got %q", value)
			}
			cfg.Principles = strings.Join(names, ", ")
		}
	default:
		return unknownKey(key)
	}
	return nil
}

// GetConfig returns the setting key of cfg as SetConfig accepts it and the
// config command prints it: "0.9", "365", "on", "04:00" or "default". loc
// is kept for settings that are times of day; none is now. It returns
// an error wrapping [ErrUnknownKey] for an unknown key.
func GetConfig(cfg starcards.Config, key string, loc *time.Location) (string, error) {
	switch key {
	case "desired-retention":
		return fmtFloat(cfg.DesiredRetention), nil
	case "maximum-interval":
		return strconv.Itoa(cfg.MaximumInterval), nil
	case "fuzz":
		if cfg.Fuzz {
			return "on", nil
		}
		return "off", nil
	case "new-per-day":
		return strconv.Itoa(cfg.NewPerDay), nil
	case "reviews-per-day":
		return strconv.Itoa(cfg.ReviewsPerDay), nil
	case "day-start":
		return fmt.Sprintf("%02d:00", cfg.DayStartHour), nil
	case "leech-threshold":
		return strconv.Itoa(cfg.LeechThreshold), nil
	case "backups":
		return strconv.Itoa(cfg.BackupsKept), nil
	case "weights":
		if cfg.Weights == nil {
			return "default", nil
		}
		s := make([]string, len(cfg.Weights))
		for i, w := range cfg.Weights {
			s[i] = fmtFloat(w)
		}
		return strings.Join(s, ","), nil
	case "interview-date":
		return "", errMovedToPlan
	case "level":
		if cfg.Level == "" {
			return "none", nil
		}
		return cfg.Level, nil
	case "principles":
		if cfg.Principles == "" {
			return "amazon", nil
		}
		return cfg.Principles, nil
	}
	return "", unknownKey(key)
}

// DefaultWeights returns go-fsrs v3.3.1's FSRS-5 default weights, the ones a
// nil Config.Weights stands for.
func DefaultWeights() []float64 {
	w := fsrs.DefaultWeights()
	return w[:]
}

// errMovedToPlan answers the interview-date key of earlier versions.
var errMovedToPlan = &ConfigError{Key: "interview-date", Msg: "interview-date is part of the study plan now: starcards plan set --interview YYYY-MM-DD"}

func unknownKey(key string) error {
	names := make([]string, len(ConfigKeys))
	for i, k := range ConfigKeys {
		names[i] = k.Name
	}
	valid := strings.Join(names, ", ")
	if guess := starcards.Suggest(key, names); guess != "" {
		return fmt.Errorf("%w %q (did you mean %q?); valid keys: %s", ErrUnknownKey, key, guess, valid)
	}
	return fmt.Errorf("%w %q; valid keys: %s", ErrUnknownKey, key, valid)
}
