package email

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Retry is how often and how patiently a temporary failure (a 4xx answer, a timeout, a
// refused connection) is tried again before the action is failed. The engine itself
// tries a failed step again later, so these retries only bridge short hiccups.
type Retry struct {
	Attempts int           // tries in all; 0 means 4
	First    time.Duration // pause after the first failure; 0 means 2s
	Max      time.Duration // longest pause; 0 means 1 minute
}

// Delay is the pause after the n-th failed attempt (n from 1): First, 2×First, 4×First
// ..., at most Max.
func (r Retry) Delay(n int) time.Duration {
	d := r.first()
	for i := 1; i < n && d < r.max(); i++ {
		d *= 2
	}
	return min(d, r.max())
}

func (r Retry) attempts() int {
	if r.Attempts > 0 {
		return r.Attempts
	}
	return 4
}

func (r Retry) first() time.Duration {
	if r.First > 0 {
		return r.First
	}
	return 2 * time.Second
}

func (r Retry) max() time.Duration {
	if r.Max > 0 {
		return r.Max
	}
	return time.Minute
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// failure says what kind of failure an SMTP attempt ended with.
type failure int

const (
	failTemporary    failure = iota // try again
	failPermanent                   // the server said no for good (5xx); do not retry
	failBadRecipient                // 5xx on RCPT TO about the address (5.1.x, 5.2.1): it does not exist
	failAuth                        // the login was refused: the mailbox's settings are wrong
	failConfig                      // TLS or name trouble that retrying cannot fix
)

// classify sorts a send error and returns the server's own words for the user.
func classify(err error) (failure, string) {
	words := serverWords(err)
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch {
		case se.IsTemp() || code/100 == 4:
			return failTemporary, words
		case code/100 == 5 && se.Reason == gomail.ErrSMTPRcptTo && addressFault(words):
			return failBadRecipient, words
		case code/100 == 5:
			return failPermanent, words
		}
	}
	var tpe *textproto.Error
	if errors.As(err, &tpe) {
		switch {
		case tpe.Code/100 == 4:
			return failTemporary, words
		case strings.Contains(err.Error(), "AUTH") || tpe.Code == 535 || tpe.Code == 534:
			return failAuth, words
		default:
			return failPermanent, words
		}
	}
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var dnsErr *net.DNSError
	var ne net.Error
	switch {
	case errors.As(err, &certErr), errors.As(err, &hostErr), strings.Contains(err.Error(), "tls: "):
		return failConfig, words
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return failConfig, words
	case errors.Is(err, gomail.ErrNoSupportedAuthDiscovered), strings.Contains(err.Error(), "SMTP AUTH"):
		return failAuth, words
	case errors.As(err, &ne) && ne.Timeout(),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return failTemporary, words
	}
	// Unknown trouble is most often the network; the attempts are bounded anyway.
	return failTemporary, words
}

// enhancedCode finds an RFC 3463 status code (5.1.1) in a server's answer.
var enhancedCode = regexp.MustCompile(`\b[245]\.(\d{1,3})\.\d{1,3}\b`)

// policyWords mark a refusal of the sender, not of the address, in an answer that has
// no enhanced status code.
var policyWords = []string{"relay", "blocked", "blacklist", "blocklist", "spam", "policy", "reputation", "denied", "rate limit", "not permitted", "authentication"}

// addressFault says whether a 5xx answer to RCPT TO is about the address itself (no
// such user, no such domain, a disabled mailbox), which makes the lead bounced, rather
// than about the sender (relaying refused, a blocked IP, policy), which every recipient
// would get and which says nothing about the lead.
func addressFault(words string) bool {
	if m := enhancedCode.FindStringSubmatch(words); m != nil {
		// 5.1.x are the destination's address faults, except 5.1.7 and 5.1.8, which
		// are about the sender's address; 5.2.1 is a disabled mailbox.
		return m[1] == "1" && m[0] != "5.1.7" && m[0] != "5.1.8" || m[0] == "5.2.1"
	}
	w := strings.ToLower(words)
	for _, p := range policyWords {
		if strings.Contains(w, p) {
			return false
		}
	}
	return true
}

// serverWords is the error as the server put it ("550 5.1.1 no such user"), without
// go-mail's bookkeeping around it; other errors (the network's) as they are.
func serverWords(err error) string {
	s := err.Error()
	var se *gomail.SendError
	if errors.As(err, &se) {
		s = se.Error()
	}
	if i := strings.Index(s, ", affected "); i >= 0 {
		s = s[:i]
	}
	if loc := replyCode.FindStringIndex(s); loc != nil {
		s = s[loc[0]:]
	}
	code, text, ok := strings.Cut(s, " ")
	if uq, err := strconv.Unquote(text); ok && err == nil {
		s = code + " " + uq
	}
	return s
}

var replyCode = regexp.MustCompile(`\b[245]\d\d `)
