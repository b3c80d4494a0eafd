package storetest

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// heldStore is what listing and resuming held steps read and write besides the
// runtime's tables (package runtime's HeldStore).
type heldStore interface {
	HeldEnrollments(ctx context.Context, campaign, lead string) ([]paceline.EnrollmentRecord, error)
	SetLeadFacts(ctx context.Context, id int64, facts string) error
}

// testLeadFacts checks SetLeadFacts, what resuming a held step writes: it replaces
// one enrollment's lead facts and nothing else, a tick's SaveTick leaves them alone,
// and an unknown enrollment is ENOTFOUND. Then HeldEnrollments, what listing held
// steps reads, in the same store (ada here is not flagged held, so not listed).
func testLeadFacts(t *testing.T, s Store) {
	rs, ok := s.(RuntimeStore)
	if !ok {
		t.Fatalf("%T does not keep the runtime's tables", s)
	}
	fs, ok := s.(interface {
		SetLeadFacts(ctx context.Context, id int64, facts string) error
	})
	if !ok {
		t.Fatalf("%T cannot set an enrollment's lead facts", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "alice")
	if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	recs := []paceline.EnrollmentRecord{
		{Lead: "ada", Account: "alice", LeadFacts: `{"first_name":"Ada"}`, Started: Clock},
		{Lead: "bea", Account: "alice", LeadFacts: `{"first_name":"Bea"}`, Started: Clock},
	}
	if _, err := rs.AddEnrollments(ctx, "q1", recs); err != nil {
		t.Fatal(err)
	}
	running, err := rs.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 2 {
		t.Fatalf("running: %+v, %v", running, err)
	}
	ada := running[0]
	ada.State, ada.Snapshot, ada.Due = paceline.EnrollmentWaiting, `{"state":4}`, Clock
	if err := rs.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{ada}, 0, Clock); err != nil {
		t.Fatal(err)
	}
	const fixed = `{"first_name":"Ada","company":"Acme"}`
	if err := fs.SetLeadFacts(ctx, ada.ID, fixed); err != nil {
		t.Fatal(err)
	}
	// A tick that read the enrollment before the change saves it after: the facts stay.
	if err := rs.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{ada}, 0, Clock.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	running, err = rs.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 2 {
		t.Fatalf("running: %+v, %v", running, err)
	}
	if got := running[0]; got.LeadFacts != fixed || got.Snapshot != `{"state":4}` || got.State != paceline.EnrollmentWaiting {
		t.Errorf("ada after SetLeadFacts and a tick: %+v", got)
	}
	if got := running[1]; got.LeadFacts != recs[1].LeadFacts {
		t.Errorf("bea's facts changed to %s", got.LeadFacts)
	}
	wantCode(t, fs.SetLeadFacts(ctx, ada.ID+1000, fixed), paceline.ENOTFOUND)
	t.Run("HeldEnrollments", func(t *testing.T) { testHeldEnrollments(t, s) })
}

// heldReader reads enrollments back with their held flag.
type heldReader interface {
	HeldEnrollments(ctx context.Context, campaign, lead string) ([]paceline.EnrollmentRecord, error)
	RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error)
}

