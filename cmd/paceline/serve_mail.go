package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/postgres"
)

// mailPollEvery is how often serve reads each mailbox's inbox, in wall time: replies
// should stop a sequence within about a minute, and a provider sees one login a minute.
const mailPollEvery = time.Minute

// mailStore is what the mailboxes need of the database: the durable sent log, the IMAP
// checkpoints, and the events a poll finds. Both stores have it, and the leads a
// recipient's address comes from.
type mailStore interface {
	email.SentLog
	MailCheckpoint(ctx context.Context, account string) (email.Checkpoint, error)
	// SetMailCheckpoint saves the checkpoint only while the mailbox settings are still
	// those of settingsAt, and reports whether it did.
	SetMailCheckpoint(ctx context.Context, account string, cp email.Checkpoint, settingsAt time.Time) (bool, error)
	RecordEvent(ctx context.Context, e *paceline.Event) (bool, error)
}

// mailAccounts is where the mailboxes come from: the accounts and their settings.
type mailAccounts interface {
	Accounts(ctx context.Context) ([]*paceline.Account, error)
	paceline.MailboxStore
}

// mailboxes are the email accounts one serve runs: each one's Sender (through
// mailRouter) and Poller (through poll). An account added or whose settings change
// while serve runs is built by refresh (serve_mail_refresh.go).
type mailboxes struct {
	store    mailStore
	leads    leadStore
	accounts mailAccounts
	// keyFunc loads the secret key the passwords are sealed with, when the first
	// email account is built.
	keyFunc func() (*secret.Key, error)

	// boxMu guards the mailboxes built so far: the router reads them while refresh
	// adds and replaces them.
	boxMu   sync.RWMutex
	key     *secret.Key
	senders map[string]*email.Sender
	pollers map[string]*email.Poller
	// broken says why an email account does not run (no postal address yet, a password
	// that does not open): its actions fail with that sentence.
	broken map[string]error
	// built is the UpdatedAt of the settings each account's mailbox was built from: a
	// newer one is built again.
	built  map[string]time.Time
	tokens *email.Tokens
	unsub  http.Handler
	// refreshMu lets one refresh run at a time; refreshErr is the last one's error,
	// said once on stderr.
	refreshMu  sync.Mutex
	refreshErr string
	serving    bool // set after the first refresh: later ones say what they started
	// refreshEvery is how often run refreshes; zero is mailRefreshEvery.
	refreshEvery time.Duration
	// speed is the clock's speed serve runs at: above 1, a mailbox added or changed
	// while it runs is not built (refuseSpedUp), since it would send real email at a
	// sped-up pace. Set by startMailboxesAt, before the first build.
	speed float64
	// lease, on PostgreSQL, lets one process at a time read the inboxes.
	lease  *pollLease
	now    func() time.Time
	log    *slog.Logger
	stderr io.Writer

	// OnEventFunc, when set, is told of each event recorded for the first time (the
	// outgoing webhooks); WakeFunc brings the account's tick forward so the runtime
	// applies the event at once.
	OnEventFunc func(ctx context.Context, e paceline.Event) error
	WakeFunc    func(ctx context.Context, account string) error

	mu     sync.Mutex
	status map[string]error // the last poll's error of each mailbox
}

// startMailboxesAt builds the sender and poller of every email account, on a SQLite file
// or PostgreSQL alike. The secret key is loaded with the first email account, so a
// database without one needs none; when one exists it is loaded at start all the same,
// for the unsubscribe links of email already sent (loadUnsubscribeTokens). On
// PostgreSQL the key comes from PACELINE_SECRET_KEY (see loadSecretKey): every process
// that serves the database must have the key the passwords were sealed with.
//
// speed is the clock's speed serve runs at, applied from the first build on: above 1
// a mailbox is not started (refuseSpedUp), since it would send real email at that
// pace. serve refused any mailbox at a sped-up clock before (onlySimulated), but one
// added since that check must not be started by this first build either.
func (a *app) startMailboxesAt(ctx context.Context, db *runtimeDB, now func() time.Time, speed float64, logger *slog.Logger) (*mailboxes, error) {
	st := db.store
	m := &mailboxes{
		store: st, leads: st, accounts: st, now: now, speed: speed, log: logger, stderr: a.stderr,
		keyFunc: func() (*secret.Key, error) { return a.loadSecretKey(false) },
		senders: map[string]*email.Sender{}, pollers: map[string]*email.Poller{},
		broken: map[string]error{}, built: map[string]time.Time{}, status: map[string]error{},
	}
	if pg, ok := st.(*postgres.Store); ok {
		m.lease = &pollLease{store: pg, log: logger}
	}
	if _, err := m.refresh(ctx); err != nil {
		return nil, err
	}
	a.loadUnsubscribeTokens(m)
	m.serving = true
	return m, nil
}

