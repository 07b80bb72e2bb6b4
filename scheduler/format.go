package scheduler

import (
	"math"
	"strconv"
	"time"
)

// FormatInterval returns d as Anki labels its answer buttons: "<1m" under a
// minute, then whole minutes ("10m"), hours ("1h") and days ("16d"), then
// months of 365/12 days and years of 365 days with one decimal ("1.2mo",
// "2.1y", "1y"). A value that rounds up to the next unit is shown in it
// (59m50s is "1h", not "60m").
func FormatInterval(d time.Duration) string {
	const (
		month = 365 * day / 12
		year  = 365 * day
	)
	switch {
	case d < time.Minute:
		return "<1m"
	case d < time.Hour-30*time.Second:
		return whole(d, time.Minute) + "m"
	case d < day-30*time.Minute:
		return whole(d, time.Hour) + "h"
	case d < month:
		return whole(d, day) + "d"
	case d < month*1195/100: // under 11.95 months
		return tenths(d, month) + "mo"
	}
	return tenths(d, year) + "y"
}

func whole(d, unit time.Duration) string {
	return strconv.FormatInt(int64((d+unit/2)/unit), 10)
}

func tenths(d, unit time.Duration) string {
	return strconv.FormatFloat(math.Round(10*float64(d)/float64(unit))/10, 'f', -1, 64)
}
