package main

import (
	"context"

	"github.com/paceline/paceline/api"
)

// countAnswers fills in how many of the campaign's leads accepted and replied: the
// funnel's counts over the campaign's whole history (api.CampaignFunnel), the one
// computation the dashboard and the API show too, so they agree. An answer counts for
// the campaign whose contact from the same account it answers: another client's
// campaign contacting the same person, or a later campaign of the same account,
// takes nothing from this one. The ledger is read once per account, never per lead.
func (s *campaignStatus) countAnswers(ctx context.Context, st runtimeStore) error {
	f, err := api.CampaignFunnel(ctx, st, st, s.Name)
	if err != nil {
		return err
	}
	s.Accepted, s.Replied = f.Accepted, f.Replied
	return nil
}
