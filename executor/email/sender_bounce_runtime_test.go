package email

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/runtime/runtimetest"
	"github.com/paceline/paceline/store/sqlite"
)

// virtualClock is the runtime's clock in a test: it stands where the test puts it.
type virtualClock struct{ now time.Time }

func (c *virtualClock) Now() time.Time { return c.now }

func (c *virtualClock) Until(t time.Time) time.Duration { return max(0, t.Sub(c.now)) }

// An email step to an address the mail server refuses at RCPT TO (550 5.1.1) leaves a
// bounced event in the store, as a bounce that comes back later as a delivery report
// does: the webhook hook hears of it, and the lead's sequence stops on it. Before, the
// engine only observed the Sender's event in memory and the bounce was lost.
func TestRefusedAddressIsStoredAsBounce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	serverTLS, clientTLS := testTLS(t)
	srv := &smtpServer{Rcpt: func(int, string) error {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}}
	port := srv.start(t, false, serverTLS)
	sender, _ := newTestSender(t, senderSetup{scheme: "smtp", port: port, client: clientTLS, timeout: 2 * time.Second,
		recipient: func(context.Context, string) (string, error) { return "Linus <linus@kernel.test>", nil }}, &sleeps{})

	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	acct := &paceline.Account{Name: "ann-mail", Type: paceline.TypeEmail, Executor: paceline.ExecutorEmail,
		State: paceline.AccountActive, TimeZone: "UTC", Hours: paceline.DefaultWorkingHours,
		Days: paceline.DefaultWorkingDays, MinGap: paceline.DefaultMinGap, Safety: 0.95, CreatedAt: testNow.Add(-30 * 24 * time.Hour)}
	if err := st.CreateAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	seq := "name: hello\nsteps:\n  - id: mail\n    email: {subject: \"Hello {{first_name}}\", body: \"Hi {{first_name}}\"}\nstop_on: [replied, opted_out, bounced]\n"
	if err := st.CreateCampaign(ctx, &paceline.Campaign{Name: "hello", Sequence: seq, Accounts: []string{acct.Name}, State: paceline.CampaignActive}); err != nil {
		t.Fatal(err)
	}
	l := &paceline.Lead{Email: "linus@kernel.test", FirstName: "Linus", Score: 50}
	key := engine.LeadKey(l)
	if n, err := st.AddEnrollments(ctx, "hello", []paceline.EnrollmentRecord{{Lead: key, Account: acct.Name,
		LeadFacts: runtime.FactsOf(l), Started: testNow}}); err != nil || n != 1 {
		t.Fatalf("enrolled %d: %v", n, err)
	}

	clock := &virtualClock{now: testNow}
	var hooked []paceline.Event
	r := &runtime.Runner{Store: st, Clock: clock, Executor: sender, Seed: 1,
		OnEventFunc: func(_ context.Context, e paceline.Event) error { hooked = append(hooked, e); return nil }}
	runtimetest.TickFor(t, r, acct.Name, &clock.now, 6*time.Hour)

	if len(srv.received()) != 0 {
		t.Fatalf("the server took %d emails; it refuses the address", len(srv.received()))
	}
	evs, err := st.Events(ctx, acct.Name, time.Time{}, clock.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var bounced []paceline.Event
	for _, ev := range evs {
		if ev.Type == paceline.EventBounced {
			bounced = append(bounced, ev)
		}
	}
	if len(bounced) != 1 || bounced[0].Lead != key || bounced[0].Kind != paceline.KindEmail {
		t.Fatalf("bounced events %+v; want one for %s", bounced, key)
	}
	if len(hooked) != 1 || hooked[0].Key != bounced[0].Key {
		t.Errorf("hook told of %+v; want the bounce once", hooked)
	}
	ended, err := st.LatestEndedEnrollments(ctx, acct.Name, []string{key})
	if err != nil || len(ended) != 1 || ended[0].State != paceline.EnrollmentStopped || ended[0].Reason != string(paceline.EventBounced) {
		t.Errorf("enrollment %+v, %v; want stopped by the bounce", ended, err)
	}
}
