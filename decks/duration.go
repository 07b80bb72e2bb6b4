package decks

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// MaxDuration is the longest time target or level time a story may give.
const MaxDuration = time.Hour

// ErrDuration is wrapped by [ParseDuration]'s errors.
var ErrDuration = errors.New("not a duration like 30s, 1m30s, 2m or 2 min")

// ParseDuration reads a section's time target or a level's time limit. It
// is the one duration parser of every story format: YAML `target: 2 min`,
// Markdown `## Action (2 min)` and a page's `⏱ Target: 2 min` agree.
//
// It accepts, in any case and with or without spaces:
//   - terms of a number and a unit, largest first: 30s, 1m30s, 2m, 1h,
//     "2 min", "1 min 30 s", "90 seconds", "1.5 minutes", "2m 30s";
//     units h, hr, hour(s), m, min(s), minute(s), s, sec(s), second(s);
//   - a bare number of seconds: 90;
//   - minutes and seconds with a colon: 1:30;
//   - a range, read as its upper bound: "2.5-3 minutes", "2 to 3 min".
//
// The result is rounded to the second and must be more than 0 and at most
// [MaxDuration]. Errors wrap [ErrDuration].
func ParseDuration(s string) (time.Duration, error) {
	d, ok := parseDuration(s)
	if !ok {
		return 0, fmt.Errorf("%q is %w", s, ErrDuration)
	}
	return d, nil
}

func parseDuration(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 64 {
		return 0, false
	}
	// A range: keep its upper bound, with the unit written after it.
	for _, sep := range []string{"–", "—", " to ", "-"} {
		if i := strings.LastIndex(s, sep); i > 0 {
			lo, hi := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
			if _, err := strconv.ParseFloat(lo, 64); err != nil || !isDecimal(lo) {
				if _, ok := parseDuration(lo); !ok {
					return 0, false
				}
			}
			s = hi
			break
		}
	}
	var total float64
	if m, sec, ok := strings.Cut(s, ":"); ok {
		mi, err1 := strconv.Atoi(m)
		si, err2 := strconv.Atoi(sec)
		if err1 != nil || err2 != nil || mi < 0 || si < 0 || si >= 60 || len(sec) != 2 {
			return 0, false
		}
		total = float64(mi*60 + si)
	} else if n, err := strconv.ParseFloat(s, 64); err == nil && isDecimal(s) {
		total = n
	} else {
		last := math.Inf(1) // units must come largest first
		for rest := s; rest != ""; {
			rest = strings.TrimLeft(rest, " ")
			i := strings.IndexFunc(rest, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
			if i <= 0 {
				return 0, false
			}
			num := rest[:i]
			if !isDecimal(num) {
				return 0, false
			}
			n, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, false
			}
			rest = strings.TrimLeft(rest[i:], " ")
			j := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
			if j < 0 {
				j = len(rest)
			}
			unit, ok := durationUnits[rest[:j]]
			if !ok || unit >= last {
				return 0, false
			}
			last = unit
			total += n * unit
			rest = strings.TrimLeft(rest[j:], " ,")
			rest = strings.TrimPrefix(rest, "and ")
		}
	}
	d := time.Duration(math.Round(total)) * time.Second
	if total > MaxDuration.Seconds() || d <= 0 || d > MaxDuration {
		return 0, false
	}
	return d, true
}

// isDecimal reports whether s is digits with at most one point inside.
func isDecimal(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Count(s, ".") > 1 {
		return false
	}
	return strings.Trim(s, "0123456789.") == ""
}

// durationUnits maps each unit spelling to its length in seconds.
var durationUnits = map[string]float64{
	"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
	"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
	"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}
