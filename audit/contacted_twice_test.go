package audit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestContactedTwice(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	// carl-nu and sales:ACwAAAzzz111 are lead 1 (merged); dee-o is lead 2; gone-x no lead.
	leads := map[string]int64{"carl-nu": 1, "sales:ACwAAAzzz111": 1, "in:carl-nu": 1, "dee-o": 2}
	leadOf := func(ref string) (int64, bool, error) {
		id, ok := leads[ref]
		return id, ok, nil
	}
	act := func(min int, account, ref, campaign, step string, kind paceline.ActionKind, result paceline.ActionResult) paceline.Action {
		return paceline.Action{ID: int64(min), At: t0.Add(time.Duration(min) * time.Minute), Account: account, Lead: ref,
			Kind: kind, Result: result, Campaign: campaign, Step: step}
	}
	inv, msg, done := paceline.KindInvite, paceline.KindMessage, paceline.ResultDone
	tests := []struct {
		name    string
		actions []paceline.Action
		want    []string // account and the lead refs each finding names
	}{
		{"QA's repro: one invite from each campaign under the two references",
			[]paceline.Action{act(3, "bob", "sales:ACwAAAzzz111", "cb", "connect", inv, done), act(0, "alice", "carl-nu", "ca", "connect", inv, done)},
			[]string{"bob sales:ACwAAAzzz111 carl-nu"}},
		{"two messages of one sequence under one reference",
			[]paceline.Action{act(0, "alice", "carl-nu", "ca", "hello", msg, done), act(9, "alice", "carl-nu", "ca", "nudge", msg, done)}, nil},
		{"an invite and a message under two references: different kinds",
			[]paceline.Action{act(0, "alice", "carl-nu", "ca", "connect", inv, done), act(9, "bob", "sales:ACwAAAzzz111", "cb", "hello", msg, done)}, nil},
		{"a second invite that failed reached no one",
			[]paceline.Action{act(0, "alice", "carl-nu", "ca", "connect", inv, done), act(9, "bob", "sales:ACwAAAzzz111", "cb", "connect", inv, paceline.ResultFailed)}, nil},
		{"two people",
			[]paceline.Action{act(0, "alice", "carl-nu", "ca", "connect", inv, done), act(9, "bob", "dee-o", "cb", "connect", inv, done)}, nil},
		{"references no lead has are left out",
			[]paceline.Action{act(0, "alice", "gone-x", "ca", "connect", inv, done), act(9, "bob", "erased-1", "cb", "connect", inv, done)}, nil},
		{"actions outside a campaign are left out",
			[]paceline.Action{act(0, "alice", "carl-nu", "", "", inv, done), act(9, "bob", "in:carl-nu", "cb", "connect", inv, done)}, nil},
		{"three references: each later one is a finding",
			[]paceline.Action{act(0, "alice", "carl-nu", "ca", "connect", inv, done), act(5, "bob", "sales:ACwAAAzzz111", "cb", "connect", inv, done),
				act(9, "carol", "in:carl-nu", "cc", "connect", inv, done)},
			[]string{"bob sales:ACwAAAzzz111 carl-nu", "carol in:carl-nu carl-nu"}},
	}
	for _, tt := range tests {
		got, err := ContactedTwice(tt.actions, leadOf)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d findings %+v, want %d", tt.name, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			f := strings.Fields(w)
			v := got[i]
			if v.Rule != RuleContactedTwice || v.Account != f[0] || !strings.Contains(v.Message, "as "+f[1]+" ") ||
				!strings.Contains(v.Message, "after one as "+f[2]+" ") || !strings.Contains(v.Message, "lead 1 ") {
				t.Errorf("%s: finding %d is %+v, want %s", tt.name, i, v, w)
			}
		}
	}
}

func TestContactedTwiceAsksOncePerReference(t *testing.T) {
	t.Parallel()
	asked := map[string]int{}
	leadOf := func(ref string) (int64, bool, error) {
		asked[ref]++
		return 1, true, nil
	}
	var acts []paceline.Action
	for i := range 6 {
		acts = append(acts, paceline.Action{ID: int64(i), Lead: []string{"a", "b"}[i%2], Kind: paceline.KindMessage,
			Result: paceline.ResultDone, Campaign: "c", Account: "x"})
	}
	if _, err := ContactedTwice(acts, leadOf); err != nil {
		t.Fatal(err)
	}
	if asked["a"] != 1 || asked["b"] != 1 {
		t.Errorf("asked %v, want each reference once", asked)
	}
	boom := errors.New("database gone")
	if _, err := ContactedTwice(acts, func(string) (int64, bool, error) { return 0, false, boom }); !errors.Is(err, boom) {
		t.Errorf("a failing lookup: %v, want it returned", err)
	}
}
