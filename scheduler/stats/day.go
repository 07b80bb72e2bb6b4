package stats

import (
	"time"

	"github.com/starcards/starcards"
)

// dateLayout is how a Report writes dates.
const dateLayout = "2006-01-02"

// civil returns the number of days from 1970-01-01 to the date y-m-d.
func civil(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// civilDate formats the day number k as YYYY-MM-DD.
func civilDate(k int) string {
	return time.Unix(int64(k)*86400, 0).UTC().Format(dateLayout)
}

// weekday returns k's day of the week, Monday = 0 … Sunday = 6.
func weekday(k int) int {
	// 1970-01-01 was a Thursday (3).
	return ((k+3)%7 + 7) % 7
}

// days maps times to study days. It remembers the last day it computed, so
// mapping a time-ordered log costs a comparison per entry and a calendar
// computation per day.
type days struct {
	loc        *time.Location
	hour       int
	start, end time.Time // the last day computed: [start, end)
	key        int
	ok         bool
}

// of returns the day number of the calendar date on which the study day
// containing t starts.
func (d *days) of(t time.Time) int {
	if d.ok && !t.Before(d.start) && t.Before(d.end) {
		return d.key
	}
	start := starcards.DayStart(t.In(d.loc), d.hour)
	d.start = start
	d.end = starcards.NextDayStart(start, d.hour)
	y, m, dd := start.Date()
	d.key = civil(y, m, dd)
	d.ok = true
	return d.key
}
