package sqlite

import (
	"context"
	"strings"
	"testing"
)

// campaigns status asks which accounts acted for a campaign and since when: the query
// reads the campaign's actions from actions_campaign, not the whole ledger.
func TestCampaignFirstActionsUsesTheIndex(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	rows, err := s.db.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+campaignFirstActionsQuery, "q1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(plan, "\n")
	if !strings.Contains(got, "INDEX actions_campaign (campaign=?)") || strings.Contains(got, "SCAN actions") {
		t.Errorf("plan:\n%s\nwant a search of actions_campaign by campaign", got)
	}
}
