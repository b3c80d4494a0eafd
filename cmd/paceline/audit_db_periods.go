package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/audit"
)

// settingsNote names the accounts whose settings audit --db could not read for all of
// their past: those created before the database kept a history of settings.
type settingsNote struct {
	// Unrecorded accounts have no history: checked with today's settings throughout.
	Unrecorded []string `json:"unrecorded,omitempty"`
	// Assumed accounts changed once the history was kept: checked, until their first
	// recorded change, with the settings they had then (since their creation).
	Assumed []string `json:"assumed,omitempty"`
}

// accountPeriods returns the periods of settings audit --db judges acct's actions by,
// from the store's history of its settings (paceline.AccountHistoryStore), and notes in
// n an account the history does not cover from its creation. None for an account
// without history: audit.CheckPeriods then judges it by today's settings, as
// auditAccount has them.
func accountPeriods(ctx context.Context, st any, acct *paceline.Account, n *settingsNote) ([]audit.Period, error) {
	hs, ok := st.(paceline.AccountHistoryStore)
	if !ok {
		n.Unrecorded = append(n.Unrecorded, acct.Name)
		return nil, nil
	}
	history, err := hs.AccountSettingsHistory(ctx, acct.Name)
	if err != nil {
		return nil, fmt.Errorf("audit account %s: %w", acct.Name, err)
	}
	if len(history) == 0 {
		n.Unrecorded = append(n.Unrecorded, acct.Name)
		return nil, nil
	}
	if history[0].Assumed {
		n.Assumed = append(n.Assumed, acct.Name)
	}
	periods := make([]audit.Period, 0, len(history))
	for i := range history {
		then := history[i].Apply(acct)
		aa, err := auditAccount(then)
		if err == nil {
			var cr audit.Credits
			if cr, err = inmailCredits(then); err == nil {
				periods = append(periods, audit.Period{Since: history[i].Since, Account: aa, InMail: &cr})
			}
		}
		if err != nil {
			return nil, fmt.Errorf("the settings of %s since %s: %w", acct.Name, history[i].Since.Format(time.RFC3339), err)
		}
	}
	return periods, nil
}

// write says, once, which accounts were checked with settings nobody recorded.
func (n *settingsNote) write(w io.Writer) error {
	if len(n.Unrecorded) > 0 {
		if _, err := fmt.Fprintf(w, "Checked with today's settings throughout, as no history of their settings was kept (created before this paceline): %s.\n",
			strings.Join(n.Unrecorded, ", ")); err != nil {
			return err
		}
	}
	if len(n.Assumed) > 0 {
		_, err := fmt.Fprintf(w, "Checked, until their first recorded change, with the settings they had then (created before this paceline kept a history of settings): %s.\n",
			strings.Join(n.Assumed, ", "))
		return err
	}
	return nil
}
