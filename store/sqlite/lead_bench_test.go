package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"

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
