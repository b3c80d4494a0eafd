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

// holdForReview stores an AI text held for review of lead in campaign, as serve does.
func holdForReview(t *testing.T, db, campaign, lead, text string) {
	t.Helper()
	ctx := context.Background()
	rdb, err := (&app{dbPath: db}).openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	payload, err := json.Marshal(map[string]any{
		"action": paceline.Action{Key: campaign + "/" + lead + "/connect", At: time.Now(), Account: "seat", Kind: paceline.KindInvite,
			Lead: lead, WithNote: true, Campaign: campaign, Step: "connect"},
		"text": engine.Text{Note: "Hi, glad to connect."},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := aiwrite.Entry{LeadKey: lead, Campaign: campaign, StepID: "connect", Text: text,
		Status: aiwrite.StatusNeedsReview, CreatedAt: time.Now(), Payload: string(payload)}
	if err := rdb.store.AIWriting().Put(ctx, e); err != nil {
		t.Fatal(err)
	}
}

// An edit is held to the guard (no template syntax goes out), an empty --text is
// refused rather than approving the model's text unseen, an approval can be taken back
// with reject, and a text whose lead opted out is neither listed nor approvable.
func TestTasksReviewDecisions(t *testing.T) {
	t.Parallel()
	db := aiFixture(t)
	holdForReview(t, db, "rev", "li-wei", "Hi Li, glad to connect.")
	holdForReview(t, db, "auto", "zoe-martin", "Hi Zoë, glad to connect.")
	decide := func(args ...string) (int, string) {
		t.Helper()
		code, out, errOut := cli(t, db, append([]string{"tasks", "review"}, args...)...)
		return code, out + errOut
	}
	status := func(lead string) aiwrite.Status {
		for _, e := range aiTexts(t, db) {
			if e.LeadKey == lead {
				return e.Status
			}
		}
		return ""
	}
	li := []string{"--campaign", "rev", "--lead", "li-wei", "--step", "connect"}

	for _, bad := range []struct{ text, want string }{
		{"", "--text is empty"},
		{"   ", "--text is empty"},
		{"Hi {{first_name}}, glad to connect.", `unfilled placeholder "{{first_name}}"`},
		{"Hi Li, glad to connect.\nLet me know if you want changes.", "talks about the text"},
	} {
		code, out := decide(append([]string{"approve", "--text", bad.text}, li...)...)
		if code == exitOK || !strings.Contains(out, bad.want) {
			t.Errorf("approve --text %q: exit %d, want a refusal saying %q:\n%s", bad.text, code, bad.want, out)
		}
	}
	if s := status("li-wei"); s != aiwrite.StatusNeedsReview {
		t.Fatalf("after refused edits li-wei's text is %s, want still held", s)
	}
	if code, out := decide(append([]string{"approve"}, li...)...); code != exitOK {
		t.Fatalf("approve: exit %d\n%s", code, out)
	}
	if code, out := decide(append([]string{"reject"}, li...)...); code != exitOK || !strings.Contains(out, "Rejected li-wei's text") {
		t.Errorf("reject after approve: exit %d\n%s", code, out)
	}
	if s := status("li-wei"); s != aiwrite.StatusRejected {
		t.Errorf("li-wei's text is %s after reject, want rejected", s)
	}

	mustCLI(t, db, "leads", "optout", "in:zoe-martin")
	if code, out := decide("list"); code != exitOK || strings.Contains(out, "zoe-martin") {
		t.Errorf("review list after zoe-martin opted out: exit %d, want her text left out:\n%s", code, out)
	}
	code, out := decide("approve", "--campaign", "auto", "--lead", "zoe-martin", "--step", "connect")
	if code == exitOK || !strings.Contains(out, "opted out") || strings.Contains(out, "Approved") {
		t.Errorf("approve an opted-out lead's text: exit %d, want a refusal saying she opted out:\n%s", code, out)
	}
	if s := status("zoe-martin"); s != aiwrite.StatusNeedsReview {
		t.Errorf("zoe-martin's text is %s, want untouched", s)
	}
}
