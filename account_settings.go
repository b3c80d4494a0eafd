package paceline

import (
	"context"
	"maps"
	"time"
)

// AccountSettings is what an account paced by from Since on, until its next settings:
// the fields of Account that bound its actions. The auditor judges an action by the
// settings in force when it happened, so a cap lowered on Wednesday does not turn
// Monday's invites, sent under the old cap, into violations.
type AccountSettings struct {
	Since time.Time
	// Assumed marks settings nobody recorded when they took effect: an account created
	// before its store kept a history of settings gets, at its first change, the
	// settings it had until then, assumed to have held since its creation.
	Assumed bool

	Type     AccountType
	TimeZone string
	Hours    WorkingHours
	Days     WorkingDays
	MinGap   time.Duration
	Safety   float64
	Caps     map[ActionKind]int
	Limits   map[string]int
	Opened   time.Time
}

// SettingsOf returns the pacing settings of a as they stand, in force from since. The
// maps are copies: changing a later does not change them.
func SettingsOf(a *Account, since time.Time) AccountSettings {
	return AccountSettings{Since: since, Type: a.Type, TimeZone: a.TimeZone, Hours: a.Hours, Days: a.Days,
		MinGap: a.MinGap, Safety: a.Safety, Caps: maps.Clone(a.Caps), Limits: maps.Clone(a.Limits), Opened: a.Opened}
}

// Apply returns a copy of a with these pacing settings in place of its own: the
// account as it stood while they were in force (its name, executor and state as now).
func (s *AccountSettings) Apply(a *Account) *Account {
	c := *a
	c.Type, c.TimeZone, c.Hours, c.Days, c.MinGap, c.Safety = s.Type, s.TimeZone, s.Hours, s.Days, s.MinGap, s.Safety
	c.Caps, c.Limits, c.Opened = maps.Clone(s.Caps), maps.Clone(s.Limits), s.Opened
	if c.Caps == nil {
		c.Caps = map[ActionKind]int{}
	}
	return &c
}

// SamePacing reports whether s and o pace alike: every setting equal, whatever their
// Since and Assumed. A nil map and an empty one are alike.
func (s *AccountSettings) SamePacing(o *AccountSettings) bool {
	return s.Type == o.Type && s.TimeZone == o.TimeZone && s.Hours == o.Hours && s.Days == o.Days &&
		s.MinGap == o.MinGap && s.Safety == o.Safety && maps.Equal(s.Caps, o.Caps) &&
		maps.Equal(s.Limits, o.Limits) && s.Opened.Equal(o.Opened)
}

// AccountHistoryStore keeps the history of each account's pacing settings: a store
// writes an entry with the account's creation and with every update that changes them,
// in the same transaction.
//
// Errors: ENOTFOUND for a missing account.
type AccountHistoryStore interface {
	// AccountSettingsHistory returns the named account's settings in the order they
	// took effect (by Since, then by when they were written). It is empty for an
	// account created before the store kept a history and not changed since: such an
	// account has had its current settings, as far as anyone knows.
	AccountSettingsHistory(ctx context.Context, name string) ([]AccountSettings, error)
}
