package apitest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/sqlite"
)

// Now is the fixture's clock: a Wednesday afternoon in working hours.
var Now = time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)

// Password and Token are the fixture user's secrets.
const (
	User     = "admin"
	Password = "correct horse battery"
	Token    = "plt_test-token-0123456789abcdefghijklmnopqrstu"
)

// Fixture is a seeded database: accounts alice (free) and bob (sales-navigator), six
// leads (one named <script>alert(1)</script>), a week of invites, messages and events;
// and carol, an assisted account with two tasks offered today.
type Fixture struct {
	Store *sqlite.Store
	Users *Users
	Leads []*paceline.Lead
	Desk  Desk
	Tasks []*paceline.Task
}

// New builds a fixture in a temporary directory.
func New(t testing.TB) *Fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.NowFunc = func() time.Time { return Now }
	f := &Fixture{Store: st, Users: NewUsers()}
	hash, err := paceline.HashPassword(Password, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Users.CreateUser(ctx, User, hash); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Users.CreateToken(ctx, User, "test", Token[:8], paceline.HashSecret(Token)); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		name string
		typ  paceline.AccountType
	}{{"alice", paceline.TypeFree}, {"bob", paceline.TypeSalesNavigator}} {
		if err := st.CreateAccount(ctx, NewAccount(a.name, a.typ, Now.Add(-60*24*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	f.Leads = []*paceline.Lead{
		{FirstName: "Ada", LastName: "Lovelace", ProfileKey: "ada-lovelace", Company: "Analytical", Title: "Founder", Seniority: paceline.SeniorityOwner, Score: 90,
			Explanation: []paceline.ScoreContribution{{Rule: "seniority", Points: 40, Why: "owner"}, {Rule: "title", Points: 50, Why: "founder"}}},
		{FirstName: "Grace", LastName: "Hopper", ProfileKey: "grace-hopper", Company: "Navy", Title: "VP Engineering", Seniority: paceline.SeniorityVP, Score: 80, Email: "grace@navy.example"},
		{FirstName: "<script>alert(1)</script>", LastName: "X", ProfileKey: "script-x", Company: "<b>Evil</b>", Seniority: paceline.SeniorityManager, Score: 70},
		{FirstName: "Alan", LastName: "Turing", ProfileKey: "alan-turing", Company: "Bletchley", Seniority: paceline.SeniorityDirector, Score: 70},
		{FirstName: "Linus", LastName: "T", ProfileKey: "linus-t", Seniority: paceline.SeniorityManager, Score: 40},
		{FirstName: "Barbara", LastName: "Liskov", ProfileKey: "barbara-liskov", Seniority: paceline.SeniorityHead, Score: 20},
	}
	if err := InsertLeads(ctx, st, f.Leads); err != nil {
		t.Fatal(err)
	}
	// A week of history: alice invites the first four leads, two accept, one is
	// messaged and replies; bob sends one message.
	at := func(h int) time.Time { return Now.Add(time.Duration(h) * time.Hour) }
	acts := []paceline.Action{
		{Key: "i1", At: at(-120), Account: "alice", Kind: paceline.KindInvite, Lead: "ada-lovelace", Result: paceline.ResultDone, Campaign: "q1", Step: "connect"},
		{Key: "i2", At: at(-119), Account: "alice", Kind: paceline.KindInvite, Lead: "grace-hopper", Result: paceline.ResultDone, Campaign: "q1", Step: "connect"},
		{Key: "i3", At: at(-96), Account: "alice", Kind: paceline.KindInvite, Lead: "script-x", Result: paceline.ResultDone, Campaign: "q1", Step: "connect", WithNote: true},
		{Key: "i4", At: at(-95), Account: "alice", Kind: paceline.KindInvite, Lead: "alan-turing", Result: paceline.ResultDone, Campaign: "q1", Step: "connect"},
		{Key: "m1", At: at(-48), Account: "alice", Kind: paceline.KindMessage, Lead: "ada-lovelace", Result: paceline.ResultDone, Campaign: "q1", Step: "hello"},
		{Key: "m2", At: at(-30), Account: "bob", Kind: paceline.KindMessage, Lead: "linus-t", Result: paceline.ResultDone, Campaign: "q2", Step: "hello"},
	}
	for i := range acts {
		if err := st.RecordAction(ctx, &acts[i]); err != nil {
			t.Fatal(err)
		}
	}
	evs := []paceline.Event{
		{Key: "e1", At: at(-100), Account: "alice", Lead: "ada-lovelace", Type: paceline.EventAccepted},
		{Key: "e2", At: at(-90), Account: "alice", Lead: "grace-hopper", Type: paceline.EventAccepted},
		{Key: "e3", At: at(-20), Account: "alice", Lead: "ada-lovelace", Type: paceline.EventReplied},
	}
	for i := range evs {
		if _, err := st.RecordEvent(ctx, &evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	f.addTasks(t)
	return f
}

// addTasks makes carol, an assisted account, and hands two of her actions to the desk
// as the engine would: the ledger first, then the task.
func (f *Fixture) addTasks(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	carol := NewAccount("carol", paceline.TypePremiumBusiness, Now.Add(-60*24*time.Hour))
	carol.Executor = paceline.ExecutorAssist
	if err := f.Store.CreateAccount(ctx, carol); err != nil {
		t.Fatal(err)
	}
	f.Desk = Desk{Store: f.Store, Desk: &assist.Desk{Store: f.Store, NowFunc: func() time.Time { return Now }}}
	for i, x := range []struct {
		lead string
		kind paceline.ActionKind
		text string
	}{
		{"barbara-liskov", paceline.KindInvite, "Hi Barbara, I would love to connect."},
		{"new-person", paceline.KindMessage, "Thanks for connecting, <script>alert(1)</script>!"},
	} {
		a := paceline.Action{Key: fmt.Sprintf("carol-%d", i), At: Now.Add(-time.Duration(60-i) * time.Minute), Account: "carol",
			Kind: x.kind, Lead: x.lead, Result: paceline.ResultDone, WithNote: x.kind == paceline.KindInvite, Campaign: "q3", Step: "s"}
		if err := f.Store.RecordAction(ctx, &a); err != nil {
			t.Fatal(err)
		}
		text := engine.Text{Body: x.text}
		if x.kind == paceline.KindInvite {
			text = engine.Text{Note: x.text}
		}
		if _, err := f.Desk.Desk.ExecuteText(ctx, a, text); err != nil {
			t.Fatal(err)
		}
	}
	list, err := f.Store.Tasks(ctx, paceline.TaskFilter{Account: "carol"})
	if err != nil || len(list) != 2 {
		t.Fatalf("fixture tasks: %d %v", len(list), err)
	}
	f.Tasks = list
}

// NewAccount is an account with the defaults `paceline accounts add` gives.
func NewAccount(name string, t paceline.AccountType, created time.Time) *paceline.Account {
	return &paceline.Account{Name: name, Type: t, Executor: paceline.ExecutorSim, State: paceline.AccountActive,
		TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
		MinGap: paceline.DefaultMinGap, Safety: 1, CreatedAt: created}
}

// InsertLeads stores new leads with their canonical keys, numbering them after the
// leads already stored, and sets their IDs.
func InsertLeads(ctx context.Context, st *sqlite.Store, leads []*paceline.Lead) error {
	n, err := st.CountLeads(ctx)
	if err != nil {
		return err
	}
	return st.ImportLeads(ctx, func(sink lead.Sink) error {
		for i, l := range leads {
			l.ID = int64(n + i + 1)
			if err := sink.Insert(l, lead.Keys(l)); err != nil {
				return fmt.Errorf("insert lead %s: %w", l.Name(), err)
			}
		}
		return nil
	})
}
