package api

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// Funnel is one campaign's conversion, counted in distinct leads from the ledger and the
// events: invited → accepted → messaged → replied, the accept and message rates
// relative to the stage before, the reply rate to the leads contacted (a reply may
// answer an invite, an InMail or an email as well as a message), and the same counts
// per day for the chart.
type Funnel struct {
	Campaign string `json:"campaign"`
	Invited  int    `json:"invited"`
	Accepted int    `json:"accepted"`
	Messaged int    `json:"messaged"`
	Replied  int    `json:"replied"`
	// MessagedAccepted is how many of the messaged had accepted the campaign's invite;
	// the others were messaged without one (an InMail, an Open Profile message, a
	// message to a lead already connected).
	MessagedAccepted int `json:"messaged_accepted"`
	// AcceptRate is accepted ÷ invited and MessageRate the accepted messaged ÷ accepted, 0 when
	// the stage before is empty. ReplyRate is replied ÷ contacted: the leads the
	// campaign sent an invite, a message, an InMail, an Open Profile message or an
	// email, among whom are those whose reply it counts (a reply answers one of
	// those), so it never exceeds 1; replied ÷ messaged counted replies to invites
	// and emails over the messaged only and went over 100%.
	AcceptRate  float64    `json:"accept_rate"`
	MessageRate float64    `json:"message_rate"`
	ReplyRate   float64    `json:"reply_rate"`
	Days        []DayCount `json:"days"`
}

// DayCount is one UTC day of a campaign: leads first invited, accepting, first
// messaged and first replying that day.
type DayCount struct {
	Day      string `json:"day"` // 2006-01-02
	Invited  int    `json:"invited"`
	Accepted int    `json:"accepted"`
	Messaged int    `json:"messaged"`
	Replied  int    `json:"replied"`
}

// Funnels computes every campaign's funnel from done actions and events, ordered by
// campaign name. A campaign counts what it did: the leads it invited and messaged
// (its own actions; one lead counts in every campaign that contacted it), and the
// events that answer it (answerOf): an accept when it answers the invite the
// campaign's account sent, a reply when it answers what that account sent the lead
// for the campaign. An event counts once per lead and campaign (the first accept, the
// first reply). Messages include InMails and Open Profile messages, not emails. The
// actions are what was carried out: pass them through Carried when the ledger holds
// hand-off reservations.
//
// Actions outside any campaign (sent by hand, imported from LinkedIn's archive) are
// contacts too: an answer to them counts nowhere, not for the account's older campaign
// contact. A withdrawn event ends the invite it withdrew. campaigns are the stored
// campaigns, whose accounts (campaign.Accounts) a reply to an account that never wrote
// to the lead may answer (contacts.answered: an email reply, recorded by a mailbox
// account, to a seat's LinkedIn message).
//
// A lead once belonged to the campaign of the latest action sent to it, from any
// account, and every accept and reply of the lead counted there: a second campaign
// contacting a lead took it, its invite and its accept out of the first one's funnel,
// and counted the other campaign's invite and an answer to another account.
func Funnels(actions []paceline.Action, events []paceline.Event, campaigns ...*paceline.Campaign) []Funnel {
	return funnels([][]paceline.Action{actions}, events, funnelScope{until: endOfTime, campaigns: campaigns})
}

// funnelScope is what funnels counts: the actions and answers in [since, until), of
// the campaign only ("" for every campaign). What came before since is read for
// matching only (the invite an accept in the window answers).
type funnelScope struct {
	since, until time.Time
	only         string
	campaigns    []*paceline.Campaign
}

func (s funnelScope) counts(campaign string, at time.Time) bool {
	return campaign != "" && (s.only == "" || campaign == s.only) && !at.Before(s.since) && at.Before(s.until)
}

