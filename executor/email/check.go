package email

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/paceline/paceline"
)

// Check connects to the mailbox's servers the way sending and polling will (TLS, login,
// opening the IMAP folder) without sending anything, so that `accounts add` can say at
// once what is wrong. Errors as from Execute and Poll: EUNAUTHORIZED for a refused
// login, EUNAVAILABLE for a server that cannot be reached or trusted.
func Check(ctx context.Context, mb Mailbox) error {
	if err := mb.Validate(); err != nil {
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
	if err != nil {
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
