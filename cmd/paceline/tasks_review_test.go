package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// tasks review takes the lead by any of its names, as the lead commands do: in:li-wei
// as leads list shows it, a URL or an id, besides li-wei as review list shows it.
func TestTasksReviewTakesLeadByAnyName(t *testing.T) {
	t.Parallel()
	db := aiFixture(t)
	ctx := context.Background()
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for lead, campaign := range map[string]string{"li-wei": "rev", "zoe-martin": "auto"} {
		// The action serve holds for the review, as it keeps it with the entry.
		payload, err := json.Marshal(map[string]any{
			"action": paceline.Action{Key: campaign + "/" + lead + "/connect", At: time.Now(), Account: "seat", Kind: paceline.KindInvite,
				Lead: lead, WithNote: true, Campaign: campaign, Step: "connect"},
			"text": engine.Text{Note: "Hi, glad to connect."},
		})
		if err != nil {
			t.Fatal(err)
		}
		e := aiwrite.Entry{LeadKey: lead, Campaign: campaign, StepID: "connect", Text: "Hi, glad to connect.",
			Status: aiwrite.StatusNeedsReview, CreatedAt: time.Now(), Payload: string(payload)}
		if err := rdb.store.AIWriting().Put(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	rdb.Close()

	for _, tc := range []struct{ campaign, lead, key string }{
		{"rev", "in:li-wei", "li-wei"},
		{"auto", "https://www.linkedin.com/in/zoe-martin/", "zoe-martin"},
	} {
		code, out, errOut := cli(t, db, "tasks", "review", "reject", "--campaign", tc.campaign, "--lead", tc.lead, "--step", "connect")
		if code != exitOK || !strings.Contains(out, "Rejected "+tc.key+"'s text") {
			t.Errorf("review reject --lead %s: exit %d\n%s%s", tc.lead, code, out, errOut)
		}
	}
}