// funnels counts the actions, read in parts (one a read: joining them cost the
// dashboard a copy of the whole ledger), in any order, and the events.
func funnels(actions [][]paceline.Action, events []paceline.Event, scope funnelScope) []Funnel {
	type leadState struct {
		invited, accepted, messaged, replied time.Time
		contacted                            bool // sent words or an invite (ReplyRate)
	}
	type campaignLead struct{ campaign, lead string }
	leads := map[campaignLead]*leadState{}
	state := func(k campaignLead) *leadState {
		s := leads[k]
		if s == nil {
			s = &leadState{}
			leads[k] = s
		}
		return s
	}
	contacts := newContacts(actions, scope.campaigns)
	for _, part := range actions {
		for _, a := range part {
			if !a.Counts() || a.Lead == "" {
				continue
			}
			contact := contacts.add(a)
			if !scope.counts(a.Campaign, a.At) {
				continue
			}
			s := state(campaignLead{a.Campaign, a.Lead})
			switch a.Kind {
			case paceline.KindInvite:
				if s.invited.IsZero() || a.At.Before(s.invited) {
					s.invited = a.At
				}
			case paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage:
				if s.messaged.IsZero() || a.At.Before(s.messaged) {
					s.messaged = a.At
				}
			}
			if contact {
				s.contacted = true
			}
		}
	}
	contacts.sort()
	for _, e := range events {
		if e.Type == paceline.EventWithdrawn && e.Lead != "" {
			contacts.withdraw(e)
		}
	}
	for _, e := range events {
		if e.Type != paceline.EventAccepted && e.Type != paceline.EventReplied || e.At.Before(scope.since) || !e.At.Before(scope.until) {
			continue
		}
		campaign := contacts.answered(e)
		if !scope.counts(campaign, e.At) {
			continue
		}
		s := state(campaignLead{campaign, e.Lead})
		switch {
		case e.Type == paceline.EventAccepted && (s.accepted.IsZero() || e.At.Before(s.accepted)):
			s.accepted = e.At
		case e.Type == paceline.EventReplied && (s.replied.IsZero() || e.At.Before(s.replied)):
			s.replied = e.At
			// The contact it answers may be older than since: the replied stay
			// among the contacted.
			s.contacted = true
		}
	}
	byName := map[string]*Funnel{}
	contacted := map[string]int{}
	// messagedAccepted counts the accepted leads messaged: an InMail or an Open
	// Profile message needs no accept, so the messaged of a campaign may outnumber its
	// accepted, and messaged ÷ accepted went over 100%.
	messagedAccepted := map[string]int{}
	days := map[string]map[string]*DayCount{}
	day := func(f *Funnel, t time.Time) *DayCount {
		d := t.UTC().Format(time.DateOnly)
		if days[f.Campaign] == nil {
			days[f.Campaign] = map[string]*DayCount{}
		}
		c := days[f.Campaign][d]
		if c == nil {
			c = &DayCount{Day: d}
			days[f.Campaign][d] = c
		}
		return c
	}
	for k, s := range leads {
		f := byName[k.campaign]
		if f == nil {
			f = &Funnel{Campaign: k.campaign}
			byName[k.campaign] = f
		}
		if !s.invited.IsZero() {
			f.Invited++
			day(f, s.invited).Invited++
		}
		if !s.accepted.IsZero() {
			f.Accepted++
			day(f, s.accepted).Accepted++
		}
		if !s.messaged.IsZero() {
			f.Messaged++
			day(f, s.messaged).Messaged++
		}
		if !s.replied.IsZero() {
			f.Replied++
			day(f, s.replied).Replied++
		}
		if s.contacted {
			// A reply answers a contact of the campaign (answerOf): the replied are
			// among the contacted.
			contacted[k.campaign]++
		}
		if !s.accepted.IsZero() && !s.messaged.IsZero() {
			messagedAccepted[k.campaign]++
		}
	}
	out := make([]Funnel, 0, len(byName))
	for _, f := range byName {
		f.AcceptRate = rate(f.Accepted, f.Invited)
		f.MessagedAccepted = messagedAccepted[f.Campaign]
		f.MessageRate = rate(f.MessagedAccepted, f.Accepted)
		f.ReplyRate = rate(f.Replied, contacted[f.Campaign])
		f.Days = []DayCount{}
		for _, c := range days[f.Campaign] {
			f.Days = append(f.Days, *c)
		}
		slices.SortFunc(f.Days, func(a, b DayCount) int { return compareStrings(a.Day, b.Day) })
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Funnel) int { return compareStrings(a.Campaign, b.Campaign) })
	return out
}

// TaskLister lists hand-off tasks, as store/sqlite.Store and store/postgres.Store do.
type TaskLister interface {
	Tasks(ctx context.Context, f paceline.TaskFilter) ([]*paceline.Task, error)
}

// ReservedTasks returns the hand-off tasks (executor/assist) whose slot is reserved in
// the ledger while nobody has reported them carried out: offered or leased. Their
// ledger action is done, so that the caps hold while they wait for a person or an
// agent, but nothing was sent; the funnel and `paceline campaigns status` leave them
// out (Carried). A task reported sent is done and counts from then on; one whose day
// ends unsent has its reservation released and never counted.
func ReservedTasks(ctx context.Context, tl TaskLister) ([]*paceline.Task, error) {
	tasks, err := tl.Tasks(ctx, paceline.TaskFilter{States: []paceline.TaskState{paceline.TaskOffered, paceline.TaskLeased}})
	if err != nil {
		return nil, fmt.Errorf("list the hand-off tasks waiting to be done: %w", err)
	}
	return tasks, nil
}

// Carried returns the actions that were carried out: actions without the ledger rows
// that only reserve the current slot of a task in reserved (ReservedTasks), matched by
// its slot key. An invite waiting for a person is not a sent invite: counted, it made
// the funnel's invited count go down again when its day ended unsent and the
// reservation was released. actions is filtered in place.
func Carried(actions []paceline.Action, reserved []*paceline.Task) []paceline.Action {
	if len(reserved) == 0 {
		return actions
	}
	slots := make(map[string]bool, len(reserved))
	for _, t := range reserved {
		slots[t.SlotKey()] = true
	}
	return slices.DeleteFunc(actions, func(a paceline.Action) bool { return a.Key != "" && slots[a.Key] })
}

func rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
