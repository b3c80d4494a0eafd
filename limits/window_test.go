package limits

import (
	"testing"
	"time"
)

func TestReplayWindow(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	ago := now.Add(-History)
	tests := []struct {
		name          string
		created       time.Time
		origin, since time.Time
	}{
		{"unknown creation: History back", time.Time{}, ago, ago},
		{"created after now: History back", now.Add(time.Hour), ago, ago},
		{"created recently: from its creation, History read", now.Add(-10 * 24 * time.Hour), now.Add(-10 * 24 * time.Hour), ago},
		{"created long ago: all of its ledger", now.Add(-400 * 24 * time.Hour), now.Add(-400 * 24 * time.Hour), now.Add(-400 * 24 * time.Hour)},
		{"created exactly now", now, now, ago},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			origin, since := ReplayWindow(tt.created, now)
			if !origin.Equal(tt.origin) || !since.Equal(tt.since) {
				t.Errorf("ReplayWindow(%s) = %s, %s; want %s, %s", tt.created, origin, since, tt.origin, tt.since)
			}
		})
	}
}
