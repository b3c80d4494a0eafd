package storetest

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// CampaignStore is what the checks of a campaign's pause use of a store.
type CampaignStore interface {
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
}

// pausedBefore is when SeedPausedBeforePausedAt's paused campaign was last changed:
// the instant a relay before migration 0022 keyed its campaign_paused by.
var pausedBefore = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// SeedPausedBeforePausedAt builds, through exec, a database as migration 0021 left it,
// with a campaign "held" paused at pausedBefore and a campaign "running" active.
func SeedPausedBeforePausedAt(t *testing.T, fsys fs.FS, exec func(q string) error) {
	t.Helper()
	SchemaAt(t, fsys, 21, exec)
	for _, q := range []string{
		`INSERT INTO campaigns (name, sequence, state, paused_reason, created_at, updated_at)
		VALUES ('held', 'steps: []', 'paused', 'client on holiday', '2026-01-01 00:00:00', '2026-01-02 03:04:05')`,
		`INSERT INTO campaigns (name, sequence, state, created_at, updated_at)
		VALUES ('running', 'steps: []', 'active', '2026-01-01 00:00:00', '2026-01-02 03:04:05')`,
	} {
		if err := exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
}

// CheckPauseBeganBeforePausedAt fails t unless, after the migrations, the campaign
// SeedPausedBeforePausedAt paused has its pause begun when it was last changed (so the
// webhook relay keys it as it did before, and does not tell it again), keeps it when
// paused again at Clock, and the active one has none.
func CheckPauseBeganBeforePausedAt(t *testing.T, s CampaignStore) {
	t.Helper()
	ctx := context.Background()
	c, err := s.Campaign(ctx, "held")
	if err != nil {
		t.Fatal(err)
	}
	if !c.PausedAt.Equal(pausedBefore) || !c.PausedAt.Equal(c.UpdatedAt) {
		t.Fatalf("campaign paused before the migration: PausedAt %v, UpdatedAt %v; want both %v", c.PausedAt, c.UpdatedAt, pausedBefore)
	}
	if err := s.SetCampaignState(ctx, "held", paceline.CampaignPaused, "longer holiday"); err != nil {
		t.Fatal(err)
	}
	if c, err = s.Campaign(ctx, "held"); err != nil {
		t.Fatal(err)
	}
	if !c.PausedAt.Equal(pausedBefore) || c.PausedReason != "longer holiday" || !c.UpdatedAt.Truncate(Precision).Equal(Clock.Truncate(Precision)) {
		t.Fatalf("paused again at %v: PausedAt %v, reason %q, UpdatedAt %v; want PausedAt kept at %v, the new reason, UpdatedAt the clock",
			Clock, c.PausedAt, c.PausedReason, c.UpdatedAt, pausedBefore)
	}
	if c, err = s.Campaign(ctx, "running"); err != nil {
		t.Fatal(err)
	}
	if !c.PausedAt.IsZero() {
		t.Fatalf("active campaign from before the migration: PausedAt %v, want none", c.PausedAt)
	}
}
