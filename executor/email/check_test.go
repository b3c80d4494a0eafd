package email

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	smtpSrv := &smtpServer{User: "ann@paceline.test", Pass: "smtp-pw"}
	smtpPort := smtpSrv.start(t, false, serverTLS)
	imapSrv := startIMAP(t, "ann@paceline.test", "imap-pw", true, serverTLS)
	mailbox := func(smtpPass, imapPass, folder string) Mailbox {
		from, _ := ParseFrom("Ann <ann@paceline.test>")
		s, _ := ParseServer("smtp", portURL("smtp", "ann@paceline.test", smtpPort))
		i, _ := ParseServer("imap", portURL("imaps", "ann@paceline.test", imapSrv.port))
		s.Password, i.Password = secret.Redact(smtpPass), secret.Redact(imapPass)
		return Mailbox{Account: "ann-mail", From: from, SMTP: s, IMAP: i, Folder: folder, TLSConfig: clientTLS, Timeout: 2 * time.Second}
	}
	tests := []struct {
		name string
		mb   Mailbox
		code string
		says string
	}{
		{"all good", mailbox("smtp-pw", "imap-pw", ""), "", ""},
		{"wrong SMTP password", mailbox("nope", "imap-pw", ""), paceline.EUNAUTHORIZED, "SMTP server"},
		{"wrong IMAP password", mailbox("smtp-pw", "nope", ""), paceline.EUNAUTHORIZED, "IMAP server"},
		{"missing folder", mailbox("smtp-pw", "imap-pw", "Replies"), paceline.EINVALID, `"Replies"`},
		{"untrusted certificate", func() Mailbox { m := mailbox("smtp-pw", "imap-pw", ""); m.TLSConfig = nil; return m }(),
			paceline.EUNAVAILABLE, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Check(context.Background(), tt.mb)
			if paceline.ErrorCode(err) != tt.code || (err != nil && !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("Check = %v (code %q), want code %q saying %s", err, paceline.ErrorCode(err), tt.code, tt.says)
			}
			if err != nil && strings.Contains(err.Error(), "-pw") {
				t.Errorf("error shows a password: %v", err)
			}
		})
	}
	if n := len(smtpSrv.received()); n != 0 {
		t.Errorf("Check sent %d messages", n)
	}
}
