package paceline

import (
	"context"
	"time"
)

// SentMail is one email a mailbox account delivered to its SMTP server.
type SentMail struct {
	Key       string // the action's idempotency key
	MessageID string // without angle brackets
	Account   string
	Lead      string
	Campaign  string
	To        string // the recipient's address, lower-cased
	At        time.Time
}

// SentMailLog remembers what a mailbox sent. The sender records an email before the
// server sees it and asks the log before sending, so the same action is never mailed
// twice (after a crash or a restart too, when it is durable); the poller asks it which
// lead a reply or a bounce is about.
//
// Errors: ENOTFOUND from the lookups when nothing matches.
type SentMailLog interface {
	RecordSent(ctx context.Context, s SentMail) error
	SentByKey(ctx context.Context, key string) (SentMail, error)
	SentByMessageID(ctx context.Context, id string) (SentMail, error)
	// SentTo returns the latest email sent to an address.
	SentTo(ctx context.Context, addr string) (SentMail, error)
	// SentToBy returns the latest email sent to an address at or before t: the one a
	// message that arrived at t can answer or report on. Mail older than every email
	// sent to the address answers none of them.
	SentToBy(ctx context.Context, addr string, t time.Time) (SentMail, error)
	// ForgetSent removes the record of the action key's email: the sender records an
	// email before the server sees it (a crash after the server took it must not mail
	// it again) and forgets it when the server refused it for certain. A key with no
	// record is no error.
	ForgetSent(ctx context.Context, key string) error
}

// MailCheckpoint is how far a mailbox has been read: the folder's UIDVALIDITY and the
// highest UID classified. When UIDVALIDITY changes, the folder was rebuilt and is read
// again from the start; the events' dedupe keys keep that harmless.
type MailCheckpoint struct {
	UIDValidity uint32
	UID         uint32
}
