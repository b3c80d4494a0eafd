package runtime_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/personalize/aiwrite"
)

// invite is the invite action of the AI campaign for a lead, as the engine hands it.
func invite(lead string) (paceline.Action, engine.Text) {
	a := paceline.Action{Key: "ai/" + lead + "/connect", At: start, Account: "seat-0", Kind: paceline.KindInvite, Lead: lead,
		WithNote: true, Campaign: "ai", Step: "connect"}
	return a, engine.Text{Note: "Hi " + aiLeads[lead].FirstName + ", glad to connect."}
}

// Review mode holds every note the model writes: nothing is sent and nothing is
// recorded, the slots go by, and the tasks view lists the texts. Approving records the
// decision; an edited note is checked again and refused when it breaks a guardrail;
// rejecting means the template; a decision taken elsewhere (the CLI, on the database)
// counts the same. The decided steps then go out in the Pacer's next slots, spaced like
// any other invites, even though all three were decided at the same moment.
func TestAITextReviewHoldsUntilApproved(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, open func(testing.TB) testStore) {
		ctx := context.Background()
		g := newAIRig(t, open, true, nil, "ada", "gus", "hal")
		g.run(t)
		for _, lead := range []string{"ada", "gus", "hal"} {
			if got := g.rec.notes(lead); len(got) != 0 {
				t.Errorf("%s was sent %q before any review", lead, got)
			}
		}
		_, acts, err := g.st.CampaignCounts(ctx, "ai")
		if err != nil || acts[paceline.KindInvite] != 0 {
			t.Fatalf("ledger invites %v, %v; want none before the reviews", acts, err)
		}
		pending, err := g.x.Pending(ctx)
		if err != nil || len(pending) != 3 {
			t.Fatalf("Pending = %+v, %v; want 3", pending, err)
		}
		for _, r := range pending {
			if r.Status != aiwrite.StatusNeedsReview || r.Account != "seat-0" || r.Kind != paceline.KindInvite ||
				!strings.HasPrefix(r.Text, "Hi "+aiLeads[r.Key.Lead].FirstName) || r.Template != "Hi "+aiLeads[r.Key.Lead].FirstName+", glad to connect." {
				t.Errorf("review %+v", r)
			}
		}
		key := func(lead string) aiwrite.Key { return aiwrite.Key{Lead: lead, Campaign: "ai", Step: "connect"} }

		if _, err := g.x.Approve(ctx, key("ada"), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := g.x.Approve(ctx, key("ada"), ""); paceline.ErrorCode(err) != paceline.ECONFLICT {
			t.Errorf("approving twice = %v, want a conflict", err)
		}
		for _, bad := range []struct{ text, want string }{
			{strings.Repeat("Hi Gus, glad to connect. ", 15), "the limit is 300"},
			{"Hi Gus, congrats on the Google deal.", `"Google"`},
			{"Hi Gus, let us touch base.", "banned phrase"},
		} {
			_, err := g.x.Approve(ctx, key("gus"), bad.text)
			if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "step connect") || !strings.Contains(err.Error(), bad.want) {
				t.Errorf("approving %q = %v; want invalid, naming step connect and %s", bad.text, err, bad.want)
			}
		}
		if _, err := g.x.Reject(ctx, key("gus")); err != nil {
			t.Fatal(err)
		}
		// The CLI approves on the database.
		cli := aiwrite.New(nil, aiwrite.Config{Cache: g.ai})
		if _, err := cli.Approve(ctx, key("hal")); err != nil {
			t.Fatal(err)
		}
		for _, lead := range []string{"ada", "gus", "hal"} {
			if got := g.rec.notes(lead); len(got) != 0 {
				t.Errorf("%s was sent %q at the decision, outside any slot", lead, got)
			}
		}
		if pending, err := g.x.Pending(ctx); err != nil || len(pending) != 3 {
			t.Errorf("Pending after the decisions = %+v, %v; want the 3 decided and not sent", pending, err)
		}

		decided := g.v.now
		g.run(t)
		want := map[string]string{
			"ada": "Hi Ada, good to see a CTO at Acme here. Glad to connect.",
			"gus": "Hi Gus, glad to connect.", // rejected: the template
			"hal": "Hi Hal, a CTO at Hive: glad to connect.",
		}
		for lead, note := range want {
			if got := g.rec.notes(lead); len(got) != 1 || got[0] != note {
				t.Errorf("%s was sent %q, want %q", lead, got, note)
			}
		}
		sent, err := g.st.Actions(ctx, "seat-0", decided, g.v.now)
		if err != nil {
			t.Fatal(err)
		}
		acct, err := g.st.Account(ctx, "seat-0")
		if err != nil {
			t.Fatal(err)
		}
		var at []time.Time
		for _, a := range sent {
			if a.Kind == paceline.KindInvite && a.Result == paceline.ResultDone {
				at = append(at, a.At)
			}
		}
		if len(at) != 3 {
			t.Fatalf("%d invites recorded after the decisions, want 3: %+v", len(at), sent)
		}
		if at[0].Sub(decided) > 24*time.Hour {
			t.Errorf("the first reviewed invite went out %v after the decision, want its next slot", at[0].Sub(decided))
		}
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap < acct.MinGap {
				t.Errorf("reviewed invites went out %v apart, under the account's minimum gap %v", gap, acct.MinGap)
			}
		}
		if pending, err := g.x.Pending(ctx); err != nil || len(pending) != 0 {
			t.Errorf("Pending after the sends = %+v, %v", pending, err)
		}
		if got := g.srv.Calls(""); got != 3 {
			t.Errorf("the provider was asked %d times, want 3 (once per lead)", got)
		}
	})
}

