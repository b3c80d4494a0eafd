package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/campaignrow"
)

// DB returns the store's connection pool, for River's SQLite driver: River's jobs live
// in the same file, so a tick's job and the paceline rows it writes share one database.
func (s *Store) DB() *sql.DB { return s.db }

// CreateCampaign stores a new campaign with its sending accounts. Errors: EINVALID for
// a missing name, sequence or account list; ECONFLICT for a name already taken;
// ENOTFOUND for an account that does not exist.
func (s *Store) CreateCampaign(ctx context.Context, c *paceline.Campaign) error {
	if err := campaignrow.Check(c); err != nil {
		return err
	}
	now := s.now()
	if c.State == "" {
		c.State = paceline.CampaignDraft
	}
	var pausedAt time.Time // a campaign created paused is paused from now
	if c.State == paceline.CampaignPaused {
		pausedAt = now
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create campaign %s: %w", c.Name, err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `INSERT INTO campaigns
		(name, list, sequence, priority, state, paused_reason, paused_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Name, c.List, c.Sequence, c.Priority, string(c.State), c.PausedReason, nullTime(pausedAt), now, now).Scan(&c.ID)
	if isUnique(err) {
		return campaignrow.Taken(c.Name)
	}
	if err != nil {
		return fmt.Errorf("create campaign %s: %w", c.Name, err)
	}
	for _, a := range c.Accounts {
		_, err := tx.ExecContext(ctx, `INSERT INTO campaign_accounts (campaign_id, account) VALUES (?, ?)`, c.ID, a)
		switch {
		case isForeignKey(err):
			return missingAccount(a)
		case isUnique(err):
			return campaignrow.AccountTwice(a)
		case err != nil:
			return fmt.Errorf("create campaign %s: %w", c.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create campaign %s: %w", c.Name, err)
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+campaignrow.Columns+` FROM campaigns `+where+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("read campaigns: %w", err)
	}
	defer rows.Close()
	list, err := campaignrow.Read(rows, failing("read campaigns"))
	if err != nil {
		return nil, err
	}
	rows.Close()
	if len(list) == 0 {
		return nil, nil
	}
	arows, err := s.db.QueryContext(ctx, `SELECT campaign_id, account FROM campaign_accounts ORDER BY account`)
	if err != nil {
		return nil, fmt.Errorf("read campaign accounts: %w", err)
	}
	defer arows.Close()
	return campaignrow.AddAccounts(arows, list, failing("read campaign accounts"))
}

// SetCampaignState starts, pauses or resumes a campaign; reason says why a paused one
// is paused. A stopped campaign stays stopped (StopCampaign ends one): a start of it is
// refused, and a pause leaves it as it is, since it holds more than a pause would (the
// engine may pause a campaign a stop ended while its tick ran). A pause of a paused
// campaign changes its reason but not its PausedAt: it is the same pause. Errors:
// ENOTFOUND; ECONFLICT for a start of a stopped campaign.
func (s *Store) SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error {
	if state == paceline.CampaignStopped {
		return paceline.Errorf(paceline.EINTERNAL, "set campaign %s stopped: only StopCampaign stops a campaign, with its enrollments", name)
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE campaigns SET state = ?, paused_reason = ?, `+campaignrow.PausedAtSet+`,
		updated_at = ? WHERE name = ? AND state <> 'stopped'`,
		string(state), reason, string(state), now, now, name)
	if err != nil {
		return fmt.Errorf("set campaign %s %s: %w", name, state, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
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
	states, actions = map[paceline.EnrollmentState]int{}, map[paceline.ActionKind]int{}
	if err := eachRow(ctx, s.db, `SELECT state, COUNT(*) FROM enrollments WHERE campaign_id = ? GROUP BY state`,
		[]any{c.ID}, func(r *sql.Rows) error {
			var st string
			var n int
			err := r.Scan(&st, &n)
			states[paceline.EnrollmentState(st)] = n
			return err
		}); err != nil {
		return nil, nil, fmt.Errorf("count enrollments of %s: %w", name, err)
	}
	if err := eachRow(ctx, s.db, `SELECT kind, COUNT(*) FROM actions WHERE campaign = ? AND result = 'done' AND state = 'done' GROUP BY kind`,
		[]any{name}, func(r *sql.Rows) error {
			var k string
			var n int
			err := r.Scan(&k, &n)
			actions[paceline.ActionKind(k)] = n
			return err
		}); err != nil {
		return nil, nil, fmt.Errorf("count actions of %s: %w", name, err)
	}
	return states, actions, nil
}

// eachRow runs a query and calls fn for every row.
func eachRow(ctx context.Context, db *sql.DB, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// JobDB opens a second pool on the store's file for River, with one connection: River
// runs several internal operations at once, which SQLite's single writer would answer
// with "database is locked" on a larger pool; the busy timeout makes River and the
// store's own connections queue for each other instead.
func (s *Store) JobDB() (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(s.path))
	if err != nil {
		return nil, fmt.Errorf("open job database %s: %w", s.path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}
