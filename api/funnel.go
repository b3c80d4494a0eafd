package api

import (
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// Funnel is one campaign's conversion, counted in distinct leads from the ledger and the
// events: invited → accepted → messaged → replied, each rate relative to the stage
// before it, and the same counts per day for the chart.
type Funnel struct {
	Campaign string `json:"campaign"`
	Invited  int    `json:"invited"`
	Accepted int    `json:"accepted"`
	Messaged int    `json:"messaged"`
	Replied  int    `json:"replied"`
	// AcceptRate is accepted ÷ invited, MessageRate messaged ÷ accepted and ReplyRate
	// replied ÷ messaged; 0 when the stage before is empty.
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
// campaign name. A lead belongs to the campaign of the latest action sent to it; an
// event counts once per lead (the first accept, the first reply). Messages include
// InMails and Open Profile messages, not emails.
func Funnels(actions []paceline.Action, events []paceline.Event) []Funnel {
	type leadState struct {
		campaign                             string
		invited, accepted, messaged, replied time.Time
	}
	leads := map[string]*leadState{}
	slices.SortStableFunc(actions, func(a, b paceline.Action) int { return a.At.Compare(b.At) })
	for _, a := range actions {
		if !a.Counts() || a.Campaign == "" || a.Lead == "" {
			continue
		}
		s := leads[a.Lead]
		if s == nil {
			s = &leadState{}
			leads[a.Lead] = s
		}
		s.campaign = a.Campaign
		switch a.Kind {
		case paceline.KindInvite:
			if s.invited.IsZero() {
				s.invited = a.At
			}
		case paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage:
			if s.messaged.IsZero() {
				s.messaged = a.At
			}
		}
	}
	for _, e := range events {
		s := leads[e.Lead]
		if s == nil {
			continue
		}
		switch {
		case e.Type == paceline.EventAccepted && !s.invited.IsZero() && (s.accepted.IsZero() || e.At.Before(s.accepted)):
			s.accepted = e.At
		case e.Type == paceline.EventReplied && (s.replied.IsZero() || e.At.Before(s.replied)):
			s.replied = e.At
		}
	}
	byName := map[string]*Funnel{}
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
	for _, s := range leads {
		f := byName[s.campaign]
		if f == nil {
			f = &Funnel{Campaign: s.campaign}
			byName[s.campaign] = f
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
	}
	out := make([]Funnel, 0, len(byName))
	for _, f := range byName {
		f.AcceptRate = rate(f.Accepted, f.Invited)
		f.MessageRate = rate(f.Messaged, f.Accepted)
		f.ReplyRate = rate(f.Replied, f.Messaged)
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
