package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/storetest"
)

// bulkCSV makes a file of n people where some rows repeat a person: with other
// fields (merged in memory when close to the first row), in other URL forms, by email.
// far adds a repeat of the first person at the end, which the bulk import can only
// take by spilling into SQLite.
func bulkCSV(n int, far bool) string {
	var b strings.Builder
	b.WriteString("profileUrl,fullName,companyName,title,location,email,isOpenLink,sharedConnectionsCount,favourite colour\n")
	titles := []string{"VP Sales", "Software Engineer", "Head of Growth", "CEO", "Intern", ""}
	for i := range n {
		fmt.Fprintf(&b, "https://www.linkedin.com/in/person-%d,Person %d Smith,Acme %d Inc.,%s,\"Paris, France\",%s,%v,%d,%s\n",
			i, i, i%7, titles[i%len(titles)], email(i), i%4 == 0, i%30, []string{"red", "", "Zoë's blue"}[i%3])
		switch {
		case i%10 == 3:
			// The same person a few rows on, with a title and an email now.
			fmt.Fprintf(&b, "http://fr.linkedin.com/in/Person-%d/?trk=x,Person %d Smith,,Chief Revenue Officer,,person%d@new.example,,,\n", i-2, i-2, i-2)
		case i%10 == 7:
			// An exact repeat under another form of the URL.
			fmt.Fprintf(&b, "https://linkedin.com/in/person-%d/,Person %d Smith,Acme %d Inc.,%s,\"Paris, France\",%s,%v,%d,%s\n",
				i, i, i%7, titles[i%len(titles)], email(i), i%4 == 0, i%30, []string{"red", "", "Zoë's blue"}[i%3])
		case i%50 == 11:
			// Known only by the email of an earlier row.
			fmt.Fprintf(&b, ",Person %d Smith,,,,%s,,,\n", i-1, email(i-1))
		}
	}
	if far {
		// Rows changing people written long before: read back from their pages, their
		// new versions written after them; one of them twice, one gaining an email.
		for _, i := range []int{0, 5, n / 2, 5, 9} {
			fmt.Fprintf(&b, "https://www.linkedin.com/in/person-%d,Person %d Smith,Other Co %d,Founder,,%s,,,\n", i, i, i, email(i+1))
		}
		fmt.Fprintf(&b, "https://www.linkedin.com/in/late-%d,Late Person,,,,,,,\n", n)
	}
	return b.String()
}

func email(i int) string {
	if i%3 != 0 {
		return ""
	}
	return fmt.Sprintf("p.%d@acme%d.example", i, i%7)
}

