package main

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// demoMarks is what a database paceline demo made has: the demo's campaign and its
// assisted account.
type demoMarks interface {
	Account(ctx context.Context, name string) (*paceline.Account, error)
	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
}

// isDemoDatabase reports whether st is a database paceline demo made (under any file
// name: the demo takes --db): there the demo, not paceline serve, runs the campaign.
func isDemoDatabase(ctx context.Context, st demoMarks) (bool, error) {
	for _, err := range []error{
		func() error { _, err := st.Campaign(ctx, demoCampaign); return err }(),
		func() error { _, err := st.Account(ctx, demoAssisted.Name); return err }(),
	} {
		if paceline.ErrorCode(err) == paceline.ENOTFOUND {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// whoSends is the sentence a started campaign ends with: who will send its steps. On
// the demo's database the demo runs its own campaign and nothing else; elsewhere
// paceline serve does.
func whoSends(ctx context.Context, st demoMarks, campaign, db string) (string, error) {
	demo, err := isDemoDatabase(ctx, st)
	if err != nil || !demo {
		return "paceline serve sends.", err
	}
	if campaign == demoCampaign {
		return "paceline demo --db " + shellword.Quote(db) + " sends (a demo running on it goes on at once).", nil
	}
	return "This is the demo's database, and the demo runs only its campaign " + demoCampaign +
		": to send this one, use a database of your own and paceline serve.", nil
}
