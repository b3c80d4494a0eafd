package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline/store/postgres"
)

// The leads commands and campaigns start work on a PostgreSQL database as on a SQLite
// file: a CSV imported there is listed, shown, opted out of and exported, and a
// campaign started over its list enrolls its leads in rotation over the accounts.
func TestLeadsOnPostgres(t *testing.T) {
	t.Parallel()
	db := postgresSchema(t)
	ctx := context.Background()
	accounts := pgFixture(t, db, 2, 0) // two simulated accounts, no lead yet
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	var csv strings.Builder
	csv.WriteString("profileUrl,fullName,title,email\n")
	for i := range 6 {
		fmt.Fprintf(&csv, "https://www.linkedin.com/in/pg-lead-%d,Lead %d,VP Sales,lead%d@example.com\n", i, i, i)
	}
	csv.WriteString("https://www.linkedin.com/in/pg-lead-0/,Lead 0,VP Sales,\n") // a duplicate
	path := writeFile(t, t.TempDir(), "leads.csv", csv.String())
	out := mustCLI(t, db, "leads", "import", path, "--list", "q1")
	if !strings.Contains(out, "6 new leads, 1 duplicate") || !strings.Contains(out, "PostgreSQL at ") || strings.Contains(out, "postgres://") {
		t.Fatalf("import summary:\n%s", out)
	}

	var list []leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--list", "q1", "--json")), &list); err != nil || len(list) != 6 {
		t.Fatalf("list: %d leads, %v", len(list), err)
	}
	var shown leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "in:pg-lead-3", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Email != "lead3@example.com" || shown.Title != "VP Sales" || !slices.Equal(shown.Lists, []string{"q1"}) {
		t.Errorf("show: %+v", shown)
	}
	mustCLI(t, db, "leads", "optout", "in:pg-lead-5")
	exported := mustCLI(t, db, "leads", "export", "--list", "q1")
	// The rows of the suppression list come first, with no lead id.
	if n := strings.Count(exported, "\n") - 1 - strings.Count(exported, "\n,"); n != 6 || !strings.Contains(exported, "pg-lead-5") {
		t.Errorf("export holds %d leads, want 6 (an opted-out lead is exported too):\n%s", n, exported)
	}

	mustCLI(t, db, "campaigns", "create", "--name", "q1", "--list", "q1", "--accounts", strings.Join(accounts, ","))
	out = mustCLI(t, db, "campaigns", "start", "q1")
	if !strings.Contains(out, "5 leads enrolled") {
		t.Fatalf("start (the opted-out lead is left out):\n%s", out)
	}
	var enrolled []string
	for _, name := range accounts {
		recs, err := st.RunningEnrollments(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) < 2 {
			t.Errorf("account %s holds %d enrollments, want the leads in rotation", name, len(recs))
		}
		for _, r := range recs {
			enrolled = append(enrolled, r.Lead)
		}
	}
	slices.Sort(enrolled)
	if want := []string{"pg-lead-0", "pg-lead-1", "pg-lead-2", "pg-lead-3", "pg-lead-4"}; !slices.Equal(enrolled, want) {
		t.Errorf("enrolled %v, want %v", enrolled, want)
	}
	if out := mustCLI(t, db, "campaigns", "start", "q1"); !strings.Contains(out, "0 leads enrolled") {
		t.Errorf("a second start enrolled again:\n%s", out)
	}
}
