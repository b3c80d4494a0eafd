package email

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
)

// SenderOptions are what a Sender needs besides its mailbox.
type SenderOptions struct {
	Compose     ComposeFunc  // required
	Unsubscribe *Unsubscribe // required: every email carries a working unsubscribe link
	Footer      Footer       // required: the postal address
	// Sent remembers what was sent; nil means a MemorySentLog (no memory across restarts).
	Sent  SentLog
	Retry Retry
	// Thread makes a follow-up answer the previous email of the same campaign to the
	// same address (In-Reply-To and References), so the lead sees one conversation.
	// A Draft's own InReplyTo wins.
	Thread bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Sleep waits between retries; nil means a real wait that ends with ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Log receives what cannot be returned (a sent email that could not be recorded);
	// nil discards it.
	Log *slog.Logger
}

// Sender is the email Executor of one mailbox: it carries out email actions over SMTP.
type Sender struct {
	mb  Mailbox
	opt SenderOptions
}

var _ engine.Executor = (*Sender)(nil)

// NewSender checks the mailbox and options and returns the mailbox's executor.
func NewSender(mb Mailbox, opt SenderOptions) (*Sender, error) {
	if err := mb.Validate(); err != nil {
		return nil, err
	}
	if opt.Compose == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "email sender: no compose function")
	}
	if err := opt.Unsubscribe.Validate(); err != nil {
		return nil, err
	}
	if err := opt.Footer.Validate(); err != nil {
		return nil, err
	}
	if opt.Sent == nil {
		opt.Sent = NewMemorySentLog()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = sleep
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Sender{mb: mb, opt: opt}, nil
}

// Execute sends the email for an email action. It is idempotent on the action's key: an
// action already sent (found in the SentLog by key) is reported done without sending
// again. Temporary failures are retried with exponential back-off; then, or at once on a
// permanent refusal, the action is failed with the server's own words. A permanent
// refusal of the recipient also reports the lead's address as bounced.
func (s *Sender) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	failed := engine.Outcome{Result: paceline.ResultFailed}
	if a.Kind != paceline.KindEmail {
		return failed, paceline.Errorf(paceline.EINVALID, "mailbox %s cannot carry out a %s; only email steps", s.mb.Account, a.Kind)
	}
	id := MessageID(a.Key, s.mb.Domain())
	if _, err := s.opt.Sent.SentByKey(ctx, a.Key); err == nil {
		return engine.Outcome{Result: paceline.ResultDone}, nil
	} else if paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return failed, fmt.Errorf("email %s: look up what was sent: %w", a.Key, err)
	}
	d, err := s.opt.Compose(ctx, a)
	if err != nil {
		return failed, fmt.Errorf("email %s: compose: %w", a.Key, err)
	}
	if s.opt.Thread && d.InReplyTo == "" {
		if d.InReplyTo, err = s.previous(ctx, a, d.To); err != nil {
			return failed, fmt.Errorf("email %s: find the thread: %w", a.Key, err)
		}
	}
	now := s.opt.Now()
	msg, to, err := s.build(a, d, id, now)
	if err != nil {
		return failed, err
	}
	var words string
	attempts := s.opt.Retry.attempts()
	for n := 1; ; n++ {
		err := s.sendOnce(ctx, msg)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return failed, fmt.Errorf("email %s: %w", a.Key, ctx.Err())
		}
		kind, w := classify(err)
		words = w
		switch kind {
		case failBadRecipient:
			bounce := paceline.Event{
				Key: "email/bounced/" + id, At: s.opt.Now(), Account: s.mb.Account, Lead: a.Lead,
				Type: paceline.EventBounced, Kind: paceline.KindEmail,
			}
			return engine.Outcome{Result: paceline.ResultFailed, Events: []paceline.Event{bounce}},
				paceline.Errorf(paceline.EINVALID, "the mail server %s refused the address %s: %s", s.mb.SMTP.Addr(), to.Address, words)
		case failAuth:
			return failed, paceline.Errorf(paceline.EUNAUTHORIZED,
				"mailbox %s: the SMTP server %s refused the login for %s (check the user and password): %s",
				s.mb.Account, s.mb.SMTP.Addr(), s.mb.SMTP.User, words)
		case failConfig:
			return failed, paceline.Errorf(paceline.EUNAVAILABLE,
				"mailbox %s: cannot reach the SMTP server %s securely (check the host name and its certificate): %s",
				s.mb.Account, s.mb.SMTP.Addr(), words)
		case failPermanent:
			return failed, paceline.Errorf(paceline.EUNAVAILABLE,
				"the mail server %s refused the email to %s: %s", s.mb.SMTP.Addr(), to.Address, words)
		}
		if n >= attempts {
			return failed, paceline.Errorf(paceline.EUNAVAILABLE,
				"the mail server %s did not take the email to %s after %d tries: %s", s.mb.SMTP.Addr(), to.Address, n, words)
		}
		if err := s.opt.Sleep(ctx, s.opt.Retry.Delay(n)); err != nil {
			return failed, fmt.Errorf("email %s: %w", a.Key, err)
		}
	}
	sent := Sent{
		Key: a.Key, MessageID: id, Account: s.mb.Account, Lead: a.Lead, Campaign: a.Campaign,
		To: strings.ToLower(to.Address), At: now,
	}
	if err := s.opt.Sent.RecordSent(ctx, sent); err != nil {
		// The email is out: reporting a failure would have the engine send it again.
		s.opt.Log.Error("email sent but not recorded; a reply will be matched by address only",
			"account", s.mb.Account, "key", a.Key, "message_id", id, "err", err)
	}
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

// previous returns the Message-ID of the latest email of a's campaign to the address,
// or "" when there is none.
func (s *Sender) previous(ctx context.Context, a paceline.Action, to string) (string, error) {
	addr, err := mail.ParseAddress(to)
	if err != nil {
		return "", nil // build reports the bad address
	}
	prev, err := s.opt.Sent.SentTo(ctx, addr.Address)
	switch {
	case paceline.ErrorCode(err) == paceline.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", err
	case prev.Campaign != a.Campaign || prev.Lead != a.Lead:
		return "", nil
	}
	return prev.MessageID, nil
}

// sendOnce makes one connection, logs in and sends the message.
func (s *Sender) sendOnce(ctx context.Context, msg *gomail.Msg) error {
	srv := s.mb.SMTP
	opts := []gomail.Option{
		gomail.WithPort(srv.Port),
		gomail.WithTimeout(s.mb.timeout()),
		gomail.WithTLSConfig(s.mb.tlsConfig(srv.Host)),
	}
	if srv.Security() == ImplicitTLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if srv.User != "" {
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(srv.User),
			gomail.WithPassword(srv.Password.Reveal()))
	}
	c, err := gomail.NewClient(srv.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client for %s: %w", srv, err)
	}
	return c.DialAndSendWithContext(ctx, msg)
}
