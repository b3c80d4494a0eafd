package sqlite

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// A SQLite started campaign takes a new sequence, compare-and-swap on the old one.
func TestStartedSequenceEditsConformance(t *testing.T) {
	t.Parallel()
	storetest.RunStartedSequenceEdits(t, openTest(t))
}
