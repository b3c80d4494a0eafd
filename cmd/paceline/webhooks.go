package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/webhook"
	"github.com/spf13/cobra"
)

func (a *app) webhooksCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks",
		Short: "Send events (accepted, replied, campaign paused ...) to your URLs, signed",
		Long: `paceline POSTs each event to the endpoints you add, signed as the Standard Webhooks
specification describes (headers webhook-id, webhook-timestamp, webhook-signature), and
retries for about a day when the receiver fails. See docs/webhooks.md for the payload
and how to verify it.`,
	}
	cmd.AddCommand(a.webhooksAddCmd(), a.webhooksListCmd(), a.webhooksRemoveCmd(), a.webhooksTestCmd(), a.webhooksEnableCmd(),
		a.webhooksRetryCmd())
	return cmd
}

func (a *app) webhooksAddCmd() *cobra.Command {
	var rawURL, events string
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add an endpoint and print its signing secret (shown once)",
		Example: `  paceline webhooks add --url https://example.com/paceline
  paceline webhooks add --url https://example.com/hook --events accepted,replied,campaign_paused`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			types := commaList(events)
			if rawURL == "" {
				return usageError{fmt.Errorf("webhooks add needs --url, the URL that receives the webhooks")}
			}
			if err := webhook.CheckURL(rawURL); err != nil {
				return err
			}
			if err := webhook.CheckEvents(types); err != nil {
				return err
			}
			if len(types) == 0 && cmd.Flags().Changed("events") {
				// Every event is what leaving the flag out means; an empty value is more
				// likely an unset shell variable than a wish for all of them.
				return paceline.FieldErrorf("events", "is empty: name the event types to send, comma-separated (%s), or leave --events out to send every type",
					strings.Join(webhook.Types(), ", "))
			}
			ctx := cmd.Context()
			return a.withAppStore(ctx, false, func(st appStore) error {
				key, err := a.loadSecretKey(true)
				if err != nil {
					return err
				}
				ep, sec, err := webhook.AddEndpoint(ctx, st, key, rawURL, types, nil)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "webhook endpoint %d added: %s (%s)\n", ep.ID, ep.URL, eventsText(ep.Events))
				fmt.Fprintf(a.stdout, "signing secret, shown this once (give it to the receiver to verify with):\n%s\n", sec.Reveal())
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&rawURL, "url", "", "the https URL that receives the POSTs, or http:// on a private network (required)")
	cmd.Flags().StringVar(&events, "events", "", "comma-separated event types to send (default every type: "+strings.Join(webhook.Types(), ",")+")")
	return cmd
}

func eventsText(events []string) string {
	if len(events) == 0 {
		return "every event"
	}
	return strings.Join(events, ", ")
}

// webhookView is an endpoint as --json prints it; the secret is never shown again.
type webhookView struct {
	ID       int64     `json:"id"`
	URL      string    `json:"url"`
	Events   []string  `json:"events"`
	Active   bool      `json:"active"`
	Disabled string    `json:"disabled,omitempty"`
	Created  time.Time `json:"created"`
	// Failed counts the deliveries given up (retries spent, or 410 Gone): paceline
	// webhooks retry sends them again.
	Failed int `json:"failed"`
}

