package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

const flowSeq = `
name: flow
stop_on: [replied, opted_out]
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}"}
    wait_for: {event: accepted, timeout: 7d, on_timeout: withdraw}
  - id: hello
    if: connected
    message: "Thanks {{first_name}}"
  - id: nudge
    delay: 2d
    if: connected
    message: "Still there?"
  - id: mail
    delay: 1d
    if: has_email
    email: {subject: "Hi", body: "Hello {{first_name}}"}
`

func TestFlowBranchesAndTimeouts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		accepted bool
		email    string
		want     []string
	}{
		{"accepted, with email", true, "ada@example.com",
			[]string{"invite:connect", "message:hello", "message:nudge", "email:mail"}},
		{"accepted, no email", true, "",
			[]string{"invite:connect", "message:hello", "message:nudge"}},
		{"never accepts: withdrawn, messages skipped", false, "ada@example.com",
			[]string{"invite:connect", "withdraw:connect", "email:mail"}},
		{"never accepts, no email", false, "",
			[]string{"invite:connect", "withdraw:connect"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := &world{}
			if tc.accepted {
				w.react = accept(5 * time.Hour)
			}
			g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
			l := testLead("ada")
			l.Email = tc.email
			e, err := g.Enroll("c1", l, t0)
			if err != nil {
				t.Fatal(err)
			}
			w.run(t, g, t0.Add(60*24*time.Hour))
			if got := w.kinds("ada"); !slices.Equal(got, tc.want) {
				t.Errorf("actions %v, want %v", got, tc.want)
			}
			if e.State != Finished {
				t.Errorf("state %s, want finished", e.State)
			}
			if !tc.accepted {
				// The withdrawal comes when the 7-day wait times out, not before.
				for _, a := range w.actions {
					if a.Kind == paceline.KindWithdraw && a.At.Before(t0.Add(7*24*time.Hour)) {
						t.Errorf("withdrew at %s, before the timeout", a.At)
					}
				}
			}
		})
	}
}

func TestOnTimeoutStopAndGoto(t *testing.T) {
	t.Parallel()
	const src = `
name: timeouts
steps:
  - id: connect
    invite: {}
    wait_for: {event: accepted, timeout: 3d, on_timeout: %s}
  - id: hello
    if: connected
    message: "Thanks"
  - id: follow
    follow: {}
`
	tests := []struct {
		onTimeout string
		want      []string
	}{
		// The invite the sequence left pending is withdrawn by invite hygiene once it is
		// 21 days old.
		{"stop", []string{"invite:connect", "withdraw:connect"}},
		{"follow", []string{"invite:connect", "follow:follow", "withdraw:connect"}},
		{"continue", []string{"invite:connect", "follow:follow", "withdraw:connect"}},
	}
	for _, tc := range tests {
		t.Run(tc.onTimeout, func(t *testing.T) {
			t.Parallel()
			w := &world{}
			g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, sprintf(src, tc.onTimeout)))
			e, err := g.Enroll("c1", testLead("bo"), t0)
			if err != nil {
				t.Fatal(err)
			}
			w.run(t, g, t0.Add(30*24*time.Hour))
			if got := w.kinds("bo"); !slices.Equal(got, tc.want) {
				t.Errorf("actions %v, want %v", got, tc.want)
			}
			if e.State != Finished {
				t.Errorf("state %s, want finished", e.State)
			}
			last := w.actions[len(w.actions)-1]
			if age := last.At.Sub(w.actions[0].At); last.Kind == paceline.KindWithdraw && age < DefaultWithdrawAfter {
				t.Errorf("hygiene withdrew the invite %s after it was sent, before %s", age, DefaultWithdrawAfter)
			}
		})
	}
}

