package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// BenchmarkListLeadsByList reads the first page (51 leads, as the API asks) of a list
// among 200,000 leads, for a list of every tenth lead and for a list of 100, and
// reports the p50 and p99 latency: the first takes the walk, the second the members'
// form (walkList), and each would be slow the other way.
func BenchmarkListLeadsByList(b *testing.B) {
	const n = 200_000
	s := openTest(b)
	ctx := context.Background()
	err := s.ImportLeads(ctx, func(sink lead.Sink) error {
		for i := range n {
			l := &paceline.Lead{ID: int64(i + 1), FirstName: "P", LastName: fmt.Sprint(i),
				ProfileKey: fmt.Sprintf("person-%d", i), Score: (i * 7919) % 101, Seniority: paceline.SeniorityManager}
			if i%10 == 3 {
				l.Lists = append(l.Lists, "tenth")
			}
			if i%(n/100) == 17 {
				l.Lists = append(l.Lists, "hundred")
			}
			if err := sink.Insert(l, lead.Keys(l)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, list := range []string{"tenth", "hundred"} {
		b.Run(list, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				got, err := s.ListLeads(ctx, paceline.LeadFilter{List: list, Limit: 51})
				lat = append(lat, time.Since(t0))
				if err != nil || len(got) != 51 {
					b.Fatalf("%d leads, %v", len(got), err)
				}
			}
			slices.Sort(lat)
			at := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.99), "p99-ms")
		})
	}
}
