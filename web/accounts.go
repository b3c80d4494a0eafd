package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// accountView is one account card: a gauge per capped kind, the other kinds' next
// slots, and the account-wide counters.
type accountView struct {
	Name, Type, Executor, State, Schedule, TimeZone string
	Warmup                                          string
	Gauges                                          []kindView
	// OtherRows are the uncapped kinds' table rows, built in Go: a hundred accounts
	// have some seven hundred of them, which html/template renders several times slower.
	OtherRows            template.HTML
	InMail, Notes        string
	Pending, Connections int
	// Mailbox is the account's own mailbox (a mailbox account's, or a seat's of its
	// own): its sender and whether it can send; nil when it has none.
	Mailbox *api.MailboxView
}

// kindView is one action kind of an account: its usage in the rolling window and when
// it may act next, with the constraint that binds.
type kindView struct {
	Kind             string
	Used, Cap        int
	Today, DayBudget int
	Gauge            template.HTML
	Allowed          bool
	Next             time.Time
	Explain          string
}

func viewAccount(u api.AccountUsage) accountView {
	s := u.Usage
	v := accountView{Name: u.Name, Type: u.Type, Executor: u.Executor, State: u.State, Schedule: s.Schedule,
		TimeZone: u.TimeZone, Pending: s.Pending, Connections: s.Connections, Mailbox: u.Mailbox}
	if s.Warmup < 1 {
		v.Warmup = fmt.Sprintf("warming up: caps at %.0f%%", s.Warmup*100)
	}
	if s.InMailCredits != nil {
		v.InMail = fmt.Sprint(*s.InMailCredits)
	}
	if s.NoteQuota != nil {
		v.Notes = fmt.Sprintf("%d/%d", *s.NotesUsed, *s.NoteQuota)
	}
	var others []kindView
	for _, k := range s.Kinds {
		kv := kindView{Kind: string(k.Kind), Used: k.Week, Today: k.Today, DayBudget: k.DayBudget,
			Allowed: k.Allowed, Next: k.Next, Explain: k.Explain}
		if k.WeekCap == nil {
			others = append(others, kv)
			continue
		}
		kv.Cap = *k.WeekCap
		kv.Gauge = gaugeSVG(k.Week, kv.Cap, u.Name+" "+string(k.Kind)+" in the rolling 7 days")
		v.Gauges = append(v.Gauges, kv)
	}
	v.OtherRows = kindRows(others)
	return v
}

// kindRows renders the uncapped kinds as table rows, every text escaped.
func kindRows(kinds []kindView) template.HTML {
	var b strings.Builder
	for _, k := range kinds {
		next := "now"
		if !k.Allowed {
			next = k.Explain
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%d</td><td>%d/%d</td><td>%s</td></tr>",
			template.HTMLEscapeString(k.Kind), k.Used, k.Today, k.DayBudget, template.HTMLEscapeString(next))
	}
	return template.HTML(b.String())
}

// accountViews computes every account's card at now.
func (s *Server) accountViews(ctx context.Context, now time.Time) ([]accountView, error) {
	list, err := s.api.AllUsage(ctx, now)
	if err != nil {
		return nil, err
	}
	if err := api.AddMailboxes(ctx, s.deps.API.Accounts, list); err != nil {
		return nil, err
	}
	out := make([]accountView, len(list))
	for i, u := range list {
		out[i] = viewAccount(u)
	}
	return out, nil
}

func (s *Server) accountsPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	views, err := s.accountViews(r.Context(), s.now())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "accounts", s.page(sess, "Accounts", "accounts", views))
	return nil
}
