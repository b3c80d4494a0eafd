package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// DraftStore is a RuntimeStore that deletes and changes campaigns that never started.
type DraftStore interface {
	RuntimeStore
	DeleteDraftCampaign(ctx context.Context, name string) error
	ReplaceDraftCampaign(ctx context.Context, c *paceline.Campaign) error
}

// RunCampaignDrafts checks that a draft campaign can be deleted and have its list,
// sequence, priority and accounts replaced, and that a campaign that ever started
// (not a draft, or a draft with an enrollment or an action in the ledger) cannot:
// its history belongs to the ledger. QA found every try of campaigns create left a
// draft behind that nothing could remove.
func RunCampaignDrafts(t *testing.T, s DraftStore) {
	t.Helper()
	ctx := context.Background()
	withAccounts(t, s, "alice", "bob", "cy")
	for _, name := range []string{"d1", "d2", "run", "enrolled", "acted"} {
		if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: name, List: "old", Sequence: "name: x", Accounts: []string{"alice", "bob"}}); err != nil {
			t.Fatal(err)
		}
	}
	// Replace: every field a draft may change, the accounts as a whole.
	c := &paceline.Campaign{Name: "d1", List: "growth", Sequence: "name: y", Priority: 3, Accounts: []string{"cy", "alice"}}
	if err := s.ReplaceDraftCampaign(ctx, c); err != nil {
		t.Fatalf("replace a draft: %v", err)
	}
	got, err := s.Campaign(ctx, "d1")
	if err != nil {
		t.Fatal(err)
	}
	if got.List != "growth" || got.Sequence != "name: y" || got.Priority != 3 || got.State != paceline.CampaignDraft ||
		strings.Join(got.Accounts, ",") != "alice,cy" || got.ID != c.ID {
		t.Fatalf("after replace: %+v (id %d)", got, c.ID)
	}
	wantCode(t, s.ReplaceDraftCampaign(ctx, &paceline.Campaign{Name: "d1", Sequence: "x", Accounts: []string{"nobody"}}), paceline.ENOTFOUND)
	wantCode(t, s.ReplaceDraftCampaign(ctx, &paceline.Campaign{Name: "d1", Sequence: "x", Accounts: []string{"bob", "bob"}}), paceline.EINVALID)
	wantCode(t, s.ReplaceDraftCampaign(ctx, &paceline.Campaign{Name: "d1", Sequence: "x"}), paceline.EINVALID)
	wantCode(t, s.ReplaceDraftCampaign(ctx, &paceline.Campaign{Name: "nope", Sequence: "x", Accounts: []string{"bob"}}), paceline.ENOTFOUND)
	if got, _ := s.Campaign(ctx, "d1"); strings.Join(got.Accounts, ",") != "alice,cy" || got.Sequence != "name: y" {
		t.Fatalf("a failed replace changed the draft: %+v", got)
	}

	// Campaigns that started, each in its own way.
	if err := s.SetCampaignState(ctx, "run", paceline.CampaignPaused, ""); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AddEnrollments(ctx, "enrolled", []paceline.EnrollmentRecord{{Lead: "in/ada", Account: "alice", LeadFacts: "{}", Started: Clock}}); err != nil || n != 1 {
		t.Fatalf("enroll: %d, %v", n, err)
	}
	a := paceline.Action{Key: "acted/in/bea/connect", At: Clock, Account: "bob", Kind: paceline.KindInvite, Lead: "in/bea", Campaign: "acted", Step: "connect"}
	if err := s.PlanAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"run", "enrolled", "acted"} {
		err := s.DeleteDraftCampaign(ctx, name)
		wantCode(t, err, paceline.ECONFLICT)
		if !strings.Contains(err.Error(), "ledger") || !strings.Contains(err.Error(), "campaigns pause "+name) {
			t.Errorf("delete %s: %v; want why (its history belongs to the ledger) and what to do (pause)", name, err)
		}
		wantCode(t, s.ReplaceDraftCampaign(ctx, &paceline.Campaign{Name: name, Sequence: "name: z", Accounts: []string{"cy"}}), paceline.ECONFLICT)
		got, err := s.Campaign(ctx, name)
		if err != nil || got.Sequence != "name: x" || strings.Join(got.Accounts, ",") != "alice,bob" {
			t.Fatalf("%s after refused changes: %+v, %v", name, got, err)
		}
	}

	// Delete: the draft and its accounts go, the name is free again, others stay.
	if err := s.DeleteDraftCampaign(ctx, "d1"); err != nil {
		t.Fatalf("delete a draft: %v", err)
	}
	wantCode(t, s.DeleteDraftCampaign(ctx, "d1"), paceline.ENOTFOUND)
	if _, err := s.Campaign(ctx, "d1"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("deleted draft still read: %v", err)
	}
	if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: "d1", Sequence: "x", Accounts: []string{"cy"}}); err != nil {
		t.Fatalf("name of a deleted draft not free: %v", err)
	}
	if got, _ := s.Campaign(ctx, "d1"); strings.Join(got.Accounts, ",") != "cy" {
		t.Fatalf("accounts of the deleted draft came back: %+v", got.Accounts)
	}
	if list, err := s.Campaigns(ctx); err != nil || len(list) != 5 {
		t.Fatalf("campaigns after delete: %d, %v; want 5", len(list), err)
	}
}
