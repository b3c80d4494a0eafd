package main

import (
	"cmp"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/paceline/paceline/enrich"
	"github.com/paceline/paceline/store/sqlite"
)

// enrichCSV has leads whose gaps the local rules fill (a website, a work email) and
// one, Cy Dee, with nothing but a name, whom only the test provider knows.
const enrichCSV = "profileUrl,fullName,companyName,title,location,email,website\n" +
	"https://www.linkedin.com/in/ann-lee,Ann Lee,Acme Inc.,VP Sales,,,https://www.acme.test/about\n" +
	"https://www.linkedin.com/in/bob-roy,Bob Roy,,Software Engineer,\"Berlin, Germany\",bob.roy@acme.test,\n" +
	"https://www.linkedin.com/in/cy-dee,Cy Dee,,,,,\n"

type enrichJSON struct {
	Leads    int            `json:"leads"`
	Enriched int            `json:"enriched"`
	DryRun   bool           `json:"dry_run"`
	Fills    map[string]int `json:"fills"`
	Errors   []string       `json:"errors"`
}

func enrichRun(t *testing.T, db string, args ...string) enrichJSON {
	t.Helper()
	out := mustCLI(t, db, append([]string{"leads", "enrich", "--json"}, args...)...)
	var r enrichJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	return r
}

