package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/lead"
)

// upload posts a file to the import endpoint and waits for its end.
func upload(t *testing.T, h http.Handler, body, contentType string) api.ImportStatus {
	t.Helper()
	code, out := call(t, h, "POST", "/api/v1/leads/imports", body, "Content-Type", contentType)
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, out)
	}
	var started api.ImportStatus
	decodeJSON(t, out, &started)
	return waitImport(t, h, started.ID)
}

// An upload of paceline's JSON export carrying a suppression list puts the list back,
// as paceline leads import does: the API used to hand the import a wrapped sink that
// hid the store's RestoreSuppressions, and refused every such export.
func TestImportUploadRestoresSuppressions(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	ghost := lead.Key{Type: lead.KeyProfile, Value: "ghost-upload"}
	body := `{"suppressions": [{"suppressed_key_hash": "` + ghost.Hash() + `", "reason": "erased", "at": "2026-03-01T10:00:00Z"}],
 "leads": [{"first_name": "Gus", "profile_url": "https://www.linkedin.com/in/ghost-upload"}]}`
	st := upload(t, a, body, "application/json")
	if st.State != api.ImportDone || st.Error != "" {
		t.Fatalf("ended: %+v", st)
	}
	if r := st.Report; r.Suppressions != 1 || r.SuppressionsAdded != 1 || r.Suppressed != 1 || r.Imported != 0 {
		t.Fatalf("report: %+v", r)
	}
	leads, err := f.Store.ListLeads(context.Background(), paceline.LeadFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range leads {
		if l.ProfileKey == ghost.Value {
			t.Fatalf("the erased person is a lead again: %+v", l)
		}
	}
}

// QA's spreading file through the API: a row tying an address to an opted-out profile
// puts the address on the suppression list, so the next row with the address alone is
// suppressed too, as on the command line.
func TestImportUploadSpreadsASuppression(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	ctx := context.Background()
	if err := f.Store.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "ghost2"}}, ""); err != nil {
		t.Fatal(err)
	}
	before := leadCount(t, f)
	st := upload(t, a, "email,profile_url\ng@x.example,https://www.linkedin.com/in/ghost2\n", "text/csv")
	if st.State != api.ImportDone || st.Report.Suppressed != 1 {
		t.Fatalf("first file: %+v", st)
	}
	st = upload(t, a, "email,profile_url\ng@x.example,\n", "text/csv")
	if st.State != api.ImportDone || st.Report.Suppressed != 1 || st.Report.Imported != 0 {
		t.Fatalf("second file: %+v %+v", st, st.Report)
	}
	if got := leadCount(t, f); got != before {
		t.Fatalf("%d leads, want %d: the suppressed person's address made a lead", got, before)
	}
}
