// Package accountrow is how both stores check a sending account before they write it
// and the errors they answer with about accounts (migration 0001 of each store holds
// the same columns). The SQL, and the decoding of its rows (sqlc's in the PostgreSQL
// store), stay in each store.
package accountrow

import (
	"fmt"
	"time"

	"github.com/paceline/paceline"
)

// Check is the domain's own validation plus the state, which Validate leaves to
// whoever sets it.
func Check(a *paceline.Account) error {
	if err := a.Validate(); err != nil {
		return err
	}
	switch a.State {
	case paceline.AccountActive, paceline.AccountPaused:
		return nil
	}
	return paceline.FieldErrorf("state", "unknown account state %q (want active or paused)", a.State)
}

// New readies a new account to be stored: active unless State says otherwise, checked,
// and created (and updated) at its CreatedAt or, when that is zero, the store's clock
// (now), at the database's precision (at), as are the instants of its known connections and InMail credits.
func New(a *paceline.Account, now func() time.Time, at func(time.Time) time.Time) error {
	if a.State == "" {
		a.State = paceline.AccountActive
	}
	if err := Check(a); err != nil {
		return err
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now()
	}
	a.CreatedAt = at(a.CreatedAt)
	a.UpdatedAt = a.CreatedAt
	if !a.ConnectionsAt.IsZero() {
		a.ConnectionsAt = at(a.ConnectionsAt) // as the store will read it back
	}
	if !a.InMailCreditsAt.IsZero() {
		a.InMailCreditsAt = at(a.InMailCreditsAt)
	}
	return nil
}

// Missing is the error for a row (an account's own, or a ledger, event or campaign
// row) naming an unknown account.
func Missing(name string) error {
	return paceline.Errorf(paceline.ENOTFOUND,
		"no account named %q (see paceline accounts list for the names)", name)
}

// MissingID is the error for an update of an account ID that no longer exists.
func MissingID(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND,
		"no account with id %d (it may have been removed; see paceline accounts list)", id)
}

// NameTaken is the conflict of a second account with the same name; it names the
// field so that a form or a flag can be pointed at.
func NameTaken(name string) error {
	return &paceline.Error{Code: paceline.ECONFLICT, Field: "name", Message: fmt.Sprintf(
		"an account named %q already exists (pick another name, or see paceline accounts show %s)", name, name)}
}
