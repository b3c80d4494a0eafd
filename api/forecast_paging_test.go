package api

import (
	"context"
	"fmt"
	"testing"

	"github.com/paceline/paceline"
)

// pagedLeads is a lead store of n leads, best first by id, whose first enrolled are in
// campaigns; it records the page sizes asked for.
type pagedLeads struct {
	paceline.LeadStore
	n, enrolled int
	limits      []int
}

func (s *pagedLeads) ListLeads(_ context.Context, f paceline.LeadFilter) ([]*paceline.Lead, error) {
	s.limits = append(s.limits, f.Limit)
	var out []*paceline.Lead
	for id := f.After + 1; id <= int64(s.n) && len(out) < f.Limit; id++ {
		out = append(out, &paceline.Lead{ID: id, ProfileKey: fmt.Sprintf("p%d", id)})
	}
	return out, nil
}

func (s *pagedLeads) EnrolledLeads(context.Context, string) (map[string]bool, error) {
	m := map[string]bool{}
	for id := 1; id <= s.enrolled; id++ {
		m[fmt.Sprintf("p%d", id)] = true
	}
	return m, nil
}

// forecastLeads reads the best leads page by page until ForecastMaxLeads not enrolled
// are kept, never one read of every enrolled lead besides (review C: a database with
// hundreds of thousands of enrollments loaded them all into serve for each forecast).
func TestForecastLeadsReadsPageByPage(t *testing.T) {
	t.Parallel()
	s := &pagedLeads{n: ForecastMaxLeads + 3000, enrolled: 3000}
	got, left, told, err := forecastLeads(context.Background(), s, "", "")
	if err != nil || !told {
		t.Fatal(err, told)
	}
	if len(got) != ForecastMaxLeads || got[0].ID != 3001 || left != 3000 {
		t.Errorf("kept %d leads from id %d, left out %d; want %d from 3001, 3000 left out", len(got), got[0].ID, left, ForecastMaxLeads)
	}
	for _, l := range s.limits {
		if l > ForecastMaxLeads {
			t.Errorf("pages asked for %v: one of more than %d leads", s.limits, ForecastMaxLeads)
		}
	}
}
