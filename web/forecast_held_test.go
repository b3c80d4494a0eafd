package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// Leads without a first name are held at the built-in sequence's messages: the
// forecast page says that leads are held, how many and for which field, where it
// showed fewer messages and no why.
func TestForecastPageSaysHeld(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	var nameless []*paceline.Lead
	for i := range 30 {
		nameless = append(nameless, &paceline.Lead{LastName: "Nameless", ProfileKey: fmt.Sprintf("nameless-%d", i), Score: 95})
	}
	if err := apitest.InsertLeads(t.Context(), f.Store, nameless); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	code, body := get(t, c, srv.URL+"/forecast?runs=2&weeks=4")
	if code != 200 {
		t.Fatalf("forecast: %d %s", code, body)
	}
	for _, want := range []string{`id="forecast-held"`, "2 of 2 runs held leads", "wait until their first_name is filled in"} {
		if !strings.Contains(body, want) {
			t.Errorf("the forecast page does not say %q\n%s", want, body)
		}
	}
}
