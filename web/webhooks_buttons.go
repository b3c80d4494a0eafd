package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/webhook"
)

// The buttons of an endpoint on the Webhooks page: Send test, Switch on, Remove.

// endpointIDOf reads the {id} of an endpoint's button.
func endpointIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, paceline.FieldErrorf("id", "%q is not a webhook endpoint id (a positive whole number): use the buttons of the Webhooks page", r.PathValue("id"))
	}
	return id, nil
}

// endpointButton runs a button of endpoint id and goes back to the list saying what
// it did, or why it could not: an endpoint removed meanwhile (in another tab, by the
// CLI), a refusal (EINVALID) or a receiver that failed the test (EUNAVAILABLE).
func (s *Server) endpointButton(w http.ResponseWriter, r *http.Request, sess *paceline.Session, sign bool, run func(id int64) (string, error)) error {
	if err := s.webhooksOff(sign); err != nil {
		return err
	}
	id, err := endpointIDOf(r)
	if err != nil {
		return err
	}
	msg, err := run(id)
	switch code := paceline.ErrorCode(err); {
	case code == paceline.ENOTFOUND:
		// The store keeps nothing of a removed endpoint, so an id removed and one that
		// never existed read the same: the message does not say which.
		http.Redirect(w, r, flashURL("/webhooks", "problem", fmt.Sprintf("There is no webhook endpoint %d: it was removed, or never added (the list below shows every endpoint there is).", id), sess), http.StatusSeeOther)
		return nil
	case code == paceline.EUNAVAILABLE || code == paceline.EINVALID:
		http.Redirect(w, r, flashURL("/webhooks", "problem", paceline.ErrorMessage(err), sess), http.StatusSeeOther)
		return nil
	case err != nil:
		return err
	}
	http.Redirect(w, r, flashURL("/webhooks", "done", msg, sess), http.StatusSeeOther)
	return nil
}

// removeWebhook is an endpoint's Remove button: it goes with its deliveries, once a
// ticked box confirms it (the receiver must be given a new secret to add it again).
func (s *Server) removeWebhook(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	return s.endpointButton(w, r, sess, false, func(id int64) (string, error) {
		if r.PostFormValue("confirm") != "yes" {
			return "", paceline.Errorf(paceline.EINVALID, "Endpoint %d was not removed: tick the box to confirm that it goes with its waiting deliveries (adding it again gives it a new secret).", id)
		}
		if err := s.deps.Webhooks.DeleteWebhookEndpoint(r.Context(), id); err != nil {
			return "", err
		}
		return fmt.Sprintf("Removed webhook endpoint %d and the deliveries still waiting for it.", id), nil
	})
}

// enableWebhook is the Switch on button of an endpoint that was switched off (it
// answered 410 Gone): events from now on are sent to it again.
func (s *Server) enableWebhook(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	return s.endpointButton(w, r, sess, false, func(id int64) (string, error) {
		if err := s.deps.Webhooks.SetWebhookEndpointActive(r.Context(), id, true, ""); err != nil {
			return "", err
		}
		return fmt.Sprintf("Webhook endpoint %d is on: events from now on are sent to it.", id), nil
	})
}

// testTimeout bounds a test delivery's wait for the receiver: the page waits for it.
const testTimeout = webhook.DefaultTimeout

// testWebhook is an endpoint's Send test button: a signed test event now, as
// paceline webhooks test sends, whose outcome the list shows first among the
// endpoint's deliveries.
func (s *Server) testWebhook(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	return s.endpointButton(w, r, sess, true, func(id int64) (string, error) {
		key, err := s.deps.WebhookKeyFunc(false)
		if err != nil {
			return "", fmt.Errorf("webhooks: %w", err)
		}
		d := &webhook.Deliverer{Store: s.deps.Webhooks, Key: key, Timeout: testTimeout}
		// The wall clock, as the CLI's test: the receiver compares the timestamp with its own.
		del, err := d.SendTest(r.Context(), id, time.Now())
		if err != nil {
			return "", err
		}
		if del.State != paceline.WebhookDelivered {
			return "", paceline.Errorf(paceline.EUNAVAILABLE, "The test webhook %s to endpoint %d was not delivered: %s", del.ID, id, del.LastError)
		}
		return fmt.Sprintf("Delivered test webhook %s to endpoint %d: the receiver answered %d.", del.ID, id, del.LastStatus), nil
	})
}
