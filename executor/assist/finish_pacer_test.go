package assist_test

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/limits"
)

// TestFinishOutcomeAsThePacerSeesIt reports each outcome of an invite task and asks
// the account's Pacer, replayed from the ledger as the runtime does, what follows:
// refused (an ordinary refusal) leaves the pace alone, where tasks done used to record
// it as a limit notice that halved the invites' rate; limit-notice pauses invites for
// the cooldown and halves their rate; restricted is the restriction the engine records
// when the platform restricts an account: it stops every kind for the restriction (7
// days), after which the account acts again by itself, at a backed-off rate.
func TestFinishOutcomeAsThePacerSeesIt(t *testing.T) {
	t.Parallel()
	reported := monday.Add(10 * time.Minute) // 10:10 in New York
	tests := []struct {
		outcome assist.Outcome
		event   paceline.EventKind // recorded with the report; "" for none
		invite  limits.Reason      // what holds the next invite
		message limits.Reason      // what holds a message
		backoff bool               // invites paced at a reduced cap (a restriction backs off every kind, as the engine's does)
	}{
		{assist.OutcomeFailed, "", limits.ReasonNone, limits.ReasonNone, false},
		{assist.OutcomeRefused, "", limits.ReasonNone, limits.ReasonNone, false},
		{assist.OutcomeLimitNotice, paceline.EventLimitHit, limits.ReasonCooldown, limits.ReasonNone, true},
		{assist.OutcomeRestricted, paceline.EventRestricted, limits.ReasonRestricted, limits.ReasonRestricted, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.outcome), func(t *testing.T) {
			t.Parallel()
			d, st, c := newDesk(t, "America/New_York", monday)
			ctx := context.Background()
			task := handOff(t, d, st, invite("q1/ada/connect", "ada", monday), "Hi")
			c.t = reported
			got, err := d.Finish(ctx, task.ID, assist.Report{Outcome: tt.outcome})
			if err != nil {
				t.Fatal(err)
			}
			if got.Outcome != string(tt.outcome) {
				t.Fatalf("outcome stored %q, want %q", got.Outcome, tt.outcome)
			}
			// Reported twice, it records nothing more.
			if _, err := d.Finish(ctx, task.ID, assist.Report{Outcome: tt.outcome}); err != nil {
				t.Fatalf("repeated %s: %v", tt.outcome, err)
			}
			evs, err := st.Events(ctx, "alice", monday, monday.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.event == "" && len(evs) != 0:
				t.Fatalf("%s recorded %+v, want no event", tt.outcome, evs)
			case tt.event != "" && (len(evs) != 1 || evs[0].Type != tt.event):
				t.Fatalf("%s recorded %+v, want one %s", tt.outcome, evs, tt.event)
			}

			p := replay(t, st, reported.Add(time.Minute))
			now := reported.Add(2 * time.Hour) // 12:10 in New York: inside working hours, past any gap
			inv := p.Decide(now, limits.Request{Kind: paceline.KindInvite})
			msg := p.Decide(now, limits.Request{Kind: paceline.KindMessage})
			if inv.Reason != tt.invite && !(tt.invite == limits.ReasonNone && inv.Reason == limits.ReasonSpacing) {
				t.Errorf("invite after %s: %s (%s), want %s", tt.outcome, inv.Reason, inv.Explain(), tt.invite)
			}
			if msg.Reason != tt.message && !(tt.message == limits.ReasonNone && msg.Reason == limits.ReasonSpacing) {
				t.Errorf("message after %s: %s (%s), want %s", tt.outcome, msg.Reason, msg.Explain(), tt.message)
			}
			snap := p.Snapshot(now)
			for _, k := range snap.Kinds {
				if k.Kind != paceline.KindInvite {
					continue
				}
				if cut := *k.WeekCap < *k.NominalWeekCap; cut != tt.backoff {
					t.Errorf("invites after %s: cap %d of %d, want backed off %v", tt.outcome, *k.WeekCap, *k.NominalWeekCap, tt.backoff)
				}
			}
			if tt.outcome != assist.OutcomeRestricted {
				return
			}
			// The restriction lifts by itself 7 days after it was reported: the next
			// slot is then (Monday 10:10 the week after, a working hour), with no resume.
			end := reported.Add(limits.DefaultBackoff.Restriction)
			if !inv.Until.Equal(end) || inv.At.Before(end) || inv.At.After(end.Add(time.Hour)) {
				t.Errorf("restriction until %s, next invite %s; want the restriction to end %s and the invite soon after", inv.Until, inv.At, end)
			}
			after := p.Decide(end.Add(time.Hour), limits.Request{Kind: paceline.KindMessage})
			if after.Reason == limits.ReasonRestricted {
				t.Errorf("a message an hour after the restriction ended: %s", after.Explain())
			}
		})
	}
}

// replay builds the account's Pacer from its ledger at now, as the runtime and
// paceline limits show do.
func replay(t *testing.T, st interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
}, now time.Time) *limits.Pacer {
	t.Helper()
	ctx := context.Background()
	acct, err := st.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := limits.ConfigFor(acct)
	if err != nil {
		t.Fatal(err)
	}
	origin, since := limits.ReplayWindow(acct.CreatedAt, now)
	acts, err := st.Actions(ctx, "alice", since, now)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := st.Events(ctx, "alice", since, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := limits.Replay(cfg, origin, acts, evs)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
