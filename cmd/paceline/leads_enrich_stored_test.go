package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// startIdentityAPI serves, for any email, a person with a name, a company and a
// profile URL: the company may be stored, the rest never is.
func startIdentityAPI(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"first": "Ann", "last": "Lee", "company": "Acme Inc.", "profile": "https://www.linkedin.com/in/ann-lee"}`))
	}))
	t.Cleanup(srv.Close)
	return writeFile(t, dir, "identity.yaml", `providers:
  - name: identity
    url: "`+srv.URL+`/person?email={{email}}"
    fields:
      first_name: first
      last_name: last
      company: company
      profile_url: profile
`)
}

// TestLeadsEnrichReportsOnlyWhatItStores: a provider's name and profile URL were
// reported and counted as filled though never written, and its company was reported
// filled and lost. Now the company is stored, and the rest is shown as not stored,
// with why, and not counted, in the text and the --json report alike.
func TestLeadsEnrichReportsOnlyWhatItStores(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", "email\nann@acme.io\n"))
	providers := startIdentityAPI(t, dir)

	text := mustCLI(t, db, "leads", "enrich", "--providers", providers, "--dry-run")
	for _, want := range []string{
		"company = Acme Inc. (from provider:identity)\n",
		"first_name = Ann (from provider:identity), not stored: enrichment never changes a lead's name\n",
		"profile_url = https://www.linkedin.com/in/ann-lee/ (from provider:identity), not stored: a profile URL is one of the keys",
		"Would enrich (dry run, nothing written) 1 of 1 lead: company 1, company_domain 1, company_key 1.\n",
		"Found and not stored (why above): first_name 1, last_name 1, profile_url 1.\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, text)
		}
	}

	var got struct {
		Enriched  int            `json:"enriched"`
		Fills     map[string]int `json:"fills"`
		NotStored map[string]int `json:"not_stored"`
		Results   []struct {
			Fills     []struct{ Field string } `json:"fills"`
			NotStored []struct {
				Field, Value, Why string
			} `json:"not_stored"`
		} `json:"results"`
	}
	out := mustCLI(t, db, "leads", "enrich", "--providers", providers, "--json")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Enriched != 1 || len(got.Fills) != 3 || got.Fills["company"] != 1 || got.Fills["first_name"] != 0 ||
		len(got.NotStored) != 3 || got.NotStored["last_name"] != 1 || got.NotStored["profile_url"] != 1 {
		t.Errorf("counts: enriched %d, fills %v, not stored %v", got.Enriched, got.Fills, got.NotStored)
	}
	if len(got.Results) != 1 || len(got.Results[0].Fills) != 3 || len(got.Results[0].NotStored) != 3 ||
		got.Results[0].NotStored[0].Field != "first_name" || got.Results[0].NotStored[0].Value != "Ann" ||
		got.Results[0].NotStored[0].Why == "" {
		t.Errorf("results: %+v", got.Results)
	}
	v := leadJSON(t, db, "ann@acme.io")
	if v.Company != "Acme Inc." || v.FirstName != "" || v.LastName != "" || v.ProfileURL != "" {
		t.Errorf("stored lead: company %q, name %q %q, profile %q; want only the company", v.Company, v.FirstName, v.LastName, v.ProfileURL)
	}
}

// TestLeadsEnrichEmptyList: a list that exists but has no member, or only opted-out
// ones, is said to be so, not to be perhaps misnamed.
func TestLeadsEnrichEmptyList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "gone.csv", "profileUrl\nhttps://www.linkedin.com/in/rt-gone\n"), "--list", "emptied")
	importLeadsJSON(t, db, writeFile(t, dir, "out.csv", "profileUrl\nhttps://www.linkedin.com/in/rt-out\n"), "--list", "quiet")
	mustCLI(t, db, "leads", "erase", "in:rt-gone")
	mustCLI(t, db, "leads", "optout", "in:rt-out")

	for list, want := range map[string]string{
		"emptied": `List "emptied" is empty: no lead to enrich.`,
		"quiet":   `No lead to enrich in list "quiet": its only lead opted out, and opted-out leads are left alone.`,
	} {
		out := mustCLI(t, db, "leads", "enrich", "--list", list)
		if !strings.Contains(out, want) || strings.Contains(out, "check the list's name") {
			t.Errorf("--list %s: output %q, want %q", list, out, want)
		}
	}
}
