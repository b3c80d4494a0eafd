package postgres

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// A PostgreSQL started campaign takes a new sequence, compare-and-swap on the old one.
func TestStartedSequenceEditsConformance(t *testing.T) {
	t.Parallel()
	serverURL(t)
	storetest.RunStartedSequenceEdits(t, openTest(t))
}
