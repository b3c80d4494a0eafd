package postgres

import (
	"context"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/eventrow"
	"github.com/paceline/paceline/store/internal/row"
)

// AnswersElsewhere returns the answers (replied, opted_out and bounced events) that
// other accounts recorded for the leads of the account's running enrollments, each at
// or after its enrollment started, oldest first: a reply on any channel and to any
// account stops the lead's sequence (engine.Observe), so the account's tick applies
// them with its own events.
func (s *Store) AnswersElsewhere(ctx context.Context, account string) ([]paceline.Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+eventrow.ColumnsOf("e")+`
		FROM enrollments n JOIN events e ON e.lead = n.lead
		WHERE n.account = $1 AND n.state IN ('new', 'active', 'waiting')
		  AND e.account <> n.account AND e.at >= n.started_at AND e.type IN ('replied', 'opted_out', 'bounced')
		ORDER BY e.id`, account)
	if err != nil {
		return nil, s.fail("read answers to other accounts for "+account, err)
	}
	defer rows.Close()
	fail := s.failing("read answers to other accounts for " + account)
	return row.All(rows, row.Wrap(scanEvent, fail), fail)
}

// RepliedLeads returns the references of every lead that replied to any account, ever:
// a campaign start does not enroll them again unless asked (a person in a
// conversation is not sent a cold opener).
func (s *Store) RepliedLeads(ctx context.Context) (map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT lead FROM events WHERE type = 'replied' AND lead <> ''`)
	if err != nil {
		return nil, s.fail("read the leads that replied", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var lead string
		if err := rows.Scan(&lead); err != nil {
			return nil, s.fail("read the leads that replied", err)
		}
		out[lead] = true
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read the leads that replied", err)
	}
	return out, nil
}

// EnrolledLeads returns the references of the leads that run in any campaign now, or
// ever were in campaign: a start does not enroll a person a second time under another
// of their references (a Sales Navigator lead enrolled as sales:ID that an import has
// since given a profile URL).
func (s *Store) EnrolledLeads(ctx context.Context, campaign string) (map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.lead FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.state IN ('new', 'active', 'waiting') OR c.name = $1`, campaign)
	if err != nil {
		return nil, s.fail("read the enrolled leads of "+campaign, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var lead string
		if err := rows.Scan(&lead); err != nil {
			return nil, s.fail("read the enrolled leads of "+campaign, err)
		}
		out[lead] = true
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("read the enrolled leads of "+campaign, err)
	}
	return out, nil
}
