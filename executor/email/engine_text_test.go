package email

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/sequence"
)

// TestEngineRendersTheEmail lets the engine render the step's template and hand the
// text to ExecuteText: the delivered email says what the sequence says, to the address
// RecipientFunc gives, in text and HTML.
func TestEngineRendersTheEmail(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	seq, err := sequence.Parse([]byte(`name: rendered
steps:
  - id: first
    email: {subject: "Engines, {{first_name}}?", body: "Hi {{first_name}},\n\nyour work at {{company}} caught my eye."}
`))
	if err != nil {
		t.Fatal(err)
	}
	lead := &paceline.Lead{FirstName: "Ada", Company: "Analytical & Co", Email: "ada@analytical.test", ProfileKey: "ada-lovelace"}
	recipient := func(_ context.Context, key string) (string, error) {
		if key != "ada-lovelace" {
			return "", paceline.Errorf(paceline.ENOTFOUND, "no lead %s", key)
		}
		return "Ada Lovelace <ada@analytical.test>", nil
	}
	smtpSrv := &smtpServer{}
	sender, _ := newTestSender(t, senderSetup{scheme: "smtp", port: smtpSrv.start(t, false, serverTLS), client: clientTLS, timeout: 5 * time.Second, recipient: recipient}, &sleeps{})
	g, err := engine.New(engine.Options{Executor: sender, Ledger: &memLedger{}})
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(engine.Account{Name: "ann-mail", Pacer: openPacer{}, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddCampaign(engine.Campaign{Name: "rendered", Sequence: seq, Accounts: []string{"ann-mail"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Enroll("rendered", lead, testNow); err != nil {
		t.Fatal(err)
	}
	runUntil(t, g, testNow, testNow.Add(time.Hour))
	got := smtpSrv.received()
	if len(got) != 1 || got[0].To[0] != "ada@analytical.test" {
		t.Fatalf("delivered %+v", got)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if subj := m.Header.Get("Subject"); subj != "Engines, Ada?" {
		t.Errorf("subject %q", subj)
	}
	ct, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if ct != "multipart/alternative" {
		t.Fatalf("Content-Type %q", ct)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var bodies []string
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		bodies = append(bodies, string(b))
	}
	if len(bodies) != 2 || !strings.Contains(bodies[0], "Hi Ada,\r\n\r\nyour work at Analytical & Co caught") ||
		!strings.Contains(bodies[1], "<p>Hi Ada,</p>") || !strings.Contains(bodies[1], "Analytical &amp; Co") {
		t.Errorf("bodies %q", bodies)
	}
}
