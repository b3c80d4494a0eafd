package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/sequence"
)

// A campaign whose email steps go out from a mailbox that cannot send (no postal
// footer or no public URL) is warned of on its first email step, with the flags that
// fix it: QA saw every lead reach the email step and stop 'failed' without a word. A
// mailbox with both, or a campaign without email steps, is not warned of.
func TestCheckStepKindsWarnsOfAMailboxThatCannotSend(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	ctx := t.Context()
	add := func(name string, typ paceline.AccountType, footer, url string) {
		t.Helper()
		a := apitest.NewAccount(name, typ, apitest.Now.Add(-60*24*time.Hour))
		if typ == paceline.TypeEmail {
			a.Executor = paceline.ExecutorEmail
		} else {
			a.Mailbox = true
		}
		m := &paceline.MailboxSettings{Account: name, From: name + " <" + name + "@agency.example>",
			SMTP: "smtps://" + name + "@smtp.agency.example:465", IMAP: "imaps://" + name + "@imap.agency.example:993",
			FooterAddress: footer, PublicURL: url}
		if err := f.Store.CreateEmailAccount(ctx, a, m); err != nil {
			t.Fatal(err)
		}
	}
	add("ready", paceline.TypeEmail, "1 Main St, Springfield", "https://pl.agency.example")
	add("nofooter", paceline.TypeEmail, "", "https://pl.agency.example")
	add("seat", paceline.TypePremiumBusiness, "", "")
	seq, err := sequence.Parse([]byte(`name: mail
steps:
  - id: hello
    email:
      subject: Hi
      body: Hello {{first_name}}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		accounts []string
		want     []string
	}{
		{[]string{"ready"}, nil},
		{[]string{"nofooter"}, []string{"the mailbox of account nofooter cannot send yet: no postal footer address (--footer-address)",
			"stopped: step failed", "paceline accounts update nofooter --footer-address 'STREET, CITY'"}},
		{[]string{"seat", "ready"}, []string{"the mailbox of account seat cannot send yet: no postal footer address (--footer-address), no public URL for its unsubscribe links (--public-url)",
			"paceline accounts update seat --footer-address 'STREET, CITY' --public-url https://HOST"}},
	} {
		warnings, err := api.CheckStepKinds(ctx, seq, f.Store, tc.accounts)
		if err != nil {
			t.Fatalf("%v: %v", tc.accounts, err)
		}
		var got []string
		for _, w := range warnings {
			if strings.Contains(w.Message, "cannot send yet") {
				got = append(got, w.Message)
				if w.Step != "hello" || w.Line == 0 {
					t.Errorf("%v: warning on step %q line %d, want step hello with its line", tc.accounts, w.Step, w.Line)
				}
			}
		}
		if len(tc.want) == 0 {
			if len(got) > 0 {
				t.Errorf("%v: warned %q, want nothing", tc.accounts, got)
			}
			continue
		}
		if len(got) != 1 {
			t.Fatalf("%v: %d mailbox warnings %q, want 1", tc.accounts, len(got), got)
		}
		for _, s := range tc.want {
			if !strings.Contains(got[0], s) {
				t.Errorf("%v: warning %q does not say %q", tc.accounts, got[0], s)
			}
		}
	}
}
