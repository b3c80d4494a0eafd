package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/secret"
)

// mailFlags are the settings of a mailbox account (accounts add --executor email).
// Passwords never come from the command line: only the names of environment variables
// that hold them, or a prompt.
type mailFlags struct {
	from, smtp, imap, smtpPasswordEnv, imapPasswordEnv string
	footerAddress, publicURL, folder                   string
	skipCheck                                          bool
}

// register adds the mailbox flags to accounts add.
func (m *mailFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&m.from, "from", "", "sender of an email account, as `'Name <addr>'`")
	fl.StringVar(&m.smtp, "smtp", "", "SMTP submission server of an email account, as `smtp[s]://user@host:port` (no password)")
	fl.StringVar(&m.imap, "imap", "", "IMAP server where an email account's replies and bounces arrive, as `imap[s]://user@host:port` (no password)")
	fl.StringVar(&m.smtpPasswordEnv, "smtp-password-env", "", "environment `VARIABLE` holding the SMTP password (else it is asked for on the terminal)")
	fl.StringVar(&m.imapPasswordEnv, "imap-password-env", "", "environment `VARIABLE` holding the IMAP password (else it is asked for on the terminal)")
	fl.StringVar(&m.footerAddress, "footer-address", "", "postal `address` printed in every email's footer (required by CAN-SPAM before the mailbox sends)")
	fl.StringVar(&m.publicURL, "public-url", "", "paceline's public `https URL`, the root of its host (no path), the base of the one-click unsubscribe links")
	fl.StringVar(&m.folder, "folder", "", "IMAP `folder` polled for replies (default INBOX)")
	fl.BoolVar(&m.skipCheck, "skip-check", false, "store the mailbox without first logging in to its servers")
}

// given names the first mailbox flag that was set, for refusing it on a LinkedIn account.
func (m *mailFlags) given(fl *pflag.FlagSet) string {
	for _, name := range []string{"from", "smtp", "imap", "smtp-password-env", "imap-password-env", "footer-address", "public-url", "folder", "skip-check"} {
		if fl.Changed(name) {
			return name
		}
	}
	return ""
}

// mailboxTLS overrides the TLS settings of mailbox connections; nil (the system's roots)
// outside tests, which trust their own loopback servers' certificate with it.
var mailboxTLS *tls.Config

// mailboxInput is a mailbox as parsed from the flags, its passwords still in the clear.
type mailboxInput struct {
	mb       email.Mailbox
	settings paceline.MailboxSettings
}

// parse checks every mailbox flag and reads the passwords, before anything is written.
func (m *mailFlags) parse(a *app, account string) (*mailboxInput, error) {
	in, err := m.parseSettings(account)
	if err != nil {
		return nil, err
	}
	if in.mb.SMTP.Password, err = a.mailPassword("smtp", m.smtpPasswordEnv, in.mb.SMTP); err != nil {
		return nil, err
	}
	if in.mb.IMAP.Password, err = a.mailPassword("imap", m.imapPasswordEnv, in.mb.IMAP); err != nil {
		return nil, err
	}
	return in, in.mb.Validate()
}

