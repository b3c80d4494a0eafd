package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// conflictCSV has Zoe, whose email the provider gives Bob too, and three leads with
// nothing the local rules can fill.
const conflictCSV = "profileUrl,fullName,email\n" +
	"https://www.linkedin.com/in/zoe-park,Zoe Park,zoe@acme.io\n" +
	"https://www.linkedin.com/in/bob-roy,Bob Roy,\n" +
	"https://www.linkedin.com/in/cy-dee,Cy Dee,\n" +
	"https://www.linkedin.com/in/dan-fox,Dan Fox,\n" +
	"https://www.linkedin.com/in/eve-ng,Eve Ng,\n"

// startPeopleAPI serves answers by first name: Bob gets Zoe's email, Dan a suppressed
// one, Cy and Eve the same new one (the second to ask is refused it); every lead but
// lead gets a title. status, when not 200, is every answer instead.
func startPeopleAPI(t *testing.T, dir string, status int) string {
	t.Helper()
	emails := map[string]string{"Bob": "Zoe@Acme.io", "Dan": "gone@acme.io", "Cy": "shared@acme.io", "Eve": "shared@acme.io"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != http.StatusOK {
			http.Error(w, "down", status)
			return
		}
		name := r.URL.Query().Get("name")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"person": map[string]string{"email": emails[name], "title": "CTO"}})
	}))
	t.Cleanup(srv.Close)
	return writeFile(t, dir, "people.yaml", `providers:
  - name: people
    url: "`+srv.URL+`/person?name={{first_name}}"
    retries: 0
    fields:
      email: person.email
      title: person.title
`)
}

func TestLeadsEnrichSkipsAConflictingEmailAndKeepsTheRest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", conflictCSV))
	mustCLI(t, db, "leads", "optout", "gone@acme.io")
	providers := startPeopleAPI(t, dir, http.StatusOK)
	wantErrs := []string{
		"#2 Bob Roy: enrichment provider people gave the email zoe@acme.io, which was not stored: it is already the email of lead 1",
		"#4 Dan Fox: enrichment provider people gave the email gone@acme.io, which was not stored: it is on the suppression list",
		"#5 Eve Ng: enrichment provider people gave the email shared@acme.io, which was not stored: lead 3 was given it earlier in this run",
	}
	check := func(run string, got enrichJSON) {
		t.Helper()
		if got.Enriched != 5 || got.Fills["title"] != 5 || got.Fills["email"] != 1 || len(got.Errors) != len(wantErrs) {
			t.Errorf("%s: %+v", run, got)
		}
		for i, want := range wantErrs {
			if i >= len(got.Errors) || !strings.HasPrefix(got.Errors[i], want) {
				t.Errorf("%s: errors = %q, want %q at %d", run, got.Errors, want, i)
			}
		}
	}
	before := fileSum(t, db)
	check("--dry-run", enrichRun(t, db, "--providers", providers, "--dry-run"))
	if fileSum(t, db) != before {
		t.Error("--dry-run changed the database")
	}
	check("enrich", enrichRun(t, db, "--providers", providers))
	for ref, want := range map[string][2]string{
		"in:bob-roy": {"", "CTO"}, "in:cy-dee": {"shared@acme.io", "CTO"},
		"in:dan-fox": {"", "CTO"}, "in:eve-ng": {"", "CTO"}, "in:zoe-park": {"zoe@acme.io", "CTO"},
	} {
		if v := leadJSON(t, db, ref); v.Email != want[0] || v.Title != want[1] {
			t.Errorf("%s: email %q title %q, want %q %q", ref, v.Email, v.Title, want[0], want[1])
		}
	}
}

func TestLeadsEnrichExitsNonZeroWhenItFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// No lead has anything the local rules can fill: only the provider could.
	csv := writeFile(t, dir, "l.csv", strings.Replace(conflictCSV, "zoe@acme.io", "", 1))
	down := startPeopleAPI(t, dir, http.StatusServiceUnavailable)
	deny := startPeopleAPI(t, t.TempDir(), http.StatusUnauthorized)
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   string
		jsonOut  bool
		hasError string
	}{
		{"unknown list", []string{"--list", "nope"}, exitFailed, `no list is named "nope"; the lists are "q1"; nothing was enriched`, false, ""},
		{"every provider call 503", []string{"--providers", down, "--json"}, exitInternal, "no lead was enriched: 5 leads failed", true, "503"},
		{"every provider call 401", []string{"--providers", deny, "--json"}, exitFailed, "no lead was enriched", true, "401"},
		{"dry run, 503", []string{"--providers", down, "--dry-run"}, exitInternal, "no lead was enriched", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := filepath.Join(t.TempDir(), "p.db")
			importLeadsJSON(t, db, csv, "--list", "q1")
			code, out, errOut := cli(t, db, append([]string{"leads", "enrich"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tt.code, tt.stderr)
			}
			if !tt.jsonOut {
				return
			}
			var got enrichJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v in %q", err, out)
			}
			if len(got.Errors) != 5 || !strings.Contains(strings.ToLower(got.Errors[0]), tt.hasError) {
				t.Errorf("errors = %q, want 5 mentioning %q", got.Errors, tt.hasError)
			}
		})
	}
}
