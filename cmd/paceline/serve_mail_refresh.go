package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/shellword"
)

// mailRefreshEvery is how often a running serve looks for email accounts added, or
// whose mailbox settings changed, since it started: their inbox is read from then on.
// Their sends do not wait for it: the router builds a mailbox it does not know yet.
const mailRefreshEvery = 10 * time.Second

// refresh builds the mailbox of every email account (and of every LinkedIn account
// with a mailbox of its own) not built yet or whose settings
// changed since (a newer UpdatedAt), and says on stderr what it started. It returns
// the accounts it built. Errors: those of the store, and of loading the secret key
// (which the first email account needs); an account that cannot run (no postal
// address, a password that does not open) is no error: it is marked broken. A stored
// public URL that would break its unsubscribe links stops it sending only: its inbox
// is still read (see judgePublicURL).
func (m *mailboxes) refresh(ctx context.Context) ([]string, error) {
	m.refreshMu.Lock()
	defer m.refreshMu.Unlock()
	accts, err := m.accounts.Accounts(ctx)
	if err != nil {
		return nil, m.noteRefresh(fmt.Errorf("email accounts: %w", err))
	}
	var changed []string
	m.forgetGone(accts)
	for _, acct := range accts {
		if acct.Executor != paceline.ExecutorEmail && !acct.Mailbox {
			continue // a LinkedIn account without a mailbox of its own
		}
		var updated time.Time
		set, err := m.accounts.Mailbox(ctx, acct.Name)
		switch {
		case err == nil:
			updated = set.UpdatedAt
		case paceline.ErrorCode(err) == paceline.ENOTFOUND && m.serving:
			continue // being added: its settings come in a moment
		case paceline.ErrorCode(err) != paceline.ENOTFOUND:
			return changed, m.noteRefresh(fmt.Errorf("email account %s: %w", acct.Name, err))
		}
		m.boxMu.RLock()
		at, known := m.built[acct.Name]
		m.boxMu.RUnlock()
		if known && at.Equal(updated) {
			continue
		}
		if m.speed > 1 {
			m.refuseSpedUp(acct, updated)
			changed = append(changed, acct.Name)
			continue
		}
		key, err := m.secretKey()
		if err != nil {
			return changed, m.noteRefresh(fmt.Errorf("email accounts: %w", err))
		}
		deps := mailboxDeps{Sent: m.store, Recipient: m.recipient, LeadByAddress: m.leadByAddress, Log: m.log}
		sender, poller, err := mailboxFor(ctx, m.accounts, key, acct, deps)
		var sendErr error
		var pathWarning string
		if err == nil && set != nil && set.PublicURL != "" {
			sendErr, pathWarning = judgePublicURL(acct.Name, set.PublicURL)
		}
		m.boxMu.Lock()
		m.built[acct.Name] = updated
		switch {
		case err != nil:
			m.broken[acct.Name] = err
			delete(m.senders, acct.Name)
			delete(m.pollers, acct.Name)
		case sendErr != nil:
			// Its inbox is still read: replies, bounces and unsubscribes to what it
			// sent before must not go unread because its links would now be broken.
			m.broken[acct.Name] = sendErr
			delete(m.senders, acct.Name)
			m.pollers[acct.Name] = poller
		default:
			delete(m.broken, acct.Name)
			m.senders[acct.Name], m.pollers[acct.Name] = sender, poller
		}
		m.boxMu.Unlock()
		changed = append(changed, acct.Name)
		label := mailboxLabel(acct)
		switch {
		case err != nil:
			fmt.Fprintf(m.stderr, "paceline: %s does not run: %s\n", label, withoutMailboxPrefix(acct.Name, userMessage(err)))
		case sendErr != nil:
			fmt.Fprintf(m.stderr, "paceline: %s does not run: %s; it sends nothing until then, but its inbox is still read (replies, bounces, unsubscribes)\n", label, withoutMailboxPrefix(acct.Name, userMessage(sendErr)))
		case m.serving && known:
			fmt.Fprintf(m.stderr, "paceline: %s runs with its new mailbox settings\n", label)
		case m.serving && acct.Executor == paceline.ExecutorEmail:
			fmt.Fprintf(m.stderr, "paceline: %s added while serving: it sends from its mailbox and its inbox is read\n", label)
		case m.serving:
			fmt.Fprintf(m.stderr, "paceline: %s added while serving: it sends the account's email steps and its inbox is read\n", label)
		}
		if pathWarning != "" {
			fmt.Fprintf(m.stderr, "paceline: warning: %s\n", pathWarning)
		}
	}
	m.noteRefresh(nil)
	return changed, nil
}