// TestBulkImportMatchesSQLite imports files into a database made by OpenNew (the
// bulk import, writing the pages) and into one made by Open (SQLite inserting the
// rows), and wants the same report and the same rows in every table; SQLite's
// integrity_check must pass on the file the bulk import wrote, and the leads must be
// listed by the indexes it built.
func TestBulkImportMatchesSQLite(t *testing.T) {
	t.Parallel()
	presets, err := filepath.Glob("../../lead/testdata/*.csv")
	if err != nil || len(presets) < 4 {
		t.Fatalf("preset files: %v, %v", presets, err)
	}
	type file struct {
		csv  string
		list string
		want string // how the bulk import ends
	}
	files := map[string]file{
		"near":      {csv: bulkCSV(6000, false), want: "pages"},
		"near-list": {csv: bulkCSV(3000, false), list: "Q3 prospects", want: "pages"},
		"far":       {csv: bulkCSV(5000, true), list: "late", want: "pages, then updates"},
		"far-many":  {csv: bulkCSV(5000, true), want: "spilled"},
		"fold": {csv: "profileUrl,salesNavigatorUrl,fullName,email\n" +
			"https://www.linkedin.com/in/li-wei,,Li Wei,\n" +
			"https://www.linkedin.com/sales/lead/ACwAAB12345,,Li Wei,li@wei.cn\n" +
			"https://www.linkedin.com/in/li-wei,https://www.linkedin.com/sales/lead/ACwAAB12345,Li Wei,\n" +
			"https://www.linkedin.com/in/ada,,Ada L,\n", want: "spilled"},
		"opted-out": {csv: "profile_url,email,first_name,last_name,opted_out_at\n" +
			"https://www.linkedin.com/in/ada,,Ada,L,\n" +
			"https://www.linkedin.com/in/bob,bob@m.example,Bob,M,2026-01-02T03:04:05Z\n" +
			"https://www.linkedin.com/in/cy,,Cy,N,\n" +
			",bob@m.example,Bob,M,\n", want: "spilled"},
		"empty": {csv: "profileUrl,fullName\n", want: "pages"},
	}
	for _, p := range presets {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(p, "no_identity") {
			continue
		}
		files[filepath.Base(p)] = file{csv: string(b), want: "pages"}
	}
	for name, f := range files {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := t.TempDir()
			bulk, err := OpenNew(ctx, filepath.Join(dir, "bulk.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer bulk.Close()
			bulk.NowFunc = openTest(t).NowFunc
			if name == "far-many" {
				bulk.bulkMaxOverrides = 2 // more changed leads than it keeps: it spills
			}
			plain := openTest(t)
			opt := lead.ImportOptions{List: f.list}
			got, err := tryImport(ctx, bulk, f.csv, opt)
			if err != nil {
				t.Fatalf("bulk import: %v", err)
			}
			if bulk.bulkDone != f.want {
				t.Errorf("the bulk import ended %q, want %q", bulk.bulkDone, f.want)
			}
			want, err := tryImport(ctx, plain, f.csv, opt)
			if err != nil {
				t.Fatalf("import through SQLite: %v", err)
			}
			got.Seconds, want.Seconds = 0, 0
			if !reflect.DeepEqual(got, want) {
				t.Errorf("bulk report\n%+v\nwant\n%+v", got, want)
			}
			if r := integrity(t, bulk); r != "ok" {
				t.Fatalf("integrity_check of the bulk import's file: %s", r)
			}
			for _, q := range []string{
				`SELECT *, typeof(created_at), typeof(score), typeof(opted_out_at) FROM leads ORDER BY id`,
				`SELECT kind, value, lead_id FROM lead_keys ORDER BY kind, value`,
				`SELECT * FROM lists ORDER BY id`,
				`SELECT list_id, lead_id, added_at, typeof(added_at) FROM list_members ORDER BY list_id, lead_id`,
				`SELECT key_hash, reason, at FROM suppressions ORDER BY key_hash`,
				`SELECT id, score FROM leads INDEXED BY leads_score ORDER BY score DESC, id LIMIT 50`,
				`SELECT id FROM leads INDEXED BY leads_seniority WHERE seniority = 'vp' ORDER BY score DESC, id`,
				`SELECT lead_id, kind FROM lead_keys INDEXED BY lead_keys_lead WHERE lead_id BETWEEN 10 AND 40`,
				`SELECT lead_id FROM list_members INDEXED BY list_members_lead WHERE lead_id < 30`,
			} {
				g, err := tableRows(bulk, q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				w, err := tableRows(plain, q)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("%s:\nbulk %d rows %.300q\nwant %d rows %.300q", q, len(g), g, len(w), w)
				}
			}
		})
	}
}

// integrity runs SQLite's integrity_check on the store's file.
func integrity(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := tableRows(s, `PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(strings.Join(rows, ""))
}

// The leads suite passes on databases made by OpenNew too, whose first imports are
// bulk imports.
func TestLeadConformanceBulk(t *testing.T) {
	t.Parallel()
	storetest.RunLeads(t, func(t *testing.T) storetest.LeadDB {
		s, err := OpenNew(context.Background(), filepath.Join(t.TempDir(), "paceline.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.NowFunc = func() time.Time { return storetest.Clock }
		return storetest.LeadDB{LeadStore: s, Rows: func(q string) ([]string, error) { return tableRows(s, q) }}
	})
}

// A bulk import interrupted once its rows are read (Ctrl-C as the pages are written)
// fails with the interruption, which the CLI reports as such, or completes; the store
// can be closed either way. (From a review: the error read "%!w(<nil>) (and ...)".)
func TestBulkImportInterruptedAtTheEnd(t *testing.T) {
	t.Parallel()
	for _, far := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		s, err := OpenNew(context.Background(), filepath.Join(t.TempDir(), "bulk.db"))
		if err != nil {
			t.Fatal(err)
		}
		rd, err := lead.NewReader(strings.NewReader(bulkCSV(3000, far)), lead.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = s.ImportLeads(ctx, func(sink lead.Sink) error {
			_, err := lead.Import(ctx, rd, sink, lead.ImportOptions{List: "x"})
			cancel()
			return err
		})
		if err != nil && (!errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "%!")) {
			t.Errorf("far %v: %v", far, err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("far %v: close: %v", far, err)
		}
	}
}
