package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// storedOpened reads the account name's stored Opened instant from db.
func storedOpened(t *testing.T, db, name string) time.Time {
	t.Helper()
	acc, err := openTestStore(t, db).Account(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return acc.Opened
}

// TestAccountsAddCreatedAgreesWithLimitsPlan adds a New York and a Tokyo account
// opened on a Monday (16 Mar 2026) and plans the same account with limits plan: the stored --created
// is local midnight in the account's zone, as the plan reads it (it was UTC midnight,
// so the Pacer ended a New York account's warm-up weeks 5 hours before the plan said,
// and a Tokyo account's 9 hours after), and the Pacer built from the stored account
// grants the plan's slots, the first warm-up week ending at local midnight.
func TestAccountsAddCreatedAgreesWithLimitsPlan(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"America/New_York", "Asia/Tokyo"} {
		t.Run(zone, func(t *testing.T) {
			t.Parallel()
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), "p.db")
			// A week clear of New York's DST change (8 Mar): a warm-up week is 168 hours,
			// so one across it ends at 01:00 local.
			// Named "plan" as limits plan names its account: the jitter seed is the name.
			mustCLI(t, db, "accounts", "add", "--name", "plan", "--type", "free", "--time-zone", zone, "--created", "2026-03-16")
			want := time.Date(2026, 3, 16, 0, 0, 0, 0, loc)
			got := storedOpened(t, db, "plan")
			if !got.Equal(want) {
				t.Fatalf("stored Opened %v, want local midnight %v", got.UTC(), want.UTC())
			}
			planned, err := planOpened("2026-03-16", loc, want, true)
			if err != nil || !planned.Equal(got) {
				t.Fatalf("limits plan reads --created as %v (%v), the stored account has %v", planned.UTC(), err, got.UTC())
			}

			out := mustCLI(t, db, "limits", "plan", "--type", "free", "--time-zone", zone, "--start", "2026-03-16",
				"--created", "2026-03-16", "--count", "60", "--json")
			var plan struct {
				Slots []any `json:"slots"`
			}
			if err := json.Unmarshal([]byte(out), &plan); err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			acc, err := openTestStore(t, db).Account(context.Background(), "plan")
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := limits.ConfigFor(acc)
			if err != nil {
				t.Fatal(err)
			}
			p, err := limits.New(cfg, want)
			if err != nil {
				t.Fatal(err)
			}
			slots := p.Plan(want, []limits.Request{{Kind: paceline.KindInvite}}, 60)
			for i := range slots {
				slots[i].At = slots[i].At.UTC()
			}
			// Compared as JSON: a Reason is written as its name and not read back.
			b, err := json.Marshal(slots)
			if err != nil {
				t.Fatal(err)
			}
			var stored []any
			if err := json.Unmarshal(b, &stored); err != nil {
				t.Fatal(err)
			}
			if len(stored) != 60 || !reflect.DeepEqual(stored, plan.Slots) {
				t.Errorf("the stored account's Pacer grants\n%s\nlimits plan says\n%s", b, out)
			}
			if !strings.Contains(out, "until Mon 23 Mar 00:00 "+zone) {
				t.Errorf("the first warm-up week does not end at local midnight:\n%s", out)
			}
		})
	}
}

// TestAccountsUpdateCreatedIsReadInTheAccountsZone updates --created with and without
// --time-zone: the day is local midnight in the zone given in the same command, else in
// the stored zone, and a --time-zone alone leaves the stored instant as it was.
func TestAccountsUpdateCreatedIsReadInTheAccountsZone(t *testing.T) {
	t.Parallel()
	ny, _ := time.LoadLocation("America/New_York")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "a", "--type", "free")
	for _, step := range []struct {
		args []string
		want time.Time
	}{
		{[]string{"--time-zone", "America/New_York", "--created", "2026-03-02"}, time.Date(2026, 3, 2, 0, 0, 0, 0, ny)},
		{[]string{"--time-zone", "Asia/Tokyo"}, time.Date(2026, 3, 2, 0, 0, 0, 0, ny)},
		{[]string{"--created", "2026-04-06"}, time.Date(2026, 4, 6, 0, 0, 0, 0, tokyo)},
		{[]string{"--created", ""}, time.Time{}},
	} {
		mustCLI(t, db, append([]string{"accounts", "update", "a"}, step.args...)...)
		if got := storedOpened(t, db, "a"); !got.Equal(step.want) {
			t.Errorf("after accounts update %q: Opened %v, want %v", step.args, got.UTC(), step.want.UTC())
		}
	}
}

// TestParseOpenedIsADayInTheZone holds parseOpened to the account's calendar: the day
// that has begun in Tokyo is not in the future there, though it has not begun in UTC,
// and LinkedIn's launch day is accepted in any zone.
func TestParseOpenedIsADayInTheZone(t *testing.T) {
	t.Parallel()
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC) // 05:00 on the 28th in Tokyo
	for _, c := range []struct {
		day  string
		loc  *time.Location
		want time.Time
		err  string
	}{
		{"2026-11-28", tokyo, time.Date(2026, 11, 28, 0, 0, 0, 0, tokyo), ""},
		{"2026-11-28", time.UTC, time.Time{}, "is in the future"},
		{"2026-11-29", tokyo, time.Time{}, "is in the future"},
		{"2003-05-05", tokyo, time.Date(2003, 5, 5, 0, 0, 0, 0, tokyo), ""},
		{"2003-05-05", ny, time.Date(2003, 5, 5, 0, 0, 0, 0, ny), ""},
		{"2003-05-04", tokyo, time.Time{}, "before LinkedIn opened"},
		{" ", ny, time.Time{}, ""},
	} {
		got, err := parseOpened(c.day, c.loc, now)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parseOpened(%q, %s) error %v, want %q", c.day, c.loc, err, c.err)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("parseOpened(%q, %s) = %v, %v; want %v", c.day, c.loc, got, err, c.want)
		}
	}
}
