package email

import (
	"context"
	"html"
	"strings"

	"github.com/paceline/paceline"
)

// Draft is the rendered email for one action: who it goes to and what it says. The
// personalize package renders it; the Sender adds the headers and the footer.
type Draft struct {
	To      string // "Name <addr>" or a bare address
	Subject string
	Text    string // the plain-text body; required
	HTML    string // an HTML alternative; "" sends text only
	// InReplyTo is the Message-ID of an earlier email in the same thread (a follow-up
	// that should show under the first email); "" starts a thread, unless the Sender
	// threads follow-ups by itself (SenderOptions.Thread).
	InReplyTo string
}

// ComposeFunc renders the email for an action (its lead, campaign and step). Errors:
// ENOTFOUND when the lead has no email address, EINVALID when the step cannot render.
type ComposeFunc func(ctx context.Context, a paceline.Action) (Draft, error)

// Footer is what every email ends with: the sender's postal address and an opt-out line.
// The CAN-SPAM Act requires both in commercial email; the EU's rules expect the same.
type Footer struct {
	// Address is the sender's physical postal address, on one or more lines.
	Address string
	// OptOut is the opt-out sentence; {url} is replaced by the unsubscribe link.
	// "" means DefaultOptOut.
	OptOut string
}

// DefaultOptOut is the opt-out line when none is set.
const DefaultOptOut = "Not interested? Unsubscribe with one click: {url}"

// Validate requires the postal address.
func (f Footer) Validate() error {
	if strings.TrimSpace(f.Address) == "" {
		return paceline.FieldErrorf("footer-address",
			"is empty; commercial email must show the sender's postal address (CAN-SPAM)")
	}
	if f.OptOut != "" && !strings.Contains(f.OptOut, "{url}") {
		return paceline.FieldErrorf("footer-opt-out", "%q lacks {url}, where the unsubscribe link goes", f.OptOut)
	}
	return nil
}

func (f Footer) optOut() string {
	if f.OptOut == "" {
		return DefaultOptOut
	}
	return f.OptOut
}

// text appends the footer to a plain-text body, after the conventional "-- " separator
// that mail readers use to fold signatures away.
func (f Footer) text(body, unsubURL string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(body, "\r\n "))
	b.WriteString("\n\n-- \n")
	b.WriteString(strings.TrimSpace(f.Address))
	b.WriteString("\n")
	b.WriteString(strings.ReplaceAll(f.optOut(), "{url}", unsubURL))
	b.WriteString("\n")
	return b.String()
}

// html appends the footer to an HTML body, inside </body> when there is one.
func (f Footer) html(body, unsubURL string) string {
	before, after, link := f.optOut(), "", `<a href="`+html.EscapeString(unsubURL)+`">`+html.EscapeString(unsubURL)+`</a>`
	if i := strings.Index(before, "{url}"); i >= 0 {
		before, after = before[:i], strings.ReplaceAll(before[i+len("{url}"):], "{url}", unsubURL)
	}
	lines := strings.Split(strings.TrimSpace(f.Address), "\n")
	for i, l := range lines {
		lines[i] = html.EscapeString(strings.TrimSpace(l))
	}
	foot := `<div style="margin-top:2em;font-size:12px;color:#666">` +
		`<p>` + strings.Join(lines, "<br>") + `</p>` +
		`<p>` + html.EscapeString(before) + link + html.EscapeString(after) + `</p></div>`
	if i := strings.LastIndex(strings.ToLower(body), "</body>"); i >= 0 {
		return body[:i] + foot + body[i:]
	}
	return body + "\n" + foot + "\n"
}
