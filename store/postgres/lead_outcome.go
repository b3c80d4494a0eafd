package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// LedgerOutcomes returns the outcome of every stored lead that the ledger shows a
// carried-out invite, message, InMail, Open Profile message or email to, in lead id
// order, and how many leads of the ledger are not in the leads table (erased, or
// enrolled through the API without an import). It is what the score's learning feeds
// on once campaigns have run. It reads one snapshot (a repeatable-read transaction).
func (s *Store) LedgerOutcomes(ctx context.Context) (outcomes []paceline.LeadOutcome, unknown int, err error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, 0, s.fail("read outcomes", err)
	}
	defer tx.Rollback(context.Background())
	kinds := make([]string, len(leadrow.OutreachKinds))
	for i, k := range leadrow.OutreachKinds {
		kinds[i] = string(k)
	}
	// The engine's lead key is a bare profile slug, or "sales:" or "email:" and the
	// value (engine.LeadKey): the CASE turns it into the kind and value of lead_keys.
	rows, err := tx.Query(ctx, `
		WITH reached AS (
			SELECT DISTINCT lead FROM actions
			WHERE lead <> '' AND result = 'done' AND kind = ANY($1)
		), answered AS (
			SELECT lead, bool_or(type = 'accepted') AS accepted, bool_or(type = 'replied') AS replied
			FROM events WHERE lead <> '' AND type IN ('accepted', 'replied') GROUP BY lead
		), keyed AS (
			SELECT r.lead,
				CASE WHEN r.lead LIKE 'sales:%' THEN 'sales' WHEN r.lead LIKE 'email:%' THEN 'email' ELSE 'in' END AS kind,
				CASE WHEN r.lead LIKE 'sales:%' OR r.lead LIKE 'email:%' THEN substr(r.lead, 7) ELSE r.lead END AS value
			FROM reached r
		)
		SELECT lk.lead_id, COALESCE(a.accepted, false), COALESCE(a.replied, false)
		FROM keyed k
		LEFT JOIN lead_keys lk ON lk.kind = k.kind AND lk.value = k.value
		LEFT JOIN answered a ON a.lead = k.lead
		ORDER BY lk.lead_id`, kinds)
	if err != nil {
		return nil, 0, s.fail("read outcomes", err)
	}
	o, err := leadrow.ReadOutcomes(rows, s.failing("read outcomes"))
	rows.Close()
	if err != nil {
		return nil, 0, err
	}
	outcomes = o.Found()
	for i := range outcomes {
		l, err := s.loadLead(ctx, tx, outcomes[i].Lead.ID)
		if err != nil {
			return nil, 0, err
		}
		outcomes[i].Lead = &l.Lead
	}
	return outcomes, o.Unknown, nil
}
