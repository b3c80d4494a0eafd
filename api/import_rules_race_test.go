package api_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/postgres/pgtest"
)

// rulesStore is a database an upload goes into: both stores are.
type rulesStore interface {
	api.LeadImporter
	api.LeadStore
	paceline.AccountStore
	SetICPRules(ctx context.Context, r score.Stored, scoreFunc func(*paceline.Lead)) (seen, changed int, err error)
	LeadByKey(ctx context.Context, kind, value string) (*paceline.Lead, error)
}

// savedBeforeImport is an importer on which ICP rules (a CTO scores 21) are saved, as
// paceline leads score --icp saves them, just before each import's transaction
// begins: after the upload was received and the rules it would be scored with could
// be read, as a save that ran meanwhile would.
type savedBeforeImport struct {
	rulesStore
	t *testing.T
}

func (s savedBeforeImport) ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error {
	const saved = "base: 1\nseniority:\n  c-level: 20\n"
	r, err := score.Parse([]byte(saved))
	if err != nil {
		s.t.Fatal(err)
	}
	if _, _, err := s.SetICPRules(ctx, score.Stored{YAML: saved, Source: "saved.yaml"}, r.Apply); err != nil {
		s.t.Errorf("save the rules: %v", err)
	}
	return s.rulesStore.ImportLeads(ctx, fn)
}

// An upload was scored with the ICP rules read before the import's transaction
// began: rules saved between the two were in force once it committed, and Ada kept
// the old rules' 65 under them. They are read inside the transaction.
func TestUploadScoresWithRulesSavedBeforeItsTransaction(t *testing.T) {
	t.Parallel()
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		testUploadWithRulesSaved(t, apitest.New(t).Store)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		t.Parallel()
		base := os.Getenv("PACELINE_TEST_POSTGRES")
		if base == "" {
			t.Skip("PACELINE_TEST_POSTGRES is not set")
		}
		db, _ := pgtest.Schema(t, base, "api_")
		st, err := postgres.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		testUploadWithRulesSaved(t, st)
	})
}

func testUploadWithRulesSaved(t *testing.T, st rulesStore) {
	ctx := context.Background()
	if _, _, err := st.SetICPRules(ctx, score.Stored{YAML: "base: 5\nseniority:\n  c-level: 60\n", Source: "icp.yaml"}, func(*paceline.Lead) {}); err != nil {
		t.Fatal(err)
	}
	a := api.New(api.Deps{Accounts: st, Leads: st, Users: apitest.New(t).Users,
		Importer: savedBeforeImport{rulesStore: st, t: t}, NowFunc: func() time.Time { return apitest.Now }})
	code, body := call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, body)
	}
	var started api.ImportStatus
	decodeJSON(t, body, &started)
	if got := waitImport(t, a, started.ID); got.State != api.ImportDone {
		t.Fatalf("ended: %+v", got)
	}
	ada, err := st.LeadByKey(ctx, "in", "ada-lovelace-upload")
	if err != nil {
		t.Fatal(err)
	}
	if ada.Score != 21 {
		t.Errorf("Ada, a CTO, scores %d, want 21 from the rules in force (65 is the rules' before the save)", ada.Score)
	}
}
