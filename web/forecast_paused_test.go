package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api/apitest"
)

// QA's interns: few accept, so every run pauses its invites for a low acceptance rate.
// The CLI said "Paused runs 2 of 2 paused their invites for a low acceptance rate";
// the dashboard's forecast page said nothing of it.
func TestForecastPageSaysRunsPaused(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	var interns []*paceline.Lead
	for i := range 1500 {
		interns = append(interns, &paceline.Lead{FirstName: fmt.Sprintf("N%d", i), LastName: "L", Title: "Intern",
			Seniority: paceline.SeniorityIntern, ProfileKey: fmt.Sprintf("intern-%d", i)})
	}
	if err := apitest.InsertLeads(t.Context(), f.Store, interns); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	code, body := get(t, c, srv.URL+"/forecast?runs=2&weeks=10")
	if code != 200 {
		t.Fatalf("forecast: %d %s", code, body)
	}
	for _, want := range []string{`id="forecast-paused"`, "2 of 2 runs paused their invites for a low acceptance rate", "15% by default"} {
		if !strings.Contains(body, want) {
			t.Errorf("the forecast page does not say %q\n%s", want, body)
		}
	}
}