// startMailboxes is startMailboxesAt in real time (speed 1), which the tests use.
func (a *app) startMailboxes(ctx context.Context, db *runtimeDB, now func() time.Time, logger *slog.Logger) (*mailboxes, error) {
	return a.startMailboxesAt(ctx, db, now, 1, logger)
}

// loadUnsubscribeTokens makes the unsubscribe tokens from the secret key at start when
// no mailbox built them, whenever a key exists: the links in email already sent must
// keep opting their leads out (RFC 8058's one-click) after the mailbox that sent them
// is gone (a seat's mailbox taken away), when no mailbox runs.
// Without a key no link was ever made, and /u/ stays not found. A key that does not
// load is said on stderr and serve goes on: it runs no mailbox that needs it.
func (a *app) loadUnsubscribeTokens(m *mailboxes) {
	m.boxMu.RLock()
	loaded := m.tokens != nil
	m.boxMu.RUnlock()
	if loaded || (isPostgres(a.dbPath) && a.env(secret.EnvKey) == "") {
		return
	}
	_, err := m.secretKey()
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return
	}
	fmt.Fprintf(m.stderr, "paceline: warning: the unsubscribe links of email sent from this database answer 404 until paceline's secret key loads (fix it, then start serve again): %s\n", userMessage(err))
}

// recipient is the lead's address, "Name <addr>", from the leads store. Errors:
// ENOTFOUND when the lead is unknown or has no email address.
func (m *mailboxes) recipient(ctx context.Context, leadKey string) (string, error) {
	k := leadKeyOf(leadKey)
	l, err := m.leads.LeadByKey(ctx, k.Type.String(), k.Value)
	if err != nil {
		return "", err
	}
	if l.Email == "" {
		return "", paceline.Errorf(paceline.ENOTFOUND,
			"lead %s has no email address (import one for it, or take it out of the email step)", leadKey)
	}
	return (&mail.Address{Name: l.Name(), Address: l.Email}).String(), nil
}

// leadByAddress is the engine key of the lead known by an email address, and when it
// was imported: mail from the lead before then cannot answer paceline's outreach.
func (m *mailboxes) leadByAddress(ctx context.Context, addr string) (string, time.Time, error) {
	l, err := m.leads.LeadByKey(ctx, lead.KeyEmail.String(), strings.ToLower(addr))
	if err != nil {
		return "", time.Time{}, err
	}
	return engine.LeadKey(l), l.CreatedAt, nil
}

// leadKeyOf reads an engine lead key (slug, sales:ID, email:ADDRESS) as a lead.Key.
func leadKeyOf(s string) lead.Key {
	if v, ok := strings.CutPrefix(s, "email:"); ok {
		return lead.Key{Type: lead.KeyEmail, Value: v}
	}
	if v, ok := strings.CutPrefix(s, "sales:"); ok {
		return lead.Key{Type: lead.KeySales, Value: v}
	}
	return lead.Key{Type: lead.KeyProfile, Value: s}
}

// poll reads one mailbox once (again at once while more messages wait), records what
// it found as events, and saves the checkpoint, unless the mailbox's settings changed
// since p was built (see stale): the poller refresh builds reads on. The save itself
// checks the settings are still those p was built from, in the same statement: a new
// folder stored after stale looked must not get the old folder's UIDs. A refused
// login marks the account: the error is kept as its status and written to stderr once.
func (m *mailboxes) poll(ctx context.Context, name string, p *email.Poller) error {
	cp, err := m.store.MailCheckpoint(ctx, name)
	if err != nil {
		return m.note(name, err)
	}
	for {
		res, err := p.Poll(ctx, cp)
		if rerr := m.record(ctx, name, res.Events); rerr != nil {
			return m.note(name, rerr)
		}
		if res.Checkpoint != cp {
			old, serr := m.stale(ctx, name, p)
			if serr != nil {
				return m.note(name, serr)
			}
			builtAt, current := m.builtAt(name, p)
			if old || !current {
				return m.note(name, err)
			}
			saved, serr := m.store.SetMailCheckpoint(ctx, name, res.Checkpoint, builtAt)
			if serr != nil {
				return m.note(name, serr)
			}
			if !saved {
				// The settings changed since stale looked: the poller refresh builds
				// from them reads on.
				return m.note(name, err)
			}
			cp = res.Checkpoint
		}
		if err != nil || !res.More {
			return m.note(name, err)
		}
	}
}

