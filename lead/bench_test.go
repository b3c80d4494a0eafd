package lead_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// writeBenchCSV writes a Sales Navigator-style export of n rows: distinct people, about
// 5% of rows repeating an earlier person under another URL form, realistic titles,
// companies, locations and flags.
func writeBenchCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewSource(42))
	levels := []string{"", "Senior ", "Head of ", "VP ", "Director of ", "Junior ", "Chief ", "Lead "}
	roles := []string{"Software Engineer", "Sales", "Marketing", "Growth", "Talent Acquisition", "Finance",
		"Operations", "Product Manager", "Designer", "Data Scientist", "Account Executive", "Customer Success"}
	places := []string{"Paris, Île-de-France, France", "San Francisco Bay Area", "Greater London",
		"Austin, Texas, United States", "Berlin, Germany", "Toronto, Ontario, Canada", "Bengaluru, Karnataka, India",
		"Sydney, New South Wales, Australia", "Madrid, Community of Madrid, Spain", "Remote"}
	industries := []string{"Software Development", "Internet", "Financial Services", "Retail", "Hospital & Health Care"}
	sizes := []string{"1-10", "11-50", "51-200", "201-500", "1,001-5,000", "10,001+"}
	suffixes := []string{"Inc.", "LLC", "GmbH", "SAS", "Ltd", ""}
	firsts := []string{"Alex", "Marie", "James", "Priya", "Kenji", "Sofia", "Liam", "Chloé", "Mateo", "Aisha",
		"Noah", "Emma", "Lukas", "Zoë", "Omar", "Hannah", "Diego", "Yuki", "Ingrid", "Tomás"}
	lasts := []string{"Martin", "Dupont", "Smith", "Raman", "Sato", "García", "O'Connor", "Müller", "Rossi",
		"Nguyen", "Kowalski", "Johansson", "Silva", "Cohen", "Bäcker", "Brown", "Dubois", "Khan", "Novak", "Lee"}
	fmt.Fprintln(w, "profileUrl,firstName,lastName,companyName,title,location,industry,companySize,isPremium,isOpenLink,sharedConnectionsCount,email")
	for i := 0; i < n; i++ {
		id := i
		url := fmt.Sprintf("https://www.linkedin.com/in/person-%d-%x", id, id*2654435761%1000003)
		if i > 100 && rng.Intn(20) == 0 {
			id = rng.Intn(i)
			url = fmt.Sprintf("http://fr.linkedin.com/in/Person-%d-%x/?trk=x", id, id*2654435761%1000003)
		}
		email := ""
		if id%3 == 0 {
			email = fmt.Sprintf("person.%d@company%d.com", id, id%5000)
		}
		fmt.Fprintf(w, "%s,%s,%s,\"Company %d %s\",%s%s,\"%s\",%s,\"%s\",%t,%t,%d,%s\n",
			url, firsts[id%len(firsts)], lasts[id/len(firsts)%len(lasts)], id%5000, suffixes[id%len(suffixes)], levels[id%len(levels)], roles[id%len(roles)],
			places[id%len(places)], industries[id%len(industries)], sizes[id%len(sizes)], id%4 == 0, id%7 == 0, id%50, email)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportPipeline measures the pure import: read, normalise, dedupe and score a
// 1,000,000-row CSV streamed from disk. It reports rows/s, allocated bytes per row and
// the peak live heap. Run: go test -run XXX -bench ImportPipeline -benchtime 1x ./lead/
func BenchmarkImportPipeline(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 1,000,000-row file")
	}
	const rows = 1_000_000
	path := filepath.Join(b.TempDir(), "leads.csv")
	writeBenchCSV(b, path, rows)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	rules := score.Default()
	b.SetBytes(st.Size())
	b.ReportAllocs()
	var peak uint64
	var total, dups int
	cpu0 := cpuSeconds(b)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		n, d, p := importOnce(b, f, rules)
		f.Close()
		total += n
		dups += d
		peak = max(peak, p)
	}
	runtime.ReadMemStats(&ms1)
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(total), "B/row")
	b.ReportMetric(float64(total)/sec, "rows/s")
	// Rows per CPU-second of the whole process (GC included) stays meaningful when
	// other work shares the machine and wall time does not.
	b.ReportMetric(float64(total)/(cpuSeconds(b)-cpu0), "rows/cpu-s")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(dups)/float64(total), "dup-share")
}

// cpuSeconds returns the user and system CPU time the process has used.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

func importOnce(b *testing.B, r io.Reader, rules *score.Rules) (rows, dups int, peak uint64) {
	rd, err := lead.NewReader(r, lead.Options{})
	if err != nil {
		b.Fatal(err)
	}
	x := lead.NewIndex()
	var row lead.Row
	var ms runtime.MemStats
	for {
		err := rd.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		rows++
		if row.Err != nil {
			b.Fatalf("benchmark row rejected: %v", row.Err)
		}
		if m := x.Match(row.Keys); !m.New {
			dups++
		}
		rules.Apply(&row.Lead)
		if rows%100_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	return rows, dups, peak
}
