package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/paceline/paceline"
)

// TextsStore is a StopStore that also replaces the sequence of a started campaign
// with one whose texts alone differ.
type TextsStore interface {
	StopStore
	ReplaceStartedSequence(ctx context.Context, name, was, sequence string) error
}

// RunStartedSequenceEdits checks that an active or paused campaign's sequence can be
// replaced, compare-and-swap on the sequence the new one was checked against, keeping
// its state, pause, accounts, list, priority and times (its updated_at starts the
// acceptance window, which new words must not restart); that of two edits made at
// once one wins and the other is refused; and that a draft, a stopped campaign and an
// unknown one are refused and nothing changes. QA found no way to give a running
// campaign's template the default its held steps waited for.
func RunStartedSequenceEdits(t *testing.T, s TextsStore) {
	t.Helper()
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob")
	for _, name := range []string{"run", "held", "draft", "gone"} {
		c := &paceline.Campaign{Name: name, List: "growth", Sequence: "name: v1", Priority: 2, Accounts: []string{"alice", "bob"}}
		if err := s.CreateCampaign(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for name, state := range map[string]paceline.CampaignState{"run": paceline.CampaignActive, "held": paceline.CampaignPaused, "gone": paceline.CampaignActive} {
		if err := s.SetCampaignState(ctx, name, state, "by hand"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.StopCampaign(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	before := map[string]*paceline.Campaign{}
	for _, name := range []string{"run", "held", "draft", "gone"} {
		c, err := s.Campaign(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		before[name] = c
	}
	// same checks that the campaign has the sequence want and everything else it had.
	same := func(name, want string) {
		t.Helper()
		got, err := s.Campaign(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		b := before[name]
		if got.Sequence != want || got.State != b.State || got.PausedReason != b.PausedReason ||
			!got.PausedAt.Truncate(Precision).Equal(b.PausedAt.Truncate(Precision)) ||
			!got.UpdatedAt.Truncate(Precision).Equal(b.UpdatedAt.Truncate(Precision)) ||
			!got.CreatedAt.Truncate(Precision).Equal(b.CreatedAt.Truncate(Precision)) ||
			got.List != b.List || got.Priority != b.Priority || strings.Join(got.Accounts, ",") != strings.Join(b.Accounts, ",") || got.ID != b.ID {
			t.Fatalf("%s after the edit:\n%+v\nwant sequence %q and the rest as before:\n%+v", name, got, want, b)
		}
	}

	// Active and paused: the sequence is replaced, the rest stays.
	if err := s.ReplaceStartedSequence(ctx, "run", "name: v1", "name: v2"); err != nil {
		t.Fatalf("edit an active campaign: %v", err)
	}
	same("run", "name: v2")
	if err := s.ReplaceStartedSequence(ctx, "held", "name: v1", "name: v2"); err != nil {
		t.Fatalf("edit a paused campaign: %v", err)
	}
	same("held", "name: v2")

	// An edit checked against a sequence no longer stored is refused.
	err := s.ReplaceStartedSequence(ctx, "run", "name: v1", "name: v3")
	wantCode(t, err, paceline.ECONFLICT)
	if !strings.Contains(err.Error(), "changed since") || !strings.Contains(err.Error(), "run the edit again") {
		t.Errorf("stale edit: %v; want why (another edit saved first) and what to do", err)
	}
	same("run", "name: v2")

	// A draft, a stopped campaign, an unknown one, an empty sequence.
	err = s.ReplaceStartedSequence(ctx, "draft", "name: v1", "name: v2")
	wantCode(t, err, paceline.ECONFLICT)
	if !strings.Contains(err.Error(), "paceline campaigns edit draft --sequence") {
		t.Errorf("draft: %v; want it to point at campaigns edit", err)
	}
	same("draft", "name: v1")
	err = s.ReplaceStartedSequence(ctx, "gone", "name: v1", "name: v2")
	wantCode(t, err, paceline.ECONFLICT)
	if !strings.Contains(err.Error(), "stopped") || !strings.Contains(err.Error(), "campaigns create") {
		t.Errorf("stopped: %v; want why and what to do", err)
	}
	same("gone", "name: v1")
	wantCode(t, s.ReplaceStartedSequence(ctx, "nope", "name: v1", "name: v2"), paceline.ENOTFOUND)
	wantCode(t, s.ReplaceStartedSequence(ctx, "run", "name: v2", " \n"), paceline.EINVALID)
	same("run", "name: v2")

	// Two edits at once, both checked against v2: one is saved, the other refused.
	start := make(chan struct{})
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, seq := range []string{"name: a", "name: b"} {
		wg.Go(func() {
			<-start
			errs[i] = s.ReplaceStartedSequence(ctx, "run", "name: v2", seq)
		})
	}
	close(start)
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch code := paceline.ErrorCode(err); {
		case err == nil:
			won = i
		case code != paceline.ECONFLICT:
			t.Fatalf("concurrent edit %d: %v; want it saved or refused as a conflict", i, err)
		}
	}
	if won < 0 || errs[1-won] == nil {
		t.Fatalf("concurrent edits: %v; want exactly one saved", errs)
	}
	same("run", []string{"name: a", "name: b"}[won])
}
