package api_test

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

func TestFunnels(t *testing.T) {
	t.Parallel()
	d0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return d0.Add(time.Duration(n) * 24 * time.Hour) }
	act := func(at time.Time, kind paceline.ActionKind, lead, camp string, res paceline.ActionResult) paceline.Action {
		return paceline.Action{At: at, Kind: kind, Lead: lead, Campaign: camp, Result: res}
	}
	ev := func(at time.Time, typ paceline.EventKind, lead string) paceline.Event {
		return paceline.Event{At: at, Type: typ, Lead: lead}
	}
	by := func(account string, a paceline.Action) paceline.Action { a.Account = account; return a }
	evBy := func(account string, e paceline.Event) paceline.Event { e.Account = account; return e }
	tests := []struct {
		name    string
		actions []paceline.Action
		events  []paceline.Event
		want    []api.Funnel
	}{
		{name: "empty", want: []api.Funnel{}},
		{
			name: "each stage once per lead, refused actions ignored",
			actions: []paceline.Action{
				act(day(0), paceline.KindInvite, "a", "q1", paceline.ResultDone),
				act(day(0), paceline.KindInvite, "b", "q1", paceline.ResultDone),
				act(day(0), paceline.KindInvite, "c", "q1", paceline.ResultRefused),
				act(day(2), paceline.KindMessage, "a", "q1", paceline.ResultDone),
				act(day(3), paceline.KindMessage, "a", "q1", paceline.ResultDone),
			},
			events: []paceline.Event{
				ev(day(1), paceline.EventAccepted, "a"), ev(day(1), paceline.EventAccepted, "a"),
				ev(day(3), paceline.EventReplied, "a"), ev(day(3), paceline.EventReplied, "stranger"),
			},
			want: []api.Funnel{{Campaign: "q1", Invited: 2, Accepted: 1, Messaged: 1, Replied: 1,
				AcceptRate: 0.5, MessageRate: 1, ReplyRate: 0.5, Days: []api.DayCount{
					{Day: "2026-03-02", Invited: 2}, {Day: "2026-03-03", Accepted: 1},
					{Day: "2026-03-04", Messaged: 1}, {Day: "2026-03-05", Replied: 1}}}},
		},
		{
			name: "two campaigns, an accept without our invite does not count",
			actions: []paceline.Action{
				act(day(0), paceline.KindInvite, "a", "q1", paceline.ResultDone),
				act(day(0), paceline.KindOpenProfileMessage, "b", "q2", paceline.ResultDone),
			},
			events: []paceline.Event{ev(day(1), paceline.EventAccepted, "b")},
			want: []api.Funnel{
				{Campaign: "q1", Invited: 1, Days: []api.DayCount{{Day: "2026-03-02", Invited: 1}}},
				{Campaign: "q2", Messaged: 1, Days: []api.DayCount{{Day: "2026-03-02", Messaged: 1}}},
			},
		},
		{
			// Replies to invites over the messaged made 2 of 1: 200% "of messaged".
			name: "the reply rate is of the leads contacted, replies to invites and emails too",
			actions: []paceline.Action{
				act(day(0), paceline.KindInvite, "a", "q1", paceline.ResultDone),
				act(day(0), paceline.KindInvite, "b", "q1", paceline.ResultDone),
				act(day(0), paceline.KindInvite, "c", "q1", paceline.ResultDone),
				act(day(0), paceline.KindEmail, "d", "q1", paceline.ResultDone),
				act(day(0), paceline.KindVisit, "e", "q1", paceline.ResultDone),
				act(day(0), paceline.KindVisit, "f", "q1", paceline.ResultDone),
				act(day(2), paceline.KindMessage, "a", "q1", paceline.ResultDone),
			},
			events: []paceline.Event{
				ev(day(1), paceline.EventAccepted, "a"),
				ev(day(1), paceline.EventReplied, "b"), ev(day(1), paceline.EventReplied, "c"),
				ev(day(1), paceline.EventReplied, "d"), ev(day(1), paceline.EventReplied, "e"),
			},
			// Contacted: a, b, c (invited), d (emailed); not e and f, only visited. e's
			// reply answers nothing the campaign sent.
			want: []api.Funnel{{Campaign: "q1", Invited: 3, Accepted: 1, Messaged: 1, Replied: 3,
				AcceptRate: 1.0 / 3, MessageRate: 1, ReplyRate: 0.75, Days: []api.DayCount{
					{Day: "2026-03-02", Invited: 3}, {Day: "2026-03-03", Accepted: 1, Replied: 3},
					{Day: "2026-03-04", Messaged: 1}}}},
		},
		{
			// Globex's campaign invited f, then Acme's did; f accepted Acme's invite.
			// f counted in Acme's campaign alone, with Globex's invite, and Globex's
			// invite of f went from its funnel.
			name: "a lead contacted by two accounts counts in both campaigns, its answer in the one answered",
			actions: []paceline.Action{
				by("globex", act(day(0), paceline.KindInvite, "f", "globex-q4", paceline.ResultDone)),
				by("acme", act(day(2), paceline.KindInvite, "f", "acme-q4", paceline.ResultDone)),
				by("acme", act(day(2), paceline.KindVisit, "g", "acme-q4", paceline.ResultDone)),
			},
			events: []paceline.Event{evBy("acme", ev(day(3), paceline.EventAccepted, "f")),
				evBy("globex", ev(day(3), paceline.EventReplied, "g"))},
			want: []api.Funnel{
				{Campaign: "acme-q4", Invited: 1, Accepted: 1, AcceptRate: 1,
					Days: []api.DayCount{{Day: "2026-03-04", Invited: 1}, {Day: "2026-03-05", Accepted: 1}}},
				{Campaign: "globex-q4", Invited: 1, Days: []api.DayCount{{Day: "2026-03-02", Invited: 1}}},
			},
		},
		{
			// q2 messaged the leads who accepted q1's invites: their accepts moved to
			// q2 and q1's invites went from its funnel.
			name: "a later campaign of the same account takes none of an earlier one's answers",
			actions: []paceline.Action{
				by("acme", act(day(0), paceline.KindInvite, "e", "q1", paceline.ResultDone)),
				by("acme", act(day(2), paceline.KindMessage, "e", "q2", paceline.ResultDone)),
			},
			events: []paceline.Event{evBy("acme", ev(day(1), paceline.EventAccepted, "e")),
				evBy("acme", ev(day(3), paceline.EventReplied, "e"))},
			want: []api.Funnel{
				{Campaign: "q1", Invited: 1, Accepted: 1, AcceptRate: 1,
					Days: []api.DayCount{{Day: "2026-03-02", Invited: 1}, {Day: "2026-03-03", Accepted: 1}}},
				{Campaign: "q2", Messaged: 1, Replied: 1, ReplyRate: 1,
					Days: []api.DayCount{{Day: "2026-03-04", Messaged: 1}, {Day: "2026-03-05", Replied: 1}}},
			},
		},
		{
			// a wrote two days before the invite: an earlier conversation. b's reply is
			// dated half an hour before the invite (a mail server's clock behind), c's
			// accept the day before (an archive dates a connection by its day): both
			// answer it.
			name: "an answer dated before the contact",
			actions: []paceline.Action{
				act(day(2), paceline.KindInvite, "a", "q1", paceline.ResultDone),
				act(day(2), paceline.KindInvite, "b", "q1", paceline.ResultDone),
				act(day(2), paceline.KindInvite, "c", "q1", paceline.ResultDone),
			},
			events: []paceline.Event{ev(day(0), paceline.EventReplied, "a"),
				ev(day(2).Add(-30*time.Minute), paceline.EventReplied, "b"), ev(day(1), paceline.EventAccepted, "c")},
			want: []api.Funnel{{Campaign: "q1", Invited: 3, Accepted: 1, Replied: 1,
				AcceptRate: 1.0 / 3, ReplyRate: 1.0 / 3, Days: []api.DayCount{
					{Day: "2026-03-03", Accepted: 1}, {Day: "2026-03-04", Invited: 3, Replied: 1}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := api.Funnels(tt.actions, tt.events)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.Campaign != w.Campaign || g.Invited != w.Invited || g.Accepted != w.Accepted || g.Messaged != w.Messaged ||
					g.Replied != w.Replied || g.AcceptRate != w.AcceptRate || g.MessageRate != w.MessageRate || g.ReplyRate != w.ReplyRate {
					t.Errorf("funnel %d = %+v, want %+v", i, g, w)
				}
				if len(g.Days) != len(w.Days) {
					t.Fatalf("days %+v, want %+v", g.Days, w.Days)
				}
				for j := range g.Days {
					if g.Days[j] != w.Days[j] {
						t.Errorf("day %d = %+v, want %+v", j, g.Days[j], w.Days[j])
					}
				}
			}
		})
	}
}
