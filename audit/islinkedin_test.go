package audit

import (
	"testing"

	"github.com/paceline/paceline"
)

// TestIsLinkedInAgreesWithLinkedIn holds the audit's quick check of an account type to
// LinkedIn's own answer, for every type, a mailbox and a type this build does not know.
func TestIsLinkedInAgreesWithLinkedIn(t *testing.T) {
	t.Parallel()
	types := append([]paceline.AccountType{paceline.TypeEmail, "no-such-type"}, paceline.AccountTypes...)
	for _, typ := range types {
		if _, want := LinkedIn(typ); isLinkedIn(typ) != want {
			t.Errorf("isLinkedIn(%q) = %v, LinkedIn says %v", typ, !want, want)
		}
	}
}
