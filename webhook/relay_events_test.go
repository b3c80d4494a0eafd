package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/storetest"
	"github.com/paceline/paceline/webhook"
)

// An event recorded by another process (a CRM's reply posted to the API, an
// assisted task's outcome, an archive import) reaches the outbox at the next sweep,
// once: neither a second sweep, nor the tick's own enqueue of it, nor a second serve's
// relay sends it again. What happened before the endpoint was added is not sent when
// a relay starts.
func TestRelayEnqueuesEventsStoredElsewhere(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		out := &webhook.Outbox{Store: st, Campaigns: st}
		record(t, st, paceline.Event{Key: "crm/old", At: t0.Add(-time.Hour), Account: "initech", Lead: "initech-person-5", Type: paceline.EventReplied})
		relay := &webhook.Relay{Outbox: out, Store: st}
		if n := sweep(t, relay); n != 0 {
			t.Fatalf("first sweep enqueued %d, want 0: the reply came before the endpoint", n)
		}
		reply := record(t, st, paceline.Event{Key: "crm/42", At: t0.Add(time.Minute), Account: "initech", Lead: "initech-person-5", Type: paceline.EventReplied})
		limit := record(t, st, paceline.Event{At: t0.Add(time.Minute), Account: "globex", Type: paceline.EventLimitHit, Kind: paceline.KindInvite})
		if n := sweep(t, relay); n != 2 {
			t.Fatalf("sweep after two events enqueued %d, want 2", n)
		}
		if n := sweep(t, relay); n != 0 {
			t.Fatalf("second sweep enqueued %d, want 0", n)
		}
		for _, e := range []paceline.Event{reply, limit} {
			if n, err := out.Enqueue(ctx, e); err != nil || n != 0 {
				t.Fatalf("the tick's Enqueue of %s after the sweep: %d, %v; want nothing new", e.Type, n, err)
			}
		}
		if n := sweep(t, &webhook.Relay{Outbox: out, Store: st}); n != 0 {
			t.Fatalf("another process's relay enqueued %d, want 0", n)
		}
		got := sent(t, st, ep.ID)
		if len(got) != 2 || got[0].Type != "replied" || got[0].Data["campaign"] != "initech-q1" || got[0].Data["lead"] != "in:initech-person-5" ||
			got[1].Type != "limit_notice" || got[1].Data["key"] != fmt.Sprintf("event/%d", limit.ID) || got[1].Data["kind"] != "invite" {
			t.Fatalf("payloads %+v", got)
		}
	})
}

// failingOnce is a RelayStore whose first EventsAfter of initech fails, as a
// database that drops the connection does.
type failingOnce struct {
	webhook.RelayStore
	failed bool
}

func (f *failingOnce) EventsAfter(ctx context.Context, account string, after int64) ([]paceline.Event, error) {
	if account == "initech" && !f.failed {
		f.failed = true
		return nil, errors.New("connection reset")
	}
	return f.RelayStore.EventsAfter(ctx, account, after)
}

// A first sweep that fails leaves the next one a first read: it still does not send
// an endpoint what happened before it was added.
func TestRelayFirstReadAfterAFailure(t *testing.T) {
	t.Parallel()
	st := openSQLite(t, func() time.Time { return t0 })
	ep := agency(t, st)
	record(t, st, paceline.Event{Key: "crm/old", At: t0.Add(-time.Hour), Account: "initech", Lead: "initech-person-5", Type: paceline.EventReplied})
	relay := &webhook.Relay{Outbox: &webhook.Outbox{Store: st, Campaigns: st}, Store: &failingOnce{RelayStore: st}}
	if _, err := relay.Sweep(context.Background()); err == nil {
		t.Fatal("the first sweep did not fail")
	}
	if n := sweep(t, relay); n != 0 {
		t.Fatalf("the sweep after the failure enqueued %d, want 0: %+v", n, sent(t, st, ep.ID))
	}
}

// A reply already sent to the endpoint; the person is then erased (the erasure deletes
// the messages about her, sent ones included, and rewrites her event under an alias).
// A relay that reads the event again (serve or worker restarted: its first read goes
// back to the tick's cursor less relayOverlap) sends nothing a second time.
func TestRelaySendsNoErasedPersonsEventAgainAfterARestart(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, st dbStore, now *time.Time) {
		ctx := context.Background()
		ep := agency(t, st)
		ls := st.(interface {
			ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error
			LeadByKey(ctx context.Context, kind, value string) (*paceline.Lead, error)
			EraseLead(ctx context.Context, id int64) ([]lead.Key, error)
		})
		if _, err := storetest.ImportCSV(ctx, ls, "profileUrl,fullName\nhttps://www.linkedin.com/in/ada-l,Ada L\n", lead.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		out := &webhook.Outbox{Store: st, Campaigns: st}
		sweep(t, &webhook.Relay{Outbox: out, Store: st})
		record(t, st, paceline.Event{Key: "crm/reply/1", At: t0.Add(time.Minute), Account: "initech", Lead: "ada-l", Type: paceline.EventReplied})
		if n := sweep(t, &webhook.Relay{Outbox: out, Store: st}); n != 1 {
			t.Fatalf("sweep sent %d, want the reply", n)
		}
		l, err := ls.LeadByKey(ctx, "in", "ada-l")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ls.EraseLead(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		evs, err := st.EventsAfter(ctx, "initech", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 || !strings.HasPrefix(evs[len(evs)-1].Lead, "erased-") {
			t.Fatalf("events after the erasure: %+v; want the reply kept under an alias", evs)
		}
		if n := sweep(t, &webhook.Relay{Outbox: out, Store: st}); n != 0 {
			t.Fatalf("a restarted relay sent %d message(s) again for the erased person's reply: %+v", n, sent(t, st, ep.ID))
		}
	})
}