func TestHygieneLeavesAnsweredInvites(t *testing.T) {
	t.Parallel()
	const src = `
name: no-wait
steps:
  - id: connect
    invite: {}
  - id: look
    delay: 30d
    visit: {}
`
	w := &world{}
	w.react = func(a paceline.Action) []paceline.Event {
		if a.Kind == paceline.KindInvite && a.Lead == "yes" {
			return accept(40 * time.Hour)(a)
		}
		return nil
	}
	g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, src))
	for _, k := range []string{"yes", "no"} {
		if _, err := g.Enroll("c1", testLead(k), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(60*24*time.Hour))
	if got, want := w.kinds("yes"), []string{"invite:connect", "visit:look"}; !slices.Equal(got, want) {
		t.Errorf("accepted lead: %v, want %v", got, want)
	}
	if got, want := w.kinds("no"), []string{"invite:connect", "withdraw:connect", "visit:look"}; !slices.Equal(got, want) {
		t.Errorf("silent lead: %v, want %v", got, want)
	}
	if g.Running() != 0 {
		t.Errorf("%d enrollments still running", g.Running())
	}
}

func TestNoMessageWithinAnHourOfAccept(t *testing.T) {
	t.Parallel()
	w := &world{react: accept(3 * time.Hour)}
	g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	if _, err := g.Enroll("c1", testLead("cy"), t0); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(30*24*time.Hour))
	var invited, messaged time.Time
	for _, a := range w.actions {
		switch {
		case a.Kind == paceline.KindInvite:
			invited = a.At
		case a.Kind == paceline.KindMessage && messaged.IsZero():
			messaged = a.At
		}
	}
	acceptedAt := invited.Add(3 * time.Hour)
	if messaged.IsZero() || messaged.Sub(acceptedAt) < time.Hour {
		t.Errorf("first message at %s, %s after the accept at %s; want at least an hour", messaged, messaged.Sub(acceptedAt), acceptedAt)
	}
}

func TestReplyOnAnyChannelStopsEverything(t *testing.T) {
	t.Parallel()
	for _, channel := range []string{"a", "", "mailbox"} {
		t.Run("account="+channel, func(t *testing.T) {
			t.Parallel()
			w := &world{}
			w.react = func(a paceline.Action) []paceline.Event {
				switch a.Kind {
				case paceline.KindInvite:
					return accept(2 * time.Hour)(a)
				case paceline.KindMessage:
					// A reply to the first message, arriving from another channel.
					return []paceline.Event{{At: a.At.Add(10 * time.Minute), Account: channel, Lead: a.Lead, Type: paceline.EventReplied}}
				}
				return nil
			}
			g, _ := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
			l := testLead("di")
			l.Email = "di@example.com"
			e, err := g.Enroll("c1", l, t0)
			if err != nil {
				t.Fatal(err)
			}
			w.run(t, g, t0.Add(60*24*time.Hour))
			if got, want := w.kinds("di"), []string{"invite:connect", "message:hello"}; !slices.Equal(got, want) {
				t.Errorf("actions %v, want %v: nothing after the reply", got, want)
			}
			if e.State != Stopped || e.Reason != "replied" {
				t.Errorf("state %s (%q), want stopped (replied)", e.State, e.Reason)
			}
			if g.Active("di") != nil {
				t.Error("the lead still has an active enrollment")
			}
		})
	}
}

