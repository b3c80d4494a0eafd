package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// A campaign whose template misspells a field is refused, with the line and the name
// it was likely meant to be, and nothing is stored; a custom field is accepted once a
// stored lead carries it, even the last of several pages of leads.
func TestCreateCampaignChecksTemplateFields(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	create := func(name, seq string) (int, string) {
		return call(t, a, "POST", "/api/v1/campaigns", fmt.Sprintf(`{"name": %q, "accounts": ["alice"], "sequence": %q}`, name, seq))
	}
	typo := "name: x\nsteps:\n  - id: hello\n    visit: {}\n  - id: connect\n    invite: {note: \"Hi {{first_nme}}\"}\n"
	code, body := create("typo", typo)
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
	if code != 400 || e.Error.Code != paceline.EINVALID || len(e.Error.Details) != 1 || e.Error.Details[0].Line != 6 ||
		e.Error.Details[0].Step != "connect" || !strings.Contains(e.Error.Details[0].Message, `unknown field "first_nme" (did you mean first_name?)`) {
		t.Fatalf("typo: %d %s", code, body)
	}
	topic := "name: x\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}, about {{topic | default: \\\"growth\\\"}}\"}\n"
	if code, body := create("topic", topic); code != 400 || !strings.Contains(body, `unknown field \"topic\"`) || !strings.Contains(body, "import leads with that column first") {
		t.Fatalf("a custom field no stored lead has: %d %s", code, body)
	}
	if list, _ := f.Store.Campaigns(t.Context()); len(list) != 0 {
		t.Fatalf("a refused campaign was stored: %v", list)
	}
	// 600 more leads, more than a page; only the one listed last carries topic.
	var leads []*paceline.Lead
	for i := range 600 {
		leads = append(leads, &paceline.Lead{FirstName: "Lead", LastName: fmt.Sprint(i), ProfileKey: fmt.Sprintf("lead-%d", i), Score: 50})
	}
	leads[599].Score, leads[599].Custom = 0, map[string]string{"topic": "compilers"}
	if err := apitest.InsertLeads(t.Context(), f.Store, leads); err != nil {
		t.Fatal(err)
	}
	if code, body := create("topic", topic); code != 201 {
		t.Fatalf("a custom field the last stored lead has: %d %s", code, body)
	}
}
