package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// benchCSV returns a Sales Navigator-style file of n distinct people, every 20th row
// repeating an earlier one under another URL form.
func benchCSV(n int) string {
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

func importString(tb testing.TB, s *Store, csv string, opt lead.ImportOptions) *lead.ImportReport {
	tb.Helper()
	rd, err := lead.NewReader(strings.NewReader(csv), lead.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var rep *lead.ImportReport
	err = s.ImportLeads(context.Background(), func(sink lead.Sink) error {
		rep, err = lead.Import(context.Background(), rd, sink, opt)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return rep
}

// BenchmarkImportLeads measures a whole import (read, normalise, dedupe, score,
// store) of 100,000 rows into a fresh database. The 1,000,000-row figure against the
// sqlite3 shell comes from scripts/import-bench.sh.
func BenchmarkImportLeads(b *testing.B) {
	const rows = 100_000
	csv := benchCSV(rows)
	rules := score.Default()
	b.SetBytes(int64(len(csv)))
	for b.Loop() {
		b.StopTimer()
		s := openTest(b)
		b.StartTimer()
		rep := importString(b, s, csv, lead.ImportOptions{ScoreFunc: rules.Apply, List: "bench"})
		if rep.Rows != rows {
			b.Fatalf("imported %d rows, want %d", rep.Rows, rows)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkStoreLeadRows measures the store's side of an import alone: 100,000 new,
// already normalised and scored leads with their profile and email keys, written
// through the import's sink into a fresh database, with no file to parse and no
// duplicate. It is the floor under BenchmarkImportLeads, the part that a faster parser
// cannot remove (see docs/leads.md, "Import speed").
func BenchmarkStoreLeadRows(b *testing.B) {
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
		s := openTest(b)
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
