// Package campaignrow is how both stores check, write and read back campaigns and
// their sending accounts (migration 0003 of each store holds the same columns): the
// input checks, the errors they answer with, and the decoding of the rows. The SQL
// stays in each store; what it selects is Columns, in the order Read reads.
package campaignrow

import (
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns a select of campaigns names, in the order Read reads them.
const Columns = `id, name, list, sequence, priority, state, paused_reason,
		paused_at, created_at, updated_at`

// PausedAtSet is the assignment of paused_at by an update of a campaign's state: NULL
// unless the new state is paused; kept when the campaign is paused already, so a pause
// of a paused campaign (with another reason, or the engine's, of a campaign a person
// paused while its tick ran) stays the pause that began then, which the webhook
// relay keys its campaign_paused by and tells once; else the instant of the change.
// Its placeholders are the new state and that instant.
const PausedAtSet = `paused_at = CASE WHEN ? <> 'paused' THEN NULL
		WHEN state = 'paused' AND paused_at IS NOT NULL THEN paused_at ELSE ? END`

// Check refuses a campaign that could not run: it needs a name, a sequence and at
// least one account to send from.
func Check(c *paceline.Campaign) error {
	switch {
	case strings.TrimSpace(c.Name) == "":
		return paceline.FieldErrorf("name", "is empty (give the campaign a short name)")
	case strings.TrimSpace(c.Sequence) == "":
		return paceline.FieldErrorf("sequence", "is empty (give the sequence YAML)")
	case len(c.Accounts) == 0:
		return paceline.FieldErrorf("accounts", "is empty (name at least one sending account)")
	}
	return nil
}

// Missing is the error for a campaign name that does not exist.
func Missing(name string) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no campaign named %q (see paceline campaigns list)", name)
}

// Taken is the error for a second campaign with a name already stored.
func Taken(name string) error {
	return paceline.Errorf(paceline.ECONFLICT, "a campaign named %q already exists (pick another name)", name)
}

// AccountTwice is the error for a campaign that lists a sending account twice.
func AccountTwice(account string) error {
	return paceline.FieldErrorf("accounts", "names %s twice", account)
}

// Read reads every row of Columns, in order, without their accounts (see
// AddAccounts). fail wraps an error of a row or of the result set with what the store
// was doing.
func Read(rows row.Rows, fail func(error) error) ([]*paceline.Campaign, error) {
	var list []*paceline.Campaign
	for rows.Next() {
		c := &paceline.Campaign{}
		var state string
		var pausedAt *time.Time // NULL unless paused
		if err := rows.Scan(&c.ID, &c.Name, &c.List, &c.Sequence, &c.Priority, &state, &c.PausedReason,
			&pausedAt, &c.CreatedAt, &c.UpdatedAt); err != nil {
			return nil, fail(err)
		}
		c.State = paceline.CampaignState(state)
		if pausedAt != nil {
			c.PausedAt = pausedAt.UTC()
		}
		c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return list, nil
}

// AddAccounts appends to the campaigns of list their sending accounts, read from rows
// of (campaign_id, account) in the order the accounts are to be listed; rows of other
// campaigns are passed over. It returns list. fail wraps an error of a row; an error
// of the result set is returned as it is, with list.
func AddAccounts(rows row.Rows, list []*paceline.Campaign, fail func(error) error) ([]*paceline.Campaign, error) {
	byID := make(map[int64]*paceline.Campaign, len(list))
	for _, c := range list {
		byID[c.ID] = c
	}
	for rows.Next() {
		var id int64
		var a string
		if err := rows.Scan(&id, &a); err != nil {
			return nil, fail(err)
		}
		if c := byID[id]; c != nil {
			c.Accounts = append(c.Accounts, a)
		}
	}
	return list, rows.Err()
}
