package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// While a lead import runs (EXCLUSIVE on leads for its whole length), a campaign's
// start (AddEnrollments) waits for it; a pause of that campaign (paceline campaigns
// pause, or the engine's auto-pause in a tick) must not wait too. The start took the
// campaign's row FOR SHARE before it waited for the leads, which held the pause for as
// long as the import ran.
func TestPauseDoesNotWaitForAnImportBehindAStart(t *testing.T) {
	serverURL(t)
	s := openTest(t)
	ctx := context.Background()
	a := &paceline.Account{Name: "alice", Type: paceline.TypeSalesNavigator, Executor: paceline.ExecutorSim,
		State: paceline.AccountActive, TimeZone: "UTC", Hours: paceline.DefaultWorkingHours,
		Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 0.95, CreatedAt: clock}
	if err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	inImport, release := make(chan struct{}), make(chan struct{})
	importDone := make(chan error, 1)
	go func() {
		importDone <- s.ImportLeads(ctx, func(lead.Sink) error { close(inImport); <-release; return nil })
	}()
	released := false
	releaseImport := func() {
		if !released {
			released = true
			close(release)
		}
	}
	defer releaseImport()
	<-inImport
	startDone := make(chan error, 1)
	go func() {
		_, err := s.AddEnrollments(ctx, "q1", []paceline.EnrollmentRecord{{Lead: "in:ada", Account: "alice", LeadFacts: "{}", Started: clock}})
		startDone <- err
	}()
	// Until the start waits for the import's lock on the leads table (of this test's
	// schema, through the search path).
	for waiting := 0; waiting == 0; {
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks
			WHERE relation = 'leads'::regclass AND mode = 'ShareLock' AND NOT granted`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-startDone:
			t.Fatalf("the start ended (%v) while an import held the leads", err)
		case <-time.After(5 * time.Millisecond): // poll again
		}
	}
	// Bounded: a pause that waits for the import fails here instead of hanging.
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := s.SetCampaignState(pctx, "q1", paceline.CampaignPaused, "emergency")
	releaseImport()
	if err := <-importDone; err != nil {
		t.Errorf("import: %v", err)
	}
	if err := <-startDone; err != nil {
		t.Errorf("start: %v", err)
	}
	if err != nil {
		t.Fatalf("the pause waited for an import it has nothing to do with, and failed: %v", err)
	}
}
