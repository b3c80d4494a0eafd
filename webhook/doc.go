// Package webhook sends paceline's events (accepted, replied, opted_out, restricted,
// campaign_paused ...) to the URLs a user registered, signed as the Standard Webhooks
// specification describes, so that any of its libraries verifies them:
//
//	webhook-id:        msg_... (the same on every retry of one message)
//	webhook-timestamp: unix seconds of the attempt
//	webhook-signature: v1,base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))
//
// where key is the base64 part of the endpoint's secret "whsec_<base64>".
//
// Delivery goes through an outbox in the database: Outbox.Enqueue writes one delivery
// per matching endpoint when an event is recorded (idempotent on the event's key),
// Relay.Sweep enqueues what other processes stored (events, campaign pauses), and
// Deliverer.DeliverDue, run from a periodic job, POSTs what is due, marks 2xx answers
// delivered, and retries anything else with growing, jittered delays until it gives
// up. A receiver that answers 410 Gone is switched off. See docs/webhooks.md.
package webhook