// builtAt is the UpdatedAt of the settings p was built from, and whether p is still
// the poller of name's mailbox (refresh did not replace it), read together.
func (m *mailboxes) builtAt(name string, p *email.Poller) (time.Time, bool) {
	m.boxMu.RLock()
	defer m.boxMu.RUnlock()
	return m.built[name], m.pollers[name] == p
}

// record stores the events a poll found, tells OnEventFunc of the new ones, and wakes
// each account concerned so its next tick applies them.
func (m *mailboxes) record(ctx context.Context, name string, evs []paceline.Event) error {
	wake := map[string]bool{}
	for i := range evs {
		recorded, err := m.store.RecordEvent(ctx, &evs[i])
		if err != nil {
			return fmt.Errorf("mailbox %s: record %s of %s: %w", name, evs[i].Type, evs[i].Lead, err)
		}
		if !recorded {
			continue
		}
		wake[evs[i].Account] = true
		if m.OnEventFunc != nil {
			if err := m.OnEventFunc(ctx, evs[i]); err != nil {
				m.log.Warn("event hook", "event", evs[i].Type, "lead", evs[i].Lead, "err", err)
			}
		}
	}
	for acct := range wake {
		if m.WakeFunc != nil {
			if err := m.WakeFunc(ctx, acct); err != nil {
				m.log.Warn("wake account", "account", acct, "err", err)
			}
		}
	}
	return nil
}

// note keeps err as the mailbox's status and says so on stderr when it changes.
func (m *mailboxes) note(name string, err error) error {
	if err != nil && errors.Is(err, context.Canceled) {
		return err // serve is stopping: nothing to report
	}
	m.mu.Lock()
	prev := m.status[name]
	m.status[name] = err
	m.mu.Unlock()
	switch {
	case err == nil && prev != nil:
		fmt.Fprintf(m.stderr, "paceline: mailbox %s is read again\n", name)
	case err != nil && (prev == nil || prev.Error() != err.Error()):
		msg := userMessage(err)
		if paceline.ErrorCode(err) == paceline.EUNAUTHORIZED {
			msg += "; it is not read again until its password is stored again"
		}
		fmt.Fprintf(m.stderr, "paceline: mailbox %s: %s\n", name, withoutMailboxPrefix(name, msg))
	}
	return err
}

// Status is the last poll's error of a mailbox (nil when it went well or has not run).
func (m *mailboxes) Status(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status[name]
}

// optOut is what an unsubscribe link does: the lead's keys go on the suppression list,
// and an opted_out event on every account that runs a sequence for the lead stops it.
func (m *mailboxes) optOut(accounts runtimeStore) email.OptOutFunc {
	return func(ctx context.Context, leadKey string) error {
		id, err := m.leads.FindLeadID(ctx, leadKeyOf(leadKey))
		switch {
		case paceline.ErrorCode(err) == paceline.ENOTFOUND:
			// Erased since: suppress the key itself, so no import brings it back.
			if err := m.leads.SuppressKeys(ctx, []lead.Key{leadKeyOf(leadKey)}, "unsubscribed by email link"); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if err := m.leads.OptOutLead(ctx, id, "unsubscribed by email link"); err != nil {
				return err
			}
		}
		accts, err := accounts.Accounts(ctx)
		if err != nil {
			return err
		}
		var evs []paceline.Event
		for _, acct := range accts {
			recs, err := accounts.RunningEnrollments(ctx, acct.Name)
			if err != nil {
				return err
			}
			for _, rec := range recs {
				if rec.Lead == leadKey {
					evs = append(evs, paceline.Event{Key: "email/unsubscribe/" + acct.Name + "/" + leadKey,
						At: m.now(), Account: acct.Name, Lead: leadKey, Type: paceline.EventOptedOut, Kind: paceline.KindEmail})
					break
				}
			}
		}
		return m.record(ctx, "unsubscribe", evs)
	}
}

