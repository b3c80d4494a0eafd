package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// A preview of a bad sequence says what is wrong, line by line in error.details as
// POST /api/v1/campaigns does; it used to say only "validate it first". A negative
// lead id is not "missing".
func TestPreviewSaysWhatIsWrong(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	bad := `{"yaml": "name: x\nsteps:\n  - id: a\n    teleport: {}\n", "lead_id": ` + itoa(f.Leads[0].ID) + `}`
	code, body := call(t, a, "POST", "/api/v1/sequences/preview", bad)
	var e struct {
		Error struct {
			Code, Field string
			Details     []struct {
				Line    int
				Message string
			}
		}
	}
	decodeJSON(t, body, &e)
	if code != 400 || e.Error.Field != "yaml" || len(e.Error.Details) == 0 || e.Error.Details[0].Line != 4 {
		t.Errorf("preview of a bad sequence: %d %s, want 400 with the problem on line 4 in details", code, body)
	}
	code, body = call(t, a, "POST", "/api/v1/sequences/preview", `{"yaml": "", "lead_id": -3}`)
	if code != 400 || !strings.Contains(body, "-3 is not a lead id") {
		t.Errorf("negative lead id: %d %s", code, body)
	}
}

// POST /api/v1/sequences/validate makes campaign creation's field check: a misspelt
// field is a problem with its line, step and the name meant, a custom field is valid
// once a stored lead carries it, and a near miss of one suggests it. It used to call
// valid a sequence that POST /api/v1/campaigns then refused.
func TestValidateChecksTemplateFields(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	validate := func(seq string) validation {
		t.Helper()
		code, body := call(t, a, "POST", "/api/v1/sequences/validate", fmt.Sprintf(`{"yaml": %q}`, seq))
		if code != 200 {
			t.Fatalf("validate: %d %s", code, body)
		}
		var v validation
		decodeJSON(t, body, &v)
		return v
	}
	typo := "name: x\nsteps:\n  - id: hello\n    visit: {}\n  - id: connect\n    invite: {note: \"Hi {{first_nme}}\"}\n"
	if v := validate(typo); v.Valid || len(v.Errors) != 1 || v.Errors[0].Line != 6 || v.Errors[0].Step != "connect" ||
		!strings.Contains(v.Errors[0].Message, `unknown field "first_nme" (did you mean first_name?)`) {
		t.Errorf("a misspelt built-in field: %+v", v)
	}
	topic := "name: x\nsteps:\n  - id: connect\n    invite: {note: \"Hi {{first_name}}, on {{favourite_topic}}\"}\n"
	if v := validate(topic); v.Valid || len(v.Errors) != 1 || !strings.Contains(v.Errors[0].Message, "import leads with that column first") {
		t.Errorf("a custom field no stored lead has: %+v", v)
	}
	if err := apitest.InsertLeads(t.Context(), f.Store, []*paceline.Lead{{FirstName: "Ada", LastName: "Lovelace",
		ProfileKey: "ada-topic", Score: 10, Custom: map[string]string{"favourite_topic": "engines"}}}); err != nil {
		t.Fatal(err)
	}
	if v := validate(topic); !v.Valid || len(v.Errors) != 0 {
		t.Errorf("a custom field a stored lead has: %+v", v)
	}
	near := strings.Replace(topic, "favourite_topic", "favorite_topic", 1)
	if v := validate(near); v.Valid || len(v.Errors) != 1 || v.Errors[0].Line != 4 ||
		!strings.Contains(v.Errors[0].Message, `unknown field "favorite_topic" (did you mean favourite_topic?)`) {
		t.Errorf("a near miss of a custom field: %+v", v)
	}
}

// validation is the answer of POST /api/v1/sequences/validate.
type validation struct {
	Valid  bool
	Errors []struct {
		Line    int
		Step    string
		Message string
	}
}
