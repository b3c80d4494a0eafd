package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
)

// doneSeat carries out every LinkedIn action it is handed at once and notes its kind:
// the browser a seat would drive, as far as these tests need one.
type doneSeat struct {
	mu    sync.Mutex
	kinds []paceline.ActionKind
}

func (d *doneSeat) Execute(_ context.Context, a paceline.Action) (engine.Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.kinds = append(d.kinds, a.Kind)
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

func (d *doneSeat) Executed(context.Context, string) (engine.Outcome, bool, error) {
	return engine.Outcome{}, false, nil
}

// TestLinkedInSeatSendsItsOwnEmail runs the seed's workflow for one person from one
// sender: a LinkedIn account given a mailbox of its own (accounts update ... --from
// --smtp --imap) carries out the LinkedIn step through its seat and mails the email
// step through its mailbox, paced by its own Pacer; a reply by mail then stops the
// lead. Before, a LinkedIn account could not have a mailbox, and a campaign's email
// step was skipped for every lead of a LinkedIn seat. On a SQLite file and on
// PostgreSQL (with PACELINE_TEST_POSTGRES).
func TestLinkedInSeatSendsItsOwnEmail(t *testing.T) {
	t.Parallel()
	onBothStoresWithKey(t, testLinkedInSeatSendsItsOwnEmail)
}

func testLinkedInSeatSendsItsOwnEmail(t *testing.T, dbPath string, getenv func(string) string) {
	m := startMailServers(t)
	dir := t.TempDir()
	cliCode := cli // the exit code and both outputs, where cli below stops the test on a failure
	cli := func(args ...string) string { return runWith(t, getenv, dbPath, args...) }
	cli("migrate")
	cli("accounts", "add", "--name", "ann", "--type", "free", "--executor", "sim")
	seq := writeFile(t, dir, "seq.yaml", `name: both
steps:
  - id: look
    visit: {}
  - id: mail
    delay: 1d
    email: {subject: "Hello {{first_name}}", body: "Hi {{first_name}},\n\na question."}
  - id: bump
    delay: 3d
    email: {subject: "Again, {{first_name}}", body: "Hi {{first_name}}, any thoughts?"}
`)
	// Before the mailbox: the email steps are skipped by every lead, and the warning
	// says how to send them.
	out := cli("campaigns", "create", "--name", "early", "--accounts", "ann", "--sequence", seq)
	if !strings.Contains(out, "Created campaign early") {
		t.Fatalf("campaigns create: %s", out)
	}
	args := append([]string{"accounts", "update", "ann"}, m.addArgs("x", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")[6:]...)
	out = cli(args...)
	if !strings.Contains(out, "ann") {
		t.Fatalf("accounts update with a mailbox: %s", out)
	}
	if show := cli("accounts", "show", "ann"); !strings.Contains(show, "ann@paceline.test") || !strings.Contains(show, "free") {
		t.Fatalf("accounts show does not give ann's type and mailbox:\n%s", show)
	}
	cli("leads", "import", writeFile(t, dir, "leads.csv",
		"profile_url,email,first_name\nhttps://www.linkedin.com/in/jo-test,jo@acme.test,Jo\n"), "--list", "both")
	cli("campaigns", "create", "--name", "both", "--list", "both", "--accounts", "ann", "--sequence", seq)
	cli("campaigns", "start", "both")

	a := &app{dbPath: dbPath, stdout: io.Discard, stderr: io.Discard, getenv: getenv}
	ctx := t.Context()
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC().Truncate(24 * time.Hour)
	for now.Weekday() != time.Monday || now.Before(time.Now()) {
		now = now.Add(24 * time.Hour)
	}
	clk := &mailClock{t: now.Add(10 * time.Hour)}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mail, err := a.startMailboxes(ctx, db, clk.Now, logger)
	if err != nil || mail == nil {
		t.Fatalf("startMailboxes: %v, %v (the LinkedIn account's mailbox is not run)", mail, err)
	}
	mail.WakeFunc = func(context.Context, string) error { return nil }
	seat := &doneSeat{}
	runner := &runtime.Runner{Store: db.store, Clock: clk, Seed: 1, Logger: logger,
		Executor: &mailRouter{accounts: db.store, mail: mail, other: &assist.Router{Accounts: db.store,
			Desk: &assist.Desk{Store: db.store, NowFunc: clk.Now}, Other: seat}}}

	for ticks := 0; m.smtp.count() < 1; ticks++ {
		res, err := runner.Tick(ctx, "ann")
		if err != nil {
			t.Fatal(err)
		}
		if ticks > 200 || res.Wake.IsZero() {
			t.Fatalf("after %d ticks %d emails sent, seat did %v (wake %v)", ticks, m.smtp.count(), seat.kinds, res.Wake)
		}
		clk.t = res.Wake.Truncate(time.Microsecond).Add(time.Microsecond)
	}
	if !slices.Equal(seat.kinds, []paceline.ActionKind{paceline.KindVisit}) {
		t.Errorf("the seat carried out %v, want the visit only (the email is the mailbox's)", seat.kinds)
	}
	sent, err := db.store.SentTo(ctx, "jo@acme.test")
	if err != nil {
		t.Fatalf("the email to Jo is not in the sent log: %v", err)
	}
	if sent.Account != "ann" || sent.Campaign != "both" {
		t.Fatalf("sent log: %+v, want ann's email of campaign both", sent)
	}
	acts, err := db.store.Actions(ctx, "ann", now, clk.t.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []paceline.ActionKind
	for _, a := range acts {
		kinds = append(kinds, a.Kind)
	}
	if !slices.Equal(kinds, []paceline.ActionKind{paceline.KindVisit, paceline.KindEmail}) {
		t.Errorf("ann's ledger holds %v, want the visit then the email", kinds)
	}

	// While Jo runs, the mailbox cannot be taken away: Jo's reply would come to it.
	if code, _, errOut := cliCode(t, dbPath, "accounts", "update", "ann", "--remove-mailbox"); code == exitOK ||
		!strings.Contains(errOut, "ann has 1 running lead: a reply to an email it sent comes to this mailbox") {
		t.Errorf("--remove-mailbox with a running lead: exit %d, %q; want a refusal", code, errOut)
	}

	// Jo answers the email: the poll records it for ann, and the next tick stops Jo
	// before the follow-up.
	m.deliverIMAP(t, "From: Jo <jo@acme.test>\r\nTo: ann@paceline.test\r\nMessage-ID: <r1@acme.test>\r\n"+
		"In-Reply-To: <"+sent.MessageID+">\r\nSubject: Re: Hello Jo\r\nDate: "+time.Now().Format(time.RFC1123Z)+"\r\n\r\nTell me more.\r\n", time.Now())
	if err := mail.poll(ctx, "ann", mail.pollers["ann"]); err != nil {
		t.Fatalf("poll of ann's mailbox: %v", err)
	}
	if _, err := runner.Tick(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	recs, err := db.store.RunningEnrollments(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 0 {
		t.Fatalf("running after Jo's reply: %+v, want none", recs)
	}
	clk.t = clk.t.Add(7 * 24 * time.Hour)
	if _, err := runner.Tick(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if n := m.smtp.count(); n != 1 {
		t.Errorf("%d emails sent, want 1: the follow-up went out after the reply", n)
	}

	// The mailbox taken away again, with its email cap: serve forgets it at its next
	// refresh, and the seat can no longer send email.
	cli("accounts", "update", "ann", "--cap", "email=30")
	out = cli("accounts", "update", "ann", "--remove-mailbox")
	if !strings.Contains(out, "Took the mailbox of ann away") || !strings.Contains(out, "Its email caps went with it (it had email)") {
		t.Errorf("accounts update --remove-mailbox: %s", out)
	}
	if _, err := mail.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if s, err := mail.sender("ann"); s != nil || err != nil {
		t.Errorf("serve still sends from ann's removed mailbox: %v, %v", s, err)
	}
	acct, err := db.store.Account(ctx, "ann")
	if err != nil || acct.Mailbox || acct.Caps[paceline.KindEmail] != 0 {
		t.Fatalf("ann after --remove-mailbox: %+v, %v; want no mailbox and no email cap", acct, err)
	}
}

// TestAccountsAddLinkedInSeatWithMailbox: accounts add takes the mailbox flags for a
// LinkedIn account too, and then its email caps; without a mailbox a LinkedIn account
// refuses an email cap, saying how to give it one.
func TestAccountsAddLinkedInSeatWithMailbox(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	db := filepath.Join(t.TempDir(), "p.db")
	code, _, errOut := cli(t, db, "accounts", "add", "--name", "bob", "--type", "premium-business", "--cap", "email=100")
	if code == exitOK || !strings.Contains(errOut, "give it a mailbox of its own") {
		t.Fatalf("email cap on a LinkedIn account without a mailbox: exit %d\n%s", code, errOut)
	}
	args := append([]string{"accounts", "add", "--name", "ann", "--type", "free", "--executor", "assist", "--cap", "email=100"},
		m.addArgs("x", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
			"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com")[6:]...)
	code, out, errOut := cli(t, db, args...)
	if code != exitOK || !strings.Contains(out, "Created account ann with a mailbox of its own") {
		t.Fatalf("accounts add of a LinkedIn account with a mailbox: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"accounts", "update", "ann", "--remove-mailbox", "--safety", "0.9"}, "--remove-mailbox goes alone"},
		{[]string{"accounts", "add", "--name", "cy", "--type", "free"}, ""},
		{[]string{"accounts", "update", "cy", "--remove-mailbox"}, "cy has no mailbox of its own to take away"},
	} {
		code, _, errOut := cli(t, db, tc.args...)
		if tc.want == "" {
			if code != exitOK {
				t.Fatalf("%v: exit %d: %s", tc.args, code, errOut)
			}
			continue
		}
		if code == exitOK || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want a refusal saying %q", tc.args, code, errOut, tc.want)
		}
	}
	show := mustCLI(t, db, "accounts", "show", "ann", "--json")
	for _, want := range []string{`"type": "free"`, `ann%40paceline.test@127.0.0.1`, `"caps": {
    "email": 100`} {
		if !strings.Contains(show, want) {
			t.Errorf("accounts show --json does not say %s:\n%s", want, show)
		}
	}
}

// oneAccount answers Account with one stored account.
type oneAccount struct{ a *paceline.Account }

func (o oneAccount) Account(context.Context, string) (*paceline.Account, error) { return o.a, nil }

// The router sends no email for a LinkedIn account whose own mailbox was taken away
// after the tick planned the email (its sender may still be cached until the next
// refresh), and hands its LinkedIn actions on as before.
func TestRouterSendsNoEmailWithoutTheSeatsMailbox(t *testing.T) {
	t.Parallel()
	seat := &doneSeat{}
	r := &mailRouter{accounts: oneAccount{&paceline.Account{Name: "ann", Executor: paceline.ExecutorSim}},
		mail: &mailboxes{}, other: &assist.Router{Accounts: oneAccount{&paceline.Account{Name: "ann", Executor: paceline.ExecutorSim}}, Other: seat}}
	out, err := r.ExecuteText(t.Context(), paceline.Action{Key: "k1", Account: "ann", Kind: paceline.KindEmail}, engine.Text{})
	if paceline.ErrorCode(err) != paceline.ENOTFOUND || out.Result != paceline.ResultFailed {
		t.Errorf("email from a seat without its mailbox: %+v, %v; want failed, ENOTFOUND", out, err)
	}
	if out, err := r.ExecuteText(t.Context(), paceline.Action{Key: "k2", Account: "ann", Kind: paceline.KindVisit}, engine.Text{}); err != nil || out.Result != paceline.ResultDone {
		t.Errorf("visit from the seat: %+v, %v; want done", out, err)
	}
}
