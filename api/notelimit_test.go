package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
)

// noteSequence is a one-step sequence whose invite has note.
func noteSequence(note string) string {
	return "name: s\nsteps:\n  - id: connect\n    invite:\n      note: \"" + note + "\"\n"
}

func campaignBody(t *testing.T, name, seq string, accounts ...string) string {
	t.Helper()
	b, err := json.Marshal(api.CampaignInput{Name: name, Accounts: accounts, Sequence: seq})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A note whose literal text is over the note limit of one of the campaign's accounts
// (alice is free: 200) is refused with its line, its length, the account and its
// limit, and nothing is stored; from bob alone (sales-navigator: 300) it is fine. QA
// found a 272-character note created from a free account and then silently dropped.
func TestCreateCampaignChecksNotesAgainstItsAccounts(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	long := noteSequence(strings.Repeat("x", 272))
	code, body := call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "q9", long, "bob", "alice"))
	var e struct {
		Error struct {
			Code    string
			Details []struct {
				Line    int
				Step    string
				Message string
			}
		}
	}
	decodeJSON(t, body, &e)
	if code != 400 || len(e.Error.Details) != 1 {
		t.Fatalf("from bob and alice: %d %s, want 400 with one problem", code, body)
	}
	p := e.Error.Details[0]
	for _, want := range []string{"272 characters", "200-character limit of account alice (free)", "shorten the note"} {
		if !strings.Contains(p.Message, want) {
			t.Errorf("problem %q does not say %q", p.Message, want)
		}
	}
	if p.Line != 5 || p.Step != "connect" {
		t.Errorf("problem on line %d step %q, want line 5 step connect", p.Line, p.Step)
	}
	if list, _ := f.Store.Campaigns(t.Context()); len(list) != 0 {
		t.Fatalf("a refused campaign was stored: %v", list)
	}
	if code, body := call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "q9", long, "bob")); code != 201 || strings.Contains(body, "warnings") {
		t.Errorf("from bob alone: %d %s, want 201 without warnings", code, body)
	}
	// A note with a field that only just fits is created, with a warning.
	tight := noteSequence(strings.Repeat("y", 190) + " {{first_name}}")
	code, body = call(t, a, "POST", "/api/v1/campaigns", campaignBody(t, "q10", tight, "alice"))
	var v api.CampaignView
	decodeJSON(t, body, &v)
	if code != 201 || len(v.Warnings) != 1 || !strings.Contains(v.Warnings[0], "leaves 10 for it under the 200-character limit of account alice (free)") {
		t.Errorf("tight note from alice: %d %s, want 201 with one warning", code, body)
	}
}