// parseSettings checks every mailbox flag but the passwords, which it leaves empty:
// accounts update reads only those it is asked to replace.
func (m *mailFlags) parseSettings(account string) (*mailboxInput, error) {
	if strings.TrimSpace(m.from) == "" {
		return nil, paceline.FieldErrorf("from", "is missing (a mailbox needs --from 'Name <name@example.com>', with --smtp and --imap)")
	}
	from, err := email.ParseFrom(m.from)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.smtp) == "" {
		return nil, paceline.FieldErrorf("smtp", "is missing (give --smtp smtps://user@host:465 or smtp://user@host:587)")
	}
	smtpSrv, err := email.ParseServer("smtp", m.smtp)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.imap) == "" {
		return nil, paceline.FieldErrorf("imap",
			"is missing (give --imap imaps://user@host:993: without it replies and bounces are never seen and sequences would not stop)")
	}
	imapSrv, err := email.ParseServer("imap", m.imap)
	if err != nil {
		return nil, err
	}
	if imapSrv.User == "" {
		// IMAP always logs in: without a user the server's refusal would name nobody.
		return nil, paceline.FieldErrorf("imap", "%q names no user to log in as: write %s://USER@%s (the mailbox's login, often its address)",
			strings.TrimSpace(m.imap), imapSrv.Scheme, imapSrv.Addr())
	}
	if m.publicURL != "" {
		// Checked when saved, as serve checks it again: a query or a fragment would
		// break every unsubscribe link made from it.
		if err := checkPublicURL(m.publicURL); err != nil {
			return nil, err
		}
	}
	in := &mailboxInput{
		mb: email.Mailbox{Account: account, From: from, SMTP: smtpSrv, IMAP: imapSrv,
			Folder: strings.TrimSpace(m.folder), TLSConfig: mailboxTLS},
		settings: paceline.MailboxSettings{Account: account, From: from.String(),
			SMTP: smtpSrv.String(), IMAP: imapSrv.String(), Folder: strings.TrimSpace(m.folder),
			FooterAddress: strings.TrimSpace(m.footerAddress), PublicURL: strings.TrimRight(m.publicURL, "/")},
	}
	return in, nil
}

// mailPassword reads a server's password from the named environment variable, else
// from a prompt on the terminal. A server URL without a user takes no login and no
// password.
func (a *app) mailPassword(proto, envVar string, srv email.Server) (secret.Redacted, error) {
	field, upper := proto+"-password-env", strings.ToUpper(proto)
	if srv.User == "" {
		if envVar != "" {
			return secret.Redacted{}, paceline.FieldErrorf(field,
				"is set but the %s URL names no user to log in as (write %s://USER@%s)", upper, srv.Scheme, srv.Addr())
		}
		return secret.Redacted{}, nil
	}
	if envVar != "" {
		v := os.Getenv(envVar)
		if v == "" {
			return secret.Redacted{}, paceline.FieldErrorf(field,
				"names the environment variable %s, which is not set or empty (export it with the %s password)", envVar, upper)
		}
		return secret.Redact(v), nil
	}
	f, ok := a.stdin.(*os.File)
	if !ok || !isTTY(f) {
		return secret.Redacted{}, paceline.FieldErrorf(field,
			"is missing: name an environment variable that holds the %s password of %s (the input is not a terminal to ask on)", upper, srv.User)
	}
	fmt.Fprintf(a.stderr, "%s password for %s at %s: ", upper, srv.User, srv.Addr())
	pw, err := readHidden(f)
	fmt.Fprintln(a.stderr)
	if err != nil {
		return secret.Redacted{}, fmt.Errorf("read the %s password: %w", upper, err)
	}
	if pw == "" {
		return secret.Redacted{}, paceline.FieldErrorf(field, "the %s password typed was empty", upper)
	}
	return secret.Redact(pw), nil
}

// keyFileName is the secret key file, kept next to the database.
const keyFileName = "paceline.key"

// loadSecretKey returns paceline's secret key: PACELINE_SECRET_KEY, else the key file
// next to the database, created (mode 0600) when create is set and it does not exist.
// A PostgreSQL database has no file beside it: its key is PACELINE_SECRET_KEY only.
func (a *app) loadSecretKey(create bool) (*secret.Key, error) {
	if isPostgres(a.dbPath) {
		return postgresSecretKey(a.env)
	}
	return secret.LoadKey(secret.KeySource{File: filepath.Join(filepath.Dir(a.dbPath), keyFileName), Create: create})
}

// sealLabel is where an account's password is sealed; a sealed value copied to another
// account or server does not open.
func sealLabel(account, proto string) string {
	return "account/" + account + "/" + proto + "-password"
}

