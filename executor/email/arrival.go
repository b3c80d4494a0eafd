package email

import "time"

// ServerSkew is how far before one of our emails the IMAP server may date (INTERNALDATE)
// a message that answers or bounces it. It covers the mail server's clock running
// behind paceline's (a host without NTP drifts by minutes), INTERNALDATE's whole
// seconds, and a refusal the receiving server sends back before the sent log has
// recorded the email. It errs long: a reply lost to a skewed clock means a follow-up
// to someone who answered, while mail counted by it is mail the lead sent us within
// the hour before our email.
const ServerSkew = time.Hour

// DateSkew is how far before one of our emails a message's own Date header may be
// when it answers it. The header is the writer's clock and time zone: a phone set an
// hour wrong or a mail program that writes local time as +0000 is off by hours, not
// by days.
const DateSkew = 24 * time.Hour

// arrival is when a message reached the mailbox, as far as its server and its writer
// tell.
type arrival struct {
	server time.Time // INTERNALDATE: when the IMAP server took the message
	date   time.Time // the Date header: when the writer's mail program says it was written
}

// reach is the latest send a message can answer: a reply or a bounce comes after the
// email it is about, so mail that was already in the inbox before paceline sent
// anything (a mailbox with years of mail, read for the first time or again after its
// folder was rebuilt) answers nothing we sent later. Both dates must allow it: the
// server's, which the writer cannot set, and the Date header, which stays old when
// old mail is copied or imported into the folder with a new INTERNALDATE. With
// neither date known the message is taken as new (now).
func (a arrival) reach(now time.Time) time.Time {
	var r time.Time
	if !a.server.IsZero() {
		r = a.server.Add(ServerSkew)
	}
	if !a.date.IsZero() && (r.IsZero() || a.date.Add(DateSkew).Before(r)) {
		r = a.date.Add(DateSkew)
	}
	if r.IsZero() {
		r = now.Add(ServerSkew)
	}
	return r
}

// at is when the message arrived, for its event: the server's date, else the header's,
// else now.
func (a arrival) at(now time.Time) time.Time {
	switch {
	case !a.server.IsZero():
		return a.server
	case !a.date.IsZero():
		return a.date
	}
	return now
}
