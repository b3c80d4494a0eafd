package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// previewAnswer is POST /api/v1/sequences/preview's answer.
type previewAnswer struct {
	Sender api.PreviewSender
	Steps  []api.RenderedStep
}

func preview(t *testing.T, a *api.API, yaml string, leadID int64, extra string) previewAnswer {
	t.Helper()
	code, body := call(t, a, "POST", "/api/v1/sequences/preview", fmt.Sprintf(`{"yaml": %q, "lead_id": %d%s}`, yaml, leadID, extra))
	if code != 200 {
		t.Fatalf("preview: %d %s", code, body)
	}
	var p previewAnswer
	decodeJSON(t, body, &p)
	return p
}

// Every variant of a step is previewed, labelled: the preview showed only the first,
// while the lead could be sent the second.
func TestPreviewShowsEveryVariant(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	seq := "name: v\nsteps:\n  - id: connect\n    invite:\n      variants:\n" +
		"        - {id: short, note: \"Hi {{first_name}}, would be glad to connect.\"}\n" +
		"        - {id: topic, note: \"Hi {{first_name}}, I read your post on growth.\"}\n"
	p := preview(t, a, seq, f.Leads[0].ID, "")
	if len(p.Steps) != 2 || p.Steps[0].Variant != "short" || p.Steps[1].Variant != "topic" ||
		p.Steps[1].Note != "Hi Ada, I read your post on growth." || !strings.Contains(p.Steps[0].VariantNote, "one of 2 variants (short, topic)") {
		t.Errorf("variants: %+v", p.Steps)
	}
}

// A step with ai: says the model's text goes instead of the template, and shows the
// text stored for the lead in the campaign given; it showed the template alone.
// Another campaign's text for a step of the same id is not shown, nor is any text
// when no campaign is given: it is not the one this sequence sends.
func TestPreviewSaysAITextGoesInstead(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	ctx := context.Background()
	for _, c := range []string{"q1", "q9"} {
		if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: c, Sequence: "x", Accounts: []string{"alice"},
			State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	seq := "name: q1\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}, glad to connect.\"}\n" +
		"    ai: {prompt: \"Mention their role.\", review: true, fields: [first_name, title]}\n"
	// The fixture's reviews hold an AI text of campaign q1's step connect for ada-lovelace.
	p := preview(t, a, seq, f.Leads[0].ID, `, "campaign": "q1"`)
	if len(p.Steps) != 1 || p.Steps[0].AI != "Hi Ada, a CTO at Acme: glad to connect." || p.Steps[0].AIStatus != "needs_review" ||
		!strings.Contains(p.Steps[0].AINote, "waits for review") {
		t.Errorf("stored AI text: %+v", p.Steps)
	}
	for _, extra := range []string{`, "campaign": "q9"`, ``} {
		p = preview(t, a, seq, f.Leads[0].ID, extra)
		if len(p.Steps) != 1 || p.Steps[0].AI != "" || p.Steps[0].AIStatus != "" ||
			!strings.Contains(p.Steps[0].AINote, "the model writes this lead's text when the step is due") {
			t.Errorf("campaign q1's text previewed with %q: %+v", extra, p.Steps)
		}
	}
	if !strings.Contains(p.Steps[0].AINote, "give campaign to see") {
		t.Errorf("without a campaign the note does not say how to see a stored text: %q", p.Steps[0].AINote)
	}
	p = preview(t, a, seq, f.Leads[1].ID, `, "campaign": "q1"`)
	if len(p.Steps) != 1 || p.Steps[0].AI != "" || !strings.Contains(p.Steps[0].AINote, "sent instead of the template once a person approves it") {
		t.Errorf("no AI text yet: %+v", p.Steps)
	}
}

// {{sender_first_name}} is the sending account's first name, and notes are checked
// against its type's limit: the preview rendered the template's default and checked
// 300 characters whatever the account.
func TestPreviewRendersAsTheSendingAccount(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	ctx := context.Background()
	alice, err := f.Store.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	alice.SenderName = "Ann"
	if err := f.Store.UpdateAccount(ctx, alice); err != nil {
		t.Fatal(err)
	}
	if err := f.Store.CreateCampaign(ctx, &paceline.Campaign{Name: "sgn", Sequence: "x", Accounts: []string{"alice"},
		State: paceline.CampaignDraft}); err != nil {
		t.Fatal(err)
	}
	seq := "name: sgn\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}, glad to connect. {{sender_first_name | default: \\\"The team\\\"}}\"}\n"
	for _, extra := range []string{`, "account": "alice"`, `, "campaign": "sgn"`} {
		p := preview(t, a, seq, f.Leads[0].ID, extra)
		if len(p.Steps) != 1 || p.Steps[0].Note != "Hi Ada, glad to connect. Ann" || p.Sender.Account != "alice" ||
			p.Sender.NoteMaxChars != 200 || p.Steps[0].MaxChars != 200 {
			t.Errorf("%s: %+v", extra, p)
		}
	}
	long := "name: l\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}, " + strings.Repeat("x", 230) + "\"}\n"
	if p := preview(t, a, long, f.Leads[0].ID, `, "account": "alice"`); len(p.Steps) != 1 || !strings.Contains(p.Steps[0].Problem, "200") {
		t.Errorf("a 240-character note from a free account: %+v", p.Steps)
	}
	if p := preview(t, a, long, f.Leads[0].ID, `, "account": "bob"`); len(p.Steps) != 1 || p.Steps[0].Problem != "" || p.Sender.NoteMaxChars != 300 {
		t.Errorf("a 240-character note from Sales Navigator: %+v", p)
	}
	code, body := call(t, a, "POST", "/api/v1/sequences/preview", fmt.Sprintf(`{"yaml": %q, "lead_id": %d, "account": "nobody"}`, seq, f.Leads[0].ID))
	if code != 400 || !strings.Contains(body, `\"nobody\" is not an account`) {
		t.Errorf("unknown account: %d %s", code, body)
	}
}
