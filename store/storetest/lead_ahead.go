package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// withoutReadAhead hides a sink's Prefetch: the pipeline then reads every lead it
// needs row by row.
type withoutReadAhead struct{ lead.Sink }

// testReadAheadChangesNothing imports the same second file into two databases made
// alike, once through the store's sink as it is (which must read ahead) and once with
// reading ahead hidden, and compares everything the import wrote. The files repeat a
// few hundred people, so that rows repeat stored leads, bring them new keys and
// fields, and now and then bridge two of them into one, across batches.
func testReadAheadChangesNothing(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	first, second := aheadCSV(rng, 800), aheadCSV(rng, 1500)
	var dumps [2]string
	var reports [2]*lead.ImportReport
	for i, hide := range []bool{false, true} {
		db := open(t)
		mustImport(t, db.LeadStore, first, lead.ImportOptions{List: "a"})
		rd, err := lead.NewReader(strings.NewReader(second), lead.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = db.ImportLeads(ctx, func(sink lead.Sink) error {
			if _, ok := sink.(lead.Prefetcher); !ok {
				t.Fatal("the store's import sink does not read ahead: this test proves nothing")
			}
			if hide {
				sink = withoutReadAhead{sink}
			}
			var err error
			reports[i], err = lead.Import(ctx, rd, sink, lead.ImportOptions{List: "b"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		dumps[i] = fullLeadDump(t, db)
	}
	if r := reports[0]; r.Merged == 0 || r.Updated == 0 || r.Duplicates == 0 {
		t.Fatalf("the second file neither merged, updated nor repeated leads (%+v): the test proves nothing", r)
	}
	if !reflect.DeepEqual(reports[0], reports[1]) {
		t.Errorf("reports differ:\nreading ahead %+v\nwithout       %+v", reports[0], reports[1])
	}
	if dumps[0] != dumps[1] {
		a, b := strings.Split(dumps[0], "\n"), strings.Split(dumps[1], "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("databases differ (%d and %d lines), first at line %d:\nreading ahead %s\nwithout       %s", len(a), len(b), i, a[i], b[i])
			}
		}
		t.Fatalf("databases differ: %d lines against %d", len(a), len(b))
	}
}

// aheadCSV is n rows of 600 people, each with a profile that every row carries and a
// Sales Navigator id and an email that a row carries or not; one row in 300 gives a
// person another's Sales Navigator id, which makes the two one lead, and one in 300
// another's email, which the row's lead does not take (two profiles are two people).
func aheadCSV(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("profileUrl,salesNavigatorUrl,fullName,email,title,companyName\n")
	titles := []string{"VP Sales", "Head of Growth", "Engineer", "", "CTO"}
	for range n {
		who := rng.IntN(600)
		profile, sales, email := fmt.Sprintf("https://www.linkedin.com/in/p-%d", who), "", ""
		if rng.IntN(4) == 0 {
			sales = fmt.Sprintf("https://www.linkedin.com/sales/lead/ACwAAB%05d", who)
		}
		if rng.IntN(3) == 0 {
			email = fmt.Sprintf("e%d@example.com", who)
		}
		if rng.IntN(300) == 0 {
			email = fmt.Sprintf("e%d@example.com", rng.IntN(600))
		}
		if rng.IntN(300) == 0 {
			sales = fmt.Sprintf("https://www.linkedin.com/sales/lead/ACwAAB%05d", rng.IntN(600))
		}
		fmt.Fprintf(&b, "%s,%s,Person %d,%s,%s,Company %d\n", profile, sales, who, email,
			titles[rng.IntN(len(titles))], rng.IntN(4))
	}
	return b.String()
}

// fullLeadDump is every column of every lead, key and list membership, in order.
func fullLeadDump(t *testing.T, db LeadDB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT * FROM leads ORDER BY id`,
		`SELECT kind, value, lead_id FROM lead_keys ORDER BY kind, value`,
		`SELECT m.lead_id, l.name, m.added_at FROM list_members m JOIN lists l ON l.id = m.list_id ORDER BY m.lead_id, l.name`,
	} {
		rows, err := db.Rows(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b.WriteString(strings.Join(rows, "\n") + "\n--\n")
	}
	return b.String()
}