// mailRouter sends email accounts' actions to their mailbox's Sender and every other
// action to the assist router (desk or simulated platform).
type mailRouter struct {
	accounts interface {
		Account(ctx context.Context, name string) (*paceline.Account, error)
	}
	mail  *mailboxes // nil: no email account runs
	other assist.Reconciler
}

var _ engine.TextExecutor = (*mailRouter)(nil)

// mailboxUnusableHold is how long an account's emails wait when its mailbox cannot be
// used at all (no settings, settings that cannot be read, not run by this process): a
// person must act, and one failed attempt a tick would only fill the ledger.
const mailboxUnusableHold = 10 * time.Minute

// Execute hands the action to its account's executor.
func (r *mailRouter) Execute(ctx context.Context, a paceline.Action) (engine.Outcome, error) {
	return r.ExecuteText(ctx, a, engine.Text{})
}

// ExecuteText hands the action and its rendered words to its account's executor.
func (r *mailRouter) ExecuteText(ctx context.Context, a paceline.Action, t engine.Text) (engine.Outcome, error) {
	acct, err := r.accounts.Account(ctx, a.Account)
	if err != nil {
		return engine.Outcome{}, fmt.Errorf("route %s: %w", a.Key, err)
	}
	if acct.Executor != paceline.ExecutorEmail && a.Kind != paceline.KindEmail {
		if te, ok := r.other.(engine.TextExecutor); ok {
			return te.ExecuteText(ctx, a, t)
		}
		return r.other.Execute(ctx, a)
	}
	failed := engine.Outcome{Result: paceline.ResultFailed}
	if acct.Executor != paceline.ExecutorEmail && !acct.Mailbox {
		// Its own mailbox was taken away after the tick planned the email: the sender
		// built for it may still be cached until the next refresh, but must not send.
		return failed, engine.HoldSenderFor(paceline.Errorf(paceline.ENOTFOUND, "account %s has no mailbox of its own any more: its email is not sent", a.Account), mailboxUnusableHold)
	}
	if r.mail == nil {
		return failed, engine.HoldSenderFor(paceline.Errorf(paceline.EINVALID, "email account %s is not run by this process: restart paceline serve or worker to send from the mailbox", a.Account), mailboxUnusableHold)
	}
	s, err := r.mail.sender(a.Account)
	if s == nil && err == nil {
		// Added since the last refresh: build it now rather than fail the step.
		if _, err := r.mail.refresh(ctx); err != nil {
			return failed, err
		}
		s, err = r.mail.sender(a.Account)
	}
	if err != nil {
		return failed, engine.HoldSenderFor(err, mailboxUnusableHold) // its settings cannot be used
	}
	if s == nil {
		return failed, engine.HoldSenderFor(paceline.Errorf(paceline.ENOTFOUND, "email account %s has no mailbox settings: store them with paceline accounts update", a.Account), mailboxUnusableHold)
	}
	return s.ExecuteText(ctx, a, t)
}

// Executed asks the sent log first (every email sent is there), then the other
// executors.
func (r *mailRouter) Executed(ctx context.Context, key string) (engine.Outcome, bool, error) {
	if r.mail != nil {
		_, err := r.mail.store.SentByKey(ctx, key)
		switch {
		case err == nil:
			return engine.Outcome{Result: paceline.ResultDone}, true, nil
		case paceline.ErrorCode(err) != paceline.ENOTFOUND:
			return engine.Outcome{}, false, fmt.Errorf("look up %s in the sent log: %w", key, err)
		}
	}
	return r.other.Executed(ctx, key)
}

// handler serves the unsubscribe links at /u/ (where Unsubscribe.URL points, under the
// public URL) in front of the app's own handler. Until the secret key is loaded (at
// start when it exists, see loadUnsubscribeTokens, else with the first mailbox) there
// are no links, and /u/ is not found.
func (m *mailboxes) handler(app http.Handler, accounts runtimeStore) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/u/", func(w http.ResponseWriter, r *http.Request) {
		m.boxMu.Lock()
		if m.unsub == nil && m.tokens != nil {
			m.unsub = email.UnsubscribeHandler(m.tokens, m.optOut(accounts))
		}
		h := m.unsub
		m.boxMu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
	if app != nil {
		mux.Handle("/", app)
	}
	return mux
}
