package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// RuntimeStore is what the durable runtime keeps (package runtime's Store): campaigns,
// enrollments, the outbox, per-account cursors, the clock and the simulated platform's
// journal. Both stores implement it.
type RuntimeStore interface {
	Store
	CreateCampaign(ctx context.Context, c *paceline.Campaign) error
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
	AccountCampaigns(ctx context.Context, account string) ([]*paceline.Campaign, error)
	SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
	CampaignCounts(ctx context.Context, name string) (map[paceline.EnrollmentState]int, map[paceline.ActionKind]int, error)
	AddEnrollments(ctx context.Context, campaign string, recs []paceline.EnrollmentRecord) (int, error)
	RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error)
	SaveTick(ctx context.Context, account string, recs []paceline.EnrollmentRecord, eventID int64, at time.Time) error
	Cursor(ctx context.Context, account string) (int64, time.Time, error)
	EventsAfter(ctx context.Context, account string, after int64) ([]paceline.Event, error)
	PlanAction(ctx context.Context, a *paceline.Action) error
	CompleteAction(ctx context.Context, a *paceline.Action) error
	DropPlanned(ctx context.Context, key string) error
	ActionByKey(ctx context.Context, key string) (*paceline.Action, paceline.ActionState, error)
	PlannedActions(ctx context.Context, account string) ([]paceline.Action, error)
	DoneActions(ctx context.Context) ([]paceline.Action, error)
	DuplicateSteps(ctx context.Context) ([]paceline.Action, error)
	Clock(ctx context.Context) (speed float64, virtualAt, realAt, reached time.Time, ok bool, err error)
	SetClock(ctx context.Context, speed float64, virtualAt, realAt time.Time) error
	SimRecord(ctx context.Context, a paceline.Action) (paceline.Action, bool, error)
	SimExecuted(ctx context.Context, key string) (paceline.Action, bool, error)
	SimActions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
}

// testRuntime runs the runtime's conformance checks on a store that has the runtime's
// tables.
func testRuntime(t *testing.T, s Store) {
	rs, ok := s.(RuntimeStore)
	if !ok {
		t.Fatalf("%T does not keep the runtime's tables", s)
	}
	withAccounts(t, s, "alice", "bob")
	t.Run("Campaigns", func(t *testing.T) { testCampaigns(t, rs) })
	t.Run("Enrollments", func(t *testing.T) { testEnrollments(t, rs) })
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, rs) })
	t.Run("ClockAndJournal", func(t *testing.T) { testClockAndJournal(t, rs) })
}

