package sqlite

import (
	"context"
	"testing"

	"github.com/paceline/paceline/lead"
)

// TestFirstImportRebuildsIndexes checks that the indexes a first import drops are
// there again after it, also when a fold in the middle of it needed the lead_keys
// index by lead back early, and that the fold moved the keys.
func TestFirstImportRebuildsIndexes(t *testing.T) {
	t.Parallel()
	// The third row bridges the first two: one person seen as two, folded in the
	// middle of the import.
	folding := "profileUrl,salesNavigatorUrl,fullName,email\n" +
		"https://www.linkedin.com/in/li-wei,,Li Wei,\n" +
		"https://www.linkedin.com/sales/lead/ACwAAB12345,,Li Wei,li@wei.cn\n" +
		"https://www.linkedin.com/in/li-wei,https://www.linkedin.com/sales/lead/ACwAAB12345,Li Wei,\n" +
		"https://www.linkedin.com/in/ada,,Ada L,\n"
	for name, csv := range map[string]string{"plain": apolloCSV, "fold": folding} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			rep, err := tryImport(ctx, s, csv, lead.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var indexes int
			s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN
				('leads_score', 'leads_seniority', 'lead_keys_lead', 'list_members_lead')`).Scan(&indexes)
			if indexes != 4 {
				t.Errorf("%d of the 4 lead indexes left after a first import", indexes)
			}
			if name != "fold" {
				return
			}
			// The folded lead was new in this import: the row that made it is a
			// duplicate, and no stored lead was merged.
			if rep.Merged != 0 || rep.Imported != 2 || rep.Duplicates != 2 {
				t.Errorf("report %+v, want 2 imported, 2 duplicates and none merged", rep)
			}
			var owners int
			s.db.QueryRow(`SELECT COUNT(DISTINCT lead_id) FROM lead_keys
				WHERE value IN ('li-wei', 'ACwAAB12345', 'li@wei.cn')`).Scan(&owners)
			if owners != 1 {
				t.Errorf("the keys of the folded person belong to %d leads, want 1", owners)
			}
		})
	}
}
