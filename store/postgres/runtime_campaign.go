package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// The runtime's queries are written once with '?' placeholders, the same text as
// store/sqlite's, and numbered for PostgreSQL by rebind.

// Pool returns the store's connection pool, for River's pgx driver: River's jobs live
// in the same database, so several workers share one queue.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// rebind numbers '?' placeholders as $1, $2 ...
func rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func anyUnique(err error) bool {
	c, _ := pgCode(err)
	return c == codeUniqueViolation
}

// CreateCampaign stores a new campaign with its sending accounts. Errors: EINVALID for
// a missing name, sequence or account list; ECONFLICT for a name already taken;
// ENOTFOUND for an account that does not exist.
func (s *Store) CreateCampaign(ctx context.Context, c *paceline.Campaign) error {
	if err := campaignrow.Check(c); err != nil {
		return err
	}
	now := dbTime(s.now())
	if c.State == "" {
		c.State = paceline.CampaignDraft
	}
	var pausedAt time.Time // a campaign created paused is paused from now
	if c.State == paceline.CampaignPaused {
		pausedAt = now
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.fail("create campaign "+c.Name, err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, rebind(`INSERT INTO campaigns
		(name, list, sequence, priority, state, paused_reason, paused_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.Name, c.List, c.Sequence, c.Priority, string(c.State), c.PausedReason, nullTime(pausedAt), now, now).Scan(&c.ID)
	if anyUnique(err) {
		return campaignrow.Taken(c.Name)
	}
	if err != nil {
		return s.fail("create campaign "+c.Name, err)
	}
	for _, a := range c.Accounts {
		_, err := tx.Exec(ctx, rebind(`INSERT INTO campaign_accounts (campaign_id, account) VALUES (?, ?)`), c.ID, a)
		switch {
		case isForeignKey(err):
			return missingAccount(a)
		case anyUnique(err):
			return campaignrow.AccountTwice(a)
		case err != nil:
			return s.fail("create campaign "+c.Name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return s.fail("create campaign "+c.Name, err)
	}
	c.CreatedAt, c.UpdatedAt, c.PausedAt = now, now, pausedAt
	return nil
}

// Campaign returns the named campaign. Errors: ENOTFOUND.
func (s *Store) Campaign(ctx context.Context, name string) (*paceline.Campaign, error) {
	list, err := s.campaigns(ctx, `WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, campaignrow.Missing(name)
	}
	return list[0], nil
}

// Campaigns returns every campaign, by name.
func (s *Store) Campaigns(ctx context.Context) ([]*paceline.Campaign, error) {
	return s.campaigns(ctx, ``)
}

// AccountCampaigns returns the campaigns the account sends for, by name.
func (s *Store) AccountCampaigns(ctx context.Context, account string) ([]*paceline.Campaign, error) {
	return s.campaigns(ctx, `WHERE id IN (SELECT campaign_id FROM campaign_accounts WHERE account = ?)`, account)
}

func (s *Store) campaigns(ctx context.Context, where string, args ...any) ([]*paceline.Campaign, error) {
	rows, err := s.pool.Query(ctx, rebind(`SELECT `+campaignrow.Columns+` FROM campaigns `+where+` ORDER BY name`), args...)
	if err != nil {
		return nil, s.fail("read campaigns", err)
	}
	list, err := campaignrow.Read(rows, s.failing("read campaigns"))
	rows.Close()
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	arows, err := s.pool.Query(ctx, `SELECT campaign_id, account FROM campaign_accounts ORDER BY account`)
	if err != nil {
		return nil, s.fail("read campaign accounts", err)
	}
	defer arows.Close()
	return campaignrow.AddAccounts(arows, list, s.failing("read campaign accounts"))
}

// SetCampaignState starts, pauses or resumes a campaign. A stopped campaign stays
// stopped (StopCampaign ends one): a start of it is refused, and a pause leaves it as
// it is, since it holds more than a pause would (the engine may pause a campaign a stop
// ended while its tick ran). A pause of a paused campaign changes its reason but not
// its PausedAt: it is the same pause. Errors: ENOTFOUND; ECONFLICT for a start of a
// stopped campaign.
func (s *Store) SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error {
	if state == paceline.CampaignStopped {
		return paceline.Errorf(paceline.EINTERNAL, "set campaign %s stopped: only StopCampaign stops a campaign, with its enrollments", name)
	}
	now := dbTime(s.now())
	tag, err := s.pool.Exec(ctx, rebind(`UPDATE campaigns SET state = ?, paused_reason = ?, `+campaignrow.PausedAtSet+`,
		updated_at = ? WHERE name = ? AND state <> 'stopped'`),
		string(state), reason, string(state), now, now, name)
	if err != nil {
		return s.fail("set campaign "+name, err)
	}
	if tag.RowsAffected() == 0 {
		c, err := s.Campaign(ctx, name)
		if err != nil {
			return err
		}
		return campaignrow.SetStopped(c, state)
	}
	return nil
}

// CampaignCounts returns the campaign's enrollments per state and its done actions per
// kind. It counts no answers: which campaign an accept or a reply counts for is the
// funnel's rule (api.Funnels: the campaign whose contact from the same account it answers),
// kept in one place for campaigns status (api.CampaignFunnel), the dashboard and the
// API; this query gave a lead's answers to any account to the campaign of the latest
// action done to the lead. An erasure deletes the lead's enrollments but keeps its
// actions under an alias, so what was done stays counted.
func (s *Store) CampaignCounts(ctx context.Context, name string) (states map[paceline.EnrollmentState]int, actions map[paceline.ActionKind]int, err error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	byState, err := s.countBy(ctx, `SELECT state, COUNT(*) FROM enrollments WHERE campaign_id = $1 GROUP BY state`, c.ID)
	if err != nil {
		return nil, nil, s.fail("count enrollments of "+name, err)
	}
	byKind, err := s.countBy(ctx, `SELECT kind, COUNT(*) FROM actions WHERE campaign = $1 AND result = 'done' AND state = 'done' GROUP BY kind`, name)
	if err != nil {
		return nil, nil, s.fail("count actions of "+name, err)
	}
	states, actions = make(map[paceline.EnrollmentState]int, len(byState)), make(map[paceline.ActionKind]int, len(byKind))
	for st, n := range byState {
		states[paceline.EnrollmentState(st)] = n
	}
	for k, n := range byKind {
		actions[paceline.ActionKind(k)] = n
	}
	return states, actions, nil
}

// countBy runs a query of (name, count) rows and returns the counts by name. A result
// set that breaks off is an error, not a shorter count.
func (s *Store) countBy(ctx context.Context, query string, arg any) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		counts[name] = n
	}
	return counts, rows.Err()
}

// Clock returns the runtime clock; ok is false before it was first set.
func (s *Store) Clock(ctx context.Context) (speed float64, virtualAt, realAt, reached time.Time, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT speed, virtual_at, real_at, reached FROM runtime_clock WHERE id = 1`).
		Scan(&speed, &virtualAt, &realAt, &reached)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, time.Time{}, time.Time{}, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, time.Time{}, time.Time{}, false, s.fail("read runtime clock", err)
	}
	return speed, virtualAt.UTC(), realAt.UTC(), reached.UTC(), true, nil
}

// SetClock sets the runtime clock; reached never goes back.
func (s *Store) SetClock(ctx context.Context, speed float64, virtualAt, realAt time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO runtime_clock (id, speed, virtual_at, real_at, reached)
		VALUES (1, $1, $2, $3, $2) ON CONFLICT (id) DO UPDATE SET speed = excluded.speed,
		virtual_at = excluded.virtual_at, real_at = excluded.real_at,
		reached = GREATEST(runtime_clock.reached, excluded.reached)`,
		speed, dbTime(virtualAt), dbTime(realAt))
	if err != nil {
		return s.fail("set runtime clock", err)
	}
	return nil
}
