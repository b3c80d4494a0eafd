package sqlite

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// tryImport imports csv into s and returns the report or the error.
func tryImport(ctx context.Context, s *Store, csv string, opt lead.ImportOptions) (*lead.ImportReport, error) {
	rd, err := lead.NewReader(strings.NewReader(csv), lead.Options{MaxRecordBytes: 1 << 16})
	if err != nil {
		return nil, err
	}
	var rep *lead.ImportReport
	err = s.ImportLeads(ctx, func(sink lead.Sink) error {
		var err error
		rep, err = lead.Import(ctx, rd, sink, opt)
		return err
	})
	return rep, err
}

// dump renders every row of the lead tables, so two dumps are equal only when
// nothing changed.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, profile_key, sales_key, email, first_name, title, score, custom, score_explanation, opted_out_at, updated_at FROM leads ORDER BY id`,
		`SELECT kind, value, lead_id FROM lead_keys ORDER BY kind, value`,
		`SELECT id, name FROM lists ORDER BY id`,
		`SELECT list_id, lead_id FROM list_members ORDER BY list_id, lead_id`,
		`SELECT key_hash, reason FROM suppressions ORDER BY key_hash`,
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

const connectionsCSV = "Notes:\n\"When exporting your connection data, you may notice...\"\n\n" +
	"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
	"Marie,\"Curie, PhD\",https://fr.linkedin.com/in/Marie-Curie/?trk=x,,Radium Institute SAS,Head of Research,12 Jan 2026\n" +
	"Pierre,Curie,,,Sorbonne,Professor,03 Dec 2025\n" +
	"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@engines.org,Analytical Engines Ltd,CTO,01 Jan 2026\n"

const apolloCSV = "First Name,Last Name,Title,Company,Email,Person Linkedin Url,City,State,Country,# Employees,Industry\n" +
	"Marie,Curie,Director of Research,Radium Institute,marie@radium.fr,http://www.linkedin.com/in/marie-curie,Paris,,France,51-200,Research\n" +
	"Grace,Hopper,VP Engineering,Navy Computing,grace@navy.mil,https://linkedin.com/in/gracehopper/,Arlington,Virginia,United States,10001+,Defense\n"

func TestImportLeadsMergesAcrossFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	rules := score.Default()
	rep, err := tryImport(ctx, s, connectionsCSV, lead.ImportOptions{List: "connections", ScoreFunc: rules.Apply})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 3 || rep.Imported != 2 || rep.Rejected != 1 || rep.Duplicates != 0 || rep.Updated != 0 {
		t.Fatalf("first import: %+v", rep)
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q after a first import (%v), want wal back", mode, err)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 6 {
		t.Errorf("rejected rows %+v, want line 6 (the preamble counts)", rep.Errors)
	}

	rep, err = tryImport(ctx, s, apolloCSV, lead.ImportOptions{List: "apollo", ScoreFunc: rules.Apply})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 2 || rep.Imported != 1 || rep.Duplicates != 1 || rep.Updated != 1 {
		t.Fatalf("second import: %+v", rep)
	}
	marie, err := s.LeadByKey(ctx, "in", "marie-curie")
	if err != nil {
		t.Fatal(err)
	}
	// Filled from the second file, never blanked: the email arrives, the newer title
	// wins, the custom field of the first file stays.
	if marie.Email != "marie@radium.fr" || marie.Title != "Director of Research" || marie.Custom["connected_on"] != "12 Jan 2026" ||
		marie.EmployeesMin != 51 || marie.TimeZone != "Europe/Paris" || marie.LastName != "Curie" {
		t.Errorf("merged lead %+v", marie)
	}
	if !slices.Equal(marie.Lists, []string{"connections", "apollo"}) {
		t.Errorf("lists %v, want both", marie.Lists)
	}
	if byEmail, err := s.LeadByKey(ctx, "email", "marie@radium.fr"); err != nil || byEmail.ID != marie.ID {
		t.Errorf("the new email key does not lead to the same lead: %v %v", byEmail, err)
	}
	if want, _ := rules.Score(marie); marie.Score != want || len(marie.Explanation) == 0 {
		t.Errorf("stored score %d with %d explanation lines, rescoring gives %d", marie.Score, len(marie.Explanation), want)
	}

	// The same file again changes nothing and says so.
	before := dump(t, s)
	rep, err = tryImport(ctx, s, apolloCSV, lead.ImportOptions{List: "apollo", ScoreFunc: rules.Apply})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 0 || rep.Duplicates != 2 || rep.Updated != 0 {
		t.Errorf("re-import: %+v", rep)
	}
	if after := dump(t, s); after != before {
		t.Errorf("a re-import of the same file changed the database:\n%s\n%s", before, after)
	}
	if n, _ := s.CountLeads(ctx); n != 3 {
		t.Errorf("%d leads, want 3", n)
	}
}

