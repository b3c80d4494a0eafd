package assist_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline/executor/assist"
)

// TestOutcomesAreWhatParseOutcomeAccepts checks that the list help texts are written
// from is the set ParseOutcome accepts, and that its error names it.
func TestOutcomesAreWhatParseOutcomeAccepts(t *testing.T) {
	t.Parallel()
	for _, o := range assist.Outcomes() {
		if got, err := assist.ParseOutcome(string(o)); err != nil || got != o {
			t.Errorf("ParseOutcome(%q) = %q, %v", o, got, err)
		}
	}
	if got, want := assist.OutcomeList("or"), "sent, skipped, failed, refused, limit-notice or restricted"; got != want {
		t.Errorf("OutcomeList = %q, want %q", got, want)
	}
	_, err := assist.ParseOutcome("posted")
	if err == nil || !strings.Contains(err.Error(), assist.OutcomeList("or")) {
		t.Errorf("ParseOutcome(posted) = %v, want an error naming %s", err, assist.OutcomeList("or"))
	}
}