func leadJSON(t *testing.T, db, ref string) leadView {
	t.Helper()
	var v leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", ref, "--json")), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// startProvider serves a people API on loopback that knows Cy Dee only.
func startProvider(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("name") != "Cy Dee" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"person": {"title": "Head of Marketing", "location": "Lyon, France", "site": "https://dee.test"}}`))
	}))
	t.Cleanup(srv.Close)
	return writeFile(t, dir, "providers.yaml", `providers:
  - name: people
    url: "`+srv.URL+`/person?name={{first_name}}%20{{last_name}}"
    fields:
      title: person.title
      location: person.location
      website: person.site
`)
}

func TestLeadsEnrichFillsAndIsIdempotent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", enrichCSV))
	providers := startProvider(t, dir)
	before := fileSum(t, db)

	dry := enrichRun(t, db, "--providers", providers, "--dry-run")
	if !dry.DryRun || dry.Enriched != 3 || dry.Fills["time_zone"] != 1 {
		t.Errorf("dry run: %+v", dry)
	}
	if fileSum(t, db) != before {
		t.Error("--dry-run changed the database")
	}
	if v := leadJSON(t, db, "in:cy-dee"); v.Title != "" {
		t.Errorf("--dry-run wrote Cy's title %q", v.Title)
	}

	got := enrichRun(t, db, "--providers", providers)
	want := map[string]int{"company_domain": 3, "title": 1, "location": 1, "website": 1, "seniority": 1, "department": 1, "time_zone": 1}
	if got.Leads != 3 || got.Enriched != 3 || len(got.Errors) != 0 {
		t.Errorf("enrich: %+v", got)
	}
	for f, n := range want {
		if got.Fills[f] != n {
			t.Errorf("fills[%s] = %d, want %d (all: %v)", f, got.Fills[f], n, got.Fills)
		}
	}
	ann, bob, cy := leadJSON(t, db, "in:ann-lee"), leadJSON(t, db, "in:bob-roy"), leadJSON(t, db, "in:cy-dee")
	if ann.Custom["company_domain"] != "acme.test" || bob.Custom["company_domain"] != "acme.test" {
		t.Errorf("company domains: ann %q bob %q", ann.Custom["company_domain"], bob.Custom["company_domain"])
	}
	if ann.Title != "VP Sales" || ann.Seniority != "vp" {
		t.Errorf("ann's imported title changed: %q %q", ann.Title, ann.Seniority)
	}
	if cy.Title != "Head of Marketing" || cy.Seniority == "" || cy.Department != "marketing" ||
		cy.TimeZone != "Europe/Paris" || cy.Custom["company_domain"] != "dee.test" {
		t.Errorf("cy after enrich: %+v", cy)
	}

	after := fileSum(t, db)
	again := enrichRun(t, db, "--providers", providers)
	if again.Enriched != 0 || len(again.Fills) != 0 {
		t.Errorf("second enrich filled more: %+v", again)
	}
	if v := leadJSON(t, db, "in:cy-dee"); v.UpdatedAt != cy.UpdatedAt {
		t.Errorf("second enrich rewrote Cy: updated %v then %v", cy.UpdatedAt, v.UpdatedAt)
	}
	if fileSum(t, db) != after {
		t.Error("a second enrich changed the database")
	}
}

func TestLeadsEnrichText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", enrichCSV), "--list", "q1")
	out := mustCLI(t, db, "leads", "enrich", "--list", "q1")
	for _, want := range []string{"#1 Ann Lee", "company_domain = acme.test (from website)", "company_domain = acme.test (from email)", "Enriched 2 of 3 leads: company_domain 2."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestLeadsEnrichErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", enrichCSV))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing providers file", []string{"--providers", filepath.Join(dir, "none.yaml")}, "cannot read"},
		{"bad providers file", []string{"--providers", writeFile(t, dir, "bad.yaml", "providers:\n  - name: x\n    url: ftp://x\n    fields: {nope: a}\n")}, "http or https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := cli(t, db, append([]string{"leads", "enrich"}, tt.args...)...)
			if code != exitFailed || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, exitFailed, tt.want)
			}
		})
	}
}

// startTestDNS serves, on loopback only, MX records for acme.test and NXDOMAIN for
// every other name, and returns its address.
func startTestDNS(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		q := req.Question[0]
		switch {
		case strings.EqualFold(q.Name, "acme.test.") && q.Qtype == dns.TypeMX:
			m.Answer = append(m.Answer, &dns.MX{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeMX, Class: dns.ClassINET, Ttl: 60}, Preference: 10, Mx: "mx.acme.test."})
		case strings.EqualFold(q.Name, "acme.test."):
		default:
			m.Rcode = dns.RcodeNameError
		}
		w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

type findJSON struct {
	Finding struct {
		Domain struct {
			Domain string `json:"domain"`
			Status string `json:"status"`
		} `json:"domain"`
		Candidates []struct {
			Address    string  `json:"address"`
			Status     string  `json:"status"`
			Confidence float64 `json:"confidence"`
		} `json:"candidates"`
	} `json:"finding"`
	Best  string `json:"best"`
	Saved string `json:"saved"`
}

func TestLeadsFindEmail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", enrichCSV+
		"https://www.linkedin.com/in/dan-gone,Dan Gone,,,,,https://missing.test\n"+
		"https://www.linkedin.com/in/eve-out,Eve Out,,,,,https://acme.test\n"))
	server := startTestDNS(t)
	mustCLI(t, db, "leads", "optout", "in:eve-out")

	var r findJSON
	out := mustCLI(t, db, "leads", "find-email", "in:ann-lee", "--dns", server, "--json", "--save")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	// Bob's bob.roy@acme.test is evidence for first.last.
	if r.Finding.Domain.Status != "mx" || len(r.Finding.Candidates) == 0 || r.Best != "ann.lee@acme.test" ||
		r.Finding.Candidates[0].Status != "risky" || r.Finding.Candidates[0].Confidence <= 0.3 {
		t.Errorf("find-email ann: %s", out)
	}
	if r.Saved != "" || leadJSON(t, db, "in:ann-lee").Email != "" {
		t.Errorf("--save stored an address no server verified: %q", r.Saved)
	}

	text := mustCLI(t, db, "leads", "find-email", "in:dan-gone", "--dns", server)
	for _, want := range []string{"missing.test: nxdomain", "no_mx", "takes no mail"} {
		if !strings.Contains(text, want) {
			t.Errorf("find-email at a missing domain lacks %q:\n%s", want, text)
		}
	}

	// A DNS server that does not answer is an error (exit 3), not a finding of nothing.
	code, out, errOut := cli(t, db, "leads", "find-email", "in:ann-lee", "--dns", "127.0.0.1:1")
	if code != exitInternal || !strings.Contains(errOut, "the DNS server did not answer, so nothing is known about acme.test") ||
		!strings.Contains(out, "ann.lee@acme.test") {
		t.Errorf("find-email with a silent DNS server: exit %d\n%s%s", code, out, errOut)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no such lead", []string{"in:nobody-here", "--dns", server}, "nobody-here"},
		{"opted out", []string{"in:eve-out", "--dns", server}, "opted out"},
		{"not a lead reference", []string{"not a url", "--dns", server}, "name a lead"},
		{"no domain", []string{"in:cy-dee", "--dns", server}, "company domain"},
		{"bad dns server", []string{"in:ann-lee", "--dns", "dns.example:53"}, "IP address"},
		{"probe without sender", []string{"in:ann-lee", "--dns", server, "--probe"}, "--helo"},
		{"helo without probe", []string{"in:ann-lee", "--dns", server, "--helo", "x.test"}, "--probe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := cli(t, db, append([]string{"leads", "find-email"}, tt.args...)...)
			if code != exitFailed || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, exitFailed, tt.want)
			}
		})
	}
}

func TestSaveBestStoresOnlyVerifiedAddresses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", enrichCSV))
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	finding := func(status enrich.Status, addr string) enrich.Finding {
		return enrich.Finding{Candidates: []enrich.Candidate{{Address: addr, Status: status, Confidence: 0.9}}}
	}
	tests := []struct {
		name    string
		ref     string
		finding enrich.Finding
		want    string
	}{
		{"risky guess", "in:ann-lee", finding(enrich.StatusRisky, "ann.lee@acme.test"), ""},
		{"catch-all", "in:ann-lee", finding(enrich.StatusCatchAll, "ann.lee@acme.test"), ""},
		{"lead has an email", "in:bob-roy", finding(enrich.StatusValid, "broy@acme.test"), ""},
		{"verified", "in:ann-lee", finding(enrich.StatusValid, "ann.lee@acme.test"), "ann.lee@acme.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := st.LeadByKey(ctx, "in", strings.TrimPrefix(tt.ref, "in:"))
			if err != nil {
				t.Fatal(err)
			}
			before := l.Email
			saved, err := saveBest(ctx, st, l, tt.finding)
			if err != nil || saved != tt.want {
				t.Fatalf("saveBest = %q, %v; want %q", saved, err, tt.want)
			}
			after, err := st.Lead(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := cmp.Or(tt.want, before); after.Email != want {
				t.Errorf("stored email %q, want %q", after.Email, want)
			}
		})
	}
}

// TestLeadsEnrichRescores checks that the leads an enrichment fills are scored again:
// after it, "leads score" with the same rules has nothing left to change, and with
// --no-rescore the stale scores stay until then.
func TestLeadsEnrichRescores(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	providers := startProvider(t, dir)
	csv := writeFile(t, dir, "l.csv", enrichCSV)
	rescored := func(db string) int {
		var r struct {
			Changed int `json:"changed"`
		}
		if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "score", "--json")), &r); err != nil {
			t.Fatal(err)
		}
		return r.Changed
	}

	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, csv)
	before := leadJSON(t, db, "in:cy-dee")
	enrichRun(t, db, "--providers", providers)
	cy := leadJSON(t, db, "in:cy-dee")
	if cy.Score <= before.Score {
		t.Errorf("Cy gained a title, seniority and time zone but the score went %d -> %d", before.Score, cy.Score)
	}
	if n := rescored(db); n != 0 {
		t.Errorf("leads score after enrich changed %d scores; enrich should have left none stale", n)
	}

	stale := filepath.Join(dir, "stale.db")
	importLeadsJSON(t, stale, csv)
	enrichRun(t, stale, "--providers", providers, "--no-rescore")
	if v := leadJSON(t, stale, "in:cy-dee"); v.Score != before.Score || v.Seniority == "" {
		t.Errorf("--no-rescore: Cy's seniority %q, score %d -> %d; want the fill and the old score", v.Seniority, before.Score, v.Score)
	}
	if n := rescored(stale); n == 0 {
		t.Error("after --no-rescore, leads score found nothing to change")
	}

	code, _, errOut := cli(t, stale, "leads", "enrich", "--no-rescore", "--icp", csv)
	if code != exitFailed || !strings.Contains(errOut, "give one of them") {
		t.Errorf("--icp with --no-rescore: exit %d, stderr %q", code, errOut)
	}
}
