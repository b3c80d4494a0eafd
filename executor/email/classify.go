package email

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// classify turns one raw message into events: bounced for each failed address we sent
// to, replied for a person's answer to one of our emails (or from a known lead),
// opted_out for an unsubscribe by mail. Auto-replies and unrelated mail give nothing.
// An error means a lookup failed, not that the message was odd.
//
// A reply or a bounce counts only against an email sent before the message arrived
// (see arrival.reach): old mail in the inbox answers nothing paceline sent later. An
// unsubscribe by mail needs no such check: its token is only ever in our emails, so
// the message came after one of them, and an opt-out is honoured however old.
func (p *Poller) classify(ctx context.Context, raw []byte, server time.Time) ([]paceline.Event, error) {
	in, err := Parse(raw)
	if err != nil || in.From == strings.ToLower(p.mb.From.Address) {
		return nil, nil // unreadable headers, or our own copy
	}
	now := p.opt.NowFunc()
	arr := arrival{server: server, date: in.Date}
	at, reach := arr.at(now), arr.reach(now)
	ev := func(t paceline.EventKind, key, lead string) paceline.Event {
		return paceline.Event{Key: key, At: at, Account: p.mb.Account, Lead: lead, Type: t, Kind: paceline.KindEmail}
	}
	if in.Bounce != nil {
		return p.bounces(ctx, in, reach, ev)
	}
	self := in.MessageID
	if self == "" {
		self = "sha:" + in.HeaderHash
	}
	// A valid token is unambiguous, and a provider's unsubscribe-by-mail may well be
	// marked as machine-made: read it before setting auto-replies aside. A request
	// whose token does not verify is still a request, never a reply (unsubscribe).
	switch lead, asked, err := p.unsubscribe(ctx, in); {
	case err != nil:
		return nil, err
	case asked && lead == "":
		return nil, nil
	case asked:
		return []paceline.Event{ev(paceline.EventOptedOut, "email/opted_out/"+self, lead)}, nil
	}
	if in.Auto != "" {
		return nil, nil
	}
	for _, id := range in.Refs {
		s, err := p.opt.Sent.SentByMessageID(ctx, id)
		if err == nil && !s.At.After(reach) {
			return []paceline.Event{ev(paceline.EventReplied, "email/replied/"+self, s.Lead)}, nil
		}
		if err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return nil, err
		}
	}
	if in.From == "" {
		return nil, nil
	}
	s, err := p.opt.Sent.SentToBy(ctx, in.From, reach)
	if err == nil {
		return []paceline.Event{ev(paceline.EventReplied, "email/replied/"+self, s.Lead)}, nil
	}
	if paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return nil, err
	}
	if p.opt.LeadByAddressFunc != nil {
		// An address we emailed only after this message came: the lead wrote before
		// our first email, so this is no answer to it, and no answer by mail to
		// another channel's outreach either (we take the first email as the start).
		if _, err := p.opt.Sent.SentTo(ctx, in.From); err == nil {
			return nil, nil
		} else if paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return nil, err
		}
		lead, since, err := p.opt.LeadByAddressFunc(ctx, in.From)
		if err == nil && lead != "" && !since.After(reach) {
			return []paceline.Event{ev(paceline.EventReplied, "email/replied/"+self, lead)}, nil
		}
		if err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND {
			return nil, err
		}
	}
	return nil, nil
}

// bounces finds which of our emails bounced: by the returned message's ID first (it
// names exactly one email), then by the failed address. The event key is our email's
// Message-ID, the same key the Sender uses for a refusal at RCPT time, so one bounce
// seen twice is one event. Only emails sent by reach can have bounced.
func (p *Poller) bounces(ctx context.Context, in *Incoming, reach time.Time, ev func(paceline.EventKind, string, string) paceline.Event) ([]paceline.Event, error) {
	b := in.Bounce
	failed := map[string]bool{}
	for _, r := range b.Recipients {
		failed[r] = true
	}
	var out []paceline.Event
	covered := map[string]bool{} // addresses whose bounced email is known
	for _, id := range b.OriginalIDs {
		s, err := p.opt.Sent.SentByMessageID(ctx, id)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND || err == nil && s.At.After(reach) {
			continue
		} else if err != nil {
			return nil, err
		}
		// A DSN names the recipients that failed; a classic bounce that quotes our
		// Message-ID failed for that email's recipient.
		if (!b.DSN || failed[s.To]) && !covered[s.To] {
			covered[s.To] = true
			out = append(out, ev(paceline.EventBounced, "email/bounced/"+s.MessageID, s.Lead))
		}
	}
	if !b.DSN && len(out) > 0 {
		// The quoted ID said which email bounced; the other addresses in the text are
		// headers and signatures, not failures.
		return out, nil
	}
	for _, r := range b.Recipients {
		if covered[r] {
			continue
		}
		s, err := p.opt.Sent.SentToBy(ctx, r, reach)
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		covered[r] = true
		out = append(out, ev(paceline.EventBounced, "email/bounced/"+s.MessageID, s.Lead))
	}
	return out, nil
}

// unsubscribe reads "unsubscribe <token>" subjects sent through the mailto: link:
// asked says the message is such a request, and lead whom it opts out. The token
// names the lead. One that does not verify (the secret key changed since the email
// went out, a mail client that mangled it) must not lose the request: the lead is
// then the one whose address sent it, the latest we emailed at that address or a
// known lead with it, and the bad token is logged. A request from an address of no
// lead opts nobody out (lead ""), and says so in the log.
func (p *Poller) unsubscribe(ctx context.Context, in *Incoming) (lead string, asked bool, err error) {
	if p.opt.Tokens == nil {
		return "", false, nil
	}
	f := strings.Fields(in.Subject)
	if len(f) != 2 || !strings.EqualFold(f[0], unsubscribeSubject) {
		return "", false, nil
	}
	lead, _, verr := p.opt.Tokens.Verify(f[1])
	if verr == nil {
		return lead, true, nil
	}
	if lead, err = p.leadAt(ctx, in.From); err != nil {
		return "", true, fmt.Errorf("unsubscribe request from %s: find its lead: %w", in.From, err)
	}
	if lead == "" {
		p.logger().Warn("unsubscribe request with a token that does not verify, from an address of no lead: nobody opted out; opt the sender out by hand if it is a lead's other address",
			"account", p.mb.Account, "from", in.From, "token", f[1], "err", verr)
		return "", true, nil
	}
	p.logger().Warn("unsubscribe request with a token that does not verify: the lead of the sender's address is opted out",
		"account", p.mb.Account, "from", in.From, "lead", lead, "token", f[1], "err", verr)
	return lead, true, nil
}

// leadAt returns the lead with the email address addr: the one of the latest email we
// sent there, else the known lead LeadByAddressFunc finds; "" when there is none.
func (p *Poller) leadAt(ctx context.Context, addr string) (string, error) {
	if addr == "" {
		return "", nil
	}
	s, err := p.opt.Sent.SentTo(ctx, addr)
	switch {
	case err == nil && s.Lead != "":
		return s.Lead, nil
	case err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return "", err
	case p.opt.LeadByAddressFunc == nil:
		return "", nil
	}
	lead, _, err := p.opt.LeadByAddressFunc(ctx, addr)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND {
		return "", nil
	}
	return lead, err
}

// logger is where the poller says what it cannot return.
func (p *Poller) logger() *slog.Logger {
	if p.opt.Log == nil {
		return slog.Default()
	}
	return p.opt.Log
}
