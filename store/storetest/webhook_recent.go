package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/paceline/paceline"
)

// testRecentWebhookDeliveries checks an endpoint's latest deliveries: its own only, at
// most limit of them, none for an unknown endpoint. a has msg_1 and b has msg_2 and
// msg_3, all enqueued at the suite's one Clock instant, so the order among them is the
// tie-break's, the webhook-id descending.
func testRecentWebhookDeliveries(t *testing.T, ws paceline.WebhookStore, a, b int64) {
	t.Helper()
	ctx := context.Background()
	for _, tc := range []struct {
		endpoint int64
		limit    int
		want     []string
	}{
		{a, 10, []string{"msg_1"}},
		{b, 10, []string{"msg_3", "msg_2"}},
		{b, 1, []string{"msg_3"}},
		{999, 10, []string{}},
	} {
		got, err := ws.RecentWebhookDeliveries(ctx, tc.endpoint, tc.limit)
		if err != nil || !slices.Equal(deliveryIDs(got), tc.want) {
			t.Fatalf("RecentWebhookDeliveries(%d, %d) = %v, %v; want %v", tc.endpoint, tc.limit, deliveryIDs(got), err, tc.want)
		}
	}
	got, err := ws.RecentWebhookDeliveries(ctx, b, 10)
	if err != nil || len(got) != 2 || string(got[1].Payload) == "" || got[1].EventKey != "ev/1" || got[1].State != paceline.WebhookPending {
		t.Fatalf("RecentWebhookDeliveries(b) read %+v, %v", got, err)
	}
}