// judgePublicURL judges an email account's stored public URL, which accounts add and
// update check but an older version stored unchecked. One that would break every
// unsubscribe link (a query, a fragment, user info) stops the mailbox sending: sendErr.
// One whose only fault is a path still sends, since a proxy may strip the prefix
// before serve sees /u/, but warning says how to fix it: the links work only behind
// such a proxy.
func judgePublicURL(account, publicURL string) (sendErr error, warning string) {
	err := checkPublicURL(publicURL)
	if err == nil {
		return nil, ""
	}
	u, perr := url.Parse(publicURL)
	if perr != nil || strings.Trim(u.Path, "/") == "" {
		return fmt.Errorf("mailbox %s: %w", account, err), ""
	}
	root := *u
	root.Path, root.RawPath = "", ""
	if checkPublicURL(root.String()) != nil {
		return fmt.Errorf("mailbox %s: %w", account, err), ""
	}
	return nil, fmt.Sprintf("email account %s's public URL %s has a path (%s), but serve answers the unsubscribe links at /u/ on the root of its host: "+
		"its links work only behind a proxy that strips %s. It still sends and its inbox is read; to fix it, run: paceline accounts update %s --public-url %s",
		account, publicURL, u.Path, strings.TrimRight(u.Path, "/"), shellword.Quote(account), shellword.Quote(root.String()))
}

// noteRefresh says a refresh's error on stderr once, and that it works again after
// one failed; it returns err.
func (m *mailboxes) noteRefresh(err error) error {
	msg := ""
	if err != nil {
		msg = userMessage(err)
	}
	switch {
	case !m.serving || msg == m.refreshErr:
	case err == nil:
		fmt.Fprintf(m.stderr, "paceline: email accounts are looked up again\n")
	default:
		fmt.Fprintf(m.stderr, "paceline: cannot start the email accounts added since serve started: %s; retrying every %s\n", msg, mailRefreshEvery)
	}
	m.refreshErr = msg
	return err
}

// secretKey is the key the passwords are sealed with, loaded the first time, with the
// unsubscribe tokens made from it.
func (m *mailboxes) secretKey() (*secret.Key, error) {
	m.boxMu.RLock()
	key := m.key
	m.boxMu.RUnlock()
	if key != nil {
		return key, nil
	}
	key, err := m.keyFunc()
	if err != nil {
		return nil, err
	}
	tokens, err := unsubscribeTokens(key)
	if err != nil {
		return nil, err
	}
	m.boxMu.Lock()
	m.key, m.tokens = key, tokens
	m.boxMu.Unlock()
	return key, nil
}

// sender is the Sender of the email account name, or why it does not run; neither
// when it is not built (yet).
func (m *mailboxes) sender(name string) (*email.Sender, error) {
	m.boxMu.RLock()
	defer m.boxMu.RUnlock()
	if err := m.broken[name]; err != nil {
		return nil, err
	}
	return m.senders[name], nil
}

// held says until when the account's mailbox is held at now (its server refused it) and
// why, for runtime.Runner.HeldFunc; a zero time when it is not, or when the account has
// no mailbox this process runs.
func (m *mailboxes) held(name string, now time.Time) (time.Time, string) {
	s, err := m.sender(name)
	if err != nil || s == nil {
		return time.Time{}, ""
	}
	return s.Held(now)
}

// run polls every mailbox every mailPollEvery until ctx ends, each in its own
// goroutine, so a slow or refused mailbox holds no other back; on PostgreSQL only while
// this process holds the poller's lease. Every mailRefreshEvery it refreshes the
// mailboxes, and polls those built since from then on (a changed one with its new
// settings, once its old poll has ended). The returned wait returns once every poll has
// ended and the lease is let go, so the database is not closed under one.
func (m *mailboxes) run(ctx context.Context, every time.Duration) (wait func()) {
	var wg sync.WaitGroup
	type polling struct {
		p      *email.Poller
		cancel context.CancelFunc
		done   chan struct{}
	}
	running := map[string]polling{} // only the refresh goroutine touches it once started
	reconcile := func() {
		m.boxMu.RLock()
		pollers := make(map[string]*email.Poller, len(m.pollers))
		for name, p := range m.pollers {
			pollers[name] = p
		}
		m.boxMu.RUnlock()
		for name, r := range running {
			if pollers[name] != r.p {
				r.cancel()
				<-r.done // never two polls of one mailbox at once
				delete(running, name)
			}
		}
		for name, p := range pollers {
			if _, ok := running[name]; ok {
				continue
			}
			pctx, cancel := context.WithCancel(ctx)
			r := polling{p: p, cancel: cancel, done: make(chan struct{})}
			running[name] = r
			wg.Go(func() {
				defer close(r.done)
				m.pollEvery(pctx, name, p, every)
			})
		}
	}
	reconcile()
	wg.Go(func() {
		refreshEvery := m.refreshEvery
		if refreshEvery <= 0 {
			refreshEvery = mailRefreshEvery
		}
		t := time.NewTicker(refreshEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if _, err := m.refresh(ctx); err != nil && ctx.Err() == nil {
				m.log.Warn("refresh email accounts", "err", err)
			}
			reconcile()
		}
	})
	return func() {
		wg.Wait()
		if m.lease != nil {
			m.lease.release()
		}
	}
}

