package webhookrow

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestCheckEndpoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		e     paceline.WebhookEndpoint
		field string
	}{
		{"ok", paceline.WebhookEndpoint{URL: "https://x", Secret: "s", Events: []string{"a", "b"}}, ""},
		{"no url", paceline.WebhookEndpoint{Secret: "s"}, "url"},
		{"no secret", paceline.WebhookEndpoint{URL: "https://x"}, "secret"},
		{"comma in event", paceline.WebhookEndpoint{URL: "https://x", Secret: "s", Events: []string{"a,b"}}, "events"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkField(t, CheckEndpoint(&tt.e), tt.field)
		})
	}
}

func TestCheckDelivery(t *testing.T) {
	t.Parallel()
	ok := paceline.WebhookDelivery{ID: "w1", EventKey: "k", Type: "t", Payload: []byte("{}"),
		State: paceline.WebhookPending, NextAttempt: time.Unix(1, 0)}
	tests := []struct {
		name   string
		change func(*paceline.WebhookDelivery)
		field  string
	}{
		{"ok", func(*paceline.WebhookDelivery) {}, ""},
		{"no id", func(d *paceline.WebhookDelivery) { d.ID = "" }, "id"},
		{"no payload", func(d *paceline.WebhookDelivery) { d.Payload = nil }, "payload"},
		{"bad state", func(d *paceline.WebhookDelivery) { d.State = "lost" }, "state"},
		{"no next attempt", func(d *paceline.WebhookDelivery) { d.NextAttempt = time.Time{} }, "next_attempt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := ok
			tt.change(&d)
			checkField(t, CheckDelivery(&d), tt.field)
		})
	}
}

// checkField wants no error for an empty field, else an EINVALID naming it.
func checkField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("err = %v, want none", err)
		}
		return
	}
	e, isErr := err.(*paceline.Error)
	if !isErr || e.Code != paceline.EINVALID || e.Field != field {
		t.Fatalf("err = %#v, want EINVALID on %s", err, field)
	}
}
