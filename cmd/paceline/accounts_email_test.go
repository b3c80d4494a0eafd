package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/email"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/sqlite"
)

var (
	mailTLSOnce sync.Once
	mailTLSSrv  *tls.Config
)

// mailTestTLS makes one throw-away certificate for 127.0.0.1, trusted by the mailbox
// connections of this test binary (mailboxTLS), and returns the servers' config.
func mailTestTLS(t *testing.T) *tls.Config {
	t.Helper()
	mailTLSOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "paceline test"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
			KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			IsCA: true, BasicConstraintsValid: true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			panic(err)
		}
		pool := x509.NewCertPool()
		pool.AddCert(cert)
		mailTLSSrv = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
		mailboxTLS = &tls.Config{RootCAs: pool}
	})
	return mailTLSSrv
}

// testSMTP is a go-smtp server on loopback (STARTTLS) that takes one user's PLAIN login
// and counts the messages it is given.
type testSMTP struct {
	user, pass string
	mu         sync.Mutex
	messages   int
}

func (s *testSMTP) NewSession(*smtp.Conn) (smtp.Session, error) { return &testSMTPSession{srv: s}, nil }

type testSMTPSession struct {
	srv    *testSMTP
	authed bool
}

func (ss *testSMTPSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *testSMTPSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		ss.srv.mu.Lock()
		want := ss.srv.pass
		ss.srv.mu.Unlock()
		if user != ss.srv.user || pass != want {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		ss.authed = true
		return nil
	}), nil
}

// setPass changes the password the server takes, as a provider does when the user's
// app password is revoked or renewed.
func (s *testSMTP) setPass(pass string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pass = pass
}

func (ss *testSMTPSession) Mail(string, *smtp.MailOptions) error {
	if !ss.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	return nil
}
func (ss *testSMTPSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss *testSMTPSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	ss.srv.mu.Lock()
	ss.srv.messages++
	ss.srv.mu.Unlock()
	return nil
}
func (ss *testSMTPSession) Reset()        {}
func (ss *testSMTPSession) Logout() error { return nil }

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

// mailServers are an SMTP server (STARTTLS) and an IMAP server (implicit TLS) on
// loopback for one mailbox user, each with its own password.
type mailServers struct {
	smtp               *testSMTP
	smtpPort, imapPort int
	user, smtpPW, imPW string
}

func startMailServers(t *testing.T) *mailServers {
	t.Helper()
	serverTLS := mailTestTLS(t)
	m := &mailServers{user: "ann@paceline.test", smtpPW: "smtp-" + randomWord(t), imPW: "imap-" + randomWord(t)}
	m.smtp = &testSMTP{user: m.user, pass: m.smtpPW}
	srv := smtp.NewServer(m.smtp)
	srv.Domain, srv.TLSConfig, srv.ErrorLog = "mx.test", serverTLS, quietLog{}
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	m.smtpPort = ln.Addr().(*net.TCPAddr).Port

	mem := imapmemserver.New()
	u := imapmemserver.NewUser(m.user, m.imPW)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	isrv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: imap.CapSet{imap.CapIMAP4rev1: {}}, TLSConfig: serverTLS, Logger: quietLog{},
	})
	iln, err := tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = isrv.Serve(iln) }()
	t.Cleanup(func() { _ = isrv.Close() })
	m.imapPort = iln.Addr().(*net.TCPAddr).Port
	return m
}

func randomWord(t *testing.T) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// passwordEnv puts a value in a fresh environment variable for this test and returns
// its name. Names are unique, so parallel tests do not share them (t.Setenv would
// forbid t.Parallel).
func passwordEnv(t *testing.T, value string) string {
	t.Helper()
	name := "PACELINE_TEST_PW_" + strings.ToUpper(randomWord(t))
	if err := os.Setenv(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Unsetenv(name) })
	return name
}

// addArgs is accounts add for the servers, with the passwords in the given variables.
func (m *mailServers) addArgs(name, smtpEnv, imapEnv string, extra ...string) []string {
	return append([]string{"accounts", "add", "--name", name, "--executor", "email",
		"--from", "Ann Example <ann@paceline.test>",
		"--smtp", "smtp://" + m.user + "@127.0.0.1:" + strconv.Itoa(m.smtpPort),
		"--imap", "imaps://" + m.user + "@127.0.0.1:" + strconv.Itoa(m.imapPort),
		"--smtp-password-env", smtpEnv, "--imap-password-env", imapEnv}, extra...)
}

