package sqlite

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// The SQLite store ends sessions on a new password and on a deleted user.
func TestUserRemovalConformance(t *testing.T) {
	t.Parallel()
	storetest.RunUserRemoval(t, openTest(t))
}
