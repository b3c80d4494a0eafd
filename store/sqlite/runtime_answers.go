package sqlite

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/eventrow"
)

// AnswersElsewhere returns the answers (replied, opted_out and bounced events) that
// other accounts recorded for the leads of the account's running enrollments, each at
// or after its enrollment started, oldest first: a reply on any channel and to any
// account stops the lead's sequence (engine.Observe), so the account's tick applies
// them with its own events.
func (s *Store) AnswersElsewhere(ctx context.Context, account string) ([]paceline.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventrow.ColumnsOf("e")+`
		FROM enrollments n JOIN events e ON e.lead = n.lead
		WHERE n.account = ? AND n.state IN ('new', 'active', 'waiting')
		  AND e.account <> n.account AND e.at >= n.started_at AND e.type IN ('replied', 'opted_out', 'bounced')
		ORDER BY e.id`, account)
	if err != nil {
		return nil, fmt.Errorf("read answers to other accounts for %s: %w", account, err)
	}
	defer rows.Close()
	var list []paceline.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("read answers to other accounts for %s: %w", account, err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// RepliedLeads returns the references of every lead that replied to any account, ever:
// a campaign start does not enroll them again unless asked (a person in a
// conversation is not sent a cold opener).
func (s *Store) RepliedLeads(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT lead FROM events WHERE type = 'replied' AND lead <> ''`)
	if err != nil {
		return nil, fmt.Errorf("read the leads that replied: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var lead string
		if err := rows.Scan(&lead); err != nil {
			return nil, fmt.Errorf("read the leads that replied: %w", err)
		}
		out[lead] = true
	}
	return out, rows.Err()
}

// EnrolledLeads returns the references of the leads that run in any campaign now, or
// ever were in campaign: a start does not enroll a person a second time under another
// of their references (a Sales Navigator lead enrolled as sales:ID that an import has
// since given a profile URL).
func (s *Store) EnrolledLeads(ctx context.Context, campaign string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.lead FROM enrollments e JOIN campaigns c ON c.id = e.campaign_id
		WHERE e.state IN ('new', 'active', 'waiting') OR c.name = ?`, campaign)
	if err != nil {
		return nil, fmt.Errorf("read the enrolled leads of %s: %w", campaign, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var lead string
		if err := rows.Scan(&lead); err != nil {
			return nil, fmt.Errorf("read the enrolled leads of %s: %w", campaign, err)
		}
		out[lead] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the enrolled leads of %s: %w", campaign, err)
	}
	return out, nil
}
