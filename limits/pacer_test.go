package limits

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// monday is Mon 1 Mar 2027, 00:00 in Paris.
var monday = time.Date(2027, 3, 1, 0, 0, 0, 0, paris)

func at(day, hour, minute int) time.Time {
	return time.Date(2027, 3, day, hour, minute, 0, 0, paris)
}

func newPacer(t *testing.T, typ paceline.AccountType, change func(*Config)) *Pacer {
	t.Helper()
	cfg, err := NewConfig(typ, paris)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(&cfg)
	}
	p, err := New(cfg, monday.AddDate(0, 0, -14))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func done(p *Pacer, k paceline.ActionKind, ts ...time.Time) {
	for i, t := range ts {
		p.Record(paceline.Action{At: t, Kind: k, Result: paceline.ResultDone, Lead: fmt.Sprintf("%s-%d-%d", k, t.Unix(), i)})
	}
}

// spread returns n instants from from, step apart.
func spread(from time.Time, n int, step time.Duration) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = from.Add(time.Duration(i) * step)
	}
	return out
}

func TestDecideReasons(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		typ     paceline.AccountType
		config  func(*Config)
		setup   func(*Pacer)
		now     time.Time
		req     Request
		reason  Reason
		never   bool // no foreseeable instant
		atOrAft time.Time
		explain string // substring of the sentence
	}{
		{name: "allowed in hours", typ: paceline.TypeFree, now: at(1, 10, 0), req: Request{Kind: paceline.KindInvite}, reason: ReasonNone},
		{name: "night", typ: paceline.TypeFree, now: at(1, 22, 0), req: Request{Kind: paceline.KindInvite},
			reason: ReasonOutsideHours, atOrAft: at(2, 9, 0), explain: "outside working hours until Tue 2 Mar 09:00 Europe/Paris"},
		{name: "weekend", typ: paceline.TypeFree, now: at(6, 11, 0), req: Request{Kind: paceline.KindMessage},
			reason: ReasonOutsideHours, atOrAft: at(8, 9, 0)},
		{name: "min gap", typ: paceline.TypeFree, now: at(1, 12, 0).Add(30 * time.Second), req: Request{Kind: paceline.KindMessage},
			setup: func(p *Pacer) { done(p, paceline.KindInvite, at(1, 12, 0)) }, reason: ReasonMinGap, atOrAft: at(1, 12, 1).Add(30 * time.Second)},
		{name: "weekly cap", typ: paceline.TypeFree, now: at(8, 12, 0), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, spread(at(1, 13, 0), 100, 5*time.Minute)...) },
			reason: ReasonWeeklyCap, atOrAft: at(8, 13, 0), explain: "weekly cap 100/100"},
		{name: "weekly cap counts a rolling window, not the calendar week", typ: paceline.TypeFree, now: at(8, 9, 30), req: Request{Kind: paceline.KindInvite},
			// 100 invites on Friday: on Monday the calendar week is new but the rolling window is full.
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, spread(at(5, 9, 0), 100, 5*time.Minute)...) },
			reason: ReasonWeeklyCap, atOrAft: at(12, 9, 0)},
		{name: "safety margin", typ: paceline.TypeFree, config: func(c *Config) { c.Safety = 0.8 }, now: at(5, 16, 0), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, spread(at(1, 9, 0), 80, 30*time.Minute)...) },
			reason: ReasonWeeklyCap, explain: "weekly cap 80/80"},
		{name: "hard daily cap", typ: paceline.TypeFree, config: func(c *Config) { c.Daily[0] = 10 }, now: at(2, 10, 0), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, spread(at(1, 12, 0), 10, 10*time.Minute)...) },
			reason: ReasonDailyCap, atOrAft: at(2, 12, 0)},
		{name: "day budget used", typ: paceline.TypeFree, now: at(1, 17, 50), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, spread(at(1, 9, 0), 20, 20*time.Minute)...) },
			reason: ReasonDailyBudget, atOrAft: at(2, 9, 0), explain: "today's budget of 20 invites used"},
		{name: "spacing", typ: paceline.TypeFree, now: at(1, 10, 1), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, at(1, 10, 0)) },
			reason: ReasonSpacing, atOrAft: at(1, 10, 5), explain: "spreading today's 20 invites"},
		{name: "warm-up", typ: paceline.TypeFree, config: func(c *Config) { c.Opened = at(1, 0, 0) }, now: at(5, 16, 0), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, spread(at(1, 9, 0), 40, 30*time.Minute)...) },
			reason: ReasonWarmup, explain: "warm-up 40%: cap 40/40"},
		{name: "cooldown after limit notice", typ: paceline.TypeFree, now: at(2, 10, 0), req: Request{Kind: paceline.KindInvite},
			setup: func(p *Pacer) {
				p.Observe(paceline.Event{At: at(2, 9, 30), Type: paceline.EventLimitHit, Kind: paceline.KindInvite})
			}, reason: ReasonCooldown, atOrAft: at(3, 9, 30)},
		{name: "limit notice on invites does not block messages", typ: paceline.TypeFree, now: at(2, 10, 0), req: Request{Kind: paceline.KindMessage},
			setup: func(p *Pacer) {
				p.Observe(paceline.Event{At: at(2, 9, 30), Type: paceline.EventLimitHit, Kind: paceline.KindInvite})
			}, reason: ReasonNone},
		{name: "back-off halves the cap", typ: paceline.TypeFree, now: at(4, 16, 0), req: Request{Kind: paceline.KindInvite},
			setup: func(p *Pacer) {
				done(p, paceline.KindInvite, spread(at(1, 9, 0), 50, 30*time.Minute)...)
				p.Observe(paceline.Event{At: at(2, 9, 0), Type: paceline.EventWarning, Kind: paceline.KindInvite})
			}, reason: ReasonBackoff, explain: "backed off to 50% after push-back: cap 50/50"},
		{name: "restricted", typ: paceline.TypeFree, now: at(2, 10, 0), req: Request{Kind: paceline.KindMessage},
			setup: func(p *Pacer) {
				p.Observe(paceline.Event{At: at(2, 9, 0), Type: paceline.EventRestricted, Until: at(9, 9, 0)})
			}, reason: ReasonRestricted, atOrAft: at(9, 9, 0), explain: "account restricted"},
		{name: "inmail not on free", typ: paceline.TypeFree, now: at(1, 10, 0), req: Request{Kind: paceline.KindInMail}, reason: ReasonNotAvailable, never: true},
		{name: "open profile not on free", typ: paceline.TypeFree, now: at(1, 10, 0), req: Request{Kind: paceline.KindOpenProfileMessage}, reason: ReasonNotAvailable, never: true},
		{name: "open profile on premium", typ: paceline.TypePremiumBusiness, now: at(1, 10, 0), req: Request{Kind: paceline.KindOpenProfileMessage}, reason: ReasonNone},
		{name: "no inmail credits", typ: paceline.TypePremiumCareer, now: at(4, 10, 0), req: Request{Kind: paceline.KindInMail},
			// The origin (15 Feb) grants 5 credits, 1 Mar adds 5: ten spent, none left until 1 Apr.
			setup:  func(p *Pacer) { done(p, paceline.KindInMail, spread(at(1, 9, 0), 10, 20*time.Minute)...) },
			reason: ReasonNoCredits, atOrAft: time.Date(2027, 4, 1, 9, 0, 0, 0, paris)},
		{name: "note quota exhausted", typ: paceline.TypeFree, now: at(4, 10, 0), req: Request{Kind: paceline.KindInvite, Note: true},
			setup: func(p *Pacer) {
				for i := 0; i < 5; i++ {
					p.Record(paceline.Action{At: at(1, 10+i, 0), Kind: paceline.KindInvite, Result: paceline.ResultDone, WithNote: true, Lead: fmt.Sprint("n", i)})
				}
			}, reason: ReasonNoteQuota, atOrAft: time.Date(2027, 4, 1, 9, 0, 0, 0, paris), explain: "personal notes 5/5"},
		{name: "plain invite allowed when notes are exhausted", typ: paceline.TypeFree, now: at(4, 10, 0), req: Request{Kind: paceline.KindInvite},
			setup: func(p *Pacer) {
				for i := 0; i < 5; i++ {
					p.Record(paceline.Action{At: at(1, 10+i, 0), Kind: paceline.KindInvite, Result: paceline.ResultDone, WithNote: true, Lead: fmt.Sprint("n", i)})
				}
			}, reason: ReasonNone},
		{name: "too many pending", typ: paceline.TypeFree, config: func(c *Config) { c.Guards.MaxPending = 3 }, now: at(2, 10, 0), req: Request{Kind: paceline.KindInvite},
			setup:  func(p *Pacer) { done(p, paceline.KindInvite, at(1, 10, 0), at(1, 11, 0), at(1, 12, 0)) },
			reason: ReasonPendingInvites, never: true, explain: "3/3 invites pending"},
		{name: "low acceptance", typ: paceline.TypeFree, config: func(c *Config) { c.Guards.AcceptanceWindow = 10 }, now: at(2, 10, 0), req: Request{Kind: paceline.KindInvite},
			setup: func(p *Pacer) {
				done(p, paceline.KindInvite, spread(at(1, 9, 0), 10, 10*time.Minute)...)
				for i, t := range spread(at(1, 9, 0), 10, 10*time.Minute) {
					typ := paceline.EventDeclined
					if i == 0 {
						typ = paceline.EventAccepted
					}
					p.Observe(paceline.Event{At: at(1, 17, 0), Type: typ, Lead: fmt.Sprintf("%s-%d-%d", paceline.KindInvite, t.Unix(), i)})
				}
			}, reason: ReasonLowAcceptance, atOrAft: at(8, 17, 0), explain: "acceptance rate 10% below the 15% floor"},
		{name: "connection cap", typ: paceline.TypeFree, now: at(1, 10, 0), req: Request{Kind: paceline.KindInvite},
			setup: func(p *Pacer) { p.State().Connections = ConnectionCap }, reason: ReasonConnectionCap, never: true},
		{name: "cap overridden to zero", typ: paceline.TypeFree, config: func(c *Config) { c.Weekly[1] = 0 }, now: at(1, 10, 0), req: Request{Kind: paceline.KindMessage},
			reason: ReasonWeeklyCap, never: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPacer(t, tt.typ, tt.config)
			if tt.setup != nil {
				tt.setup(p)
			}
			d := p.Decide(tt.now, tt.req)
			if d.Reason != tt.reason {
				t.Fatalf("reason = %s (%s), want %s", d.Reason, d.Explain(), tt.reason)
			}
			if d.Allowed != (tt.reason == ReasonNone) {
				t.Fatalf("allowed = %v for reason %s", d.Allowed, d.Reason)
			}
			if tt.never != d.At.IsZero() {
				t.Fatalf("At = %v, never = %v", d.At, tt.never)
			}
			if d.Allowed && !d.At.Equal(tt.now) {
				t.Fatalf("allowed but At = %v, not now", d.At)
			}
			if !tt.atOrAft.IsZero() && d.At.Before(tt.atOrAft) {
				t.Fatalf("At = %v, want at or after %v (%s)", d.At.In(paris), tt.atOrAft, d.Explain())
			}
			if !d.At.IsZero() && !d.Allowed {
				if again := p.Decide(d.At, tt.req); !again.Allowed {
					t.Fatalf("not allowed at its own next slot %v: %s", d.At.In(paris), again.Explain())
				}
			}
			if tt.explain != "" && !strings.Contains(d.Explain(), tt.explain) {
				t.Fatalf("explain = %q, want it to contain %q", d.Explain(), tt.explain)
			}
			if tt.req.Note && tt.reason == ReasonNoteQuota && !d.NoteQuotaExhausted {
				t.Fatal("note quota exhausted but not flagged for fallback")
			}
		})
	}
}