func TestReplyStopsQueuedAndWaitingSteps(t *testing.T) {
	t.Parallel()
	// Two leads: one waits for an accept, one has an invite queued behind a long gap.
	// A reply to each stops it where it stands.
	w := &world{}
	g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	pacers["a"].gap = 10 * time.Hour
	for _, k := range []string{"p", "q"} {
		if _, err := g.Enroll("c1", testLead(k), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.pending = []paceline.Event{
		{At: t0.Add(time.Hour), Lead: "p", Type: paceline.EventReplied},
		{At: t0.Add(time.Hour), Lead: "q", Type: paceline.EventOptedOut},
	}
	// (Past 21 days invite hygiene would withdraw p's unanswered invite: that is the
	// account's housekeeping, invisible to the lead, not a step of the sequence.)
	w.run(t, g, t0.Add(20*24*time.Hour))
	if len(w.actions) != 1 {
		t.Fatalf("got %d actions, want only the first invite: %v", len(w.actions), w.actions)
	}
	for _, e := range g.Enrollments() {
		if e.State != Stopped {
			t.Errorf("lead %s: state %s, want stopped", e.Key, e.State)
		}
	}
	if g.Waiting("a", paceline.KindInvite) != 0 || g.Running() != 0 {
		t.Errorf("waiting %d, running %d; want 0, 0", g.Waiting("a", paceline.KindInvite), g.Running())
	}
}

func TestDedupeAcrossCampaigns(t *testing.T) {
	t.Parallel()
	w := &world{}
	short := parseSeq(t, "name: short\nsteps:\n  - id: look\n    visit: {}\n")
	g, _ := newEngine(t, w, []string{"a", "b"}, parseSeq(t, flowSeq), short)
	l := testLead("ed")
	if _, err := g.Enroll("c2", l, t0); err != nil {
		t.Fatal(err)
	}
	same := testLead("ed") // another import of the same person
	_, err := g.Enroll("c1", same, t0)
	if paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("second enrollment: %v, want a conflict", err)
	}
	if _, err := g.Enroll("c2", same, t0); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Fatalf("same campaign again: %v, want a conflict", err)
	}
	w.run(t, g, t0.Add(24*time.Hour))
	// Once the first enrollment has finished, another campaign may take the lead.
	if _, err := g.Enroll("c1", same, t0.Add(24*time.Hour)); err != nil {
		t.Fatalf("after the first finished: %v", err)
	}
	if _, err := g.Enroll("nope", testLead("x"), t0); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("unknown campaign: %v, want not found", err)
	}
	if _, err := g.Enroll("c1", &paceline.Lead{FirstName: "Nokey"}, t0); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("lead without key: %v, want invalid", err)
	}
}

func TestRotationFollowsWeights(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, err := New(Options{Executor: w, Ledger: w})
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays}
	for name, weight := range map[string]int{"free": 100, "nav": 200} {
		if err := g.AddAccount(Account{Name: name, Pacer: &gapPacer{gap: time.Minute, notes: -1}, Schedule: sched, Weight: weight}); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.AddCampaign(Campaign{Name: "c", Sequence: parseSeq(t, flowSeq), Accounts: []string{"free", "nav"}}); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for i := range 300 {
		e, err := g.Enroll("c", testLead(sprintf("l%d", i)), t0)
		if err != nil {
			t.Fatal(err)
		}
		count[e.Account]++
	}
	if count["free"] != 100 || count["nav"] != 200 {
		t.Errorf("rotation gave %v, want free 100, nav 200", count)
	}
}

func TestNoteFallback(t *testing.T) {
	t.Parallel()
	const src = `
name: notes
steps:
  - id: connect
    invite: {note: "Hi {{first_name}}", fallback: %s}
  - id: look
    visit: {}
`
	tests := []struct {
		fallback             string
		notes, plain, visits int
	}{
		{"plain", 2, 3, 5},
		{"skip", 2, 0, 5},
		{"wait", 2, 0, 2}, // the rest wait for next month's quota
	}
	for _, tc := range tests {
		t.Run(tc.fallback, func(t *testing.T) {
			t.Parallel()
			w := &world{}
			g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, sprintf(src, tc.fallback)))
			pacers["a"].notes = 2
			for i := range 5 {
				if _, err := g.Enroll("c1", testLead(sprintf("n%d", i)), t0); err != nil {
					t.Fatal(err)
				}
			}
			w.run(t, g, t0.Add(10*24*time.Hour))
			var notes, plain, visits int
			for _, a := range w.actions {
				switch {
				case a.Kind == paceline.KindInvite && a.WithNote:
					notes++
				case a.Kind == paceline.KindInvite:
					plain++
				case a.Kind == paceline.KindVisit:
					visits++
				}
			}
			if notes != tc.notes || plain != tc.plain || visits != tc.visits {
				t.Errorf("notes %d, plain %d, visits %d; want %d, %d, %d", notes, plain, visits, tc.notes, tc.plain, tc.visits)
			}
		})
	}
}

