package sqlite

import (
	"testing"
	"time"

	"github.com/paceline/paceline/store/storetest"
)

// The SQLite store saves a mail checkpoint only while the mailbox settings are those
// the folder was read with.
func TestMailCheckpointConformance(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	now := storetest.Clock
	s.NowFunc = func() time.Time { return now }
	storetest.RunMailCheckpoint(t, s, func() { now = now.Add(time.Second) })
}
