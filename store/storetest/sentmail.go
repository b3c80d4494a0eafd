package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
)

// mailStore is what a store offers the mailboxes: the durable sent log and the IMAP
// checkpoints.
type mailStore interface {
	email.SentLog
	MailCheckpoint(ctx context.Context, account string) (email.Checkpoint, error)
	SetMailCheckpoint(ctx context.Context, account string, cp email.Checkpoint, settingsAt time.Time) (bool, error)
}

// testSentMail checks the sent log (lookups by key, Message-ID in any spelling, latest
// to an address and latest to it by a time; a replayed record keeps the first; the
// refusals). RunMailCheckpoint checks the checkpoints.
func testSentMail(t *testing.T, s Store) {
	ms, ok := s.(mailStore)
	if !ok {
		t.Fatalf("%T does not implement the sent log and checkpoints", s)
	}
	ctx := context.Background()
	withAccounts(t, s, "ann-mail")
	at := Clock.Truncate(Precision)
	first := email.Sent{Key: "k1", MessageID: "a1@mail.example.com", Account: "ann-mail", Lead: "email:jo@acme.com",
		Campaign: "q1", To: "jo@acme.com", At: at}
	second := email.Sent{Key: "k2", MessageID: "a2@mail.example.com", Account: "ann-mail", Lead: "email:jo@acme.com",
		Campaign: "q1", To: "Jo@Acme.com", At: at.Add(time.Hour)}
	for _, m := range []email.Sent{first, second} {
		if err := ms.RecordSent(ctx, m); err != nil {
			t.Fatalf("RecordSent(%s): %v", m.Key, err)
		}
	}
	replay := first
	replay.At = at.Add(2 * time.Hour)
	if err := ms.RecordSent(ctx, replay); err != nil {
		t.Fatalf("RecordSent replayed: %v", err)
	}
	second.To = "jo@acme.com"
	for _, tt := range []struct {
		name string
		find func() (email.Sent, error)
		want email.Sent
	}{
		{"by key", func() (email.Sent, error) { return ms.SentByKey(ctx, "k1") }, first},
		{"by id", func() (email.Sent, error) { return ms.SentByMessageID(ctx, "a2@mail.example.com") }, second},
		{"by bracketed id", func() (email.Sent, error) { return ms.SentByMessageID(ctx, " <a1@MAIL.example.com>") }, first},
		{"latest to", func() (email.Sent, error) { return ms.SentTo(ctx, "JO@acme.com") }, second},
		{"to, by a time between", func() (email.Sent, error) { return ms.SentToBy(ctx, "JO@acme.com", at.Add(59*time.Minute)) }, first},
		{"to, by the later send", func() (email.Sent, error) { return ms.SentToBy(ctx, "jo@acme.com", at.Add(time.Hour)) }, second},
	} {
		got, err := tt.find()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got.At = got.At.Truncate(Precision)
		if got != tt.want {
			t.Errorf("%s = %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
	for name, find := range map[string]func() (email.Sent, error){
		"key": func() (email.Sent, error) { return ms.SentByKey(ctx, "nope") },
		"id":  func() (email.Sent, error) { return ms.SentByMessageID(ctx, "nope@x") },
		"to":  func() (email.Sent, error) { return ms.SentTo(ctx, "nobody@acme.com") },
		"to before the first send": func() (email.Sent, error) {
			return ms.SentToBy(ctx, "jo@acme.com", at.Add(-time.Second))
		},
	} {
		if _, err := find(); paceline.ErrorCode(err) != paceline.ENOTFOUND {
			t.Errorf("missing by %s: %v, want ENOTFOUND", name, err)
		}
	}
	reused := second
	reused.Key = "k3"
	if err := ms.RecordSent(ctx, reused); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("RecordSent with a used Message-ID: %v, want ECONFLICT", err)
	}
	stray := first
	stray.Key, stray.MessageID, stray.Account = "k4", "a4@x", "nobody"
	if err := ms.RecordSent(ctx, stray); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("RecordSent for an unknown account: %v, want ENOTFOUND", err)
	}
	blank := first
	blank.Key, blank.MessageID = "k5", ""
	if err := ms.RecordSent(ctx, blank); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("RecordSent without a Message-ID: %v, want EINVALID", err)
	}

	// Forgetting a record (an email its server refused after it was recorded) leaves no
	// trace of it; the earlier email to the address is found again; an unknown key is
	// no error.
	if err := ms.ForgetSent(ctx, "k2"); err != nil {
		t.Fatalf("ForgetSent: %v", err)
	}
	if _, err := ms.SentByKey(ctx, "k2"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("by key after ForgetSent: %v, want ENOTFOUND", err)
	}
	if _, err := ms.SentByMessageID(ctx, "a2@mail.example.com"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("by id after ForgetSent: %v, want ENOTFOUND", err)
	}
	if got, err := ms.SentTo(ctx, "jo@acme.com"); err != nil || got.Key != "k1" {
		t.Errorf("latest to after ForgetSent: %+v, %v; want k1", got, err)
	}
	if err := ms.ForgetSent(ctx, "never-sent"); err != nil {
		t.Errorf("ForgetSent of an unknown key: %v", err)
	}
	if err := ms.RecordSent(ctx, second); err != nil {
		t.Errorf("RecordSent after ForgetSent: %v", err)
	}

	if _, err := ms.MailCheckpoint(ctx, "nobody"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("MailCheckpoint for an unknown account: %v, want ENOTFOUND", err)
	}
}