// addMailbox checks the mailbox (unless --skip-check), seals its passwords and stores
// the account with its settings. Nothing is written when a check fails.
func (a *app) addMailbox(ctx context.Context, m *mailFlags, acc *paceline.Account, asJSON bool) error {
	in, err := m.parse(a, acc.Name)
	if err != nil {
		return err
	}
	if isPostgres(a.dbPath) {
		// PostgreSQL's key comes from the environment: without it nothing can be
		// stored, so say so before logging in (a SQLite file's key is made beside
		// it, after the check, so that a refused login leaves no file behind).
		if _, err := a.loadSecretKey(true); err != nil {
			return err
		}
	}
	if !m.skipCheck {
		if err := email.Check(ctx, in.mb); err != nil {
			return err
		}
	}
	key, err := a.loadSecretKey(true)
	if err != nil {
		return err
	}
	if in.settings.SMTPPasswordSealed, err = sealIfSet(key, sealLabel(acc.Name, "smtp"), in.mb.SMTP.Password); err != nil {
		return err
	}
	if in.settings.IMAPPasswordSealed, err = sealIfSet(key, sealLabel(acc.Name, "imap"), in.mb.IMAP.Password); err != nil {
		return err
	}
	return a.withAppStore(ctx, false, func(s appStore) error {
		if err := dateConnections(ctx, s, acc); err != nil {
			return err
		}
		if err := s.CreateEmailAccount(ctx, acc, &in.settings); err != nil {
			return err
		}
		// What the mailbox lacks to send is in the settings printed below.
		defer warnMailbox(ctx, a.stderr, s, acc, &in.settings, mailboxCheck{sender: true, caps: true})
		if !asJSON {
			what := "email account " + acc.Name
			if acc.Type != paceline.TypeEmail {
				what = fmt.Sprintf("account %s with a mailbox of its own (its leads' email steps go out from it)", acc.Name)
			}
			fmt.Fprintf(a.stdout, "Created %s in %s", what, a.shownDB())
			if m.skipCheck {
				fmt.Fprint(a.stdout, " (servers not checked)")
			} else {
				fmt.Fprint(a.stdout, " (SMTP and IMAP logins checked)")
			}
			fmt.Fprintln(a.stdout, ".")
		}
		return a.printAccount(ctx, s, acc, asJSON)
	})
}

func sealIfSet(key *secret.Key, label string, pw secret.Redacted) (string, error) {
	if pw.Reveal() == "" {
		return "", nil
	}
	return key.Seal(label, pw)
}

// mailboxView is a mailbox as accounts show prints it: never a password, only whether
// one is stored.
type mailboxView struct {
	From          string `json:"from"`
	SMTP          string `json:"smtp"`
	SMTPPassword  string `json:"smtp_password"`
	IMAP          string `json:"imap"`
	IMAPPassword  string `json:"imap_password"`
	Folder        string `json:"folder"`
	FooterAddress string `json:"footer_address"`
	PublicURL     string `json:"public_url"`
}

func viewMailbox(m *paceline.MailboxSettings) *mailboxView {
	v := &mailboxView{From: m.From, SMTP: m.SMTP, SMTPPassword: passwordState(m.SMTPPasswordSealed),
		IMAP: m.IMAP, IMAPPassword: passwordState(m.IMAPPasswordSealed), Folder: m.Folder,
		FooterAddress: m.FooterAddress, PublicURL: m.PublicURL}
	if v.Folder == "" {
		v.Folder = "INBOX"
	}
	return v
}

func passwordState(sealed string) string {
	if sealed == "" {
		return "none"
	}
	return "set (sealed)"
}

// printAccount writes an account as accounts show does, with its mailbox when it is an
// email account or a LinkedIn account with a mailbox of its own.
func (a *app) printAccount(ctx context.Context, st paceline.MailboxStore, acc *paceline.Account, asJSON bool) error {
	var mv *mailboxView
	if acc.Executor == paceline.ExecutorEmail || acc.Mailbox {
		m, err := st.Mailbox(ctx, acc.Name)
		if err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return err
		}
		if m != nil {
			mv = viewMailbox(m)
		}
	}
	if asJSON {
		return writeJSON(a.stdout, struct {
			accountView
			Mailbox *mailboxView `json:"mailbox,omitempty"`
		}{viewAccount(acc), mv})
	}
	if err := writeAccount(a.stdout, acc); err != nil {
		return err
	}
	if acc.Executor == paceline.ExecutorEmail || acc.Mailbox {
		return writeMailbox(a.stdout, mv)
	}
	return nil
}