func TestImportLeadsCollapsesURLVariants(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	csv := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/jean-dupont,Jean Dupont,CEO\n" +
		"http://fr.linkedin.com/in/Jean-Dupont/?trk=abc#x,Jean Dupont,CEO\n" +
		"linkedin.com/in/JEAN-DUPONT/,Jean Dupont,Founder & CEO\n" +
		"https://www.linkedin.com/in/jean%2Ddupont,Jean Dupont,CEO\n"
	rep, err := tryImport(ctx, s, csv, lead.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Duplicates != 3 {
		t.Fatalf("report %+v, want 1 lead and 3 duplicates", rep)
	}
	if n, _ := s.CountLeads(ctx); n != 1 {
		t.Fatalf("%d leads stored, want 1", n)
	}
}

func TestImportLeadsFoldsOnePersonSeenAsTwo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	apart := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/li-wei,Li Wei,CTO\n" +
		"https://www.linkedin.com/sales/lead/ACwAAB12345,Li Wei,\n"
	if _, err := tryImport(ctx, s, apart, lead.ImportOptions{List: "a"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountLeads(ctx); n != 2 {
		t.Fatalf("%d leads, want 2 before the bridging row", n)
	}
	both := "profileUrl,salesNavigatorUrl,fullName,email\n" +
		"https://www.linkedin.com/in/li-wei,https://www.linkedin.com/sales/lead/ACwAAB12345,Li Wei,li@wei.cn\n"
	rep, err := tryImport(ctx, s, both, lead.ImportOptions{List: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Merged != 1 || rep.Duplicates != 1 {
		t.Errorf("report %+v, want one merge", rep)
	}
	if n, _ := s.CountLeads(ctx); n != 1 {
		t.Fatalf("%d leads, want 1 after the bridging row", n)
	}
	l, err := s.LeadByKey(ctx, "sales", "ACwAAB12345")
	if err != nil {
		t.Fatal(err)
	}
	if l.ProfileKey != "li-wei" || l.SalesKey != "ACwAAB12345" || l.Email != "li@wei.cn" || l.Title != "CTO" {
		t.Errorf("merged lead %+v", l)
	}
	if !slices.Equal(l.Lists, []string{"a", "b"}) {
		t.Errorf("lists %v", l.Lists)
	}
	var keys int
	s.db.QueryRow(`SELECT COUNT(*) FROM lead_keys WHERE lead_id = ?`, l.ID).Scan(&keys)
	if keys != 3 {
		t.Errorf("%d keys on the merged lead, want 3", keys)
	}
}

func TestImportLeadsAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := "profileUrl,fullName,title\nhttps://www.linkedin.com/in/base-one,Base One,CEO\n"
	huge := "profileUrl,fullName,title\n" +
		"https://www.linkedin.com/in/new-one,New One,CEO\n" +
		"https://www.linkedin.com/in/base-one,Base One,CTO\n" +
		"https://www.linkedin.com/in/new-two,\"" + strings.Repeat("x", 200_000) + "\",CEO\n"
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		csv   string
		first bool // into an empty database, the rollback-journal path
	}{
		{"record over the size bound", ctx, huge, false},
		{"first import, record over the size bound", ctx, huge, true},
		{"cancelled", cancelled, strings.Repeat("https://www.linkedin.com/in/x,X,CEO\n", 3), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := openTest(t)
			if !tt.first {
				if _, err := tryImport(ctx, s, base, lead.ImportOptions{List: "base"}); err != nil {
					t.Fatal(err)
				}
			}
			before := dump(t, s)
			csv := tt.csv
			if !strings.HasPrefix(csv, "profileUrl") {
				csv = "profileUrl,fullName,title\n" + csv
			}
			if _, err := tryImport(tt.ctx, s, csv, lead.ImportOptions{List: "new"}); err == nil {
				t.Fatal("the import succeeded")
			}
			if after := dump(t, s); after != before {
				t.Errorf("a failed import changed the database:\n%s\n%s", before, after)
			}
			var indexes int
			s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN
				('leads_score', 'leads_seniority', 'lead_keys_lead', 'list_members_lead')`).Scan(&indexes)
			if indexes != 4 {
				t.Errorf("%d of the 4 lead indexes left after a failed import", indexes)
			}
		})
	}
}

func TestImportLeadsLeavesTheFileUntouchedOnFailure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := tryImport(ctx, s, connectionsCSV, lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	sum := func() [32]byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	bad := "profileUrl,fullName\nhttps://www.linkedin.com/in/someone,\"" + strings.Repeat("y", 300_000) + "\"\n"
	if _, err := tryImport(ctx, s2, bad, lead.ImportOptions{}); err == nil {
		t.Fatal("the import succeeded")
	}
	s2.Close()
	if sum() != before {
		t.Error("the database file changed after a failed import")
	}
}

func TestOptOutAndEraseAreNeverReimported(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := tryImport(ctx, s, apolloCSV, lead.ImportOptions{List: "q1"}); err != nil {
		t.Fatal(err)
	}
	grace, err := s.LeadByKey(ctx, "email", "grace@navy.mil")
	if err != nil {
		t.Fatal(err)
	}
	marie, err := s.LeadByKey(ctx, "in", "marie-curie")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.OptOutLead(ctx, grace.ID, "asked by email"); err != nil {
		t.Fatal(err)
	}
	keys, err := s.EraseLead(ctx, marie.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Errorf("erase suppressed %v, want the profile and the email", keys)
	}
	if _, err := s.Lead(ctx, marie.ID); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("erased lead still readable: %v", err)
	}
	d := dump(t, s)
	for _, clear := range []string{"marie", "Marie", "radium"} {
		if strings.Contains(d, clear) {
			t.Errorf("the database still holds %q after erase:\n%s", clear, d)
		}
	}
	if at, err := s.LeadOptedOut(ctx, grace.ID); err != nil || !at.Equal(clock) {
		t.Errorf("opted out at %v (%v), want %v", at, err, clock)
	}
	list, err := s.ListLeads(ctx, paceline.LeadFilter{})
	if err != nil || len(list) != 0 {
		t.Errorf("listing shows %d leads (%v), want none: one erased, one opted out", len(list), err)
	}

	// Both come back in a new file under other URL forms: both are skipped.
	again := "profileUrl,fullName,email\n" +
		"http://de.linkedin.com/in/Marie-Curie/,Marie Curie,\n" +
		"https://linkedin.com/in/someone-else,Someone Else,GRACE@navy.mil\n" +
		"https://linkedin.com/in/new-person,New Person,\n"
	rep, err := tryImport(ctx, s, again, lead.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Suppressed != 2 || rep.Imported != 1 {
		t.Errorf("report %+v, want 2 suppressed and 1 imported", rep)
	}
	if _, err := s.LeadByKey(ctx, "in", "marie-curie"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("erased person re-imported: %v", err)
	}
	if err := s.OptOutLead(ctx, marie.ID, ""); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("opt-out of an erased lead: %v", err)
	}
}

func TestListLeadsPagesByScore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	var b strings.Builder
	b.WriteString("profileUrl,fullName,title,sharedConnectionsCount\n")
	titles := []string{"CEO", "VP Sales", "Software Engineer", "Head of Growth"}
	for i := range 57 {
		fmt.Fprintf(&b, "https://www.linkedin.com/in/p-%02d,P %d,%s,%d\n", i, i, titles[i%4], i%5)
	}
	if _, err := tryImport(ctx, s, b.String(), lead.ImportOptions{ScoreFunc: score.Default().Apply, List: "all"}); err != nil {
		t.Fatal(err)
	}
	all, err := s.ListLeads(ctx, paceline.LeadFilter{})
	if err != nil || len(all) != 57 {
		t.Fatalf("%d leads (%v)", len(all), err)
	}
	if !slices.IsSortedFunc(all, func(a, b *paceline.Lead) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return int(a.ID - b.ID)
	}) {
		t.Error("leads not in (score desc, id) order")
	}
	var paged []*paceline.Lead
	f := paceline.LeadFilter{Limit: 10, List: "all"}
	for {
		page, err := s.ListLeads(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, page...)
		if len(page) < f.Limit {
			break
		}
		f.After = page[len(page)-1].ID
	}
	if len(paged) != len(all) {
		t.Fatalf("paging gave %d leads, want %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i].ID != all[i].ID {
			t.Fatalf("page order differs at %d: %d vs %d", i, paged[i].ID, all[i].ID)
		}
	}
	for _, tt := range []struct {
		f    paceline.LeadFilter
		keep func(*paceline.Lead) bool
	}{
		{paceline.LeadFilter{MinScore: 40}, func(l *paceline.Lead) bool { return l.Score >= 40 }},
		{paceline.LeadFilter{Seniority: paceline.SeniorityVP}, func(l *paceline.Lead) bool { return l.Seniority == paceline.SeniorityVP }},
		{paceline.LeadFilter{List: "none"}, func(*paceline.Lead) bool { return false }},
	} {
		got, err := s.ListLeads(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.DeleteFunc(slices.Clone(all), func(l *paceline.Lead) bool { return !tt.keep(l) })
		if len(got) != len(want) {
			t.Errorf("filter %+v: %d leads, want %d", tt.f, len(got), len(want))
		}
	}
}

func TestExportLeadsCarriesLists(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	for _, list := range []string{"a", "b"} {
		if _, err := tryImport(ctx, s, apolloCSV, lead.ImportOptions{List: list}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tryImport(ctx, s, "profileUrl\nhttps://linkedin.com/in/loner\n", lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := s.ExportLeads(ctx, "", func(l *paceline.Lead, _ time.Time) error {
		got = append(got, fmt.Sprintf("%d %s %v", l.ID, l.ProfileKey, l.Lists))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 marie-curie [a b]", "2 gracehopper [a b]", "3 loner []"}
	if !slices.Equal(got, want) {
		t.Errorf("export %q, want %q", got, want)
	}
	got = got[:0]
	if err := s.ExportLeads(ctx, "b", func(l *paceline.Lead, _ time.Time) error {
		got = append(got, l.ProfileKey)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("list b exports %v", got)
	}
}

func TestRescoreLeads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	if _, err := tryImport(ctx, s, apolloCSV, lead.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rules, err := score.Parse([]byte("base: 50\nseniority:\n  vp: 20\n"))
	if err != nil {
		t.Fatal(err)
	}
	seen, changed, err := s.RescoreLeads(ctx, rules.Apply)
	if err != nil || seen != 2 || changed != 2 {
		t.Fatalf("rescore: %d seen, %d changed, %v", seen, changed, err)
	}
	g, _ := s.LeadByKey(ctx, "email", "grace@navy.mil")
	if g.Score != 70 || len(g.Explanation) != 2 || g.Explanation[1].Rule != "seniority:vp" {
		t.Errorf("rescored lead: %d %+v", g.Score, g.Explanation)
	}
	if _, changed, _ := s.RescoreLeads(ctx, rules.Apply); changed != 0 {
		t.Errorf("a second rescore changed %d leads", changed)
	}
}

func TestImportLeadsKeepsErrorsBounded(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	csv := "profileUrl,fullName\n" + strings.Repeat("not a url,X\n", 30)
	rep, err := tryImport(context.Background(), s, csv, lead.ImportOptions{MaxErrors: 10})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected != 30 || len(rep.Errors) != 10 || rep.ErrorsOmitted != 20 {
		t.Errorf("rejected %d, listed %d, omitted %d", rep.Rejected, len(rep.Errors), rep.ErrorsOmitted)
	}
}

func TestImportLeadsBesideAnotherConnection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTest(t)
	// A reader holding a connection open keeps the first import in WAL, and its
	// snapshot does not see the import until it is committed.
	other, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var n int
	if err := other.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	probe, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rollbackJournal(ctx, probe) {
		t.Error("left WAL while another connection had the file open")
		probe.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
	}
	probe.Close()
	rep, err := tryImport(ctx, s, apolloCSV, lead.ImportOptions{})
	if err != nil || rep.Imported != 2 {
		t.Fatalf("import beside another connection: %+v %v", rep, err)
	}
	var mode string
	if err := other.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	if err := other.QueryRowContext(ctx, `SELECT COUNT(*) FROM leads`).Scan(&n); err != nil || n != 2 {
		t.Errorf("the other connection sees %d leads (%v), want 2", n, err)
	}
}
