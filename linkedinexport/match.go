package linkedinexport

import (
	"cmp"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// person is what the matcher gathers about one known lead across the three files.
type person struct {
	key     lead.Key
	known   KnownLead
	invites []time.Time // outgoing invites in the archive
	// firstOurs is our first message to them in the archive, zero when none.
	firstOurs time.Time
	// theirs are the messages they sent, oldest first.
	theirs []Message
}

// matcher holds one Match run.
type matcher struct {
	opt    Options
	loc    *time.Location
	rows   *Rows
	owner  owner
	people map[lead.Key]*person
	res    *Result
}

// Match turns parsed rows into ledger actions and events:
//
//   - an outgoing invitation to a known lead is an invite action (kind invite, result
//     done, at its Sent At), unless the ledger holds an invite to that lead within
//     InviteWindow of it;
//   - a connection to a known lead is accepted when we invited them (in the archive or
//     in the ledger, allowing InviteWindow for a task marked done late) on or before
//     the day they connected; the event is at the later of that day's start and the
//     invite;
//   - any other connection to a known lead (from before paceline, or one they asked
//     for) is an EventConnected event at the start of the day they connected: the
//     account is connected to the lead, but no invite of ours was accepted;
//   - a message from a known lead, in any conversation, is replied when it comes after
//     our first invite or message to them; one event per lead, at the first such
//     message.
//
// Everything else is reported in Result.Unmatched with its reason.
func Match(rows *Rows, opt Options) (*Result, error) {
	if opt.Account == "" {
		return nil, paceline.FieldErrorf("account", "is missing; name the account the archive belongs to")
	}
	if opt.Leads == nil {
		opt.Leads = LeadMap(nil)
	}
	if opt.InviteWindow <= 0 {
		opt.InviteWindow = DefaultInviteWindow
	}
	o, err := findOwner(rows, opt.Owner, opt.OwnerName)
	if err != nil {
		return nil, err
	}
	m := &matcher{
		opt: opt, loc: cmp.Or(opt.Location, time.UTC), rows: rows, owner: o,
		people: map[lead.Key]*person{},
		res: &Result{Owner: o.key, Counts: Counts{
			Connections: len(rows.Connections), Invitations: len(rows.Invitations), Messages: len(rows.Messages),
		}},
	}
	m.res.Unmatched = append(m.res.Unmatched, rows.Unmatched...)
	m.res.Counts.Connections += m.badRows(Connections)
	for _, c := range rows.Connections {
		if c.ConnectedOn.After(m.res.LastConnectedOn) {
			m.res.LastConnectedOn = c.ConnectedOn
		}
	}
	m.res.Counts.Invitations += m.badRows(Invitations)
	m.res.Counts.Messages += m.badRows(Messages)

	m.invitations()
	m.messages()
	m.replies()
	m.connections()
	m.finish()
	return m.res, nil
}

// badRows counts the unreadable rows of one file, so Counts says how many rows each
// file had.
func (m *matcher) badRows(f File) int {
	n := 0
	for _, u := range m.rows.Unmatched {
		if u.File == m.rows.Files[f] {
			n++
		}
	}
	return n
}

// person returns the known lead with the key, or nil.
func (m *matcher) person(k lead.Key) *person {
	if p, ok := m.people[k]; ok {
		return p
	}
	if k.IsZero() {
		return nil
	}
	known, ok := m.opt.Leads.Lookup(k)
	if !ok {
		m.people[k] = nil
		return nil
	}
	p := &person{key: k, known: known}
	m.people[k] = p
	return p
}

func (m *matcher) unmatched(f File, line int, cause Cause, why string) {
	m.res.Unmatched = append(m.res.Unmatched, Unmatched{m.rows.Files[f], line, cause, why})
}

func (m *matcher) invitations() {
	for _, inv := range m.rows.Invitations {
		if inv.Direction == Incoming {
			m.unmatched(Invitations, inv.Line, CauseIncoming, subject(inv.From, "an invitation to you, not one of yours"))
			continue
		}
		p := m.person(inv.Invitee)
		if p == nil {
			m.unmatched(Invitations, inv.Line, CauseUnknownLead, subject(inv.To, "not a known lead ("+inv.Invitee.String()+")"))
			continue
		}
		p.invites = append(p.invites, inv.SentAt)
		if m.inLedger(p, inv.SentAt) {
			m.res.Counts.InvitesInLedger++
			continue
		}
		m.res.Invites = append(m.res.Invites, paceline.Action{
			Key: inviteKey(m.opt.Account, p.key, inv.SentAt), At: inv.SentAt,
			Account: m.opt.Account, Kind: paceline.KindInvite, Lead: p.known.ID,
			Result: paceline.ResultDone, WithNote: inv.WithNote,
		})
	}
}

// inLedger reports whether the ledger holds an invite to p close enough to at to be
// the same one.
func (m *matcher) inLedger(p *person, at time.Time) bool {
	for _, t := range p.known.Invites {
		if d := t.Sub(at); d <= m.opt.InviteWindow && d >= -m.opt.InviteWindow {
			return true
		}
	}
	return false
}

// messages sorts out who wrote to whom: our first message to each known lead, and
// every message a known lead sent.
func (m *matcher) messages() {
	msgs := m.rows.Messages
	order := make([]int32, len(msgs)) // sorting indices moves far less than the rows
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return msgs[a].At.Compare(msgs[b].At) })
	for _, i := range order {
		msg := &msgs[i]
		if m.owner.ours(msg) {
			found := false
			for _, r := range msg.Recipients {
				if r == m.owner.key {
					continue
				}
				if p := m.person(r); p != nil {
					found = true
					if p.firstOurs.IsZero() {
						p.firstOurs = msg.At
					}
				}
			}
			if !found {
				m.unmatched(Messages, msg.Line, CauseNoLeadTo, subject(msg.To, "your message has no known lead among its recipients"))
			}
			continue
		}
		if msg.Sender.IsZero() {
			cause, why := CauseNoProfileURL, "no sender profile URL"
			if msg.SenderURL != "" {
				_, cause, why = profileKey(msg.SenderURL)
			}
			m.unmatched(Messages, msg.Line, cause, subject(msg.From, why))
			continue
		}
		p := m.person(msg.Sender)
		if p == nil {
			m.unmatched(Messages, msg.Line, CauseUnknownLead, subject(msg.From, "not a known lead ("+msg.Sender.String()+")"))
			continue
		}
		p.theirs = append(p.theirs, *msg)
	}
}

