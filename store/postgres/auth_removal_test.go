package postgres

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// The PostgreSQL store ends sessions on a new password and on a deleted user.
func TestUserRemovalConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunUserRemoval(t, openTest(t))
}