func TestUnavailableKindIsSkipped(t *testing.T) {
	t.Parallel()
	w := &world{react: accept(time.Hour)}
	g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	pacers["a"].unavailable = map[paceline.ActionKind]bool{paceline.KindEmail: true}
	l := testLead("fa")
	l.Email = "fa@example.com"
	e, err := g.Enroll("c1", l, t0)
	if err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(30*24*time.Hour))
	if got, want := w.kinds("fa"), []string{"invite:connect", "message:hello", "message:nudge"}; !slices.Equal(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
	if e.State != Finished {
		t.Errorf("state %s, want finished", e.State)
	}
}

func TestFollowUpsGoFirst(t *testing.T) {
	t.Parallel()
	// Many invites wait; once the first leads accept, their messages jump the queue.
	w := &world{react: accept(30 * time.Minute)}
	g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	pacers["a"].gap = time.Hour
	for i := range 50 {
		l := testLead(sprintf("g%02d", i))
		l.Score = i // higher scores are invited first
		if _, err := g.Enroll("c1", l, t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(10*time.Hour))
	if len(w.actions) < 4 {
		t.Fatalf("only %d actions", len(w.actions))
	}
	if w.actions[0].Lead != "g49" || w.actions[1].Lead != "g48" {
		t.Errorf("first invites went to %s, %s; want the best scores g49, g48", w.actions[0].Lead, w.actions[1].Lead)
	}
	// g49 accepted 30 min after its invite; its message may go an hour after that, at
	// the first slot from then on, ahead of every waiting invite.
	var sawMessage bool
	for _, a := range w.actions {
		if a.Kind == paceline.KindMessage {
			sawMessage = true
			if a.Lead != "g49" {
				t.Errorf("first message to %s, want g49", a.Lead)
			}
			if want := t0.Add(2 * time.Hour); !a.At.Equal(want) {
				t.Errorf("first message at %s, want %s (the first slot at least an hour after the accept)", a.At, want)
			}
			break
		}
	}
	if !sawMessage {
		t.Error("no message within 10 hours")
	}
}

func TestRefusedStepIsRetried(t *testing.T) {
	t.Parallel()
	w := &world{}
	refusals := 0
	w.refuse = func(a paceline.Action) bool {
		if a.Kind == paceline.KindInvite && refusals < 2 {
			refusals++
			return true
		}
		return false
	}
	g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	if _, err := g.Enroll("c1", testLead("ha"), t0); err != nil {
		t.Fatal(err)
	}
	w.run(t, g, t0.Add(time.Hour))
	var keys []string
	for _, a := range w.actions {
		keys = append(keys, a.Key+"="+string(a.Result))
	}
	want := []string{"c1/ha/connect=refused", "c1/ha/connect#2=refused", "c1/ha/connect#3=done"}
	if !slices.Equal(keys, want) {
		t.Errorf("attempts %v, want %v", keys, want)
	}
	if n := len(pacers["a"].events); n != 2 {
		t.Errorf("the pacer observed %d limit notices, want 2", n)
	}
}

func TestStatusSaysWhy(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, pacers := newEngine(t, w, []string{"a"}, parseSeq(t, flowSeq))
	pacers["a"].gap = 3 * time.Hour
	for _, k := range []string{"s1", "s2", "s3"} {
		if _, err := g.Enroll("c1", testLead(k), t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(time.Hour))
	st, err := g.Status("a")
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Kind != paceline.KindInvite || st[0].Waiting != 2 || !st[0].Next.Equal(t0.Add(3*time.Hour)) {
		t.Fatalf("status %+v, want 2 invites waiting until %s", st, t0.Add(3*time.Hour))
	}
	if !strings.Contains(st[0].Explain, "minimum gap") {
		t.Errorf("explanation %q does not name the minimum gap", st[0].Explain)
	}
	if _, err := g.Status("nobody"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("unknown account: %v", err)
	}
}

// pendingPacer is a gapPacer that stops invites while max invites are pending.
type pendingPacer struct {
	gapPacer
	max     int
	pending map[string]bool
}

func (p *pendingPacer) Decide(now time.Time, req limits.Request) limits.Decision {
	if req.Kind == paceline.KindInvite && len(p.pending) >= p.max {
		return limits.Decision{Kind: req.Kind, Reason: limits.ReasonPendingInvites, Used: len(p.pending), Cap: p.max}
	}
	return p.gapPacer.Decide(now, req)
}

func (p *pendingPacer) Record(a paceline.Action) {
	p.gapPacer.Record(a)
	switch a.Kind {
	case paceline.KindInvite:
		p.pending[a.Lead] = true
	case paceline.KindWithdraw:
		delete(p.pending, a.Lead)
	}
}

func TestTooManyPendingWithdrawsTheOldest(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, err := New(Options{Executor: w, Ledger: w})
	if err != nil {
		t.Fatal(err)
	}
	p := &pendingPacer{gapPacer: gapPacer{gap: time.Minute, notes: -1}, max: 2, pending: map[string]bool{}}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(Account{Name: "a", Pacer: p, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddCampaign(Campaign{Name: "c", Sequence: parseSeq(t, flowSeq), Accounts: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		l := testLead(sprintf("p%d", i))
		l.Score = 90 - i // invited in order p0, p1, p2, p3
		if _, err := g.Enroll("c", l, t0); err != nil {
			t.Fatal(err)
		}
	}
	w.run(t, g, t0.Add(time.Hour))
	var got []string
	for _, a := range w.actions {
		got = append(got, string(a.Kind)+":"+a.Lead)
	}
	want := []string{"invite:p0", "invite:p1", "withdraw:p0", "invite:p2", "withdraw:p1", "invite:p3"}
	if !slices.Equal(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
	// p0's sequence went on as if its wait had timed out.
	if e := g.Active("p0"); e != nil && e.State == Waiting {
		t.Errorf("p0 still waits for an invite that was withdrawn")
	}
}

func TestCampaignPriorityThenScore(t *testing.T) {
	t.Parallel()
	w := &world{}
	g, err := New(Options{Executor: w, Ledger: w})
	if err != nil {
		t.Fatal(err)
	}
	sched := paceline.Schedule{Location: time.UTC, Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1}
	if err := g.AddAccount(Account{Name: "a", Pacer: &gapPacer{gap: time.Hour, notes: -1}, Schedule: sched}); err != nil {
		t.Fatal(err)
	}
	look := parseSeq(t, "name: look\nsteps:\n  - id: look\n    visit: {}\n")
	for name, prio := range map[string]int{"low": 0, "high": 5} {
		if err := g.AddCampaign(Campaign{Name: name, Sequence: look, Accounts: []string{"a"}, Priority: prio}); err != nil {
			t.Fatal(err)
		}
	}
	enroll := func(c, key string, score int, at time.Time) {
		l := testLead(key)
		l.Score = score
		if _, err := g.Enroll(c, l, at); err != nil {
			t.Fatal(err)
		}
	}
	enroll("low", "old-low", 99, t0)
	enroll("high", "high-60", 60, t0)
	enroll("high", "high-80-b", 80, t0.Add(time.Minute)) // enrolled first, due later
	enroll("high", "high-80-a", 80, t0.Add(30*time.Second))
	w.run(t, g, t0.Add(24*time.Hour))
	var got []string
	for _, a := range w.actions {
		got = append(got, a.Lead)
	}
	// At t0 only old-low and high-60 are due: priority wins. An hour later every look
	// is due: priority, then score, then age (not enrollment order).
	want := []string{"high-60", "high-80-a", "high-80-b", "old-low"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v (priority, then score, then age)", got, want)
	}
}