// pollEvery polls mailbox name every interval until ctx ends, or until its login is
// refused: it is then polled again once its password is stored again (refresh builds
// a new Poller).
func (m *mailboxes) pollEvery(ctx context.Context, name string, p *email.Poller, every time.Duration) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if m.lease != nil && !m.lease.mine(ctx) {
			t.Reset(every) // another process reads the mailboxes
			continue
		}
		if err := m.poll(ctx, name, p); err != nil && ctx.Err() == nil &&
			paceline.ErrorCode(err) == paceline.EUNAUTHORIZED {
			return
		}
		t.Reset(every)
	}
}

// forgetGone drops the built mailbox of every LinkedIn account of accts that no longer
// has one (accounts update --remove-mailbox) and of every account gone: it sends no
// more, and the next reconcile stops its polls.
func (m *mailboxes) forgetGone(accts []*paceline.Account) {
	keep := make(map[string]bool, len(accts))
	for _, a := range accts {
		keep[a.Name] = a.Executor == paceline.ExecutorEmail || a.Mailbox
	}
	m.boxMu.Lock()
	var gone []string
	for name := range m.built {
		if !keep[name] {
			delete(m.built, name)
			delete(m.senders, name)
			delete(m.pollers, name)
			delete(m.broken, name)
			gone = append(gone, name)
		}
	}
	m.boxMu.Unlock()
	if m.serving {
		for _, name := range gone {
			fmt.Fprintf(m.stderr, "paceline: account %s has no mailbox any more: it sends no email, and its inbox is no longer read\n", name)
		}
	}
}

// mailboxLabel names acct's mailbox for serve's messages: an email account is its
// mailbox, while a LinkedIn seat's own mailbox is not the account (QA: a seat's was
// said to be "email account alice").
func mailboxLabel(acct *paceline.Account) string {
	if acct.Executor == paceline.ExecutorEmail {
		return "email account " + acct.Name
	}
	return "mailbox of LinkedIn account " + acct.Name
}

// withoutMailboxPrefix drops the "mailbox NAME: " the email package and judgePublicURL
// start their errors with from msg, for a line that names the mailbox already (QA:
// "mailbox alice: mailbox alice: IMAP server ...").
func withoutMailboxPrefix(name, msg string) string {
	for {
		rest, ok := strings.CutPrefix(msg, "mailbox "+name+": ")
		if !ok {
			return msg
		}
		msg = rest
	}
}

// spedUpMailbox is why a mailbox added or changed while serve runs at a sped-up clock
// does not run: its actions fail with it. It is told on stderr once per account.
type spedUpMailbox struct{ err error }

func (e spedUpMailbox) Error() string { return e.err.Error() }
func (e spedUpMailbox) Unwrap() error { return e.err }

// refuseSpedUp does not build acct's mailbox, added or changed while serve runs sped
// up: it would send real email at that pace, a week's allowance in minutes, which a
// fresh start with --speed refuses (onlySimulated). Its email steps fail and its inbox
// is not read; stderr says so, and to restart serve with --speed 1, once per account.
func (m *mailboxes) refuseSpedUp(acct *paceline.Account, updated time.Time) {
	label := mailboxLabel(acct)
	err := spedUpMailbox{paceline.Errorf(paceline.EUNAVAILABLE,
		"%s sends real email, and this paceline serve runs its clock at %gx: it is not started; restart serve with --speed 1 to send from it", label, m.speed)}
	m.boxMu.Lock()
	var told spedUpMailbox
	wasTold := errors.As(m.broken[acct.Name], &told)
	m.built[acct.Name] = updated
	m.broken[acct.Name] = err
	delete(m.senders, acct.Name)
	delete(m.pollers, acct.Name)
	m.boxMu.Unlock()
	when := "was added or changed while serving"
	if !m.serving {
		when = "was added while serve was starting" // after onlySimulated's check
	}
	if !wasTold {
		fmt.Fprintf(m.stderr, "paceline: %s %s, but this serve runs its clock at %gx and a mailbox sends real email: it is not started (its email steps fail, its inbox is not read); to send from it, stop serve and start it again with --speed 1\n",
			label, when, m.speed)
	}
}
