package accountrow

import (
	"math"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// The settings column reads back as written: caps (0 and the largest), other limits,
// the opening date and the assumed mark.
func TestSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	since := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := paceline.AccountSettings{Since: since, Assumed: true, Type: paceline.TypeSalesNavigator, TimeZone: "Europe/Paris",
		Hours: paceline.WorkingHours{Start: 8 * 60, End: 17 * 60}, Days: paceline.DefaultWorkingDays, MinGap: 2 * time.Minute, Safety: 0.85,
		Caps:   map[paceline.ActionKind]int{paceline.KindInvite: 0, paceline.KindVisit: math.MaxInt},
		Limits: map[string]int{paceline.LimitInMailMonthly: 20}, Opened: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC)}
	text, err := EncodeSettings(&s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeSettings(since, text)
	if err != nil {
		t.Fatal(err)
	}
	if !got.SamePacing(&s) || !got.Since.Equal(since) || !got.Assumed {
		t.Errorf("read back %+v from %s, want %+v", got, text, s)
	}
}

// An update writes nothing when the pacing stays; the new settings when it changes;
// and, for an account with no history, first the settings it had (assumed).
func TestSettingsChange(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := created.AddDate(0, 2, 0)
	old := &paceline.Account{Type: paceline.TypeFree, TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		Safety: 1, Caps: map[paceline.ActionKind]int{paceline.KindInvite: 95}, CreatedAt: created}
	stored := func() (*paceline.Account, error) { return old, nil }
	same := *old
	same.SenderName = "Olga"
	lower := *old
	lower.Caps = map[paceline.ActionKind]int{paceline.KindInvite: 60}
	latest := paceline.SettingsOf(old, created)

	for _, tt := range []struct {
		name   string
		latest *paceline.AccountSettings
		after  *paceline.Account
		want   []time.Time // Since of each entry written
	}{
		{"same pacing", &latest, &same, nil},
		{"lower cap", &latest, &lower, []time.Time{now}},
		{"no history, same pacing", nil, &same, nil},
		{"no history, lower cap", nil, &lower, []time.Time{created, now}},
	} {
		list, err := SettingsChange(tt.latest, stored, tt.after, now, time.Time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(tt.want) {
			t.Fatalf("%s: wrote %+v, want %d entries", tt.name, list, len(tt.want))
		}
		for i, since := range tt.want {
			if !list[i].Since.Equal(since) || list[i].Assumed != (len(list) == 2 && i == 0) {
				t.Errorf("%s: entry %d %+v, want since %v", tt.name, i, list[i], since)
			}
		}
		if n := len(list); n > 0 && list[n-1].Caps[paceline.KindInvite] != 60 {
			t.Errorf("%s: last entry %+v, want the cap of 60", tt.name, list[n-1])
		}
	}
}
