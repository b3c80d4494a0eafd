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

func checkAction(a *paceline.Action) error {
	switch {
	case a.Account == "":
		return paceline.FieldErrorf("account", "is empty (say which account acted)")
	case a.At.IsZero():
		return paceline.FieldErrorf("at", "is not set (say when the action happened)")
	case !a.Kind.Valid():
		return paceline.FieldErrorf("kind", "unknown action kind %q", a.Kind)
	}
	switch a.Result {
	case paceline.ResultDone, paceline.ResultRefused, paceline.ResultFailed:
		return nil
	}
	return paceline.FieldErrorf("result", "unknown result %q (want done, refused or failed)", a.Result)
}

func checkEvent(e *paceline.Event) error {
	switch {
	case e.Account == "":
		return paceline.FieldErrorf("account", "is empty (say which account the event concerns)")
	case e.At.IsZero():
		return paceline.FieldErrorf("at", "is not set (say when the event happened)")
	case e.Type == "":
		return paceline.FieldErrorf("type", "is empty (say what happened, such as accepted or replied)")
	case e.Kind != "" && !e.Kind.Valid():
		return paceline.FieldErrorf("kind", "unknown action kind %q", e.Kind)
	}
	return nil
}

// missingAccount is the error for a ledger or event row naming an unknown account.
func missingAccount(name string) error {
	return paceline.Errorf(paceline.ENOTFOUND,
		"no account named %q (see paceline accounts list for the names)", name)
}