func testCampaigns(t *testing.T, s RuntimeStore) {
	ctx := context.Background()
	c := &paceline.Campaign{Name: "q1", List: "founders", Sequence: "name: x", Priority: 2, Accounts: []string{"bob", "alice"}}
	if err := s.CreateCampaign(ctx, c); err != nil || c.ID == 0 {
		t.Fatalf("create: id %d, %v", c.ID, err)
	}
	wantCode(t, s.CreateCampaign(ctx, &paceline.Campaign{Name: "q1", Sequence: "x", Accounts: []string{"alice"}}), paceline.ECONFLICT)
	wantCode(t, s.CreateCampaign(ctx, &paceline.Campaign{Name: "q2", Sequence: "x", Accounts: []string{"nobody"}}), paceline.ENOTFOUND)
	wantCode(t, s.CreateCampaign(ctx, &paceline.Campaign{Name: "q3", Sequence: "x"}), paceline.EINVALID)
	if _, err := s.Campaign(ctx, "q2"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("a failed create left campaign q2 behind: %v", err)
	}
	got, err := s.Campaign(ctx, "q1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != paceline.CampaignDraft || got.List != "founders" || got.Priority != 2 || len(got.Accounts) != 2 || got.Accounts[0] != "alice" {
		t.Fatalf("round trip: %+v", got)
	}
	if err := s.SetCampaignState(ctx, "q1", paceline.CampaignPaused, "holiday"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Campaign(ctx, "q1"); got.State != paceline.CampaignPaused || got.PausedReason != "holiday" {
		t.Fatalf("after pause: %+v", got)
	}
	wantCode(t, s.SetCampaignState(ctx, "nope", paceline.CampaignActive, ""), paceline.ENOTFOUND)
	if list, err := s.AccountCampaigns(ctx, "bob"); err != nil || len(list) != 1 {
		t.Fatalf("bob's campaigns: %v, %v", list, err)
	}
}

func testEnrollments(t *testing.T, s RuntimeStore) {
	ctx := context.Background()
	for _, name := range []string{"e1", "e2"} {
		if err := s.CreateCampaign(ctx, &paceline.Campaign{Name: name, Sequence: "x", Accounts: []string{"alice"}, State: paceline.CampaignActive}); err != nil {
			t.Fatal(err)
		}
	}
	recs := []paceline.EnrollmentRecord{
		{Lead: "in/ada", Account: "alice", LeadFacts: "{}", Started: Clock},
		{Lead: "in/bea", Account: "alice", LeadFacts: "{}", Started: Clock},
		{Lead: "in/ada", Account: "alice", LeadFacts: "{}", Started: Clock}, // twice in one batch
	}
	if n, err := s.AddEnrollments(ctx, "e1", recs); err != nil || n != 2 {
		t.Fatalf("enrolled %d, %v; want 2", n, err)
	}
	// A lead runs in one enrollment at a time, across campaigns.
	if n, err := s.AddEnrollments(ctx, "e2", recs[:1]); err != nil || n != 0 {
		t.Fatalf("second campaign enrolled a running lead: %d, %v", n, err)
	}
	if _, err := s.AddEnrollments(ctx, "e2", []paceline.EnrollmentRecord{{Lead: "in/cy", Account: "nobody", LeadFacts: "{}", Started: Clock}}); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("unknown account: %v", err)
	}
	running, err := s.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 2 || running[0].State != paceline.EnrollmentNew || running[0].Campaign != "e1" {
		t.Fatalf("running: %+v, %v", running, err)
	}
	ev := paceline.Event{Key: "acc-ada", At: Clock, Account: "alice", Lead: "in/ada", Type: paceline.EventAccepted}
	if _, err := s.RecordEvent(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	after, err := s.EventsAfter(ctx, "alice", 0)
	if err != nil || len(after) != 1 || after[0].Key != "acc-ada" {
		t.Fatalf("events after 0: %+v, %v", after, err)
	}
	done := running[0]
	done.State, done.Step, done.Ended, done.Reason, done.Snapshot = paceline.EnrollmentStopped, -1, Clock.Add(time.Hour), "replied", `{"step":-1}`
	act := running[1]
	act.State, act.Step, act.Due, act.Snapshot = paceline.EnrollmentWaiting, 1, Clock.Add(2*time.Hour), `{"step":1}`
	if err := s.SaveTick(ctx, "alice", []paceline.EnrollmentRecord{done, act}, ev.ID, Clock.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	cur, last, err := s.Cursor(ctx, "alice")
	if err != nil || cur != ev.ID || !at(last).Equal(at(Clock.Add(time.Hour))) {
		t.Fatalf("cursor %d at %s, %v", cur, last, err)
	}
	if after, _ := s.EventsAfter(ctx, "alice", cur); len(after) != 0 {
		t.Fatalf("events after the cursor: %+v", after)
	}
	running, err = s.RunningEnrollments(ctx, "alice")
	if err != nil || len(running) != 1 || running[0].Lead != "in/bea" || running[0].Step != 1 ||
		!at(running[0].Due).Equal(at(Clock.Add(2*time.Hour))) || running[0].Snapshot != `{"step":1}` {
		t.Fatalf("after the tick: %+v, %v", running, err)
	}
	// Once its enrollment ended, the lead may join another campaign.
	if n, err := s.AddEnrollments(ctx, "e2", recs[:1]); err != nil || n != 1 {
		t.Fatalf("re-enroll an ended lead: %d, %v", n, err)
	}
	states, _, err := s.CampaignCounts(ctx, "e1")
	if err != nil || states[paceline.EnrollmentStopped] != 1 || states[paceline.EnrollmentWaiting] != 1 {
		t.Fatalf("counts: %v, %v", states, err)
	}
	// A paused campaign's enrollments are held.
	if err := s.SetCampaignState(ctx, "e1", paceline.CampaignPaused, "x"); err != nil {
		t.Fatal(err)
	}
	if running, _ := s.RunningEnrollments(ctx, "alice"); len(running) != 1 || running[0].Campaign != "e2" {
		t.Fatalf("paused campaign still runs: %+v", running)
	}
}

func testOutbox(t *testing.T, s RuntimeStore) {
	ctx := context.Background()
	a := paceline.Action{Key: "o1/in/ada/connect", At: Clock, Account: "bob", Kind: paceline.KindInvite, Lead: "in/ada", Campaign: "o1", Step: "connect"}
	if err := s.PlanAction(ctx, &a); err != nil || a.ID == 0 {
		t.Fatalf("plan: %v", err)
	}
	again := a
	wantCode(t, s.PlanAction(ctx, &again), paceline.ECONFLICT)
	got, state, err := s.ActionByKey(ctx, a.Key)
	if err != nil || state != paceline.ActionPlanned || got.Counts() {
		t.Fatalf("planned: %+v %s %v", got, state, err)
	}
	if planned, err := s.PlannedActions(ctx, "bob"); err != nil || len(planned) != 1 {
		t.Fatalf("planned list: %v, %v", planned, err)
	}
	a.Result, a.At = paceline.ResultDone, Clock.Add(time.Second)
	if err := s.CompleteAction(ctx, &a); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CompleteAction(ctx, &a), paceline.ENOTFOUND)
	if err := s.DropPlanned(ctx, a.Key); err != nil {
		t.Fatal(err)
	}
	got, state, err = s.ActionByKey(ctx, a.Key)
	if err != nil || state != paceline.ActionDone || !got.Counts() || !at(got.At).Equal(at(a.At)) {
		t.Fatalf("a done action was dropped or changed: %+v %s %v", got, state, err)
	}
	wantCode(t, func() error { _, _, err := s.ActionByKey(ctx, "nope"); return err }(), paceline.ENOTFOUND)
	b := paceline.Action{Key: "o1/in/bea/connect", At: Clock, Account: "bob", Kind: paceline.KindInvite, Lead: "in/bea", Campaign: "o1", Step: "connect"}
	if err := s.PlanAction(ctx, &b); err != nil {
		t.Fatal(err)
	}
	if err := s.DropPlanned(ctx, b.Key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ActionByKey(ctx, b.Key); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("dropped planned action still there: %v", err)
	}
	if done, err := s.DoneActions(ctx); err != nil || len(done) != 1 {
		t.Fatalf("done actions: %v, %v", done, err)
	}
	if dups, err := s.DuplicateSteps(ctx); err != nil || len(dups) != 0 {
		t.Fatalf("duplicates: %v, %v", dups, err)
	}
	// The same step done again under another key (a second attempt) is a duplicate.
	c := paceline.Action{Key: "o1/in/ada/connect#2", At: Clock.Add(time.Hour), Account: "bob", Kind: paceline.KindInvite, Lead: "in/ada",
		Result: paceline.ResultDone, Campaign: "o1", Step: "connect"}
	if err := s.RecordAction(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if dups, err := s.DuplicateSteps(ctx); err != nil || len(dups) != 1 || dups[0].Lead != "in/ada" {
		t.Fatalf("duplicates: %v, %v", dups, err)
	}
}

func testClockAndJournal(t *testing.T, s RuntimeStore) {
	ctx := context.Background()
	if _, _, _, _, ok, err := s.Clock(ctx); ok || err != nil {
		t.Fatalf("a new database has a clock: %v", err)
	}
	if err := s.SetClock(ctx, 100, Clock.Add(time.Hour), Clock); err != nil {
		t.Fatal(err)
	}
	if err := s.SetClock(ctx, 50, Clock, Clock.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	speed, v, r, reached, ok, err := s.Clock(ctx)
	if err != nil || !ok || speed != 50 || !at(v).Equal(at(Clock)) || !at(r).Equal(at(Clock.Add(time.Minute))) || !at(reached).Equal(at(Clock.Add(time.Hour))) {
		t.Fatalf("clock %g %s %s reached %s (want reached kept at +1h), %v", speed, v, r, reached, err)
	}
	a := paceline.Action{Key: "k1", At: Clock, Account: "alice", Lead: "in/ada", Kind: paceline.KindInvite, Result: paceline.ResultDone, WithNote: true}
	if _, fresh, err := s.SimRecord(ctx, a); err != nil || !fresh {
		t.Fatalf("first record: %v %v", fresh, err)
	}
	b := a
	b.At, b.Result = Clock.Add(time.Hour), paceline.ResultFailed
	stored, fresh, err := s.SimRecord(ctx, b)
	if err != nil || fresh || stored.Result != paceline.ResultDone || !at(stored.At).Equal(at(Clock)) || !stored.WithNote {
		t.Fatalf("second record: %+v fresh=%v %v", stored, fresh, err)
	}
	if _, ok, err := s.SimExecuted(ctx, "k2"); ok || err != nil {
		t.Fatalf("unknown key executed: %v", err)
	}
	if list, err := s.SimActions(ctx, "alice", Clock, Clock.Add(time.Second)); err != nil || len(list) != 1 {
		t.Fatalf("journal: %v, %v", list, err)
	}
}