func TestInMailRefundAndRollover(t *testing.T) {
	t.Parallel()
	p := newPacer(t, paceline.TypePremiumCareer, nil)
	c := p.Config()
	// Origin 15 Feb grants 5, 1 Mar +5 = 10, 1 Apr +5 = 15 (the rollover cap), 1 May stays 15.
	if bal, _ := c.inmailBalance(p.State(), time.Date(2027, 5, 2, 0, 0, 0, 0, paris).UnixNano()); bal != 15 {
		t.Fatalf("balance after three renewals = %d, want the rollover cap 15", bal)
	}
	p.Record(paceline.Action{At: at(2, 10, 0), Kind: paceline.KindInMail, Result: paceline.ResultDone, Lead: "ann"})
	p.Record(paceline.Action{At: at(2, 11, 0), Kind: paceline.KindInMail, Result: paceline.ResultDone, Lead: "bob"})
	if bal, _ := c.inmailBalance(p.State(), at(3, 0, 0).UnixNano()); bal != 8 {
		t.Fatalf("balance after two InMails = %d, want 8", bal)
	}
	p.Observe(paceline.Event{At: at(10, 10, 0), Type: paceline.EventReplied, Lead: "ann"})
	p.Observe(paceline.Event{At: at(10, 11, 0), Type: paceline.EventReplied, Lead: "ann"}) // a second answer refunds nothing
	p.Observe(paceline.Event{At: time.Date(2027, 6, 15, 0, 0, 0, 0, paris), Type: paceline.EventReplied, Lead: "bob"})
	if bal, _ := c.inmailBalance(p.State(), at(11, 0, 0).UnixNano()); bal != 9 {
		t.Fatalf("balance after a refund = %d, want 9", bal)
	}
	if bal, _ := c.inmailBalance(p.State(), time.Date(2027, 6, 16, 0, 0, 0, 0, paris).UnixNano()); bal != 15 {
		t.Fatalf("late answer (after 90 days) must not refund beyond the cap: %d", bal)
	}
}

