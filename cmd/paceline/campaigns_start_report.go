package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
)

// startReport says what a start of campaign c that counted res did, as paceline
// campaigns start prints it and the API and the dashboard answer it. c is the campaign
// as it was before the start (a paused one resumes); the leads going on are those
// status counts active, less the start's own.
func startReport(ctx context.Context, st runtimeStore, c *paceline.Campaign, res api.StartCount) (api.StartReport, error) {
	s, err := statusOf(ctx, st, c.Name)
	if err != nil {
		return api.StartReport{}, err
	}
	return res.Report(c.State, s.Active-res.Enrolled), nil
}
