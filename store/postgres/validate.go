package postgres

import "github.com/paceline/paceline"

// The checks below are the store's contract on input, the same as store/sqlite's: a
// bad row is refused with the field it names before it reaches the database.

// checkAccount is the domain's own validation plus the state, which Validate leaves to
// whoever sets it.
func checkAccount(a *paceline.Account) error {
	if err := a.Validate(); err != nil {
		return err
	}
	switch a.State {
	case paceline.AccountActive, paceline.AccountPaused:
		return nil
	}
	return paceline.FieldErrorf("state", "unknown account state %q (want active or paused)", a.State)
}

// missingAccount is the error for a ledger or event row naming an unknown account.
func missingAccount(name string) error {
	return paceline.Errorf(paceline.ENOTFOUND,
		"no account named %q (see paceline accounts list for the names)", name)
}
