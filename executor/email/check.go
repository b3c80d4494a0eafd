package email

import (
	"context"
	"errors"
	"fmt"

	gomail "github.com/wneessen/go-mail"

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
	err = c.DialWithContext(ctx)
	if err == nil {
		return c.Close()
	}
	kind, words := classify(err)
	srv := mb.SMTP
	switch {
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
