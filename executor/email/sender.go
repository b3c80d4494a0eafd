package email

import (
	"context"
	"errors"
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
	// ComposeFunc renders the email for Execute. The engine hands rendered text to
	// ExecuteText instead, which needs only RecipientFunc. One of the two is required.
	ComposeFunc ComposeFunc
	// RecipientFunc finds the lead's address ("Name <addr>") for ExecuteText. Errors:
	// ENOTFOUND when the lead has no email address.
	RecipientFunc func(ctx context.Context, lead string) (string, error)
	PlainText     bool         // ExecuteText sends text only, with no HTML alternative
	Unsubscribe   *Unsubscribe // required: every email carries a working unsubscribe link
	Footer        Footer       // required: the postal address
	// Sent remembers what was sent; nil means a MemorySentLog (no memory across restarts).
	Sent  SentLog
	Retry Retry
	// Thread makes a follow-up answer the previous email of the same campaign to the
	// same address (In-Reply-To and References), so the lead sees one conversation.
	// A Draft's own InReplyTo wins.
	Thread bool
	// NowFunc is the clock; nil means time.Now.
	NowFunc func() time.Time
	// SleepFunc waits between retries; nil means a real wait that ends with ctx.
	SleepFunc func(ctx context.Context, d time.Duration) error
	// Log receives what cannot be returned (a sent email that could not be recorded);
	// nil discards it.
	Log *slog.Logger
}

// Sender is the email Executor of one mailbox: it carries out email actions over SMTP.
type Sender struct {
	mb   Mailbox
	opt  SenderOptions
	hold hold // the server's trouble that holds every email (hold.go)
}

var _ engine.Executor = (*Sender)(nil)

// NewSender checks the mailbox and options and returns the mailbox's executor.
func NewSender(mb Mailbox, opt SenderOptions) (*Sender, error) {
	if err := mb.Validate(); err != nil {
		return nil, err
	}
	if opt.ComposeFunc == nil && opt.RecipientFunc == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "email sender: neither a compose nor a recipient function")
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
	if opt.NowFunc == nil {
		opt.NowFunc = time.Now
	}
	if opt.SleepFunc == nil {
		opt.SleepFunc = sleep
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
// refusal of the recipient because of its address (not a refused relay or a blocked
// sender) also reports the lead's address as bounced. An email whose server may have
// taken it without its answer arriving counts as sent and is not tried again (send).
func (s *Sender) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	if s.opt.ComposeFunc == nil {
		return engine.Outcome{Result: paceline.ResultFailed}, paceline.Errorf(paceline.EINTERNAL,
			"mailbox %s has no compose function: it sends only text the engine rendered", s.mb.Account)
	}
	return s.send(ctx, a, s.opt.ComposeFunc)
}

// Executed says whether the action with this key was sent, as reconciliation asks after
// a crash between planning an action and recording its outcome: the SentLog is written
// as soon as the server takes the email, so an email found there went out.
func (s *Sender) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	_, err := s.opt.Sent.SentByKey(ctx, key)
	switch {
	case err == nil:
		return engine.Outcome{Result: paceline.ResultDone}, true, nil
	case paceline.ErrorCode(err) == paceline.ENOTFOUND:
		return engine.Outcome{}, false, nil
	}
	return engine.Outcome{}, false, fmt.Errorf("mailbox %s: look up %s: %w", s.mb.Account, key, err)
}

