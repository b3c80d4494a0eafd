package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestLightTouchWarnings(t *testing.T) {
	t.Parallel()
	free := func(change func(a *paceline.Account)) *paceline.Account {
		a := &paceline.Account{Name: "a", Type: paceline.TypeFree, Hours: paceline.DefaultWorkingHours,
			Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 1,
			Caps: map[paceline.ActionKind]int{}, Limits: map[string]int{}}
		change(a)
		return a
	}
	tests := []struct {
		name string
		acc  *paceline.Account
		want []string // one substring per warning, in order; none for no warning
	}{
		{"no light-touch cap", free(func(a *paceline.Account) { a.Caps[paceline.KindInvite] = 100 }), nil},
		{"within the preset's pace", free(func(a *paceline.Account) { a.Caps[paceline.KindVisit] = 300 }), nil},
		{"lowered", free(func(a *paceline.Account) { a.Caps[paceline.KindFollow] = 0 }), nil},
		// 60 visits a working day, 300 a week: 5000 is out of the gap's reach (9 h / 90 s
		// = 360 a day, 1800 a week).
		{"beyond the gap", free(func(a *paceline.Account) { a.Caps[paceline.KindVisit] = 5000 }),
			[]string{"visit=5000 is more than the 1m30s gap allows in working hours (1800 a week"}},
		{"withdrawals", free(func(a *paceline.Account) { a.Caps[paceline.KindWithdraw] = 5000 }),
			[]string{"withdraw=5000 is more than the 1m30s gap allows"}},
		// Reachable, but more than three times the preset's 25 a day (125 a week).
		{"far above the preset", free(func(a *paceline.Account) { a.Caps[paceline.KindLikePost] = 400 }),
			[]string{"like_post=400 is far above the free preset's pace (125 a week); --cap like_post=preset"}},
		// 9 h / 10 min = 54 a day, 270 a week: 200 endorsements are within reach and
		// under three times the preset's 75 a week; 300 are out of reach.
		{"a longer gap, within reach", free(func(a *paceline.Account) {
			a.Caps[paceline.KindEndorse] = 200
			a.MinGap = 10 * time.Minute
		}), nil},
		{"a longer gap reaches less", free(func(a *paceline.Account) {
			a.Caps[paceline.KindEndorse] = 300
			a.MinGap = 10 * time.Minute
		}), []string{"endorse=300 is more than the 10m0s gap allows in working hours (270 a week"}},
		{"a daily cap", free(func(a *paceline.Account) { a.Limits["daily_visit"] = 500 }),
			[]string{"daily_visit=500 is more than the 1m30s gap allows in working hours (360 a day"}},
		{"a mailbox has none", &paceline.Account{Type: paceline.TypeEmail, Caps: map[paceline.ActionKind]int{paceline.KindVisit: 0}}, nil},
	}
	for _, tt := range tests {
		got := lightTouchWarnings(tt.acc)
		if len(got) != len(tt.want) {
			t.Errorf("%s: warnings %q, want %d", tt.name, got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: warning %q lacks %q", tt.name, got[i], w)
			}
		}
	}
}

// TestAccountsWarnAboutLightTouchCaps: accounts add and update keep a light-touch cap
// far above the preset, and say so on stderr.
func TestAccountsWarnAboutLightTouchCaps(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	code, out, errOut := cli(t, db, "accounts", "add", "--name", "ann", "--type", "free", "--cap", "visit=5000")
	if code != exitOK || !strings.Contains(out, "Created account ann") {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "Warning: visit=5000 is more than the 1m30s gap allows") || strings.Contains(out, "Warning") {
		t.Errorf("add: stderr %q, stdout %q; want the warning on stderr only", errOut, out)
	}
	code, _, errOut = cli(t, db, "accounts", "update", "ann", "--cap", "visit=preset", "--cap", "follow=1000")
	if code != exitOK || !strings.Contains(errOut, "Warning: follow=1000") || strings.Contains(errOut, "visit=") {
		t.Errorf("update: exit %d, stderr %q; want a warning about follow=1000 only", code, errOut)
	}
	code, _, errOut = cli(t, db, "accounts", "update", "ann", "--cap", "follow=preset")
	if code != exitOK || errOut != "" {
		t.Errorf("update back to the preset: exit %d, stderr %q; want no warning", code, errOut)
	}
	code, _, errOut = cli(t, db, "accounts", "add", "--name", "bob", "--type", "free")
	if code != exitOK || errOut != "" {
		t.Errorf("add with the preset: exit %d, stderr %q; want no warning", code, errOut)
	}
}