// firstContact is the first instant we reached p: an invite or a message, in the
// archive or the ledger; zero when we never did.
func (p *person) firstContact() time.Time {
	var first time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	consider(p.known.Contacted)
	consider(p.firstOurs)
	for _, t := range p.invites {
		consider(t)
	}
	for _, t := range p.known.Invites {
		consider(t)
	}
	return first
}

func (m *matcher) replies() {
	for _, p := range m.sortedPeople() {
		if len(p.theirs) == 0 {
			continue
		}
		first := p.firstContact()
		replied := false
		for _, msg := range p.theirs {
			switch {
			case replied:
				// A later message of a lead who already replied: part of the same reply.
			case first.IsZero():
				m.unmatched(Messages, msg.Line, CauseNotReply, subject(msg.From, "wrote to you, but you never invited or messaged them: not a reply"))
			case !msg.At.After(first):
				m.unmatched(Messages, msg.Line, CauseNotReply, subject(msg.From, "wrote on "+stamp(msg.At)+", before your first invite or message ("+stamp(first)+"): not a reply"))
			default:
				replied = true
				m.res.Events = append(m.res.Events, paceline.Event{
					Key: repliedKey(m.opt.Account, p.key, msg.At), At: msg.At,
					Account: m.opt.Account, Lead: p.known.ID, Type: paceline.EventReplied,
				})
				m.res.Counts.Replied++
			}
		}
	}
}

func (m *matcher) connections() {
	seen := map[lead.Key]bool{}
	for _, c := range m.rows.Connections {
		name := fullName(c.FirstName, c.LastName)
		p := m.person(c.Key)
		if p == nil {
			m.unmatched(Connections, c.Line, CauseUnknownLead, subject(name, "not a known lead ("+c.Key.String()+")"))
			continue
		}
		if seen[c.Key] {
			m.unmatched(Connections, c.Line, CauseDuplicate, subject(name, "listed twice; the first row counts"))
			continue
		}
		seen[c.Key] = true
		invite, ok := m.inviteBefore(p, c.ConnectedOn)
		if !ok {
			// Connected without an invite of ours before it: they invited us, or the
			// connection is older than our first invite. The account is connected all
			// the same, which a campaign must know (it sends no invite then), but it is
			// not an acceptance: the Pacer's acceptance rate and pending invites count
			// accepted events, and this answers no invite of ours.
			m.res.Events = append(m.res.Events, paceline.Event{
				Key: connectedKey(m.opt.Account, p.key), At: c.ConnectedOn,
				Account: m.opt.Account, Lead: p.known.ID, Type: EventConnected,
			})
			m.res.Counts.Connected++
			continue
		}
		m.res.Events = append(m.res.Events, paceline.Event{
			Key: acceptedKey(m.opt.Account, p.key), At: later(c.ConnectedOn, invite),
			Account: m.opt.Account, Lead: p.known.ID, Type: paceline.EventAccepted,
		})
		m.res.Counts.Accepted++
	}
}

// inviteBefore returns our latest invite to p sent on or before the local day they
// connected (Connected On has no time of day). A ledger invite may have been marked
// done some time after it was sent by hand, so it is taken InviteWindow early.
func (m *matcher) inviteBefore(p *person, day time.Time) (time.Time, bool) {
	var best time.Time
	for i, list := range [][]time.Time{p.invites, p.known.Invites} {
		for _, t := range list {
			sent := t
			if i == 1 {
				sent = t.Add(-m.opt.InviteWindow)
			}
			if startOfDay(sent, m.loc).After(day) {
				continue
			}
			if best.IsZero() || t.After(best) {
				best = t
			}
		}
	}
	return best, !best.IsZero()
}

// sortedPeople returns the known leads met, in key order, so output never depends on
// map order.
func (m *matcher) sortedPeople() []*person {
	var out []*person
	for _, p := range m.people {
		if p != nil {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *person) int { return cmp.Compare(a.key.String(), b.key.String()) })
	return out
}

// finish puts the result in a stable order: actions and events by time then key,
// unmatched rows by file then line.
func (m *matcher) finish() {
	slices.SortFunc(m.res.Invites, func(a, b paceline.Action) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key))
	})
	slices.SortFunc(m.res.Events, func(a, b paceline.Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Key, b.Key))
	})
	order := map[string]int{}
	for f, name := range m.rows.Files {
		order[name] = f
	}
	slices.SortStableFunc(m.res.Unmatched, func(a, b Unmatched) int {
		return cmp.Or(cmp.Compare(order[a.File], order[b.File]), cmp.Compare(a.Line, b.Line))
	})
	m.res.Counts.Invites = len(m.res.Invites)
	m.res.Counts.Unmatched = len(m.res.Unmatched)
}

func startOfDay(t time.Time, loc *time.Location) time.Time {
	y, mo, d := t.In(loc).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, loc)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// stamp formats an instant for a reason, in UTC so reasons do not depend on the zone.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
