package lead

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkImportKnownRows measures Import of a file whose people are all known, with
// a profile and an email on every row: the path a re-import takes, where each row
// is matched to its stored lead (the store itself is a map here, so the figure is
// the pipeline's own cost).
func BenchmarkImportKnownRows(b *testing.B) {
	const rows = 50_000
	var sb strings.Builder
	sb.WriteString("profileUrl,email,title\n")
	for i := range rows {
		fmt.Fprintf(&sb, "https://www.linkedin.com/in/person-%d,p%d@company%d.com,CEO\n", i, i, i%500)
	}
	csv := sb.String()
	sink := &groupedSink{newMemSink()}
	rd, err := NewReader(strings.NewReader(csv), Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Import(b.Context(), rd, sink, ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rd, err := NewReader(strings.NewReader(csv), Options{})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Import(b.Context(), rd, sink, ImportOptions{})
		if err != nil || rep.Duplicates != rows {
			b.Fatalf("%+v %v", rep, err)
		}
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
}

// groupedSink is a memSink whose Known groups the keys by lead in one pass (memSink's
// scans every key for each lead, which a benchmark of 50,000 leads cannot wait for).
type groupedSink struct{ *memSink }

func (g *groupedSink) Known(fn func(int64, []Key) error) error {
	byLead := map[int64][]Key{}
	for k, id := range g.keys {
		byLead[id] = append(byLead[id], k)
	}
	for id := range g.leads {
		if err := fn(id, byLead[id]); err != nil {
			return err
		}
	}
	return nil
}
