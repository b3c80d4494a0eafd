package apitest

import (
	"context"
	"testing"

	"time"

	"github.com/paceline/paceline"
)

// EnrollmentStore is what VariantUses writes through; both stores are ones.
type EnrollmentStore interface {
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error)
	RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error)
	SaveTick(ctx context.Context, account string, recs []paceline.EnrollmentRecord, eventID int64, at time.Time) error
}

// ABSequence tests two invite notes, short and warm, frozen on warm.
const ABSequence = `name: ab
steps:
  - id: connect
    invite:
      variants:
        - {id: short, note: "Hi {{first_name}}, glad to connect."}
        - {id: warm, note: "Hello {{first_name}}, I read your posts and would be glad to connect."}
      freeze: warm
    wait_for: {event: accepted, timeout: 7d, on_timeout: stop}
`

// VariantUses stores an active campaign of the sequence sent by account and, per
// lead of uses, an enrollment whose snapshot keeps that one variant use (the JSON of an
// engine.VariantUse), as ticks would have saved them: what the variant reports count.
func VariantUses(t testing.TB, st EnrollmentStore, campaign, sequence, account string, uses map[string]string) {
	t.Helper()
	ctx := context.Background()
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: campaign, Sequence: sequence, Accounts: []string{account}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	var recs []paceline.EnrollmentRecord
	for l := range uses {
		recs = append(recs, paceline.EnrollmentRecord{Lead: l, Account: account, LeadFacts: "{}", Started: Now})
	}
	if _, err := st.AddEnrollments(ctx, campaign, recs); err != nil {
		t.Fatal(err)
	}
	running, err := st.RunningEnrollments(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	var saved []paceline.EnrollmentRecord
	for _, r := range running {
		if u, ok := uses[r.Lead]; ok && r.Campaign == campaign {
			r.State, r.Snapshot = paceline.EnrollmentWaiting, `{"step":0,"variants":[`+u+`]}`
			saved = append(saved, r)
		}
	}
	if err := st.SaveTick(ctx, account, saved, 0, Now); err != nil {
		t.Fatal(err)
	}
}
