package api_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// countingImporter wraps an importer, as a server may (to count, to hold, to log).
type countingImporter struct {
	api.LeadImporter
	n *atomic.Int32
}

func (c countingImporter) ImportLeads(ctx context.Context, fn func(lead.Sink) error) error {
	c.n.Add(1)
	return c.LeadImporter.ImportLeads(ctx, fn)
}

// An importer that wraps a store still scores uploads with the rules the store keeps
// in force: the rules are part of LeadImporter, where they were an optional interface
// that a wrapper silently dropped, scoring with the built-in rules.
func TestWrappedImporterScoresWithTheRulesInForce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := apitest.New(t)
	var n atomic.Int32
	a := api.New(api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users,
		Importer: countingImporter{LeadImporter: f.Store, n: &n}, NowFunc: func() time.Time { return apitest.Now }})
	if _, _, err := f.Store.SetICPRules(ctx, score.Stored{YAML: "base: 5\nseniority:\n  c-level: 60\n", Source: "icp.yaml"}, func(*paceline.Lead) {}); err != nil {
		t.Fatal(err)
	}
	code, body := call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, body)
	}
	var started api.ImportStatus
	decodeJSON(t, body, &started)
	if st := waitImport(t, a, started.ID); st.State != api.ImportDone {
		t.Fatalf("ended: %+v", st)
	}
	if got := n.Load(); got != 1 {
		t.Fatalf("the wrapper ran %d imports, want 1", got)
	}
	ada, err := f.Store.LeadByKey(ctx, "in", "ada-lovelace-upload")
	if err != nil {
		t.Fatal(err)
	}
	if ada.Score != 65 {
		t.Errorf("Ada scores %d, want 65 from the rules in force", ada.Score)
	}
}