// send carries out an email action with the draft compose makes.
func (s *Sender) send(ctx context.Context, a paceline.Action, compose ComposeFunc) (engine.Outcome, error) {
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
	if err := s.hold.active(s.at(a)); err != nil {
		return failed, err // the server's trouble goes on: no connection until the hold ends
	}
	d, err := compose(ctx, a)
	if err != nil {
		return failed, fmt.Errorf("email %s: compose: %w", a.Key, err)
	}
	if s.opt.Thread && d.InReplyTo == "" {
		if d.InReplyTo, err = s.previous(ctx, a, d.To); err != nil {
			return failed, fmt.Errorf("email %s: find the thread: %w", a.Key, err)
		}
	}
	now := s.opt.NowFunc()
	msg, to, err := s.build(a, d, id, now)
	if err != nil {
		return failed, err
	}
	// The email is recorded before the server sees it. Once the server has the whole
	// message, a crash, a stop or a lost connection before its answer arrives leaves the
	// email in doubt: the restart's reconciliation asks the log whether the step went
	// out, and an email recorded only after the answer was mailed a second time (QA:
	// 11 duplicates in 25 kills with a slow server). In doubt, an email counts as sent:
	// a lead may miss one, but never gets one twice.
	sent := Sent{
		Key: a.Key, MessageID: id, Account: s.mb.Account, Lead: a.Lead, Campaign: a.Campaign,
		To: strings.ToLower(to.Address), At: now,
	}
	record := func() error { return s.opt.Sent.RecordSent(ctx, sent) }
	if err := s.deliver(ctx, msg, record, func() { s.forget(ctx, a.Key) }); err != nil {
		var nr *notRecorded
		switch {
		case errors.As(err, &nr):
			return failed, fmt.Errorf("email %s: record it before sending (nothing was sent): %w", a.Key, nr.err)
		case mayHaveTaken(err):
			s.opt.Log.Warn("the server may have taken the email but its answer never came: counted as sent, so that it never goes twice",
				"account", s.mb.Account, "key", a.Key, "message_id", id, "err", err)
			return engine.Outcome{Result: paceline.ResultDone}, nil
		}
		return s.failed(a, id, to.Address, err)
	}
	s.hold.clear()
	return engine.Outcome{Result: paceline.ResultDone}, nil
}

// forget removes the record of an email its server refused for certain, even when
// ctx ended meanwhile (serve stopping). A record that stays makes a later
// reconciliation of the key count the email as sent: the lead misses it, and is never
// mailed twice.
func (s *Sender) forget(ctx context.Context, key string) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if err := s.opt.Sent.ForgetSent(rctx, key); err != nil {
		s.opt.Log.Error("an email the server refused stays recorded as sent", "account", s.mb.Account, "key", key, "err", err)
	}
}

// mayHaveTaken reports whether a failed delivery may still have put the email in the
// server's hands: the whole message went over and the connection failed while its
// answer was awaited (no SMTP answer came: a timeout, a reset, serve stopping).
func mayHaveTaken(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrSMTPDataClose && se.ErrorCode() == 0
}

// recordTimeout bounds taking back the record of a refused email once the caller's
// context has ended, so a stuck database does not hold a stopping serve for ever.
const recordTimeout = 10 * time.Second

// deliver sends msg, trying again after temporary failures with exponential back-off,
// with record called before each try and forget after each try that certainly failed.
// It returns the last error, a *sendFailure when the server (or the network) said no,
// or a *notRecorded when the record could not be made.
func (s *Sender) deliver(ctx context.Context, msg *gomail.Msg, record func() error, forget func()) error {
	for n := 1; ; n++ {
		// Recorded before each try and taken back after each certain failure, so a
		// crash during the back-off between tries leaves no record of an email the
		// server never saw (review C).
		if err := record(); err != nil {
			return &notRecorded{err}
		}
		err := s.sendOnce(ctx, msg)
		if err == nil {
			return nil
		}
		if mayHaveTaken(err) {
			return err // never tried again: the server may have it (send counts it sent)
		}
		forget()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		kind, words := classify(err)
		if kind != failTemporary || n >= s.opt.Retry.attempts() {
			f := &sendFailure{kind: kind, words: words, tries: n}
			var se *gomail.SendError
			if errors.As(err, &se) {
				f.stage, f.staged = se.Reason, true
			}
			return f
		}
		if err := s.opt.SleepFunc(ctx, s.opt.Retry.Delay(n)); err != nil {
			return err
		}
	}
}

// notRecorded is a delivery that did not start: the sent log refused the record that
// goes before each try.
type notRecorded struct{ err error }

func (e *notRecorded) Error() string { return e.err.Error() }

// sendFailure is how delivery ended when it did not succeed.
type sendFailure struct {
	kind  failure
	words string // the server's own words
	tries int
	// stage is the command the server refused, when it answered one (staged).
	stage  gomail.SendErrReason
	staged bool
}

func (f *sendFailure) Error() string { return f.words }

