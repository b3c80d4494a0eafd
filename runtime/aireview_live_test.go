package runtime_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/personalize/aiwrite"
)

func reviewKey(l string) aiwrite.Key { return aiwrite.Key{Lead: l, Campaign: "ai", Step: "connect"} }

func pendingLeads(t *testing.T, g *aiRig) []string {
	t.Helper()
	list, err := g.x.Pending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range list {
		out = append(out, r.Key.Lead)
	}
	return out
}

// A text whose lead opted out, or whose enrollment stopped, will never be sent: the
// review list leaves it out and approving it is refused with the reason, rather than
// saying it will go out and leaving it "approved" for good.
func TestAIReviewLeavesOutTextsThatWillNeverBeSent(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		g := newAIRig(t, open, true, nil, "ada", "gus", "hal")
		g.run(t)
		if got := pendingLeads(t, g); len(got) != 3 {
			t.Fatalf("Pending = %v, want the 3 held texts", got)
		}
		if err := g.st.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "ada"}}, "opted out"); err != nil {
			t.Fatal(err)
		}
		// hal's enrollment stops (a reply elsewhere, a stop): his text can never go out.
		running, err := g.st.RunningEnrollments(ctx, "seat-0")
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range running {
			if rec.Lead == "hal" {
				rec.State, rec.Held, rec.Reason = paceline.EnrollmentStopped, false, "stopped by hand"
				if err := g.st.SaveTick(ctx, rec.Account, []paceline.EnrollmentRecord{rec}, 0, g.v.now); err != nil {
					t.Fatal(err)
				}
			}
		}
		if got := pendingLeads(t, g); len(got) != 1 || got[0] != "gus" {
			t.Errorf("Pending = %v, want only gus", got)
		}
		for l, want := range map[string]string{"ada": "lead ada opted out", "hal": "enrollment of lead hal in campaign ai has stopped"} {
			for _, edited := range []string{"", "Hi " + aiLeads[l].FirstName + ", glad to connect."} {
				_, err := g.x.Approve(ctx, reviewKey(l), edited)
				if paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(err.Error(), want) {
					t.Errorf("approving %s's text (edited %q) = %v; want a conflict saying %q", l, edited, err, want)
				}
			}
			if e, _, _ := g.ai.Get(ctx, reviewKey(l)); e.Status != aiwrite.StatusNeedsReview {
				t.Errorf("%s's text is %s after the refused approval, want still held", l, e.Status)
			}
		}
		if _, err := g.x.Approve(ctx, reviewKey("gus"), ""); err != nil {
			t.Errorf("approving gus's text: %v", err)
		}
	})
}

// An approval can be taken back until the text is sent: the template then goes out.
// Once sent, it cannot.
func TestAIReviewRejectAfterApprove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := newAIRig(t, openSQLite, true, nil, "ada")
	g.run(t)
	if _, err := g.x.Approve(ctx, reviewKey("ada"), ""); err != nil {
		t.Fatal(err)
	}
	r, err := g.x.Reject(ctx, reviewKey("ada"))
	if err != nil || r.Status != aiwrite.StatusRejected {
		t.Fatalf("Reject after Approve = %+v, %v; want rejected", r, err)
	}
	if _, err := g.x.Reject(ctx, reviewKey("ada")); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("rejecting twice = %v, want a conflict", err)
	}
	g.run(t)
	if got := g.rec.notes("ada"); len(got) != 1 || got[0] != "Hi Ada, glad to connect." {
		t.Errorf("ada was sent %q, want the template", got)
	}

	g = newAIRig(t, openSQLite, true, nil, "gus")
	g.run(t)
	if _, err := g.x.Approve(ctx, reviewKey("gus"), ""); err != nil {
		t.Fatal(err)
	}
	g.run(t)
	if got := g.rec.notes("gus"); len(got) != 1 || got[0] == "Hi Gus, glad to connect." {
		t.Fatalf("gus was sent %q, want the approved AI text", got)
	}
	if _, err := g.x.Reject(ctx, reviewKey("gus")); paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(err.Error(), "was sent") {
		t.Errorf("rejecting a sent text = %v, want a conflict saying it was sent", err)
	}
}
