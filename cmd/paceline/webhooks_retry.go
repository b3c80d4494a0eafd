package main

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/webhook"
	"github.com/spf13/cobra"
)

// The stores count and resend the deliveries given up.
var (
	_ webhook.FailedStore = (*sqlite.Store)(nil)
	_ webhook.FailedStore = (*postgres.Store)(nil)
)

// failedStore returns st's count and retry of failed deliveries.
func failedStore(st appStore) (webhook.FailedStore, error) {
	fs, ok := st.(webhook.FailedStore)
	if !ok {
		return nil, paceline.Errorf(paceline.EINTERNAL, "this database (%T) cannot count or resend failed webhook deliveries", st)
	}
	return fs, nil
}

func (a *app) webhooksRetryCmd() *cobra.Command {
	var (
		endpoint string
		since    time.Duration
	)
	cmd := &cobra.Command{
		Use:   "retry",
		Short: "Send the deliveries that failed for good again, once the receiver is fixed",
		Long: `Puts the deliveries that failed for good (their retries ran out, or the receiver
answered 410 Gone) back in the queue, with the whole retry schedule again: the running
paceline serve or worker sends them within seconds. An endpoint that is off (after a
410) gets them once it is switched on again (paceline webhooks enable ID).`,
		Example: `  paceline webhooks retry
  paceline webhooks retry --endpoint 1 --since 48h`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var only int64
			if cmd.Flags().Changed("endpoint") {
				id, err := parseEndpointID(endpoint)
				if err != nil {
					return err
				}
				only = id
			}
			if cmd.Flags().Changed("since") && since <= 0 {
				return paceline.FieldErrorf("since", "%s is not longer than zero (give a span such as 48h: the deliveries that failed in the last 48 hours)", since)
			}
			var from time.Time
			if since > 0 {
				from = time.Now().Add(-since)
			}
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				fs, err := failedStore(st)
				if err != nil {
					return err
				}
				var eps []*paceline.WebhookEndpoint
				if only != 0 {
					ep, err := st.WebhookEndpoint(ctx, only)
					if err != nil {
						return err
					}
					eps = append(eps, ep)
				} else if eps, err = st.WebhookEndpoints(ctx); err != nil {
					return err
				}
				total := 0
				for _, ep := range eps {
					n, err := fs.RetryFailedWebhookDeliveries(ctx, ep.ID, from)
					if err != nil {
						return err
					}
					if n == 0 {
						continue
					}
					total += n
					fmt.Fprintf(a.stdout, "webhook endpoint %d: %s\n", ep.ID, deliveriesText(n, "failed delivery sent again", "failed deliveries sent again"))
					if !ep.Active {
						fmt.Fprintf(a.stdout, "  it is off (%s): they wait until paceline webhooks enable %d\n", ep.Disabled, ep.ID)
					}
				}
				if total == 0 {
					what := "no failed webhook deliveries"
					if only != 0 {
						what += fmt.Sprintf(" for endpoint %d", only)
					}
					if since > 0 {
						what += fmt.Sprintf(" in the last %s", since)
					}
					fmt.Fprintln(a.stdout, what+" to send again")
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "only this endpoint's deliveries (its ID, see paceline webhooks list)")
	cmd.Flags().DurationVar(&since, "since", 0, "only the deliveries that failed in this last span, such as 48h (default: whenever they failed)")
	return cmd
}

// deliveriesText is n with the noun phrase one (n is 1) or many.
func deliveriesText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