func (a *app) webhooksListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the webhook endpoints",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, ok, err := a.appStoreIfExists(ctx)
			if err != nil {
				return err
			}
			if !ok {
				// As tokens list: a missing file is a wrong --db (or the demo's file
				// next to it), not a database with no endpoint in it.
				return a.noDatabase(fmt.Sprintf("add an endpoint first (paceline webhooks add --db %s --url https://...)", shellword.Quote(a.dbPath)))
			}
			defer st.Close()
			eps, err := st.WebhookEndpoints(ctx)
			if err != nil {
				return err
			}
			fs, err := failedStore(st)
			if err != nil {
				return err
			}
			failed, err := fs.FailedWebhookDeliveries(ctx)
			if err != nil {
				return err
			}
			views := make([]webhookView, 0, len(eps))
			total := 0
			for _, e := range eps {
				views = append(views, webhookView{ID: e.ID, URL: e.URL, Events: append([]string{}, e.Events...),
					Active: e.Active, Disabled: e.Disabled, Created: e.CreatedAt, Failed: failed[e.ID]})
				total += failed[e.ID]
			}
			if asJSON {
				return writeJSON(a.stdout, views)
			}
			if len(views) == 0 {
				fmt.Fprintln(a.stdout, "no webhook endpoints (add one with: paceline webhooks add --url https://...)")
				return nil
			}
			w := newTable(a.stdout)
			fmt.Fprintln(w, "ID\tURL\tEVENTS\tFAILED\tSTATE")
			for _, v := range views {
				state := "active"
				if !v.Active {
					state = "off: " + v.Disabled
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\n", v.ID, v.URL, eventsText(v.Events), v.Failed, state)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if total > 0 {
				fmt.Fprintf(a.stdout, "%s for good; once the receiver is fixed, send them again with: paceline webhooks retry [--endpoint ID]\n",
					deliveriesText(total, "delivery failed", "deliveries failed"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func parseEndpointID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, paceline.FieldErrorf("ID", "%q is not an endpoint ID (see paceline webhooks list)", s)
	}
	return id, nil
}

// withEndpoint runs fn on the endpoint whose ID arg is, in the existing database.
func (a *app) withEndpoint(ctx context.Context, arg string, fn func(st appStore, id int64) error) error {
	id, err := parseEndpointID(arg)
	if err != nil {
		return err
	}
	return a.withAppStore(ctx, true, func(st appStore) error { return fn(st, id) })
}

// endpointCmd is a command that changes one endpoint, named by its ID, and says so
// with done, a format that takes the ID.
func (a *app) endpointCmd(use, short, done string, change func(ctx context.Context, st appStore, id int64) error) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs(1, "the endpoint's ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withEndpoint(ctx, args[0], func(st appStore, id int64) error {
				if err := change(ctx, st, id); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, done, id)
				return nil
			})
		},
	}
}

func (a *app) webhooksRemoveCmd() *cobra.Command {
	return a.endpointCmd("remove ID", "Remove an endpoint and the deliveries still waiting for it", "webhook endpoint %d removed\n",
		func(ctx context.Context, st appStore, id int64) error { return st.DeleteWebhookEndpoint(ctx, id) })
}

func (a *app) webhooksTestCmd() *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "test ID",
		Short: "Send a signed test event to an endpoint now and show the answer",
		Args:  exactArgs(1, "the endpoint's ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if timeout <= 0 {
				// The deliverer reads 0 or less as its default, which is not what was asked.
				return paceline.FieldErrorf("timeout", "%s is not longer than zero (give a wait such as 10s)", timeout)
			}
			ctx := cmd.Context()
			return a.withEndpoint(ctx, args[0], func(st appStore, id int64) error {
				key, err := a.loadSecretKey(false)
				if err != nil {
					return err
				}
				d := &webhook.Deliverer{Store: st, Key: key, Timeout: timeout}
				del, err := d.SendTest(ctx, id, time.Now())
				if err != nil {
					return err
				}
				if del.State != paceline.WebhookDelivered {
					return paceline.Errorf(paceline.EUNAVAILABLE, "the test webhook %s was not delivered: %s", del.ID, del.LastError)
				}
				fmt.Fprintf(a.stdout, "delivered test webhook %s: the receiver answered %d\n", del.ID, del.LastStatus)
				return nil
			})
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", webhook.DefaultTimeout, "how long to wait for the answer")
	return cmd
}

func (a *app) webhooksEnableCmd() *cobra.Command {
	return a.endpointCmd("enable ID", "Switch an endpoint back on after it answered 410 Gone (events from now on are sent)", "webhook endpoint %d is on\n",
		func(ctx context.Context, st appStore, id int64) error {
			return st.SetWebhookEndpointActive(ctx, id, true, "")
		})
}