// Only an answer on LinkedIn gives an InMail's credit back: a reply to an email, or
// the accept of a connection invite, answers something else (QA: an email reply
// refunded the InMail and a recruiter seat planned one InMail over its allowance).
func TestInMailRefundOnlyForALinkedInAnswer(t *testing.T) {
	t.Parallel()
	p := newPacer(t, paceline.TypePremiumCareer, nil)
	c := p.Config()
	p.Record(paceline.Action{At: at(2, 10, 0), Kind: paceline.KindInMail, Result: paceline.ResultDone, Lead: "ann"})
	before, _ := c.inmailBalance(p.State(), at(3, 0, 0).UnixNano())
	p.Observe(paceline.Event{At: at(4, 10, 0), Type: paceline.EventReplied, Kind: paceline.KindEmail, Lead: "ann"})
	p.Observe(paceline.Event{At: at(4, 11, 0), Type: paceline.EventAccepted, Kind: paceline.KindInvite, Lead: "ann"})
	if bal, _ := c.inmailBalance(p.State(), at(5, 0, 0).UnixNano()); bal != before {
		t.Fatalf("balance %d after an email reply and an invite's accept, want %d: neither answers the InMail", bal, before)
	}
	p.Observe(paceline.Event{At: at(6, 10, 0), Type: paceline.EventReplied, Kind: paceline.KindInMail, Lead: "ann"})
	if bal, _ := c.inmailBalance(p.State(), at(7, 0, 0).UnixNano()); bal != before+1 {
		t.Fatalf("balance %d after the InMail's reply, want %d", bal, before+1)
	}
}

