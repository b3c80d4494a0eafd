package email

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// QA: accounts update --smtp with a host that does not resolve exited 3, the code of
// database trouble, saying "cannot reach ... securely (check ... its certificate)". A
// server the user just typed that is not known, or that nothing answers at, is
// EINVALID (exit 1) and says which flag's host name and port to check; one that
// answers and then hangs stays EUNAVAILABLE.
func TestCheckUnknownOrUnreachableHost(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	smtpSrv := &smtpServer{User: "ann@paceline.test", Pass: "smtp-pw"}
	smtpPort := smtpSrv.start(t, false, serverTLS)
	from, _ := ParseFrom("Ann <ann@paceline.test>")
	mailbox := func(smtpURL, imapURL string) Mailbox {
		s, err := ParseServer("smtp", smtpURL)
		if err != nil {
			t.Fatal(err)
		}
		i, err := ParseServer("imap", imapURL)
		if err != nil {
			t.Fatal(err)
		}
		s.Password, i.Password = secret.Redact("smtp-pw"), secret.Redact("imap-pw")
		return Mailbox{Account: "ann-mail", From: from, SMTP: s, IMAP: i, TLSConfig: clientTLS, Timeout: 2 * time.Second}
	}
	goodSMTP := portURL("smtp", "ann@paceline.test", smtpPort)
	for _, tt := range []struct {
		name       string
		mb         Mailbox
		code       string
		says, nots string
	}{
		{"SMTP host not known", mailbox("smtps://ann@no-such-host.invalid:465", "imaps://ann@127.0.0.1:993"),
			paceline.EINVALID, "check the host name in --smtp", "certificate"},
		{"IMAP host not known", mailbox(goodSMTP, "imaps://ann@no-such-host.invalid:993"),
			paceline.EINVALID, "IMAP server's host name no-such-host.invalid is not known", ""},
		{"nothing at the SMTP port", mailbox(portURL("smtp", "ann@paceline.test", closedPort(t)), "imaps://ann@127.0.0.1:993"),
			paceline.EINVALID, "check the host name and port in --smtp", "certificate"},
		{"nothing at the IMAP port", mailbox(goodSMTP, portURL("imaps", "ann@paceline.test", closedPort(t))),
			paceline.EINVALID, "check the IMAP host name and port in --imap", ""},
		{"IMAP server that never answers", mailbox(goodSMTP, portURL("imaps", "ann@paceline.test", hangServer(t))),
			paceline.EUNAVAILABLE, "did not answer", "check the IMAP host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Check(context.Background(), tt.mb)
			if paceline.ErrorCode(err) != tt.code || err == nil || !strings.Contains(err.Error(), tt.says) || (tt.nots != "" && strings.Contains(err.Error(), tt.nots)) {
				t.Errorf("Check = %v (code %q), want code %q saying %q", err, paceline.ErrorCode(err), tt.code, tt.says)
			}
		})
	}
}

// A stalled IMAP server's timeout that the IMAP library wrapped as text (its "in
// response: cannot read tag: ...: i/o timeout" drops the net.Error) still reads as
// the server not answering: which form comes back depends on when the TLS handshake
// runs, and TestCheckUnknownOrUnreachableHost failed in CI on this one.
func TestUnavailableKnowsATimeoutWrappedAsText(t *testing.T) {
	p := &Poller{mb: Mailbox{Account: "ann-mail", Timeout: 2 * time.Second}}
	wrapped := fmt.Errorf("in response: cannot read tag: %v", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded})
	err := p.unavailable(context.Background(), "log in", wrapped)
	if !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("unavailable = %v, want it to say the server did not answer", err)
	}
}
