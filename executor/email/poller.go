package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/paceline/paceline"
)

// Checkpoint is how far a mailbox has been read (see paceline.MailCheckpoint). The
// caller stores it after each poll.
type Checkpoint = paceline.MailCheckpoint

// PollerOptions are what a Poller needs besides its mailbox.
type PollerOptions struct {
	// Sent finds which lead a reply or a bounce is about; required.
	Sent SentLog
	// LeadByAddressFunc finds a known lead by email address, for a reply that neither
	// threads under nor comes from an address we mailed (a lead answering a LinkedIn
	// message by email), and since when paceline knows it (the lead's creation): mail
	// from before cannot answer its outreach. A zero since counts any mail. Errors:
	// ENOTFOUND. nil skips this fallback.
	LeadByAddressFunc func(ctx context.Context, addr string) (lead string, since time.Time, err error)
	// Tokens checks unsubscribe requests that arrive by mail (the mailto: link); nil
	// ignores them.
	Tokens *Tokens
	// Since is when the mailbox started working for paceline (the account's creation).
	// Mail the server took more than two days before it (SEARCH SINCE goes by whole
	// days, in the server's time zone) is not fetched at all: it answers nothing the
	// account sent, and a first poll of a mailbox with years of mail need not download
	// them. The zero time fetches all.
	Since time.Time
	// NowFunc is the clock; nil means time.Now.
	NowFunc func() time.Time
	// Log receives what a poll cannot return (an unsubscribe request whose token does
	// not verify); nil means slog.Default.
	Log *slog.Logger
	// Batch is the most messages classified per poll; 0 means 200. The checkpoint
	// moves past them, so the next poll goes on where this one stopped.
	Batch int
	// MaxBytes is how much of each message is fetched; 0 means 1 MiB. The facts that
	// classify a message sit in its headers and first parts.
	MaxBytes uint32
}

// PollResult is what one poll found.
type PollResult struct {
	Events     []paceline.Event
	Checkpoint Checkpoint
	Read       int  // messages classified
	More       bool // more new messages wait beyond Batch
}

// Poller reads a mailbox's IMAP folder for replies, bounces and unsubscribes.
type Poller struct {
	mb  Mailbox
	opt PollerOptions
}

// NewPoller checks the mailbox's IMAP settings.
func NewPoller(mb Mailbox, opt PollerOptions) (*Poller, error) {
	if err := mb.Validate(); err != nil {
		return nil, err
	}
	if mb.IMAP.Host == "" {
		return nil, paceline.FieldErrorf("imap", "mailbox %s has no IMAP server to poll (want imap://user@host:143 or imaps://user@host:993)", mb.Account)
	}
	if opt.Sent == nil {
		return nil, paceline.Errorf(paceline.EINTERNAL, "email poller: no sent log")
	}
	if opt.NowFunc == nil {
		opt.NowFunc = time.Now
	}
	if opt.Batch <= 0 {
		opt.Batch = 200
	}
	if opt.MaxBytes == 0 {
		opt.MaxBytes = 1 << 20
	}
	return &Poller{mb: mb, opt: opt}, nil
}

// Poll logs in, reads the messages after the checkpoint and turns them into events. It
// marks nothing read and moves nothing, so it can share the inbox with a person. Errors:
// EUNAUTHORIZED when the login is refused, EUNAVAILABLE when the server cannot be
// reached; both name the mailbox, so the caller marks that account and goes on. When a
// lookup fails or the fetch breaks off halfway, the result holds the events and
// checkpoint of the messages classified before it: store them, and the next poll goes
// on from there.
func (p *Poller) Poll(ctx context.Context, cp Checkpoint) (PollResult, error) {
	c, err := p.connect(ctx)
	if err != nil {
		return PollResult{Checkpoint: cp}, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()

	folder := p.folder()
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return PollResult{Checkpoint: cp}, p.unavailable(ctx, "open folder "+folder, err)
	}
	if sel.UIDValidity != cp.UIDValidity {
		cp = Checkpoint{UIDValidity: sel.UIDValidity}
	}
	res := PollResult{Checkpoint: cp}
	if sel.NumMessages == 0 {
		_ = c.Logout().Wait()
		return res, nil
	}
	criteria := &imap.SearchCriteria{
		UID: []imap.UIDSet{{imap.UIDRange{Start: imap.UID(cp.UID + 1), Stop: 0}}},
	}
	if !p.opt.Since.IsZero() {
		criteria.Since = p.opt.Since.UTC().AddDate(0, 0, -2).Truncate(24 * time.Hour)
	}
	found, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return res, p.unavailable(ctx, "search "+folder, err)
	}
	// "n:*" always matches the newest message, even below n: keep only what is new.
	var uids []imap.UID
	for _, u := range found.AllUIDs() {
		if uint32(u) > cp.UID {
			uids = append(uids, u)
		}
	}
	slices.Sort(uids)
	if len(uids) > p.opt.Batch {
		uids, res.More = uids[:p.opt.Batch], true
	}
	if len(uids) == 0 {
		_ = c.Logout().Wait()
		return res, nil
	}
	err = p.read(ctx, c, uids, &res)
	if err == nil {
		_ = c.Logout().Wait()
	}
	return res, err
}

// classified is what one fetched message gave.
type classified struct {
	events []paceline.Event
	err    error
}

