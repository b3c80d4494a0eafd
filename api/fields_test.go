package api_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/store/sqlite"
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

// The stores answer the field check in the database; package storetest checks that both
// do so alike.
var _ api.LeadFieldStore = (*sqlite.Store)(nil)

// noListing is a store whose leads cannot be listed, but which says which custom
// fields they carry: CheckStoredFields must ask it, not read the leads.
type noListing struct {
	*sqlite.Store
}

func (noListing) ListLeads(context.Context, paceline.LeadFilter) ([]*paceline.Lead, error) {
	return nil, errors.New("read every lead")
}

// CheckStoredFields answers alike whether the store says which custom fields its leads
// carry (and then lists no lead) or can only be walked a page at a time.
func TestCheckStoredFieldsAsksTheStore(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	if err := apitest.InsertLeads(t.Context(), f.Store, []*paceline.Lead{{FirstName: "Ada", LastName: "Lovelace",
		ProfileKey: "ada-topic", Score: 10, Custom: map[string]string{"favourite_topic": "engines", "team_size": "12"}}}); err != nil {
		t.Fatal(err)
	}
	seq := func(note string) *sequence.Sequence {
		s, err := sequence.Parse([]byte("name: x\nsteps:\n  - id: connect\n    invite: {note: \"" + note + "\"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, st := range []struct {
		what string
		st   paceline.LeadStore
	}{
		{"a store that answers", noListing{f.Store}},
		{"a store that is walked", struct{ paceline.LeadStore }{f.Store}},
	} {
		for _, tt := range []struct{ note, want string }{
			{"Hi {{first_name}} of {{team_size}}, on {{favourite_topic}}", ""},
			{"Hi {{first_nme}}", `unknown field "first_nme" (did you mean first_name?)`},
			{"On {{favorite_topic}} for {{team_size}}", `unknown field "favorite_topic" (did you mean favourite_topic?)`},
			{"On {{topic}}", "import leads with that column first"},
		} {
			err := api.CheckStoredFields(t.Context(), seq(tt.note), st.st)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("%s, %q: %v, want %q", st.what, tt.note, err, tt.want)
			}
		}
	}
	if err := api.CheckStoredFields(t.Context(), seq("On {{topic}}"), nil); err == nil || !strings.Contains(err.Error(), `unknown field "topic"`) {
		t.Errorf("no store: %v", err)
	}
}
