package storetest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testWebhooks checks the webhook store: endpoints round-trip with their sealed
// secret and event filter, one delivery per event key and endpoint, a claim takes
// only due deliveries of active endpoints and hides them from a second claim, and
// deleting an endpoint removes its deliveries.
func testWebhooks(t *testing.T, s Store) {
	ws, ok := s.(paceline.WebhookStore)
	if !ok {
		t.Fatalf("%T does not implement paceline.WebhookStore", s)
	}
	ctx := context.Background()
	now := Clock.Truncate(Precision)

	a := &paceline.WebhookEndpoint{URL: "https://hooks.example.com/a?x=é", Secret: "v1:abcd:sealed", Events: []string{"accepted", "replied"}, Active: true}
	if err := ws.CreateWebhookEndpoint(ctx, a); err != nil || a.ID == 0 {
		t.Fatalf("CreateWebhookEndpoint: id %d err %v", a.ID, err)
	}
	b := &paceline.WebhookEndpoint{URL: "https://hooks.example.com/b", Secret: "v1:abcd:other", Active: true}
	if err := ws.CreateWebhookEndpoint(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, err := ws.WebhookEndpoint(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != a.URL || got.Secret != a.Secret || len(got.Events) != 2 || got.Events[1] != "replied" ||
		!got.Active || !got.CreatedAt.Truncate(Precision).Equal(now) || !got.UpdatedAt.Truncate(Precision).Equal(now) {
		t.Fatalf("WebhookEndpoint = %+v", got)
	}
	if _, err := ws.WebhookEndpoint(ctx, 999); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("WebhookEndpoint(999): %v, want ENOTFOUND", err)
	}
	wantCode(t, ws.CreateWebhookEndpoint(ctx, &paceline.WebhookEndpoint{Secret: "x"}), paceline.EINVALID)
	wantCode(t, ws.CreateWebhookEndpoint(ctx, &paceline.WebhookEndpoint{URL: "https://x"}), paceline.EINVALID)
	list, err := ws.WebhookEndpoints(ctx)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID || list[1].Events != nil {
		t.Fatalf("WebhookEndpoints = %+v, %v", list, err)
	}

	delivery := func(id string, ep int64, key string, next time.Time) *paceline.WebhookDelivery {
		return &paceline.WebhookDelivery{ID: id, Endpoint: ep, EventKey: key, Type: "accepted",
			Payload: []byte(`{"type":"accepted","data":{"lead":"é"}}`), NextAttempt: next, State: paceline.WebhookPending}
	}
	first := delivery("msg_1", a.ID, "ev/1", now.Add(-time.Minute))
	if created, err := ws.EnqueueWebhookDelivery(ctx, first); err != nil || !created {
		t.Fatalf("EnqueueWebhookDelivery: created %v err %v", created, err)
	}
	again := delivery("msg_other", a.ID, "ev/1", now)
	if created, err := ws.EnqueueWebhookDelivery(ctx, again); err != nil || created || again.ID != "msg_1" || !again.NextAttempt.Equal(first.NextAttempt) {
		t.Fatalf("EnqueueWebhookDelivery of a known event key: created %v err %v, got %+v", created, err, again)
	}
	for _, d := range []*paceline.WebhookDelivery{
		delivery("msg_2", b.ID, "ev/1", now.Add(-2*time.Minute)), // same event, other endpoint
		delivery("msg_3", b.ID, "ev/2", now.Add(time.Hour)),      // not due
	} {
		if created, err := ws.EnqueueWebhookDelivery(ctx, d); err != nil || !created {
			t.Fatalf("EnqueueWebhookDelivery(%s): %v %v", d.ID, created, err)
		}
	}
	if _, err := ws.EnqueueWebhookDelivery(ctx, delivery("msg_4", 999, "ev/1", now)); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("EnqueueWebhookDelivery for a missing endpoint: %v, want ENOTFOUND", err)
	}
	wantCode(t, func() error { _, err := ws.EnqueueWebhookDelivery(ctx, delivery("", a.ID, "k", now)); return err }(), paceline.EINVALID)
	wantCode(t, func() error { _, err := ws.EnqueueWebhookDelivery(ctx, delivery("m", a.ID, "", now)); return err }(), paceline.EINVALID)

	testRecentWebhookDeliveries(t, ws, a.ID, b.ID)

	stored, err := ws.WebhookDelivery(ctx, "msg_1")
	if err != nil {
		t.Fatal(err)
	}
	if string(stored.Payload) != string(first.Payload) || stored.Endpoint != a.ID || stored.State != paceline.WebhookPending ||
		stored.Attempts != 0 || !stored.NextAttempt.Equal(now.Add(-time.Minute)) || !stored.DeliveredAt.IsZero() {
		t.Fatalf("WebhookDelivery = %+v", stored)
	}

	// A claim takes the due deliveries (in no promised order) and hides them until the
	// lease ends.
	lease := now.Add(time.Minute)
	claimed, err := ws.ClaimWebhookDeliveries(ctx, now, lease, 10)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(claimed, func(i, j int) bool { return claimed[i].ID < claimed[j].ID })
	if len(claimed) != 2 || claimed[0].ID != "msg_1" || claimed[1].ID != "msg_2" || !claimed[0].NextAttempt.Equal(lease) {
		t.Fatalf("ClaimWebhookDeliveries = %v", deliveryIDs(claimed))
	}
	if again, err := ws.ClaimWebhookDeliveries(ctx, now, lease, 10); err != nil || len(again) != 0 {
		t.Fatalf("a second claim took %v, %v", deliveryIDs(again), err)
	}
	if late, err := ws.ClaimWebhookDeliveries(ctx, lease, lease.Add(time.Minute), 1); err != nil || len(late) != 1 {
		t.Fatalf("a claim after the lease (limit 1) took %v, %v", deliveryIDs(late), err)
	}

	// The outcome of an attempt is written back.
	d := claimed[0]
	d.Attempts, d.State, d.LastStatus, d.LastError, d.DeliveredAt = 1, paceline.WebhookDelivered, 204, "", now
	if err := ws.UpdateWebhookDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got, err := ws.WebhookDelivery(ctx, d.ID); err != nil || got.State != paceline.WebhookDelivered || got.Attempts != 1 ||
		got.LastStatus != 204 || !got.DeliveredAt.Equal(now) {
		t.Fatalf("after UpdateWebhookDelivery: %+v, %v", got, err)
	}
	wantCode(t, ws.UpdateWebhookDelivery(ctx, &paceline.WebhookDelivery{ID: "nope", State: paceline.WebhookFailed, NextAttempt: now}), paceline.ENOTFOUND)
	wantCode(t, ws.UpdateWebhookDelivery(ctx, &paceline.WebhookDelivery{ID: "msg_1", State: "lost"}), paceline.EINVALID)

	// An inactive endpoint's deliveries wait.
	if err := ws.SetWebhookEndpointActive(ctx, b.ID, false, "410 Gone"); err != nil {
		t.Fatal(err)
	}
	if got, err := ws.WebhookEndpoint(ctx, b.ID); err != nil || got.Active || got.Disabled != "410 Gone" {
		t.Fatalf("after disabling: %+v, %v", got, err)
	}
	if got, err := ws.ClaimWebhookDeliveries(ctx, now.Add(24*time.Hour), now.Add(25*time.Hour), 10); err != nil || len(got) != 0 {
		t.Fatalf("claim with the endpoint inactive took %v, %v", deliveryIDs(got), err)
	}
	wantCode(t, ws.SetWebhookEndpointActive(ctx, 999, true, ""), paceline.ENOTFOUND)

	// Deleting an endpoint deletes its deliveries.
	if err := ws.DeleteWebhookEndpoint(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.WebhookDelivery(ctx, "msg_3"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Fatalf("delivery of a deleted endpoint: %v, want ENOTFOUND", err)
	}
	wantCode(t, ws.DeleteWebhookEndpoint(ctx, b.ID), paceline.ENOTFOUND)
	// b was the newest endpoint: the next one must not get its id.
	c := &paceline.WebhookEndpoint{URL: "https://c.example.com/hook", Secret: "sealed", Active: true}
	if err := ws.CreateWebhookEndpoint(ctx, c); err != nil || c.ID <= b.ID {
		t.Fatalf("the endpoint after a deleted one: id %d, %v; want above %d", c.ID, err, b.ID)
	}
	if err := ws.DeleteWebhookEndpoint(ctx, c.ID); err != nil {
		t.Fatal(err)
	}

	testWebhookClaimRace(t, ws, a.ID, now)
}

// testWebhookClaimRace has workers claim at once: each due delivery goes to one.
func testWebhookClaimRace(t *testing.T, ws paceline.WebhookStore, endpoint int64, now time.Time) {
	ctx := context.Background()
	const n = 20
	for i := range n {
		d := &paceline.WebhookDelivery{ID: fmt.Sprintf("race_%d", i), Endpoint: endpoint, EventKey: fmt.Sprintf("race/%d", i),
			Type: "replied", Payload: []byte(`{}`), NextAttempt: now, State: paceline.WebhookPending}
		if _, err := ws.EnqueueWebhookDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu    sync.Mutex
		seen  = map[string]int{}
		wg    sync.WaitGroup
		fails []error
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := ws.ClaimWebhookDeliveries(ctx, now, now.Add(time.Hour), 3)
				mu.Lock()
				if err != nil {
					fails = append(fails, err)
				}
				for _, d := range got {
					seen[d.ID]++
				}
				mu.Unlock()
				if err != nil || len(got) == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(fails) > 0 {
		t.Fatalf("concurrent claims failed: %v", fails)
	}
	for i := range n {
		if id := fmt.Sprintf("race_%d", i); seen[id] != 1 {
			t.Fatalf("delivery %s claimed %d times, want once (claims: %v)", id, seen[id], seen)
		}
	}
}

func deliveryIDs(ds []*paceline.WebhookDelivery) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}
