package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// The import benchmarks both stores run (their lead_bench_test.go), so that the two
// figures are of the same work.

// BenchCSV returns a Sales Navigator-style file of n distinct people, every 20th row
// repeating an earlier one under another URL form.
func BenchCSV(n int) string {
	var b strings.Builder
	b.WriteString("profileUrl,fullName,companyName,title,location,industry,companySize,isPremium,isOpenLink,sharedConnectionsCount,email\n")
	titles := []string{"Head of Sales", "Software Engineer", "VP Marketing", "CEO", "Senior Data Scientist", "Director of Operations"}
	places := []string{"Paris, France", "Greater London", "Berlin, Germany", "Austin, Texas, United States"}
	for i := range n {
		id := i
		url := fmt.Sprintf("https://www.linkedin.com/in/person-%d", id)
		if i > 10 && i%20 == 0 {
			id = i / 2
			url = fmt.Sprintf("http://fr.linkedin.com/in/Person-%d/?trk=x", id)
		}
		email := ""
		if id%3 == 0 {
			email = fmt.Sprintf("p%d@company%d.com", id, id%500)
		}
		fmt.Fprintf(&b, "%s,Person %d Example,\"Company %d, Inc.\",%s,\"%s\",Software,51-200,%t,%t,%d,%s\n",
			url, id, id%500, titles[id%len(titles)], places[id%len(places)], id%4 == 0, id%7 == 0, id%50, email)
	}
	return b.String()
}

// BenchImportLeads measures a whole import (read, normalise, dedupe, score, store) of
// 100,000 rows into a fresh store from open. The 1,000,000-row figure of SQLite against
// the sqlite3 shell comes from scripts/import-bench.sh.
func BenchImportLeads(b *testing.B, open func(b *testing.B) LeadStore) {
	const rows = 100_000
	csv := BenchCSV(rows)
	rules := score.Default()
	b.SetBytes(int64(len(csv)))
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		rep, err := ImportCSV(context.Background(), s, csv, lead.ImportOptions{ScoreFunc: rules.Apply, List: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Rows != rows {
			b.Fatalf("imported %d rows, want %d", rep.Rows, rows)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchStoreLeadRows measures the store's side of an import alone: 100,000 new,
// already normalised and scored leads with their profile and email keys, written
// through the import's sink into a fresh database, with no file to parse and no
// duplicate. It is the floor under BenchImportLeads, the part that a faster parser
// cannot remove (see docs/leads.md, "Speed").
func BenchStoreLeadRows(b *testing.B, open func(b *testing.B) LeadStore) {
	const rows = 100_000
	rules := score.Default()
	leads := make([]*paceline.Lead, rows)
	keys := make([][]lead.Key, rows)
	for i := range leads {
		l := &paceline.Lead{ID: int64(i + 1), ProfileKey: fmt.Sprintf("person-%d-%x", i, i*7919%1000003),
			FirstName: "Alex", LastName: "Martin", Company: "Company 12 Inc.", CompanyKey: "company 12",
			Title: "Senior Software Engineer", Seniority: "senior", Department: "engineering",
			Location: "Paris, Île-de-France, France", TimeZone: "Europe/Paris", Industry: "Software Development",
			EmployeesMin: 11, EmployeesMax: 50, OpenProfile: i%7 == 0, Premium: i%4 == 0, MutualConnections: i % 50}
		keys[i] = []lead.Key{{Type: lead.KeyProfile, Value: l.ProfileKey}}
		if i%3 == 0 {
			l.Email = fmt.Sprintf("person.%d@company%d.com", i, i%5000)
			keys[i] = append(keys[i], lead.Key{Type: lead.KeyEmail, Value: l.Email})
		}
		rules.Apply(l)
		leads[i] = l
	}
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		err := s.ImportLeads(context.Background(), func(sink lead.Sink) error {
			for i, l := range leads {
				c := *l
				if err := sink.Insert(&c, keys[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
