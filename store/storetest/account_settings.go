package storetest

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// historyOf reads an account's settings history from a store that keeps one.
func historyOf(t *testing.T, s any, name string) []paceline.AccountSettings {
	t.Helper()
	hs, ok := s.(paceline.AccountHistoryStore)
	if !ok {
		t.Fatalf("%T keeps no history of account settings (paceline.AccountHistoryStore)", s)
	}
	h, err := hs.AccountSettingsHistory(context.Background(), name)
	if err != nil {
		t.Fatalf("settings history of %s: %v", name, err)
	}
	return h
}

// wantSettings fails t unless got paces as want does from since, Assumed as told.
func wantSettings(t *testing.T, what string, got paceline.AccountSettings, want *paceline.Account, since time.Time, assumed bool) {
	t.Helper()
	w := paceline.SettingsOf(want, since)
	w.Opened = w.Opened.Truncate(Precision)
	if !got.SamePacing(&w) || at(got.Since) != at(since) || got.Assumed != assumed {
		t.Errorf("%s: got %+v\nwant %+v (assumed %v)", what, got, w, assumed)
	}
}

// A store writes an account's settings with its creation and again with each update
// that changes how it paces, in force from the store's clock; an update of anything
// else (its sender name, its state) writes none, and a rename keeps the history.
func testAccountSettingsHistory(t *testing.T, s Store) {
	ctx := context.Background()
	created := Clock.Add(-48 * time.Hour)
	a := fullAccount("carol")
	a.CreatedAt = created
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	first := *a
	first.Caps, first.Limits = map[paceline.ActionKind]int{}, map[string]int{}
	for k, n := range a.Caps {
		first.Caps[k] = n
	}
	for k, n := range a.Limits {
		first.Limits[k] = n
	}
	h := historyOf(t, s, "carol")
	if len(h) != 1 {
		t.Fatalf("history after creation: %+v, want one entry", h)
	}
	wantSettings(t, "created", h[0], a, created, false)

	a.SenderName, a.State = "Caro", paceline.AccountActive
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if h := historyOf(t, s, "carol"); len(h) != 1 {
		t.Errorf("history after a change of sender name and state: %+v, want the creation's alone", h)
	}

	a.Name = "carol-renamed"
	a.Caps = map[paceline.ActionKind]int{paceline.KindInvite: 60}
	a.TimeZone = "Pacific/Kiritimati"
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	h = historyOf(t, s, "carol-renamed")
	if len(h) != 2 {
		t.Fatalf("history after a change of caps and zone: %+v, want two entries", h)
	}
	wantSettings(t, "created, after the rename", h[0], &first, created, false)
	wantSettings(t, "updated", h[1], a, Clock, false)
	if _, err := s.(paceline.AccountHistoryStore).AccountSettingsHistory(ctx, "carol"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("history under the old name: %v, want ENOTFOUND", err)
	}
}

// SeedAccountBeforeHistory brings an empty database to schema version 19 with the
// store's own migrations (the migrations folder of fsys), running each statement with
// exec, and stores the account old (free, invite cap 95) as paceline did before
// migration 0020 kept a history of settings. CheckHistoryFromFirstChange checks what
// the store does with it once migrated.
func SeedAccountBeforeHistory(t *testing.T, fsys fs.FS, exec func(q string) error) {
	t.Helper()
	SchemaAt(t, fsys, 19, exec)
	for _, q := range []string{`INSERT INTO accounts (name, type, executor, state, time_zone, hours_start,
			hours_end, working_days, min_gap_ns, safety, created_at, updated_at)
		VALUES ('old', 'free', 'sim', 'active', 'UTC', 480, 1080, 62, 90000000000, 1, '2026-01-01', '2026-01-01')`,
		`INSERT INTO account_caps (account_id, kind, weekly_cap) SELECT id, 'invite', 95 FROM accounts WHERE name = 'old'`,
	} {
		if err := exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
}

// CheckHistoryFromFirstChange fails t unless the account SeedAccountBeforeHistory
// stored has no history until a change of its pacing, which then writes the settings
// it had until then (assumed, from its creation) and the new ones (from the store's
// clock, Clock).
func CheckHistoryFromFirstChange(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	if h := historyOf(t, s, "old"); len(h) != 0 {
		t.Fatalf("history of an account from before the migration: %+v, want none", h)
	}
	a, err := s.Account(ctx, "old")
	if err != nil {
		t.Fatal(err)
	}
	before := *a
	before.Caps = map[paceline.ActionKind]int{paceline.KindInvite: 95}
	a.SenderName = "Olga"
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if h := historyOf(t, s, "old"); len(h) != 0 {
		t.Fatalf("history after a change of sender name: %+v, want none", h)
	}
	a.Caps = map[paceline.ActionKind]int{paceline.KindInvite: 60}
	if err := s.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	h := historyOf(t, s, "old")
	if len(h) != 2 {
		t.Fatalf("history after the first change of caps: %+v, want two entries", h)
	}
	wantSettings(t, "before the change", h[0], &before, a.CreatedAt, true)
	wantSettings(t, "the change", h[1], a, Clock, false)
}
