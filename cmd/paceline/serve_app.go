package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/executor/agent"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/web"
)

// appHandler is what serve mounts at / besides /healthz, /readyz and /metrics: the
// agent protocol under /api/v1/agent/ and the dashboard with the /api/v1 JSON API, on
// a SQLite file and on PostgreSQL alike.
func (a *app) appHandler(ctx context.Context, db *runtimeDB, desk *assist.Desk, reviews api.Reviews, wake func(ctx context.Context, account string) error,
	now func() time.Time, logger *slog.Logger) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.Handle(agent.Prefix, agent.New(desk, db.store))
	st := db.store
	if err := a.firstUser(ctx, st); err != nil {
		return nil, err
	}
	dash, err := web.New(web.Deps{API: api.Deps{Reviews: reviews, Held: heldSteps(db, wake),
		Accounts: st, History: st, Events: st, Leads: st, Users: st, Campaigns: st, Importer: st,
		Tasks: taskDesk{store: st, desk: desk}, StartCampaignFunc: startCampaignFunc(db, wake),
		WakeFunc: wake, NowFunc: now, Logger: logger,
	}, Webhooks: st, WebhookKeyFunc: a.loadSecretKey})
	if err != nil {
		return nil, err
	}
	mux.Handle("/", dash)
	return mux, nil
}

// startCampaignFunc is the API's and the dashboard's campaign start: what paceline
// campaigns start does. It refuses a list with no lead to enroll (the campaign stays as
// it was), wakes the campaign's accounts so that the first tick need not wait for
// their next planned one, and says what it did as the command prints it (why it left
// out each other lead of the list, a resume): it used to make such a campaign active
// over nobody and wake no account, then to answer only how many leads it enrolled.
// wake may be nil (no runtime to wake). opt are the choices of the API's body and the
// dashboard's form, as the command's flags of the same names (--skip-contacted,
// --include-contacted, --all-leads); the leads whose email bounced are left out.
func startCampaignFunc(db *runtimeDB, wake func(ctx context.Context, account string) error) func(ctx context.Context, name string, opt api.StartOptions) (api.StartReport, error) {
	return func(ctx context.Context, name string, opt api.StartOptions) (api.StartReport, error) {
		if err := opt.Check(); err != nil {
			return api.StartReport{}, err
		}
		c, err := db.store.Campaign(ctx, name)
		if err != nil {
			return api.StartReport{}, err
		}
		res, err := enrollListWith(ctx, db, c, enrollOptions{StartOptions: opt})
		if err != nil {
			return api.StartReport{}, err
		}
		if err := res.RefuseEmpty(c, false); err != nil {
			return api.StartReport{}, err
		}
		if err := db.store.SetCampaignState(ctx, name, paceline.CampaignActive, ""); err != nil {
			return api.StartReport{}, err
		}
		if wake != nil {
			for _, acct := range c.Accounts {
				if err := wake(ctx, acct); err != nil {
					return api.StartReport{}, fmt.Errorf("wake account %s for campaign %s: %w", acct, name, err)
				}
			}
		}
		return startReport(ctx, db.store, c, res)
	}
}
