package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/store/sqlite"
)

// ensureDemoCampaign stores the demo's campaign, active, from every demo account with
// the built-in sequence, unless the database has it already (a demo database made
// before the campaign was stored gets it at its next start). The demo's enrollments
// are stored under it (demo_enrollments.go); the stored campaign carries its state,
// which the dashboard shows and its Pause and Resume buttons change.
func ensureDemoCampaign(ctx context.Context, st *sqlite.Store) error {
	if _, err := st.Campaign(ctx, demoCampaign); err == nil || paceline.ErrorCode(err) != paceline.ENOTFOUND {
		return err
	}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return err
	}
	names := make([]string, len(accts))
	for i, a := range accts {
		names[i] = a.Name
	}
	c := &paceline.Campaign{Name: demoCampaign, List: demoCampaign, Accounts: names,
		Sequence: string(sequence.DefaultYAML()), State: paceline.CampaignActive}
	if err := st.CreateCampaign(ctx, c); err != nil {
		return fmt.Errorf("store the demo campaign: %w", err)
	}
	return nil
}

// demoCampaigns is the campaign store the demo's dashboard and API see: the demo's
// one campaign can be listed, paused and resumed, but no other can be created, since
// the demo runs only its own. A change of state reaches the run at once.
type demoCampaigns struct {
	st  *sqlite.Store
	run *demoRun
}

func (d demoCampaigns) CreateCampaign(context.Context, *paceline.Campaign) error {
	return paceline.Errorf(paceline.EUNAVAILABLE, "the demo runs only its campaign %q: to run campaigns of your own, use paceline serve on a database of your own", demoCampaign)
}

func (d demoCampaigns) Campaign(ctx context.Context, name string) (*paceline.Campaign, error) {
	return d.st.Campaign(ctx, name)
}

func (d demoCampaigns) Campaigns(ctx context.Context) ([]*paceline.Campaign, error) {
	return d.st.Campaigns(ctx)
}

func (d demoCampaigns) SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error {
	if err := d.st.SetCampaignState(ctx, name, state, reason); err != nil {
		return err
	}
	d.run.mu.Lock()
	defer d.run.mu.Unlock()
	return d.run.followState(ctx, d.run.clock.Now())
}

// start resumes the demo campaign (the dashboard's Resume button and POST
// /api/v1/campaigns/demo/start): it lifts the engine's own pause for a low acceptance
// rate, if that was the cause, and stores the campaign active; the run loop then steps
// the engine again from the virtual now. The demo enrolls no new leads: its report says
// whether it resumed and how many of its leads go on, the engine's running
// enrollments (it runs only the demo campaign). Without them a resume read "none of
// its leads was still running" while they ran.
func (r *demoRun) start(ctx context.Context, name string) (api.StartReport, error) {
	if name != demoCampaign {
		return api.StartReport{}, paceline.Errorf(paceline.ENOTFOUND, "no campaign named %q: the demo runs only %q", name, demoCampaign)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := api.StartReport{Resumed: r.paused, GoingOn: r.g.Running()}
	if r.g.PausedReason(name) != "" {
		if err := r.g.ResumeCampaign(name, r.clock.Now()); err != nil {
			return api.StartReport{}, err
		}
	}
	if err := r.st.SetCampaignState(ctx, name, paceline.CampaignActive, ""); err != nil {
		return api.StartReport{}, err
	}
	return rep, r.followState(ctx, r.clock.Now())
}

// followState reads the demo campaign's stored state and updates the run's: a pause
// stops the engine's steps, and a resume lets them go on from now, never earlier, so
// that nothing is sent back in time for the hours it was paused. The simulated
// LinkedIn's answers keep coming in either way. The caller holds r.mu.
func (r *demoRun) followState(ctx context.Context, now time.Time) error {
	c, err := r.st.Campaign(ctx, demoCampaign)
	if err != nil {
		return fmt.Errorf("read the demo campaign's state: %w", err)
	}
	paused := c.State != paceline.CampaignActive
	if r.paused && !paused {
		r.resumedAt = now
	}
	r.paused = paused
	return nil
}

// noteEnginePause stores the campaign paused when the engine paused it for a low
// acceptance rate, with the engine's reason, as paceline serve does. The caller holds
// r.mu.
func (r *demoRun) noteEnginePause(ctx context.Context) error {
	reason := r.g.PausedReason(demoCampaign)
	if reason == "" || r.paused {
		return nil
	}
	if err := r.st.SetCampaignState(ctx, demoCampaign, paceline.CampaignPaused, reason); err != nil {
		return fmt.Errorf("pause the demo campaign: %w", err)
	}
	r.paused = true
	return nil
}
