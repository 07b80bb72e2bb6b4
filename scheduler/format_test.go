package scheduler

import (
	"testing"
	"time"
)

func TestFormatInterval(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-time.Hour, "<1m"},
		{0, "<1m"},
		{59 * time.Second, "<1m"},
		{time.Minute, "1m"},
		{90 * time.Second, "2m"},
		{10 * time.Minute, "10m"},
		{59*time.Minute + 29*time.Second, "59m"},
		{59*time.Minute + 50*time.Second, "1h"},
		{time.Hour, "1h"},
		{5*time.Hour + 40*time.Minute, "6h"},
		{23*time.Hour + 40*time.Minute, "1d"},
		{day, "1d"},
		{3 * day, "3d"},
		{16 * day, "16d"},
		{30 * day, "30d"},
		{31 * day, "1mo"},
		{36 * day, "1.2mo"},
		{100 * day, "3.3mo"},
		{11 * 31 * day, "11.2mo"},
		{364 * day, "1y"},
		{365 * day, "1y"},
		{767 * day, "2.1y"},
		{36500 * day, "100y"},
	}
	for _, tt := range tests {
		if got := FormatInterval(tt.d); got != tt.want {
			t.Errorf("FormatInterval(%v)=%q, want %q", tt.d, got, tt.want)
		}
	}
}
