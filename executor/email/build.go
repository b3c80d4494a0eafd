package email

import (
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/paceline/paceline"
)

// build turns a draft into the message to send: From, To, Subject, Date, the derived
// Message-ID, threading headers, one-click List-Unsubscribe and the footer on both the
// text and the HTML alternative.
func (s *Sender) build(a paceline.Action, d Draft, id string, now time.Time) (*gomail.Msg, *mail.Address, error) {
	to, err := mail.ParseAddress(strings.TrimSpace(d.To))
	if err != nil || !strings.Contains(to.Address, "@") {
		return nil, nil, paceline.FieldErrorf("to", "the lead's email address %q is not valid (fix the lead's email)", d.To)
	}
	if strings.TrimSpace(d.Text) == "" {
		return nil, nil, paceline.FieldErrorf("body", "step %s of campaign %s renders an empty text body", a.Step, a.Campaign)
	}
	if strings.ContainsAny(d.Subject, "\r\n") {
		return nil, nil, paceline.FieldErrorf("subject", "the subject holds a line break")
	}
	// No User-Agent: naming the library tells spam filters nothing useful about us.
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	from := s.mb.From
	m.FromMailAddress(&from)
	m.ToMailAddress(to)
	m.Subject(d.Subject)
	m.SetMessageIDWithValue(id)
	m.SetDateWithValue(now)
	if d.InReplyTo != "" {
		ref := "<" + cleanID(d.InReplyTo) + ">"
		m.SetGenHeader(gomail.HeaderInReplyTo, ref)
		m.SetGenHeader(gomail.HeaderReferences, ref)
	}
	link := s.opt.Unsubscribe.URL(a.Lead, a.Campaign)
	mailto := s.opt.Unsubscribe.mailtoURI(s.mb.From.Address, a.Lead, a.Campaign)
	if err := m.SetListUnsubscribeOneClick(link, mailto); err != nil {
		return nil, nil, paceline.FieldErrorf("public-url", "unsubscribe link %s: %v", link, err)
	}
	m.SetBodyString(gomail.TypeTextPlain, s.opt.Footer.text(d.Text, link))
	if strings.TrimSpace(d.HTML) != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, s.opt.Footer.html(d.HTML, link))
	}
	return m, to, nil
}
