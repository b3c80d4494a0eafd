package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// queryPlan returns the lines of EXPLAIN QUERY PLAN for the listing query of f.
func queryPlan(t *testing.T, s *Store, f paceline.LeadFilter, walk bool) string {
	t.Helper()
	q, args := leadQuery(f, walk)
	rows, err := s.db.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// TestLeadQueryPlans checks the two plans of a list's page: the walk goes down
// leads_score best first and probes list_members' primary key per lead, with the
// list's id read once and no sort; the members' form reads the list's members from
// that key and sorts them.
func TestLeadQueryPlans(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	filters := []struct {
		name string
		f    paceline.LeadFilter
	}{
		{"list", paceline.LeadFilter{List: "batch-3", Limit: 51}},
		{"list and min score", paceline.LeadFilter{List: "batch-3", MinScore: 60, Limit: 51}},
		{"list after a lead", paceline.LeadFilter{List: "batch-3", After: 42, Limit: 51}},
		{"list with opted out", paceline.LeadFilter{List: "batch-3", WithOptedOut: true, Limit: 51}},
	}
	plans := []struct {
		walk      bool
		want, bad []string
	}{
		{walk: true,
			want: []string{"leads USING INDEX leads_score",
				"SEARCH m EXISTS USING COVERING INDEX sqlite_autoindex_list_members_1 (list_id=? AND lead_id=?)",
				"SEARCH lists USING COVERING INDEX sqlite_autoindex_lists_1 (name=?)"},
			bad: []string{"TEMP B-TREE", "LIST SUBQUERY", "SCAN m", "CORRELATED"}},
		{walk: false,
			want: []string{"LIST SUBQUERY",
				"SEARCH m USING COVERING INDEX sqlite_autoindex_list_members_1 (list_id=?)",
				"SEARCH lists USING COVERING INDEX sqlite_autoindex_lists_1 (name=?)"},
			bad: []string{"SCAN m", "CORRELATED"}},
	}
	for _, p := range plans {
		for _, tt := range filters {
			plan := queryPlan(t, s, tt.f, p.walk)
			for _, want := range p.want {
				if !strings.Contains(plan, want) {
					t.Errorf("%s, walk %t: the plan lacks %q:\n%s", tt.name, p.walk, want, plan)
				}
			}
			for _, bad := range p.bad {
				if strings.Contains(plan, bad) {
					t.Errorf("%s, walk %t: the plan has %q:\n%s", tt.name, p.walk, bad, plan)
				}
			}
		}
	}
}

// TestListPlansAgree reads lists both ways and checks that the walk and the members'
// form give the same leads in the same order, and that walkList picks the walk only
// for a list too big to read whole for the page asked.
func TestListPlansAgree(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	const n = 1200
	err := s.ImportLeads(ctx, func(sink lead.Sink) error {
		for i := range n {
			l := &paceline.Lead{ID: int64(i + 1), FirstName: "P", LastName: fmt.Sprint(i),
				ProfileKey: fmt.Sprintf("person-%d", i), Score: (i * 37) % 101, Seniority: paceline.Seniorities[i%len(paceline.Seniorities)]}
			l.Lists = []string{"all"}
			if i%10 == 3 {
				l.Lists = append(l.Lists, "tenth")
			}
			if err := sink.Insert(l, lead.Keys(l)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.OptOutLead(ctx, 14, "test"); err != nil {
		t.Fatal(err)
	}
	read := func(f paceline.LeadFilter, walk bool) []int64 {
		t.Helper()
		q, args := leadQuery(f, walk)
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			sl, err := scanLead(rows)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, sl.ID)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	tests := []struct {
		f        paceline.LeadFilter
		wantWalk bool
		wantLen  int
	}{
		{paceline.LeadFilter{List: "all", Limit: 1}, true, 1},
		{paceline.LeadFilter{List: "all", Limit: 51}, false, 51},
		{paceline.LeadFilter{List: "all"}, false, n - 1},
		{paceline.LeadFilter{List: "all", WithOptedOut: true}, false, n},
		{paceline.LeadFilter{List: "tenth", Limit: 1}, false, 1},
		{paceline.LeadFilter{List: "tenth", Limit: 500}, false, n/10 - 1},
		{paceline.LeadFilter{List: "tenth", MinScore: 50, Seniority: paceline.SeniorityVP, Limit: 20}, false, -1},
		{paceline.LeadFilter{List: "tenth", After: 404, Limit: 30}, false, 30},
		{paceline.LeadFilter{List: "none", Limit: 10}, false, 0},
	}
	for _, tt := range tests {
		walked, members := read(tt.f, true), read(tt.f, false)
		if !slices.Equal(walked, members) {
			t.Errorf("%+v: the walk gave %v, the members %v", tt.f, walked, members)
		}
		if tt.wantLen >= 0 && len(walked) != tt.wantLen {
			t.Errorf("%+v: %d leads, want %d", tt.f, len(walked), tt.wantLen)
		}
		walk, err := s.walkList(ctx, tt.f)
		if err != nil || walk != tt.wantWalk {
			t.Errorf("%+v: walkList = %t, %v; want %t", tt.f, walk, err, tt.wantWalk)
		}
	}
}