// anyRecipient says whether every recipient would meet the failure, so that it is the
// mailbox's rather than the lead's: the server cannot be reached, refuses the login or
// cannot be reached securely; or it refused the sender, the relay or the pace (a
// refusal of RCPT TO that is not about the address, a temporary refusal of the
// message). A temporary refusal of one address (a full mailbox, greylisting) and a
// permanent refusal of the message itself (its content) are the lead's.
func (f *sendFailure) anyRecipient() bool {
	switch {
	case f.kind == failBadRecipient:
		return false
	case !f.staged:
		return true // no SMTP answer to a command: the connection, TLS or the login
	case f.stage == gomail.ErrSMTPRcptTo:
		return f.kind == failPermanent
	case f.stage == gomail.ErrSMTPDataClose:
		return f.kind == failTemporary
	}
	return true
}

// failed turns a delivery error into the action's outcome and a sentence for the user.
func (s *Sender) failed(a paceline.Action, id, to string, err error) (engine.Outcome, error) {
	out := engine.Outcome{Result: paceline.ResultFailed}
	var f *sendFailure
	if !errors.As(err, &f) {
		return out, fmt.Errorf("email %s: %w", a.Key, err)
	}
	srv := s.mb.SMTP
	// A hold answers the other leads' emails until it ends, with words that name no
	// lead: the server's words without this lead's address (servers echo it).
	shared := func(format string) error {
		return paceline.Errorf(paceline.EUNAVAILABLE, format, srv.Addr(), strings.ReplaceAll(f.words, to, "<the address>"))
	}
	held := func(err, others error) error {
		if f.anyRecipient() {
			return s.down(s.at(a), err, others)
		}
		return err
	}
	switch f.kind {
	case failBadRecipient:
		out.Events = []paceline.Event{{
			Key: "email/bounced/" + id, At: s.opt.NowFunc(), Account: s.mb.Account, Lead: a.Lead,
			Type: paceline.EventBounced, Kind: paceline.KindEmail,
		}}
		return out, paceline.Errorf(paceline.EINVALID, "the mail server %s refused the address %s: %s", srv.Addr(), to, f.words)
	case failAuth:
		err := paceline.Errorf(paceline.EUNAUTHORIZED,
			"mailbox %s: the SMTP server %s refused the login for %s (check the user and password): %s",
			s.mb.Account, srv.Addr(), srv.User, f.words)
		return out, held(err, err)
	case failConfig:
		err := paceline.Errorf(paceline.EUNAVAILABLE,
			"mailbox %s: cannot reach the SMTP server %s securely (check the host name and its certificate): %s",
			s.mb.Account, srv.Addr(), f.words)
		return out, held(err, err)
	case failPermanent:
		return out, held(paceline.Errorf(paceline.EUNAVAILABLE, "the mail server %s refused the email to %s: %s", srv.Addr(), to, f.words),
			shared("the mail server %s refused an email of this mailbox: %s"))
	}
	return out, held(paceline.Errorf(paceline.EUNAVAILABLE,
		"the mail server %s did not take the email to %s after %d tries: %s", srv.Addr(), to, f.tries, f.words),
		shared("the mail server %s did not take an email of this mailbox: %s"))
}

// at is the instant of the action on the engine's clock, which holds are counted in
// (a simulated serve runs it ahead of the wall clock); the Sender's clock for an
// action without one.
func (s *Sender) at(a paceline.Action) time.Time {
	if a.At.IsZero() {
		return s.opt.NowFunc()
	}
	return a.At
}

// down starts a hold of the mailbox at now for a failure every recipient would meet,
// says so in the log, and returns err wrapped as engine.SenderDown; others is what the
// hold answers the other leads' emails with until it ends.
func (s *Sender) down(now time.Time, err, others error) error {
	held := s.hold.fail(now, err, others)
	var d *engine.SenderDown
	if errors.As(held, &d) {
		s.opt.Log.Warn("the mailbox cannot send: its emails wait, and no lead is failed for it",
			"account", s.mb.Account, "until", d.Until.Format(time.RFC3339), "err", err)
	}
	return held
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

// sendOnce makes one connection, logs in and sends the message. Once the server has
// answered 250 to the message's data the email is out: trouble after that (the RSET or
// QUIT go-mail sends, a connection the server drops) is not a failure, since reporting
// one would have the message sent again.
func (s *Sender) sendOnce(ctx context.Context, msg *gomail.Msg) error {
	c, err := s.client()
	if err != nil {
		return err
	}
	err = c.DialAndSendWithContext(ctx, msg)
	if err != nil && msg.IsDelivered() {
		s.opt.Log.Warn("the server took the email but the session ended badly",
			"account", s.mb.Account, "server", s.mb.SMTP.Addr(), "err", err)
		return nil
	}
	return err
}
