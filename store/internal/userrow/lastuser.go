package userrow

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
)

// LastUser is the error for deleting the only user: nobody could log in to the
// dashboard after, and the next serve would make a new admin with a new password.
func LastUser(name string) error {
	return paceline.Errorf(paceline.ECONFLICT, "%q is the only dashboard user, and without one nobody can log in: "+
		"add another first (paceline users create NAME), or, to shut this one's sessions out, set it a new password (paceline users passwd %s)",
		name, shellword.Quote(name))
}
