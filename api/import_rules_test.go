package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

var (
	_ api.ICPRuleKeeper = (*sqlite.Store)(nil)
	_ api.ICPRuleKeeper = (*postgres.Store)(nil)
)

// An upload is scored with the ICP rules the database keeps in force (it always used
// the built-in rules, whatever the user had set with paceline leads score --icp), and
// kept rules that no longer parse fail the import with what to do.
func TestImportScoresWithTheRulesInForce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		wantAda    int    // Ada is a CTO: c-level
		wantErr    string // the import's error, "" when it is done
	}{
		{name: "rules in force", yaml: "base: 5\nseniority:\n  c-level: 60\n", wantAda: 65},
		{name: "rules that no longer parse", yaml: "seniority:\n  boss: 3\n", wantErr: "the ICP rules kept in the database (icp.yaml) no longer parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a, f := newAPI(t)
			if _, _, err := f.Store.SetICPRules(ctx, score.Stored{YAML: tt.yaml, Source: "icp.yaml"}, func(*paceline.Lead) {}); err != nil {
				t.Fatal(err)
			}
			code, body := call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
			if code != http.StatusAccepted {
				t.Fatalf("upload: %d %s", code, body)
			}
			var started api.ImportStatus
			decodeJSON(t, body, &started)
			st := waitImport(t, a, started.ID)
			if tt.wantErr != "" {
				if st.State != api.ImportFailed || !strings.Contains(st.Error, tt.wantErr) {
					t.Fatalf("ended: %+v, want failed with %q", st, tt.wantErr)
				}
				return
			}
			if st.State != api.ImportDone {
				t.Fatalf("ended: %+v", st)
			}
			ada, err := f.Store.LeadByKey(ctx, "in", "ada-lovelace-upload")
			if err != nil {
				t.Fatal(err)
			}
			if ada.Score != tt.wantAda {
				t.Errorf("Ada scores %d, want %d from the rules in force", ada.Score, tt.wantAda)
			}
		})
	}
}
