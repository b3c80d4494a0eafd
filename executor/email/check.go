package email

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"syscall"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/paceline/paceline"
)

// Check connects to the mailbox's servers the way sending and polling will (TLS, login,
// opening the IMAP folder) without sending anything, so that `accounts add` can say at
// once what is wrong. The servers are the ones the user just typed, so a host name
// that does not resolve, or a server that cannot be reached at all, is EINVALID (check
// the host name and port), not the EUNAVAILABLE of a send or poll that finds a known
// server down; EUNAUTHORIZED for a refused login, EUNAVAILABLE for one that cannot be
// trusted.
func Check(ctx context.Context, mb Mailbox) error {
	if err := mb.Validate(); err != nil {
		return err
	}
	if err := checkHosts(ctx, mb); err != nil {
		return err
	}
	if err := checkSMTP(ctx, mb); err != nil {
		return err
	}
	if mb.IMAP.Host == "" {
		return nil
	}
	if mb.IMAP.User == "" {
		// IMAP always logs in; the server's refusal would name an empty user.
		return paceline.Errorf(paceline.EINVALID, "mailbox %s: the IMAP URL %s names no user to log in as: write %s://USER@%s",
			mb.Account, mb.IMAP, mb.IMAP.Scheme, mb.IMAP.Addr())
	}
	p := &Poller{mb: mb}
	c, err := p.connect(ctx)
	// Only the dial (Poller.unavailable's "connect"): a server that answered and then
	// failed is not a mistyped host.
	if paceline.ErrorCode(err) == paceline.EUNAVAILABLE && ctx.Err() == nil && strings.Contains(err.Error(), mb.IMAP.Addr()+": connect: ") {
		return paceline.Errorf(paceline.EINVALID, "%s (check the IMAP host name and port in --imap, and that the server is up)", paceline.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	defer c.Close()
	folder := mb.Folder
	if folder == "" {
		folder = "INBOX"
	}
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		return paceline.Errorf(paceline.EINVALID, "mailbox %s: the IMAP folder %q cannot be opened: %v", mb.Account, folder, err)
	}
	return c.Logout().Wait()
}

func checkSMTP(ctx context.Context, mb Mailbox) error {
	s := &Sender{mb: mb}
	c, err := s.client()
	if err != nil {
		return err
	}
	srv := mb.SMTP
	sc, err := c.DialToSMTPClientWithContext(ctx)
	if err == nil {
		if srv.User == "" {
			err = checkMailWithoutLogin(sc, mb.From.Address)
		}
		if cerr := c.CloseWithSMTPClient(sc); err == nil {
			return cerr
		}
	}
	kind, words := classify(err)
	switch {
	case srv.User == "" && (kind == failAuth || isAuthRequired(err)):
		return paceline.Errorf(paceline.EUNAUTHORIZED,
			"mailbox %s: the SMTP server %s wants a login but the SMTP URL %s names no user: write %s://USER@%s and give its password (%s)",
			mb.Account, srv.Addr(), srv, srv.Scheme, srv.Addr(), words)
	case kind == failAuth || errors.Is(err, gomail.ErrNoSupportedAuthDiscovered):
		return paceline.Errorf(paceline.EUNAUTHORIZED,
			"mailbox %s: the SMTP server %s refused the login for %s (check the user and password): %s",
			mb.Account, srv.Addr(), srv.User, words)
	case isUnreachable(err) && ctx.Err() == nil:
		return paceline.Errorf(paceline.EINVALID,
			"mailbox %s: cannot reach the SMTP server %s (check the host name and port in --smtp, and that the server is up): %s",
			mb.Account, srv.Addr(), words)
	case kind == failConfig:
		return paceline.Errorf(paceline.EUNAVAILABLE,
			"mailbox %s: cannot reach the SMTP server %s securely (check the host name and its certificate): %s",
			mb.Account, srv.Addr(), words)
	}
	return paceline.Errorf(paceline.EUNAVAILABLE, "mailbox %s: the SMTP server %s: %s", mb.Account, srv.Addr(), words)
}

// checkMailWithoutLogin starts a message from the sender and abandons it (RSET), so
// that a server which takes mail only after a login says so now, not at the first send.
func checkMailWithoutLogin(sc *smtp.Client, from string) error {
	if err := sc.Mail("<" + from + ">"); err != nil {
		return err
	}
	return sc.Reset()
}

// isAuthRequired reports a server's "530 5.7.0 Authentication required" (RFC 4954).
func isAuthRequired(err error) bool {
	var se *textproto.Error
	return errors.As(err, &se) && se.Code == 530
}

// client returns a go-mail client set up for the mailbox's SMTP server.
func (s *Sender) client() (*gomail.Client, error) {
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
		return nil, fmt.Errorf("smtp client for %s: %w", srv, err)
	}
	return c, nil
}

// checkHosts looks the servers' host names up before connecting, so that a mistyped
// one is told as such rather than as a server that is down.
func checkHosts(ctx context.Context, mb Mailbox) error {
	for _, srv := range []struct {
		name, flag string
		s          Server
	}{{"SMTP", "--smtp", mb.SMTP}, {"IMAP", "--imap", mb.IMAP}} {
		if srv.s.Host == "" || net.ParseIP(srv.s.Host) != nil {
			continue
		}
		lctx, cancel := context.WithTimeout(ctx, mb.timeout())
		_, err := net.DefaultResolver.LookupHost(lctx, srv.s.Host)
		cancel()
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
			return paceline.Errorf(paceline.EINVALID,
				"mailbox %s: the %s server's host name %s is not known (no such host): check the host name in %s",
				mb.Account, srv.name, srv.s.Host, srv.flag)
		}
	}
	return nil
}

// isUnreachable reports a connection that never reached a server: a refused or timed
// out dial, an unknown host or network. A server that answered, even to refuse, or a
// TLS failure is something else.
func isUnreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case err == nil:
		return false
	case errors.As(err, &dnsErr):
		return true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH)
}
