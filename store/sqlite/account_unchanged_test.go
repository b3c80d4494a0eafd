package sqlite

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The store writes an account only if it is still as it was read when asked to.
func TestUpdateAccountUnchangedConformance(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	now := storetest.Clock
	s.NowFunc = func() time.Time { return now }
	storetest.RunUpdateAccountUnchanged(t, s, func() { now = now.Add(time.Second) })
}
