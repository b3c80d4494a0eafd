// Package enrollmentrow is how both stores read back the enrollments of campaigns
// (migrations 0003, 0011 and 0019 of each store hold the same columns). The SQL stays in each
// store.
package enrollmentrow

import (
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns are the columns Read reads, in its order, of enrollments e joined with
// their campaigns c.
const Columns = `e.id, c.name AS campaign, e.lead, e.account, e.step, e.state, e.due,
	e.reason, e.lead_facts, e.snapshot, e.started_at, e.ended_at, e.held, e.include_replied`

// Read reads every row of rows, in order, as enrollment records. A row holds the
// enrollment's id, its campaign's name, lead, account, step, state, due, reason,
// lead_facts, snapshot, started_at, ended_at, held and include_replied (Columns). N is the driver's
// scan target for a nullable time, and fromNull turns it into a time (zero for NULL).
// Errors are the driver's as they are, for the caller to say what it was doing; the
// caller closes rows.
func Read[N any](rows row.Rows, fromNull func(N) time.Time) ([]paceline.EnrollmentRecord, error) {
	var list []paceline.EnrollmentRecord
	for rows.Next() {
		var (
			r        paceline.EnrollmentRecord
			state    string
			due, end N
		)
		if err := rows.Scan(&r.ID, &r.Campaign, &r.Lead, &r.Account, &r.Step, &state, &due,
			&r.Reason, &r.LeadFacts, &r.Snapshot, &r.Started, &end, &r.Held, &r.IncludeReplied); err != nil {
			return nil, err
		}
		r.State = paceline.EnrollmentState(state)
		r.Due, r.Ended, r.Started = fromNull(due), fromNull(end), r.Started.UTC()
		list = append(list, r)
	}
	return list, rows.Err()
}
