package mailboxrow

import (
	"context"
	"errors"
	"testing"

	"github.com/paceline/paceline"
)

func TestCreateEmailAccount(t *testing.T) {
	t.Parallel()
	refused := errors.New("refused")
	tests := []struct {
		name               string
		executor           string
		typ                paceline.AccountType
		setErr, removeErr  error
		wantErr            string
		wantCreate, wantRm bool
	}{
		{name: "email type, LinkedIn executor", executor: paceline.ExecutorSim, typ: paceline.TypeEmail,
			wantErr: "executor: account ann has the type email but uses the sim executor; a mailbox account uses the email executor"},
		{name: "LinkedIn type, email executor", executor: paceline.ExecutorEmail, typ: paceline.TypeFree,
			wantErr: `type: "free" is a LinkedIn type; an email account's type is email`},
		{name: "LinkedIn account with its own mailbox", executor: paceline.ExecutorAssist, typ: paceline.TypeFree, wantCreate: true},
		{name: "settings fail: account removed", executor: paceline.ExecutorEmail, typ: paceline.TypeEmail,
			setErr: refused, wantErr: "refused", wantCreate: true, wantRm: true},
		{name: "removal fails too", executor: paceline.ExecutorEmail, typ: paceline.TypeEmail,
			setErr: refused, removeErr: errors.New("gone"), wantCreate: true, wantRm: true,
			wantErr: "create account ann: its mailbox settings were not stored (refused), and removing the account failed: gone"},
		{name: "both stored", executor: paceline.ExecutorEmail, typ: paceline.TypeEmail, wantCreate: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var created, removed bool
			st := fakeAccounts{created: &created, setErr: tt.setErr}
			remove := func(context.Context, int64) error { removed = true; return tt.removeErr }
			a := &paceline.Account{Name: "ann", Executor: tt.executor, Type: tt.typ}
			m := &paceline.MailboxSettings{From: "ann@example.com", SMTP: "smtp://mail.example.com:587",
				IMAP: "imaps://mail.example.com:993", Folder: "INBOX"}
			err := CreateEmailAccount(context.Background(), st, remove, a, m)
			if got := errText(err); got != tt.wantErr {
				t.Fatalf("err = %q, want %q", got, tt.wantErr)
			}
			if created != tt.wantCreate || removed != tt.wantRm {
				t.Fatalf("created, removed = %v, %v; want %v, %v", created, removed, tt.wantCreate, tt.wantRm)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// fakeAccounts notes an account created and fails to store settings as told.
type fakeAccounts struct {
	created *bool
	setErr  error
}

func (f fakeAccounts) CreateAccount(context.Context, *paceline.Account) error {
	*f.created = true
	return nil
}

func (f fakeAccounts) SetMailbox(context.Context, *paceline.MailboxSettings) error { return f.setErr }