// The day's token budget is respected and kept in the database: once a call could go
// over it the template is sent without asking the provider, and a restarted Writer
// over the same store still finds the day spent.
func TestAITextBudget(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := newAIRig(t, openSQLite, false, &aiwrite.Budget{TokensPerDay: 900}, "ada")
	for _, lead := range []string{"ada", "gus"} {
		a, txt := invite(lead)
		if _, err := g.x.ExecuteText(ctx, a, txt); err != nil {
			t.Fatal(err)
		}
	}
	if got := g.rec.notes("ada"); len(got) != 1 || !strings.Contains(got[0], "CTO at Acme") {
		t.Errorf("ada was sent %q, want the model's note", got)
	}
	if got := g.rec.notes("gus"); len(got) != 1 || got[0] != "Hi Gus, glad to connect." {
		t.Errorf("gus was sent %q, want the template", got)
	}
	e, _, err := g.ai.Get(ctx, aiwrite.Key{Lead: "gus", Campaign: "ai", Step: "connect"})
	if err != nil || e.Fallback == nil || e.Fallback.Cause != aiwrite.CauseBudget || !strings.Contains(e.Fallback.Reason, "step connect") ||
		!strings.Contains(e.Fallback.Reason, "budget of 900 tokens") {
		t.Errorf("gus entry %+v, %v; want a budget fallback naming step connect", e, err)
	}
	if sp, err := g.ai.DaySpend(ctx, "2026-03-02"); err != nil || sp.Tokens != 430 {
		t.Errorf("day spend %+v, %v; want the 430 tokens ada's note used", sp, err)
	}

	// A restart: a new Writer and budget over the same store.
	g.x.Writer = aiwrite.New(g.x.Writer.Provider(), aiwrite.Config{Budget: &aiwrite.Budget{TokensPerDay: 900, Store: g.ai}, Cache: g.ai})
	g.x.Writer.NowFunc = func() time.Time { return start }
	a, txt := invite("hal")
	if _, err := g.x.ExecuteText(ctx, a, txt); err != nil {
		t.Fatal(err)
	}
	if got := g.rec.notes("hal"); len(got) != 1 || got[0] != "Hi Hal, glad to connect." {
		t.Errorf("after a restart hal was sent %q, want the template", got)
	}
	if got := g.srv.Calls(""); got != 1 {
		t.Errorf("the provider was asked %d times, want 1", got)
	}
}

// Without a provider an ai: step sends its template, and the log says so once.
func TestAITextWithoutProvider(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := newAIRig(t, openSQLite, true, nil)
	g.x.Writer = nil
	for _, lead := range []string{"ada", "gus"} {
		a, txt := invite(lead)
		if _, err := g.x.ExecuteText(ctx, a, txt); err != nil {
			t.Fatal(err)
		}
		if got := g.rec.notes(lead); len(got) != 1 || got[0] != txt.Note {
			t.Errorf("%s was sent %q, want the template", lead, got)
		}
	}
	if n := strings.Count(g.log.String(), "AI writing is not configured"); n != 1 {
		t.Errorf("the log says %d times that AI writing is off, want once:\n%s", n, g.log.String())
	}
	if g.srv.Calls("") != 0 {
		t.Error("the provider was asked")
	}
}

// With AI writing switched off, an edited text is judged by the Rules: their
// allowed words pass, a capitalised word found nowhere else and a banned phrase do not.
func TestAITextReviewRulesWithoutProvider(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := newAIRig(t, openSQLite, true, nil, "ada", "gus")
	g.run(t)
	g.x.Writer = nil
	g.x.Rules = aiwrite.Config{Banned: []string{"plug and play"}, Allowed: []string{"Paceline"}}
	key := func(lead string) aiwrite.Key { return aiwrite.Key{Lead: lead, Campaign: "ai", Step: "connect"} }
	for _, bad := range []struct{ text, want string }{
		{"Hi Gus, Acme runs on Zendesk now.", `"Zendesk"`},
		{"Hi Gus, our tool is plug and play.", "banned phrase"},
	} {
		if _, err := g.x.Approve(ctx, key("gus"), bad.text); paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("approving %q = %v; want invalid naming %s", bad.text, err, bad.want)
		}
	}
	if _, err := g.x.Approve(ctx, key("ada"), "Hi Ada, we built Paceline for teams like yours."); err != nil {
		t.Errorf("approving an edit with an allowed word: %v", err)
	}
}
