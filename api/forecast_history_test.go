package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// A forecast of the database says what it starts from: the leads not yet enrolled, and
// that the accounts' last week (the fixture's actions) is replayed into their
// Pacers rather than each starting with its whole allowance.
func TestForecastStoreSaysWhatItStartsFrom(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	got, err := api.ForecastStore(context.Background(), f.Store, f.Store, 1, 1, apitest.Now)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(got.Notes, "\n")
	for _, want := range []string{"with 6 leads not yet enrolled", "what the accounts did in the last 100 days is counted ("} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes do not say %q:\n%s", want, notes)
		}
	}
}