func writeMailbox(w io.Writer, v *mailboxView) error {
	if v == nil {
		_, err := fmt.Fprintln(w, "mailbox\tnot set (its settings were not stored)")
		return err
	}
	orUnset := func(s, why string) string {
		if s == "" {
			return "not set (" + why + ")"
		}
		return s
	}
	// Labels of at most 13 characters with a minimal cell of 15 line up with the rows of
	// writeAccount above them.
	tw := tabwriter.NewWriter(w, 15, 0, 2, ' ', 0)
	for _, row := range [][2]string{
		{"from", v.From},
		{"smtp", v.SMTP},
		{"smtp password", v.SMTPPassword},
		{"imap", v.IMAP},
		{"imap password", v.IMAPPassword},
		{"imap folder", v.Folder},
		{"postal footer", orUnset(v.FooterAddress, "the mailbox does not send without it")},
		{"public url", orUnset(v.PublicURL, "the mailbox does not send without it")},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}

// accountType reads --type: required for a LinkedIn account, email (or left out) for an
// email account, and email only with the email executor.
func (f *accountFlags) accountType(executor string) (paceline.AccountType, error) {
	typ := strings.TrimSpace(f.typ)
	if executor == paceline.ExecutorEmail {
		if typ != "" && paceline.AccountType(strings.ToLower(typ)) != paceline.TypeEmail {
			return "", paceline.FieldErrorf("type", "%q is a LinkedIn type; an email account's type is email (leave --type out)", typ)
		}
		return paceline.TypeEmail, nil
	}
	if typ == "" {
		return "", paceline.FieldErrorf("type", "is missing (give --type, one of %s)", typeNames())
	}
	t, err := paceline.ParseAccountType(typ)
	if err == nil && t == paceline.TypeEmail {
		return "", paceline.FieldErrorf("type", "email is the type of a mailbox: add it with --executor email")
	}
	return t, err
}

// checkCapsForType refuses a --cap the account's type has no use for: a mailbox sends
// email only (its caps are email=N and daily_email=N; a LinkedIn kind given a cap would
// be handed to the email executor, which fails it), and a LinkedIn account sends no
// email unless it has a mailbox of its own (mailbox), whose caps it then takes.
func checkCapsForType(t paceline.AccountType, mailbox bool, caps map[paceline.ActionKind]int, limits map[string]int) error {
	var bad []string
	for _, k := range paceline.ActionKinds {
		if _, ok := caps[k]; ok && (t == paceline.TypeEmail) != (k == paceline.KindEmail) && !(mailbox && k == paceline.KindEmail) {
			bad = append(bad, string(k))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(limits)) {
		kind, daily := strings.CutPrefix(name, paceline.LimitDailyPrefix)
		isEmail := daily && kind == string(paceline.KindEmail)
		if (t == paceline.TypeEmail) != isEmail && !(mailbox && isEmail) {
			bad = append(bad, name)
		}
	}
	switch {
	case len(bad) == 0:
		return nil
	case t == paceline.TypeEmail:
		return paceline.FieldErrorf("cap", "%s only for LinkedIn accounts: a mailbox (--executor email) sends email steps only, so its caps are email=N (weekly, preset %d) and daily_email=N; leave the others out, and add a LinkedIn account for LinkedIn steps",
			capsNamed(bad), emailPresetWeekly())
	default:
		return paceline.FieldErrorf("cap", "%s only for accounts with a mailbox: this LinkedIn account (%s) has none, so it sends no email; give it a mailbox of its own (--from, --smtp and --imap) to send its leads' email steps",
			capsNamed(bad), t)
	}
}

// capsNamed is "invite is" or "invite, message are".
func capsNamed(names []string) string {
	if len(names) == 1 {
		return names[0] + " is"
	}
	return strings.Join(names, ", ") + " are"
}

// emailPresetWeekly is the weekly email cap of a mailbox by default.
func emailPresetWeekly() int {
	return limits.EmailPreset().Weekly[paceline.KindEmail]
}
