// Package sentrow is how both stores keep the sent log of the mailboxes (migration
// 0008 of each store holds the same columns): what a record needs, how Message-IDs
// and addresses are normalised so that a reply's headers find their email however
// they spell them, the errors the stores answer with, and the decoding of a row. The
// SQL stays in each store; what it selects is Columns, in the order Scan reads.
package sentrow

import (
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select of sent emails names from sent_mail (as m) joined with accounts
// (as a), in the order Scan reads them.
const Columns = `m.action_key, m.message_id, a.name, m.lead, m.campaign,
		m.recipient, m.sent_at`

// Check refuses a sent record that could not be found again.
func Check(m paceline.SentMail) error {
	switch {
	case m.Key == "":
		return paceline.FieldErrorf("key", "a sent email needs its action's key")
	case MessageID(m.MessageID) == "":
		return paceline.FieldErrorf("message_id", "a sent email needs its Message-ID")
	case m.To == "":
		return paceline.FieldErrorf("to", "a sent email needs its recipient's address")
	case m.At.IsZero():
		return paceline.FieldErrorf("at", "a sent email needs the time it was sent")
	}
	return nil
}

// MessageID strips the angle brackets and spaces around a Message-ID and lower-cases
// its domain, as email.MemorySentLog does: the same email is found however a reply's
// headers spell its id.
func MessageID(id string) string {
	id = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	if local, domain, ok := strings.Cut(id, "@"); ok {
		return local + "@" + strings.ToLower(domain)
	}
	return id
}

// Recipient is an address as the log looks it up: in lower case, without the spaces
// around it.
func Recipient(addr string) string { return strings.ToLower(strings.TrimSpace(addr)) }

// MessageIDTaken is the error for a record whose Message-ID another action's email
// already has.
func MessageIDTaken(id string) error {
	return paceline.Errorf(paceline.ECONFLICT, "the Message-ID %s was already used by another email", id)
}

// Missing is the error for a lookup (a key, a Message-ID, an address) that found no
// email.
func Missing(arg string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no email sent for %q", arg)
}

// Scan reads a row of Columns. Its error is the driver's as it is: the caller tells a
// missing row apart (row.Missing) and says what it was doing.
func Scan(r row.Scanner) (paceline.SentMail, error) {
	var m paceline.SentMail
	if err := r.Scan(&m.Key, &m.MessageID, &m.Account, &m.Lead, &m.Campaign, &m.To, &m.At); err != nil {
		return paceline.SentMail{}, err
	}
	m.At = m.At.UTC()
	return m, nil
}
