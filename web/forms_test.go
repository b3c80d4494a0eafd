package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paceline/paceline/api/apitest"
)

// A refused leads filter answers the leads page with its form as typed and the
// problem next to the field, not a bare error page.
func TestLeadsFilterRefusedKeepsForm(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	for _, tc := range []struct {
		query, want []string
	}{
		{[]string{"list=q1", "min_score=abc"}, []string{
			`name="list" value="q1"`, `name="min_score" type="number" min="0" max="100" value="abc"></label> <span class="problem" role="alert">&#34;abc&#34; is not a whole number from 0 to 100</span>`}},
		{[]string{"min_score=101", "seniority=vp"}, []string{
			`value="101"></label> <span class="problem" role="alert">`, `<option selected>vp</option>`}},
		{[]string{"seniority=boss"}, []string{`</select></label> <span class="problem" role="alert">unknown seniority &#34;boss&#34;`}},
		// A parameter the form does not show is said above the form.
		{[]string{"list=q1", "limit=0"}, []string{`<p class="notice warn" role="alert">Not filtered: limit: &#34;0&#34; is not a whole number`, `name="list" value="q1"`}},
	} {
		q := strings.Join(tc.query, "&")
		code, body := get(t, c, srv.URL+"/leads?"+q)
		if code != http.StatusBadRequest || !strings.Contains(body, `<form class="filters" method="get" action="/leads">`) || strings.Contains(body, "Back to the dashboard") {
			t.Errorf("%s: %d, want 400 and the leads page\n%s", q, code, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page lacks %s\n%s", q, w, body)
			}
		}
		if strings.Contains(body, `data-lead=`) || strings.Contains(body, "No lead matches") {
			t.Errorf("%s: leads listed under a refused filter\n%s", q, body)
		}
	}
	// A good filter still lists, with the values typed in the form.
	code, body := get(t, c, srv.URL+"/leads?min_score=1&seniority=vp")
	if code != http.StatusOK || !strings.Contains(body, `value="1"`) || !strings.Contains(body, `<option selected>vp</option>`) || strings.Contains(body, `class="problem"`) {
		t.Errorf("good filter: %d\n%s", code, body)
	}
}

// The forecast form refuses a value out of its range, either one, with the range next
// to the field and the values typed kept; a parameter left out takes its default.
func TestForecastRefusedKeepsForm(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"runs=0&weeks=3", []string{`name="runs" type="number" min="1" max="200" value="0"></label> <span class="problem" role="alert">&#34;0&#34; is not a whole number from 1 to 200</span>`, `name="weeks" type="number" min="1" max="26" value="3"></label>` + "\n"}},
		{"weeks=999", []string{`value="20"></label>` + "\n", `name="weeks" type="number" min="1" max="26" value="999"></label> <span class="problem" role="alert">&#34;999&#34; is not a whole number from 1 to 26</span>`}},
		{"runs=x&weeks=27", []string{`value="x"></label> <span class="problem" role="alert">&#34;x&#34; is not a whole number from 1 to 200`, `value="27"></label> <span class="problem" role="alert">&#34;27&#34; is not a whole number from 1 to 26`}},
	} {
		code, body := get(t, c, srv.URL+"/forecast?"+tc.query)
		if code != http.StatusBadRequest || !strings.Contains(body, `id="run-forecast"`) || strings.Contains(body, "<svg") {
			t.Errorf("%s: %d, want 400 and the form without a forecast\n%s", tc.query, code, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the page lacks %q\n%s", tc.query, w, body)
			}
		}
	}
	code, body := get(t, c, srv.URL+"/forecast?weeks=2")
	if code != http.StatusOK || !strings.Contains(body, "20 runs of 2 weeks") {
		t.Errorf("weeks alone: %d\n%s", code, body)
	}
}

// The Campaigns page honours ?days= within the API's range and refuses other values
// in its form.
func TestCampaignsDays(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	code, body := get(t, c, srv.URL+"/campaigns?days=7")
	if code != http.StatusOK || !strings.Contains(body, "events of the last 7 days.") || !strings.Contains(body, `name="days" type="number" min="1" max="400" value="7"`) {
		t.Errorf("days=7: %d\n%s", code, body)
	}
	for _, bad := range []string{"0", "401", "week"} {
		code, body := get(t, c, srv.URL+"/campaigns?days="+bad)
		if code != http.StatusBadRequest || !strings.Contains(body, `value="`+bad+`"></label> <span class="problem" role="alert">&#34;`+bad+`&#34; is not a whole number from 1 to 400</span>`) {
			t.Errorf("days=%s: %d\n%s", bad, code, body)
		}
	}
}

// The funnels follow ?days=: the fixture's campaign sent nothing in the last day.
func TestCampaignsDaysWindow(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	c := client(t)
	login(t, c, srv.URL, apitest.Password)
	// The fixture's invites are days old and a reply came 20 hours ago: the last day's
	// funnel holds the reply (its invite found before the window) and no invite.
	const invited = `class="axis">invited</text>`
	firstVal := func(page string) string {
		i := strings.Index(page, invited)
		if i < 0 {
			return ""
		}
		rest := page[i:]
		j := strings.Index(rest, `class="val">`)
		if j < 0 {
			return ""
		}
		rest = rest[j+len(`class="val">`):]
		return rest[:strings.Index(rest, "<")]
	}
	if _, wide := get(t, c, srv.URL+"/campaigns"); firstVal(wide) == "" || firstVal(wide) == "0" {
		t.Fatalf("no invite in the funnel of the last 90 days:\n%s", wide)
	}
	if _, narrow := get(t, c, srv.URL+"/campaigns?days=1"); firstVal(narrow) != "0" {
		t.Errorf("the page of the last day counts the invites of the last 90 days (invited %q):\n%s", firstVal(narrow), narrow)
	}
}
