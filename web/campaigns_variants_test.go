package web_test

import (
	"strings"
	"testing"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// The campaigns page shows, under a campaign with variants, each variant's sends,
// successes, rate, posterior mean with its interval, P(best), and the frozen marker;
// a campaign without variants gets no table.
func TestCampaignsPageShowsVariants(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	// q1 is a campaign the fixture's ledger has sent.
	apitest.VariantUses(t, f.Store, "q1", apitest.ABSequence, "alice", map[string]string{
		"in/v-a": `{"step":"connect","variant":"short","sent":true,"success":true}`,
		"in/v-b": `{"step":"connect","variant":"short","sent":true}`,
		"in/v-c": `{"step":"connect","variant":"short","sent":true}`,
		"in/v-d": `{"step":"connect","variant":"warm"}`,
	})
	srv := serveFixture(t, f, func(d *api.Deps) { d.Campaigns = f.Store })
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	code, body := get(t, c, srv.URL+"/campaigns")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	q1, rest, ok := strings.Cut(body[strings.Index(body, `id="campaign-q1"`):], "</article>")
	if !ok {
		t.Fatalf("no campaign q1 on the page:\n%s", body)
	}
	for _, want := range []string{
		"A/B variants",
		// short: 1 of 3, mean (1+1)/(2+3) = 40%.
		"<td>short</td><td>3</td><td>1</td><td>33%</td><td>40% (",
		// warm: chosen, never sent, frozen: no rate, mean 1/2.
		`<tr class="frozen"><td>connect <span class="hint">(accepted)</span></td><td>warm <strong>frozen</strong></td><td>0</td><td>0</td><td>–</td><td>50% (`,
	} {
		if !strings.Contains(q1, want) {
			t.Errorf("campaign q1 lacks %q:\n%s", want, q1)
		}
	}
	if strings.Contains(rest, "A/B variants") {
		t.Errorf("a campaign without variants shows a variants table:\n%s", rest)
	}
}
