package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// addMailbox stores m0, a mailbox account, in the fixture's store.
func addMailbox(t *testing.T, f *apitest.Fixture) {
	t.Helper()
	m := apitest.NewAccount("m0", paceline.TypeEmail, apitest.Now.Add(-60*24*time.Hour))
	m.Executor = paceline.ExecutorEmail
	if err := f.Store.CreateAccount(t.Context(), m); err != nil {
		t.Fatal(err)
	}
}

type sequenceProblems struct {
	Error struct {
		Code    string
		Details []struct {
			Line    int
			Step    string
			Message string
		}
	}
}

// A campaign of a mailbox alone with the built-in sequence (invite, two messages, an
// email) is refused: QA found its leads sat on the invite for ever. Every LinkedIn
// step is named with its line and kind, and the account; nothing is stored.
func TestCreateCampaignRefusesStepsNoAccountCanDo(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	addMailbox(t, f)
	code, body := call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "m0c", "", "m0"))
	var e sequenceProblems
	decodeJSON(t, body, &e)
	if code != 400 || e.Error.Code != paceline.EINVALID || len(e.Error.Details) != 3 {
		t.Fatalf("default sequence from a mailbox: %d %s, want 400 with three problems (connect, hello, nudge)", code, body)
	}
	for i, want := range []struct {
		step, kind string
		line       int
	}{{"connect", "invite", 11}, {"hello", "message", 17}, {"nudge", "message", 23}} {
		p := e.Error.Details[i]
		if p.Step != want.step || p.Line != want.line {
			t.Errorf("problem %d on line %d step %q, want line %d step %s", i, p.Line, p.Step, want.line, want.step)
		}
		for _, s := range []string{"this " + want.kind + " step", "m0 is a mailbox", "add a LinkedIn account"} {
			if !strings.Contains(p.Message, s) {
				t.Errorf("problem %q does not say %q", p.Message, s)
			}
		}
	}
	if list, _ := f.Store.Campaigns(t.Context()); len(list) != 0 {
		t.Fatalf("a refused campaign was stored: %v", list)
	}

	// An InMail from a free account alone: it has no credits.
	inmail := "name: s\nsteps:\n  - id: pitch\n    inmail:\n      subject: Hi\n      body: Hello\n"
	code, body = call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "im", inmail, "alice"))
	e = sequenceProblems{}
	decodeJSON(t, body, &e)
	if code != 400 || len(e.Error.Details) != 1 || e.Error.Details[0].Step != "pitch" || e.Error.Details[0].Line != 3 ||
		!strings.Contains(e.Error.Details[0].Message, "alice (free) has no InMail credits") {
		t.Errorf("InMail from alice (free): %d %s, want 400 naming step pitch on line 3 and alice's missing credits", code, body)
	}
	// With bob (sales-navigator) too it is created, with a warning for alice's leads.
	code, body = call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "im", inmail, "alice", "bob"))
	var v api.CampaignView
	decodeJSON(t, body, &v)
	if code != 201 || len(v.Warnings) != 1 || !strings.Contains(v.Warnings[0], "line 3, step pitch: account alice cannot carry out this inmail step") ||
		!strings.Contains(v.Warnings[0], "the leads assigned to it skip it") || !strings.Contains(v.Warnings[0], "only those of bob get it") {
		t.Errorf("InMail from alice and bob: %d %s, want 201 with one warning about alice's leads", code, body)
	}
}

// A campaign some of whose accounts can carry out a step is created, with a warning
// for each step the others cannot (their leads skip it, as the engine does for a kind
// the Pacer says is not available).
func TestCreateCampaignWarnsOfStepsSomeAccountsCannotDo(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	addMailbox(t, f)
	code, body := call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "mixed", "", "m0", "alice"))
	var v api.CampaignView
	decodeJSON(t, body, &v)
	if code != 201 || len(v.Warnings) != 4 {
		t.Fatalf("default sequence from m0 and alice: %d %s, want 201 with four warnings", code, body)
	}
	for i, want := range []string{
		"line 11, step connect: account m0 cannot carry out this invite step (m0 is a mailbox",
		"line 17, step hello: account m0 cannot carry out this message step",
		"line 23, step nudge: account m0 cannot carry out this message step",
		"step mail: account alice cannot carry out this email step (alice is a LinkedIn account (free) without a mailbox of its own): the leads assigned to it skip it and go on to the next step; only those of m0 get it; to send it, give each LinkedIn account a mailbox of its own (paceline accounts update NAME",
	} {
		if !strings.Contains(v.Warnings[i], want) {
			t.Errorf("warning %d is %q, want it to say %q", i, v.Warnings[i], want)
		}
	}
	// From LinkedIn accounts alone the built-in sequence's email step is skipped by
	// every lead: a warning, not a refusal (the sequence is made so).
	code, body = call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "li", "", "alice", "bob"))
	v = api.CampaignView{}
	decodeJSON(t, body, &v)
	if code != 201 || len(v.Warnings) != 1 || !strings.Contains(v.Warnings[0], "no account of this campaign can send this email step") ||
		!strings.Contains(v.Warnings[0], "paceline accounts update NAME --from ADDRESS --smtp URL --imap URL") {
		t.Errorf("default sequence from alice and bob: %d %s, want 201 with one warning about the email step", code, body)
	}
}