// read fetches the messages one at a time, classifying each as it comes, so a poll
// holds one message in memory, not a batch of them (200 messages with attachments are
// 200 MiB). It adds to res the events of the messages read, in UID order, and moves
// the checkpoint past them; it stops before the first message it could not classify
// (a lookup failed) or, when the fetch broke off, the first it did not receive, so the
// next poll reads those again.
func (p *Poller) read(ctx context.Context, c *imapclient.Client, uids []imap.UID, res *PollResult) error {
	section := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: int64(p.opt.MaxBytes)}}
	fetch := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{section},
	})
	got := make(map[imap.UID]classified, len(uids))
	var stop imap.UID // the first UID a lookup failed on; 0 while none did
	var broken error  // reading a message failed
	for msg := fetch.Next(); msg != nil; msg = fetch.Next() {
		m, err := msg.Collect()
		if err != nil {
			broken = err
			break
		}
		if m.UID == 0 || stop != 0 && m.UID > stop {
			continue // read again on the next poll, after the failed one
		}
		raw := m.FindBodySection(section)
		if raw == nil && len(m.BodySection) > 0 {
			// A server that echoes the section differently ("BODY[]" for a partial
			// request) still sent the message: take the one section asked for.
			raw = m.BodySection[0].Bytes
		}
		evs, err := p.classify(ctx, raw, m.InternalDate)
		got[m.UID] = classified{events: evs, err: err}
		if err != nil && (stop == 0 || m.UID < stop) {
			stop = m.UID
		}
	}
	fetchErr := fetch.Close()
	if fetchErr == nil {
		fetchErr = broken
	}
	if fetchErr != nil {
		fetchErr = p.unavailable(ctx, "fetch from "+p.folder(), fetchErr)
	}
	for _, uid := range uids { // sorted
		r, ok := got[uid]
		switch {
		case !ok && fetchErr != nil:
			return fetchErr // this one may still come: read it again next time
		case !ok:
			continue // deleted since the search
		case r.err != nil:
			// A lookup failed (the store is down): stop here so the checkpoint does
			// not pass a message that was never classified.
			return fmt.Errorf("mailbox %s: classify message %d: %w", p.mb.Account, uid, r.err)
		}
		res.Events = append(res.Events, r.events...)
		res.Read++
		res.Checkpoint.UID = max(res.Checkpoint.UID, uint32(uid))
	}
	return fetchErr
}

// folder is the IMAP folder polled.
func (p *Poller) folder() string {
	if p.mb.Folder == "" {
		return "INBOX"
	}
	return p.mb.Folder
}

// connect dials, upgrades to TLS and logs in.
func (p *Poller) connect(ctx context.Context) (*imapclient.Client, error) {
	srv := p.mb.IMAP
	tlsConf := p.mb.tlsConfig(srv.Host)
	opts := &imapclient.Options{TLSConfig: tlsConf}
	d := net.Dialer{Timeout: p.mb.timeout()}
	raw, err := d.DialContext(ctx, "tcp", srv.Addr())
	if err != nil {
		return nil, p.unavailable(ctx, "connect", err)
	}
	// A server that accepts the connection and then says nothing must not hold the
	// poll for ever: every read and write gets the mailbox's timeout.
	conn := &idleTimeoutConn{Conn: raw, timeout: p.mb.timeout()}
	// The greeting, TLS and login together get one timeout too.
	var timedOut atomic.Bool
	watchdog := time.AfterFunc(p.mb.timeout(), func() { timedOut.Store(true); _ = raw.Close() })
	defer watchdog.Stop()
	fail := func(what string, err error) error {
		if timedOut.Load() {
			err = os.ErrDeadlineExceeded
		}
		return p.unavailable(ctx, what, err)
	}
	var c *imapclient.Client
	if srv.Security() == ImplicitTLS {
		c = imapclient.New(tls.Client(conn, tlsConf), opts)
	} else if c, err = imapclient.NewStartTLS(conn, opts); err != nil {
		_ = raw.Close()
		return nil, fail("STARTTLS", err)
	}
	if err := c.Login(srv.User, srv.Password.Reveal()).Wait(); err != nil {
		_ = c.Close()
		var ie *imap.Error
		if errors.As(err, &ie) && (ie.Type == imap.StatusResponseTypeNo || ie.Code == imap.ResponseCodeAuthenticationFailed) {
			return nil, paceline.Errorf(paceline.EUNAUTHORIZED,
				"mailbox %s: the IMAP server %s refused the login for %s: %s (check the user and password)",
				p.mb.Account, srv.Addr(), srv.User, strings.TrimSpace(ie.Text))
		}
		return nil, fail("log in", err)
	}
	return c, nil
}

// idleTimeoutConn gives each read and write its own deadline, so a stalled server ends
// the poll while a slow but moving download does not.
type idleTimeoutConn struct {
	net.Conn
	timeout time.Duration
}

func (c *idleTimeoutConn) Read(b []byte) (int, error) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(b)
}

func (c *idleTimeoutConn) Write(b []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(b)
}

func (p *Poller) unavailable(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		err = ctx.Err()
	}
	// go-imap wraps some read errors with %v ("in response: cannot read tag: ..."),
	// which drops the net.Error from the chain; its text still ends in the deadline's
	// "i/o timeout". Which way a stalled server's timeout comes back depends on when
	// the TLS handshake runs (CI: TestCheckUnknownOrUnreachableHost, 1 run in many).
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || strings.Contains(err.Error(), os.ErrDeadlineExceeded.Error()) {
		return paceline.Errorf(paceline.EUNAVAILABLE, "mailbox %s: IMAP server %s: %s: the server did not answer within %s",
			p.mb.Account, p.mb.IMAP.Addr(), what, p.mb.timeout())
	}
	return paceline.Errorf(paceline.EUNAVAILABLE, "mailbox %s: IMAP server %s: %s: %v", p.mb.Account, p.mb.IMAP.Addr(), what, err)
}
