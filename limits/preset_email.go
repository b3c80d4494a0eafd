package limits

import "github.com/paceline/paceline"

// EmailPreset is the allowance of a mailbox account (paceline.TypeEmail): emails only,
// every LinkedIn kind forbidden. 50 emails per working day (250 over a rolling week) is
// the common cold-email advice for one warmed-up mailbox, far below the providers' own
// sending limits (Google Workspace: 2,000 a day), so that a new domain keeps its
// reputation; raise it per account with --cap email=N.
func EmailPreset() Preset {
	weekly := map[paceline.ActionKind]int{paceline.KindEmail: 250}
	for _, k := range paceline.ActionKinds {
		if k != paceline.KindEmail {
			weekly[k] = 0
		}
	}
	return Preset{
		Type:        paceline.TypeEmail,
		Weekly:      weekly,
		DailyTarget: map[paceline.ActionKind]int{paceline.KindEmail: 50},
	}
}