// testHeldEnrollments checks HeldEnrollments: the running enrollments saved with Held
// set, in active campaigns, by account name and then id, read back as
// RunningEnrollments reads them; of one lead in one campaign when asked. SaveTick
// sets and clears the flag, SetLeadFacts leaves it.
func testHeldEnrollments(t *testing.T, s Store) {
	rs, ok := s.(RuntimeStore)
	if !ok {
		t.Fatalf("%T does not keep the runtime's tables", s)
	}
	hs, ok := s.(heldStore)
	if !ok {
		t.Fatalf("%T cannot list held enrollments", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "carol", "bob")
	// Carol's lead is enrolled first, and bob's account still comes first.
	plan := []struct {
		campaign, account, lead string
		state                   paceline.EnrollmentState
		held                    bool
	}{
		{"h1", "carol", "cat", paceline.EnrollmentWaiting, true},
		{"h1", "bob", "ben", paceline.EnrollmentWaiting, true},
		{"h1", "bob", "bix", paceline.EnrollmentWaiting, false},  // waits for an event
		{"h1", "bob", "bo", paceline.EnrollmentStopped, true},    // ended: holds no lead
		{"h2", "carol", "cid", paceline.EnrollmentWaiting, true}, // its campaign is paused
	}
	for _, c := range []string{"h1", "h2"} {
		if err := rs.CreateCampaign(ctx, &paceline.Campaign{Name: c, Sequence: "x", Accounts: []string{"bob", "carol"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	saved := map[string]paceline.EnrollmentRecord{}
	for _, p := range plan {
		if _, err := rs.AddEnrollments(ctx, p.campaign, []paceline.EnrollmentRecord{{Lead: p.lead, Account: p.account, LeadFacts: "{}", Started: Clock}}); err != nil {
			t.Fatal(err)
		}
		running, err := rs.RunningEnrollments(ctx, p.account)
		if err != nil {
			t.Fatal(err)
		}
		r := running[len(running)-1] // the newest
		r.State, r.Held, r.Snapshot, r.Due = p.state, p.held, `{"state":4}`, Clock.Truncate(Precision)
		if err := rs.SaveTick(ctx, p.account, []paceline.EnrollmentRecord{r}, 0, Clock); err != nil {
			t.Fatal(err)
		}
		saved[r.Lead] = r
	}
	if err := rs.SetCampaignState(ctx, "h2", paceline.CampaignPaused, "x"); err != nil {
		t.Fatal(err)
	}
	for _, r := range wantHeld(t, s.(heldReader), "", "", "ben", "cat") {
		if !sameRecord(r, saved[r.Lead]) {
			t.Errorf("held %+v, saved as %+v", r, saved[r.Lead])
		}
	}
	wantHeld(t, s.(heldReader), "h1", "ben", "ben")
	wantHeld(t, s.(heldReader), "h2", "ben")
	wantHeld(t, s.(heldReader), "h1", "bix")
	wantHeld(t, s.(heldReader), "h2", "cid")

	// Resuming writes the facts and leaves the flag; a tick that saves the step
	// running again clears it.
	if err := hs.SetLeadFacts(ctx, saved["cat"].ID, `{"resume_at":"2026-03-02T10:00:00Z"}`); err != nil {
		t.Fatal(err)
	}
	ben := saved["ben"]
	ben.Held, ben.Snapshot = false, `{"state":1}`
	if err := rs.SaveTick(ctx, "bob", []paceline.EnrollmentRecord{ben}, 0, Clock); err != nil {
		t.Fatal(err)
	}
	wantHeld(t, s.(heldReader), "", "", "cat")
	wantFlags(t, s.(heldReader), "bob", "ben:false bix:false")
}

// wantHeld fails t unless HeldEnrollments(campaign, lead) lists the enrollments of
// the leads want, in order, flagged held; it returns them.
func wantHeld(t *testing.T, s heldReader, campaign, lead string, want ...string) []paceline.EnrollmentRecord {
	t.Helper()
	got, err := s.HeldEnrollments(context.Background(), campaign, lead)
	if err != nil {
		t.Fatal(err)
	}
	var leads []string
	for _, r := range got {
		leads = append(leads, fmt.Sprintf("%s:%t", r.Lead, r.Held))
	}
	for i, l := range want {
		want[i] = l + ":true"
	}
	if !slices.Equal(leads, want) {
		t.Fatalf("held enrollments (%q, %q) = %v, want %v", campaign, lead, leads, want)
	}
	return got
}

// wantFlags fails t unless the account's running enrollments read back with the held
// flags of want, as "lead:flag" in id order.
func wantFlags(t *testing.T, s heldReader, account, want string) {
	t.Helper()
	running, err := s.RunningEnrollments(context.Background(), account)
	if err != nil {
		t.Fatal(err)
	}
	var flags []string
	for _, r := range running {
		flags = append(flags, fmt.Sprintf("%s:%t", r.Lead, r.Held))
	}
	if got := strings.Join(flags, " "); got != want {
		t.Errorf("running enrollments of %s: %s, want %s", account, got, want)
	}
}

// SeedHeldBeforeFlag brings an empty database to schema version 10 with the store's
// own migrations (the migrations folder of fsys), running each statement with exec,
// and stores enrollments as ticks saved them before migration 0011 added the held
// flag: ada held, bob waiting for an event, cy new (no snapshot yet), dee finished.
// CheckHeldFlagged checks them once the store has migrated.
func SeedHeldBeforeFlag(t *testing.T, fsys fs.FS, exec func(q string) error) {
	t.Helper()
	SchemaAt(t, fsys, 10, exec)
	var q []string
	snap := func(state engine.State) string {
		return fmt.Sprintf(`{"step":0,"state":%d,"phase":1,"due":"2026-03-02T08:00:00Z","started":"2026-03-02T08:00:00Z"}`, state)
	}
	q = append(q, `INSERT INTO accounts (name, type, executor, state, time_zone, hours_start,
			hours_end, working_days, min_gap_ns, safety, created_at, updated_at)
		VALUES ('alice', 'free', 'sim', 'active', 'UTC', 480, 1080, 62, 60000000000, 1, '2026-01-01', '2026-01-01')`,
		`INSERT INTO campaigns (name, sequence, state, created_at, updated_at)
		VALUES ('q1', 'x', 'active', '2026-01-01', '2026-01-01')`,
		`INSERT INTO enrollments (campaign_id, lead, account, step, state, due, reason, lead_facts,
			snapshot, started_at, updated_at)
		SELECT c.id, e.lead, 'alice', 0, e.state, '2026-01-01', '', '{}', e.snapshot, '2026-01-01', '2026-01-01'
		FROM campaigns c, (SELECT 'ada' AS lead, 'waiting' AS state, '`+snap(engine.Held)+`' AS snapshot
			UNION ALL SELECT 'bob', 'waiting', '`+snap(engine.Waiting)+`'
			UNION ALL SELECT 'cy', 'new', ''
			UNION ALL SELECT 'dee', 'finished', '`+snap(engine.Finished)+`') e
		ORDER BY e.lead`)
	for _, s := range q {
		if err := exec(s); err != nil {
			t.Fatalf("%.60s: %v", s, err)
		}
	}
}

// CheckHeldFlagged fails t unless the store, migrated from the database
// SeedHeldBeforeFlag wrote, lists ada alone as held and reads each enrollment's flag
// back.
func CheckHeldFlagged(t *testing.T, s heldReader) {
	t.Helper()
	wantHeld(t, s, "", "", "ada")
	wantFlags(t, s, "alice", "ada:true bob:false cy:false")
}