// dbBytes is every file of the database (the main file and its WAL), concatenated.
func dbBytes(t *testing.T, db string) []byte {
	t.Helper()
	files, err := filepath.Glob(db + "*")
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func TestAccountsAddEmail(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	args := m.addArgs("ann-mail", passwordEnv(t, m.smtpPW), passwordEnv(t, m.imPW),
		"--footer-address", "1 Main St, Springfield", "--public-url", "https://pl.example.com/")
	out := mustCLI(t, db, args...)
	for _, want := range []string{"Created email account ann-mail", "logins checked", "\ntype           email\n",
		"\nsmtp password  set (sealed)\n", "\nimap password  set (sealed)\n", "smtp://ann%40paceline.test@127.0.0.1:", "INBOX"} {
		if !strings.Contains(out, want) {
			t.Errorf("add output lacks %q:\n%s", want, out)
		}
	}
	show := mustCLI(t, db, "accounts", "show", "ann-mail")
	var js struct {
		accountView
		Mailbox *mailboxView `json:"mailbox"`
	}
	showJSON := mustCLI(t, db, "accounts", "show", "ann-mail", "--json")
	if err := json.Unmarshal([]byte(showJSON), &js); err != nil {
		t.Fatal(err)
	}
	if js.Type != "email" || js.Executor != "email" || js.Mailbox == nil || js.Mailbox.SMTPPassword != "set (sealed)" ||
		js.Mailbox.IMAPPassword != "set (sealed)" || js.Mailbox.PublicURL != "https://pl.example.com" || js.Mailbox.From != `"Ann Example" <ann@paceline.test>` {
		t.Errorf("show --json = %s", showJSON)
	}
	list := mustCLI(t, db, "accounts", "list")
	if !strings.Contains(list, "ann-mail  email") {
		t.Errorf("list does not show the email account:\n%s", list)
	}
	for what, s := range map[string]string{"add": out, "show": show, "show --json": showJSON, "list": list} {
		if strings.Contains(s, m.smtpPW) || strings.Contains(s, m.imPW) {
			t.Errorf("%s prints a password:\n%s", what, s)
		}
	}

	raw := dbBytes(t, db)
	if strings.Contains(string(raw), m.smtpPW) || strings.Contains(string(raw), m.imPW) {
		t.Error("the database file holds a password in the clear")
	}
	if !strings.Contains(string(raw), "v1:") {
		t.Error("the database holds no sealed value")
	}
	if os.Getenv(secret.EnvKey) != "" {
		t.Skipf("%s is set: the key file is not used", secret.EnvKey)
	}
	fi, err := os.Stat(filepath.Join(dir, keyFileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file next to the database: %v, mode %v", err, fi)
	}
	if n := m.smtp.messages; n != 0 {
		t.Errorf("adding the account sent %d emails", n)
	}

	// The runtime's side: the stored settings give a mailbox that logs in again.
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acc, err := s.Account(context.Background(), "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	key, err := secret.LoadKey(secret.KeySource{Getenv: func(string) string { return "" }, File: filepath.Join(dir, keyFileName)})
	if err != nil {
		t.Fatal(err)
	}
	set, err := s.Mailbox(context.Background(), "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := mailboxOf(set, key, "ann-mail")
	if err != nil {
		t.Fatal(err)
	}
	if err := email.Check(context.Background(), mb); err != nil {
		t.Fatalf("the stored passwords do not log in: %v", err)
	}
	recipient := func(context.Context, string) (string, error) { return "lead@example.com", nil }
	sender, poller, err := mailboxFor(context.Background(), s, key, acc, mailboxDeps{Recipient: recipient})
	if err != nil || sender == nil || poller == nil {
		t.Fatalf("mailboxFor: %v", err)
	}
	if _, err := poller.Poll(context.Background(), email.Checkpoint{}); err != nil {
		t.Fatalf("Poll with the stored IMAP password: %v", err)
	}
	other, _ := secret.NewKey(nil)
	if _, _, err := mailboxFor(context.Background(), s, other, acc, mailboxDeps{Recipient: recipient}); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("mailboxFor with another key: %v, want EUNAUTHORIZED", err)
	}
}

func TestAccountsAddEmailRefusedLogin(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	wrong := "wrong-" + randomWord(t)
	tests := []struct {
		name             string
		smtpPW, imapPW   string
		says, exitSays   string
		wantNoSecretFile bool
	}{
		{"SMTP", wrong, m.imPW, "the SMTP server 127.0.0.1:" + strconv.Itoa(m.smtpPort) + " refused the login for ann@paceline.test", "", true},
		{"IMAP", m.smtpPW, wrong, "IMAP server", "refused", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "p.db")
			code, out, errOut := cli(t, db, m.addArgs("ann-mail", passwordEnv(t, tt.smtpPW), passwordEnv(t, tt.imapPW))...)
			if code == exitOK || !strings.Contains(errOut, tt.says) || !strings.Contains(errOut, tt.exitSays) {
				t.Fatalf("exit %d, stderr %q; want a failure saying %q", code, errOut, tt.says)
			}
			for _, pw := range []string{wrong, m.smtpPW, m.imPW} {
				if strings.Contains(out+errOut, pw) {
					t.Errorf("output shows a password: %s%s", out, errOut)
				}
			}
			if files, _ := os.ReadDir(dir); len(files) != 0 {
				t.Errorf("a refused login left files behind: %v", files)
			}
		})
	}
}

func TestAccountsAddEmailSkipCheck(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close() // nothing listens: only --skip-check lets the account in
	pw := "pw-" + randomWord(t)
	env := passwordEnv(t, pw)
	args := []string{"accounts", "add", "--name", "bob-mail", "--executor", "email", "--from", "bob@example.com",
		"--smtp", "smtps://bob@127.0.0.1:" + port, "--imap", "imaps://bob@127.0.0.1:" + port,
		"--smtp-password-env", env, "--imap-password-env", env}
	if code, _, errOut := cli(t, db, args...); code == exitOK || !strings.Contains(errOut, "SMTP server 127.0.0.1:"+port) {
		t.Fatalf("unreachable server without --skip-check: exit %d, %s", code, errOut)
	}
	out := mustCLI(t, db, append(args, "--skip-check")...)
	if !strings.Contains(out, "servers not checked") || !strings.Contains(out, "postal footer  not set") || strings.Contains(out, pw) {
		t.Errorf("add --skip-check output:\n%s", out)
	}
}

func TestAccountsAddEmailBadFlags(t *testing.T) {
	t.Parallel()
	set := passwordEnv(t, "pw")
	base := func(extra ...string) []string {
		return append([]string{"accounts", "add", "--name", "m", "--executor", "email", "--from", "A <a@example.com>",
			"--smtp", "smtps://a@smtp.example.com", "--imap", "imaps://a@imap.example.com",
			"--smtp-password-env", set, "--imap-password-env", set, "--skip-check"}, extra...)
	}
	without := func(flag string) []string {
		a := base()
		for i := range a {
			if a[i] == flag {
				return append(a[:i:i], a[i+2:]...)
			}
		}
		t.Fatalf("no %s", flag)
		return nil
	}
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"password in the URL", append(without("--smtp"), "--smtp", "smtps://a:hunter2@smtp.example.com"), "--smtp-password-env"},
		{"unset variable", append(without("--imap-password-env"), "--imap-password-env", "PACELINE_TEST_NO_SUCH_VAR"), "PACELINE_TEST_NO_SUCH_VAR, which is not set"},
		{"no password, no terminal", without("--smtp-password-env"), "not a terminal"},
		{"no IMAP", without("--imap"), "replies and bounces are never seen"},
		// QA: a URL without a user was refused by the server "for : Authentication failed".
		{"IMAP without a user", append(without("--imap"), "--imap", "imaps://imap.example.com:2993"),
			`imap: "imaps://imap.example.com:2993" names no user to log in as: write imaps://USER@imap.example.com:2993`},
		{"public URL with a path", base("--public-url", "https://pl.example.com/paceline"), "give the root, https://pl.example.com ("},
		{"no sender", without("--from"), "--from"},
		{"bad sender", append(without("--from"), "--from", "nobody"), `"nobody" is not an address`},
		{"plain text server", append(without("--smtp"), "--smtp", "http://a@smtp.example.com"), "not smtp://"},
		{"http public URL", base("--public-url", "http://pl.example.com"), "https"},
		{"public URL with a query and a fragment", base("--public-url", "https://x/p?y#z"), "has a query (?y)"},
		{"LinkedIn type", base("--type", "free"), "an email account's type is email"},
		{"mail flag on LinkedIn account", []string{"accounts", "add", "--name", "l", "--type", "free", "--smtp", "smtps://a@h"}, "from: is missing (a mailbox needs --from"},
		{"email type without the executor", []string{"accounts", "add", "--name", "l", "--type", "email"}, "--executor email"},
		// QA: a mailbox given --cap invite=5 had its invites failed three times by the
		// email executor; it sends email only, and the error says its caps.
		{"LinkedIn cap on a mailbox", base("--cap", "invite=5"), "invite is only for LinkedIn accounts: a mailbox (--executor email) sends email steps only, so its caps are email=N (weekly, preset 250) and daily_email=N"},
		{"LinkedIn caps on a mailbox", base("--cap", "email=80", "--cap", "daily_message=3", "--cap", "inmail_monthly=4"), "daily_message, inmail_monthly are only for LinkedIn accounts"},
		{"email cap on a LinkedIn account", []string{"accounts", "add", "--name", "l", "--type", "free", "--cap", "email=10"}, "email is only for accounts with a mailbox: this LinkedIn account (free) has none"},
		{"daily email cap on a LinkedIn account", []string{"accounts", "add", "--name", "l", "--type", "sales-navigator", "--cap", "daily_email=10"}, "daily_email is only for accounts with a mailbox"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			code, _, errOut := cli(t, filepath.Join(dir, "p.db"), tt.args...)
			if code != exitFailed || !strings.Contains(errOut, tt.says) {
				t.Errorf("exit %d, stderr %q; want exit %d saying %q", code, errOut, exitFailed, tt.says)
			}
			if strings.Contains(errOut, "hunter2") {
				t.Errorf("the error repeats the password: %s", errOut)
			}
			if files, _ := os.ReadDir(dir); len(files) != 0 {
				t.Errorf("a refused command left files behind: %v", files)
			}
		})
	}
}