func TestBackoffRecoversWeekByWeek(t *testing.T) {
	t.Parallel()
	p := newPacer(t, paceline.TypeFree, nil)
	c := p.Config()
	k := paceline.KindInvite.Index()
	p.Observe(paceline.Event{At: at(1, 10, 0), Type: paceline.EventWarning, Kind: paceline.KindInvite})
	p.Observe(paceline.Event{At: at(1, 11, 0), Type: paceline.EventLimitHit, Kind: paceline.KindInvite})
	for _, tc := range []struct {
		when time.Time
		want float64
	}{
		{at(1, 12, 0), 0.25},
		{at(8, 11, 0), 0.35},
		{at(22, 11, 0), 0.55},
		{time.Date(2027, 5, 1, 0, 0, 0, 0, paris), 1},
	} {
		if got := c.backoffFactor(p.State(), k, tc.when.UnixNano()); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("factor at %v = %v, want %v", tc.when, got, tc.want)
		}
	}
	if got := c.backoffFactor(p.State(), paceline.KindMessage.Index(), at(1, 12, 0).UnixNano()); got != 1 {
		t.Errorf("invite push-back changed messages: %v", got)
	}
}

func TestWarmupRamp(t *testing.T) {
	t.Parallel()
	c, _ := NewConfig(paceline.TypeFree, paris)
	c.Opened = at(1, 0, 0)
	for i, want := range []float64{0.4, 0.6, 0.8, 1, 1} {
		if got := c.warmupFactor(at(1, 12, 0).AddDate(0, 0, 7*i).UnixNano()); got < want-1e-9 || got > want+1e-9 {
			t.Errorf("week %d: warm-up %v, want %v", i, got, want)
		}
	}
}

func TestDecideDoesNotAllocate(t *testing.T) {
	p := fullWeek(t)
	now := at(8, 11, 0)
	allocs := testing.AllocsPerRun(100, func() {
		p.Decide(now, Request{Kind: paceline.KindInvite})
		p.Decide(now, Request{Kind: paceline.KindMessage})
	})
	if allocs != 0 {
		t.Fatalf("Decide allocates %v times per call", allocs)
	}
}

// fullWeek returns a premium account with a full 7-day ledger of every capped kind.
func fullWeek(tb testing.TB) *Pacer {
	cfg, err := NewConfig(paceline.TypePremiumBusiness, paris)
	if err != nil {
		tb.Fatal(err)
	}
	p, _ := New(cfg, monday.AddDate(0, -2, 0))
	for d := 1; d <= 5; d++ {
		done(p, paceline.KindInvite, spread(at(d, 9, 10), 20, 25*time.Minute)...)
		done(p, paceline.KindMessage, spread(at(d, 9, 20), 30, 17*time.Minute)...)
		done(p, paceline.KindVisit, spread(at(d, 9, 30), 40, 12*time.Minute)...)
	}
	return p
}

func BenchmarkDecide(b *testing.B) {
	p := fullWeek(b)
	now := at(8, 11, 0)
	b.ReportAllocs()
	for b.Loop() {
		p.Decide(now, Request{Kind: paceline.KindInvite})
	}
}
