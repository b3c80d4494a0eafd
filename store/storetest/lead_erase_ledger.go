package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// testEraseKeepsTheLedgerUnderAnAlias erases a lead that the ledger, the events, the
// simulated platform's record and the webhook outbox name under several references:
// afterwards no row names her, the ledger and the events keep every row (the limits are
// counted from them) with an invite and the accept that answered it still naming one
// alias, and the other lead's rows are as they were. An erasure while one of her
// actions is in flight is refused and changes nothing.
func testEraseKeepsTheLedgerUnderAnAlias(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	rs, ok1 := s.(RuntimeStore)
	ws, ok2 := s.(paceline.WebhookStore)
	if !ok1 || !ok2 {
		t.Fatalf("%T lacks the runtime or webhook store", s)
	}
	mustImport(t, s, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/in/ada-l,Ada L,ada@acme.com\n"+
		"https://www.linkedin.com/in/bob-b,Bob B,bob@acme.com\n", lead.ImportOptions{})
	withAccounts(t, s, "alice")
	at := Clock.Truncate(Precision)
	act := func(key, ref string, kind paceline.ActionKind, h int) {
		t.Helper()
		a := &paceline.Action{Key: key, At: at.Add(time.Duration(h) * time.Hour), Account: "alice", Kind: kind, Lead: ref,
			Result: paceline.ResultDone, Campaign: "q1", Step: "s"}
		if err := rs.PlanAction(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := rs.CompleteAction(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, _, err := rs.SimRecord(ctx, *a); err != nil {
			t.Fatal(err)
		}
	}
	ev := func(key, ref string, typ paceline.EventKind, h int) {
		t.Helper()
		e := &paceline.Event{Key: key, At: at.Add(time.Duration(h) * time.Hour), Account: "alice", Lead: ref, Type: typ}
		if _, err := rs.RecordEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	act("q1/ada-l/connect", "ada-l", paceline.KindInvite, 0)
	act("q1/email:ada@acme.com/mail", "email:ada@acme.com", paceline.KindEmail, 1)
	act("q1/bob-b/connect", "bob-b", paceline.KindInvite, 0)
	ev("accept-ada-l", "ada-l", paceline.EventAccepted, 2)
	ev("email/replied/ada@acme.com", "email:ada@acme.com", paceline.EventReplied, 3)
	ev("accept-bob-b", "bob-b", paceline.EventAccepted, 2)
	ep := &paceline.WebhookEndpoint{URL: "https://hooks.example.com/in", Secret: "sealed", Active: true}
	if err := ws.CreateWebhookEndpoint(ctx, ep); err != nil {
		t.Fatal(err)
	}
	for i, ref := range []string{"ada-l", "bob-b"} {
		d := &paceline.WebhookDelivery{ID: "msg_" + ref, Endpoint: ep.ID, EventKey: "event/accept-" + ref, Type: "accepted",
			Payload:     []byte(`{"type":"accepted","data":{"key":"accept-` + ref + `","account":"alice","lead":"` + ref + `"}}`),
			NextAttempt: at.Add(time.Duration(i) * time.Minute), State: paceline.WebhookPending}
		if _, err := ws.EnqueueWebhookDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	dump := func() map[string][]string {
		t.Helper()
		out := map[string][]string{}
		for table, q := range map[string]string{
			"actions":    `SELECT key || ' ' || lead || ' ' || kind FROM actions ORDER BY id`,
			"events":     `SELECT key || ' ' || lead || ' ' || type FROM events ORDER BY id`,
			"sim":        `SELECT key || ' ' || lead FROM sim_executions ORDER BY key`,
			"deliveries": `SELECT event_key || ' ' || payload FROM webhook_deliveries ORDER BY id`,
		} {
			rows, err := db.Rows(q)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			out[table] = rows
		}
		return out
	}
	ada := mustLeadByKey(t, s, "in", "ada-l").ID

	// In flight: refused, and nothing changes.
	flying := &paceline.Action{Key: "q1/ada-l/follow", At: at.Add(5 * time.Hour), Account: "alice", Kind: paceline.KindMessage,
		Lead: "ada-l", Campaign: "q1", Step: "follow"}
	if err := rs.PlanAction(ctx, flying); err != nil {
		t.Fatal(err)
	}
	before := dump()
	if _, err := s.EraseLead(ctx, ada); paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(paceline.ErrorMessage(err), "in flight") {
		t.Fatalf("erase with an action in flight: %v, want a conflict that says so", err)
	}
	if after := dump(); strings.Join(after["actions"], "\n") != strings.Join(before["actions"], "\n") {
		t.Fatalf("a refused erasure changed the ledger:\n%v\nwas\n%v", after["actions"], before["actions"])
	}
	mustLeadByKey(t, s, "in", "ada-l")
	if err := rs.DropPlanned(ctx, flying.Key); err != nil {
		t.Fatal(err)
	}
	before = dump()

	if _, err := s.EraseLead(ctx, ada); err != nil {
		t.Fatal(err)
	}
	after := dump()
	for table, rows := range after {
		for _, r := range rows {
			// Her references, not the bare "ada": an alias is hex and may hold it.
			if strings.Contains(r, "ada-l") || strings.Contains(r, "ada@") {
				t.Errorf("%s still names the erased lead: %q", table, r)
			}
		}
	}
	for _, table := range []string{"actions", "events", "sim"} {
		if len(after[table]) != len(before[table]) {
			t.Errorf("%s: %d rows after the erasure, %d before; the ledger must keep every row", table, len(after[table]), len(before[table]))
		}
		for _, r := range before[table] {
			if strings.Contains(r, "bob") && !contains(after[table], r) {
				t.Errorf("%s: bob's row %q changed", table, r)
			}
		}
	}
	if len(after["deliveries"]) != 1 || !strings.Contains(after["deliveries"][0], "bob-b") {
		t.Errorf("webhook deliveries after the erasure: %q, want bob's alone", after["deliveries"])
	}
	// The invite and the accept that answered it still name one lead, not hers.
	invite := strings.Fields(after["actions"][0])
	accept := strings.Fields(after["events"][0])
	if len(invite) != 3 || len(accept) != 3 || invite[1] != accept[1] || !strings.HasPrefix(invite[1], "erased-") ||
		invite[0] != "q1/"+invite[1]+"/connect" {
		t.Errorf("after the erasure the invite is %q and its accept %q: want one alias in both, in the action's key", after["actions"][0], after["events"][0])
	}
	mail := strings.Fields(after["actions"][1])
	if len(mail) != 3 || mail[1] == invite[1] || !strings.HasPrefix(mail[1], "erased-") {
		t.Errorf("the email, written under another reference, is %q: want an alias of its own", after["actions"][1])
	}
}

func contains(rows []string, r string) bool {
	for _, x := range rows {
		if x == r {
			return true
		}
	}
	return false
}