func TestMailboxForNeedsFooterAndPublicURL(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	env := passwordEnv(t, "pw-"+randomWord(t))
	mustCLI(t, db, "accounts", "add", "--name", "c", "--executor", "email", "--from", "c@example.com",
		"--smtp", "smtps://c@smtp.example.com", "--imap", "imaps://c@imap.example.com",
		"--smtp-password-env", env, "--imap-password-env", env, "--skip-check")
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	acc, err := s.Account(context.Background(), "c")
	if err != nil {
		t.Fatal(err)
	}
	key, err := secret.LoadKey(secret.KeySource{Getenv: func(string) string { return "" }, File: filepath.Join(filepath.Dir(db), keyFileName)})
	if err != nil {
		t.Fatal(err)
	}
	deps := mailboxDeps{Recipient: func(context.Context, string) (string, error) { return "x@example.com", nil }}
	if _, _, err = mailboxFor(context.Background(), s, key, acc, deps); paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "public-url") {
		t.Errorf("mailboxFor without a public URL: %v", err)
	}
	set, err := s.Mailbox(context.Background(), "c")
	if err != nil {
		t.Fatal(err)
	}
	set.PublicURL = "https://pl.example.com"
	if err := s.SetMailbox(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	if _, _, err = mailboxFor(context.Background(), s, key, acc, deps); paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "postal address") {
		t.Errorf("mailboxFor without a footer address: %v", err)
	}
	set.FooterAddress = "1 Main St"
	if err := s.SetMailbox(context.Background(), set); err != nil {
		t.Fatal(err)
	}
	if _, _, err = mailboxFor(context.Background(), s, key, acc, deps); err != nil {
		t.Errorf("mailboxFor with every setting: %v", err)
	}
}
