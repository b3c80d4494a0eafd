package email

import (
	"context"
	"strconv"
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

// QA: --smtp smtp://localhost:2587 --imap imaps://localhost:2993 was refused with
// "refused the login for : Authentication failed", naming an empty user. A URL without a
// user now says so and shows the form to write.
func TestCheckURLWithoutUser(t *testing.T) {
	t.Parallel()
	serverTLS, clientTLS := testTLS(t)
	smtpSrv := &smtpServer{User: "ann@paceline.test", Pass: "smtp-pw"}
	smtpPort := smtpSrv.start(t, false, serverTLS)
	open := &smtpServer{} // a relay that takes mail without a login
	openPort := open.start(t, false, serverTLS)
	imapSrv := startIMAP(t, "ann@paceline.test", "imap-pw", true, serverTLS)
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
		if s.User != "" {
			s.Password = secret.Redact("smtp-pw")
		}
		if i.User != "" {
			i.Password = secret.Redact("imap-pw")
		}
		return Mailbox{Account: "ann-mail", From: from, SMTP: s, IMAP: i, TLSConfig: clientTLS, Timeout: 2 * time.Second}
	}
	smtpNoUser := "smtp://127.0.0.1:" + strconv.Itoa(smtpPort)
	imapNoUser := "imaps://127.0.0.1:" + strconv.Itoa(imapSrv.port)
	tests := []struct {
		name string
		mb   Mailbox
		code string
		says string
	}{
		{"SMTP without a user", mailbox(smtpNoUser, portURL("imaps", "ann@paceline.test", imapSrv.port)), paceline.EUNAUTHORIZED,
			"the SMTP server 127.0.0.1:" + strconv.Itoa(smtpPort) + " wants a login but the SMTP URL " + smtpNoUser + " names no user: write smtp://USER@127.0.0.1:" + strconv.Itoa(smtpPort)},
		{"IMAP without a user", mailbox(portURL("smtp", "ann@paceline.test", smtpPort), imapNoUser), paceline.EINVALID,
			"the IMAP URL " + imapNoUser + " names no user to log in as: write imaps://USER@127.0.0.1:" + strconv.Itoa(imapSrv.port)},
		{"open relay without a user", mailbox("smtp://127.0.0.1:"+strconv.Itoa(openPort), portURL("imaps", "ann@paceline.test", imapSrv.port)), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Check(context.Background(), tt.mb)
			if paceline.ErrorCode(err) != tt.code || (err != nil && !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("Check = %v (code %q), want code %q saying %s", err, paceline.ErrorCode(err), tt.code, tt.says)
			}
			if err != nil && strings.Contains(err.Error(), "login for :") {
				t.Errorf("error names an empty user: %v", err)
			}
		})
	}
	for _, srv := range []*smtpServer{smtpSrv, open} {
		if n := len(srv.received()); n != 0 {
			t.Errorf("Check sent %d messages", n)
		}
	}
}
