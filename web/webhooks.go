package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/webhook"
)

// recentDeliveries is how many of an endpoint's latest deliveries its row shows.
const recentDeliveries = 10

// webhooksData is the Webhooks page: each endpoint with its latest deliveries, the
// form to add one as typed with why it was refused, and, once, a new endpoint's
// signing secret.
type webhooksData struct {
	// Enabled is false when the server keeps no webhooks (Deps.Webhooks is nil).
	Enabled bool
	// CanSign is false when the server has no secret key: adding and testing need it.
	CanSign   bool
	Endpoints []endpointView
	Types     []string
	Form      endpointForm
	// Added and Secret are the endpoint just added and its signing secret: shown on
	// the answer to the form itself, never in a URL, and never again.
	Added  *paceline.WebhookEndpoint
	Secret string
	// Done says what the last button did, Undone why it could not.
	Done, Undone string
}

// endpointForm is the add form as the user typed it and why it was refused.
type endpointForm struct {
	URL     string
	Events  []string
	Problem string
}

// Wants reports whether the form had the event type ticked.
func (f endpointForm) Wants(typ string) bool { return slices.Contains(f.Events, typ) }

// endpointView is an endpoint's row: never its secret.
type endpointView struct {
	*paceline.WebhookEndpoint
	Deliveries []*paceline.WebhookDelivery
	// Failed and Pending count the shown deliveries in each state.
	Failed, Pending int
}

// EventsText is the endpoint's event filter in words.
func (v endpointView) EventsText() string {
	if len(v.Events) == 0 {
		return "every event"
	}
	return strings.Join(v.Events, ", ")
}

func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	return s.renderWebhooks(w, r, sess, http.StatusOK, webhooksData{Done: flash(r, sess, "done"), Undone: flash(r, sess, "problem")})
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, sess *paceline.Session, status int, d webhooksData) error {
	d.Enabled, d.CanSign, d.Types = s.deps.Webhooks != nil, s.deps.WebhookKeyFunc != nil, webhook.Types()
	if d.Enabled {
		eps, err := s.deps.Webhooks.WebhookEndpoints(r.Context())
		if err != nil {
			return fmt.Errorf("list webhook endpoints: %w", err)
		}
		for _, e := range eps {
			v := endpointView{WebhookEndpoint: e}
			if v.Deliveries, err = s.deps.Webhooks.RecentWebhookDeliveries(r.Context(), e.ID, recentDeliveries); err != nil {
				return fmt.Errorf("webhook endpoint %d: %w", e.ID, err)
			}
			for _, del := range v.Deliveries {
				switch del.State {
				case paceline.WebhookFailed:
					v.Failed++
				case paceline.WebhookPending:
					v.Pending++
				}
			}
			d.Endpoints = append(d.Endpoints, v)
		}
	}
	s.render(w, r, status, "webhooks", s.page(sess, "Webhooks", "webhooks", d))
	return nil
}

// webhooksOff is the error of a webhook button on a server that keeps no webhooks.
func (s *Server) webhooksOff(sign bool) error {
	switch {
	case s.deps.Webhooks == nil:
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server keeps no webhooks: manage them with paceline webhooks on its database")
	case sign && s.deps.WebhookKeyFunc == nil:
		return paceline.Errorf(paceline.EUNAVAILABLE, "this server has no secret key to sign webhooks with: use paceline webhooks on its database")
	}
	return nil
}

// addWebhook is the add form: the endpoint is stored with a new signing secret, which
// the answer shows once. A refused URL or event type answers the page again with why
// and the form as typed.
func (s *Server) addWebhook(w http.ResponseWriter, r *http.Request, sess *paceline.Session) error {
	if err := s.webhooksOff(true); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return paceline.Errorf(paceline.EINVALID, "the form could not be read (%v): reload the page and try again", err)
	}
	form := endpointForm{URL: strings.TrimSpace(r.PostFormValue("url")), Events: r.PostForm["events"]}
	refuse := func(err error) error {
		form.Problem = "Not added: " + paceline.ErrorMessage(err)
		return s.renderWebhooks(w, r, sess, api.Status(err), webhooksData{Form: form})
	}
	if form.URL == "" {
		return refuse(paceline.FieldErrorf("url", "is empty: give the https:// address that receives the webhooks"))
	}
	// Checked before the key is read, so that a typo never creates a key file.
	if err := webhook.CheckURL(form.URL); err != nil {
		return refuse(err)
	}
	if err := webhook.CheckEvents(form.Events); err != nil {
		return refuse(err)
	}
	key, err := s.deps.WebhookKeyFunc(true)
	if code := paceline.ErrorCode(err); code != "" && code != paceline.EINTERNAL {
		// The server's setup (no key configured), not the form: said with the form kept.
		form.Problem = "Not added: " + paceline.ErrorMessage(err)
		return s.renderWebhooks(w, r, sess, http.StatusServiceUnavailable, webhooksData{Form: form})
	} else if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	ep, sec, err := webhook.AddEndpoint(r.Context(), s.deps.Webhooks, key, form.URL, form.Events, nil)
	if code := paceline.ErrorCode(err); code == paceline.EINVALID || code == paceline.ECONFLICT {
		return refuse(err)
	} else if err != nil {
		return err
	}
	return s.renderWebhooks(w, r, sess, http.StatusCreated, webhooksData{Added: ep, Secret: sec.Reveal()})
}
