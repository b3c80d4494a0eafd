package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

func testOptOutAndEraseAreNeverReimported(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	s := db.LeadStore
	mustImport(t, s, apolloCSV, lead.ImportOptions{List: "q1"})
	grace := mustLeadByKey(t, s, "email", "grace@navy.mil")
	marie := mustLeadByKey(t, s, "in", "marie-curie")
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
	d := dumpLeads(t, db)
	for _, clear := range []string{"marie", "Marie", "radium"} {
		if strings.Contains(d, clear) {
			t.Errorf("the database still holds %q after erase:\n%s", clear, d)
		}
	}
	if at, err := s.LeadOptedOut(ctx, grace.ID); err != nil || !at.Truncate(Precision).Equal(Clock.Truncate(Precision)) {
		t.Errorf("opted out at %v (%v), want %v", at, err, Clock)
	}
	if err := s.OptOutLead(ctx, grace.ID, "again"); err != nil {
		t.Errorf("a second opt-out: %v", err)
	}
	if suppressed, err := s.IsSuppressed(ctx, lead.Key{Type: lead.KeyEmail, Value: "grace@navy.mil"}); err != nil || !suppressed {
		t.Errorf("grace's email suppressed = %v (%v), want true", suppressed, err)
	}
	list, err := s.ListLeads(ctx, paceline.LeadFilter{})
	if err != nil || len(list) != 0 {
		t.Errorf("listing shows %d leads (%v), want none: one erased, one opted out", len(list), err)
	}
	if list, _ := s.ListLeads(ctx, paceline.LeadFilter{WithOptedOut: true}); len(list) != 1 || list[0].ID != grace.ID {
		t.Errorf("listing with opted-out leads shows %d, want grace", len(list))
	}

	// Both come back in a new file under other URL forms: both are skipped.
	again := "profileUrl,fullName,email\n" +
		"http://de.linkedin.com/in/Marie-Curie/,Marie Curie,\n" +
		"https://linkedin.com/in/someone-else,Someone Else,GRACE@navy.mil\n" +
		"https://linkedin.com/in/new-person,New Person,\n"
	rep := mustImport(t, s, again, lead.ImportOptions{})
	if rep.Suppressed != 2 || rep.Imported != 1 {
		t.Errorf("report %+v, want 2 suppressed and 1 imported", rep)
	}
	if _, err := s.LeadByKey(ctx, "in", "marie-curie"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("erased person re-imported: %v", err)
	}
	if err := s.OptOutLead(ctx, marie.ID, ""); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("opt-out of an erased lead: %v", err)
	}
	if _, err := s.EraseLead(ctx, marie.ID); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("erasing an erased lead: %v", err)
	}
	if _, err := s.LeadOptedOut(ctx, marie.ID); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("opt-out time of an erased lead: %v", err)
	}
}

func testSuppressKeysWithoutLead(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	k := lead.Key{Type: lead.KeyProfile, Value: "never-met"}
	if ok, err := s.IsSuppressed(ctx, k); err != nil || ok {
		t.Fatalf("suppressed before SuppressKeys: %v %v", ok, err)
	}
	if err := s.SuppressKeys(ctx, []lead.Key{k}, ""); err != nil {
		t.Fatal(err)
	}
	other := lead.Key{Type: lead.KeyEmail, Value: "x@y.z"}
	if ok, err := s.IsSuppressed(ctx, other, k); err != nil || !ok {
		t.Errorf("suppressed after SuppressKeys: %v %v", ok, err)
	}
	rep := mustImport(t, s, "profileUrl\nhttps://linkedin.com/in/never-met\n", lead.ImportOptions{})
	if rep.Suppressed != 1 || rep.Imported != 0 {
		t.Errorf("import of a suppressed person: %+v", rep)
	}
	if _, err := s.FindLeadID(ctx, k); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("FindLeadID of a suppressed key: %v", err)
	}
}

func testListLeadsPagesByScore(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	var b strings.Builder
	b.WriteString("profileUrl,fullName,title,sharedConnectionsCount\n")
	titles := []string{"CEO", "VP Sales", "Software Engineer", "Head of Growth"}
	for i := range 57 {
		fmt.Fprintf(&b, "https://www.linkedin.com/in/p-%02d,P %d,%s,%d\n", i, i, titles[i%4], i%5)
	}
	mustImport(t, s, b.String(), lead.ImportOptions{ScoreFunc: score.Default().Apply, List: "all"})
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
	if all[0].Score == all[len(all)-1].Score {
		t.Fatal("every lead scored the same: the order is not tested")
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
	// EachLead streams the same leads in the same order.
	var each []int64
	if err := s.EachLead(ctx, paceline.LeadFilter{List: "all"}, func(l *paceline.Lead, optedOut time.Time) error {
		if !optedOut.IsZero() {
			t.Errorf("lead %d opted out at %v", l.ID, optedOut)
		}
		each = append(each, l.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(each) != len(all) || each[0] != all[0].ID || each[len(each)-1] != all[len(all)-1].ID {
		t.Errorf("EachLead gave %d leads, want %d in ListLeads order", len(each), len(all))
	}
}

func testExportLeadsCarriesLists(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	for _, list := range []string{"a", "b"} {
		mustImport(t, s, apolloCSV, lead.ImportOptions{List: list})
	}
	mustImport(t, s, "profileUrl\nhttps://linkedin.com/in/loner\n", lead.ImportOptions{})
	if err := s.OptOutLead(ctx, 2, ""); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := s.ExportLeads(ctx, "", func(l *paceline.Lead, optedOut time.Time) error {
		got = append(got, fmt.Sprintf("%d %s %v %v", l.ID, l.ProfileKey, l.Lists, !optedOut.IsZero()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1 marie-curie [a b] false", "2 gracehopper [a b] true", "3 loner [] false"}
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
	if !slices.Equal(got, []string{"marie-curie", "gracehopper"}) {
		t.Errorf("list b exports %v", got)
	}
}

func testRescoreLeads(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	s := open(t).LeadStore
	mustImport(t, s, apolloCSV, lead.ImportOptions{})
	rules, err := score.Parse([]byte("base: 50\nseniority:\n  vp: 20\n"))
	if err != nil {
		t.Fatal(err)
	}
	seen, changed, err := s.RescoreLeads(ctx, rules.Apply)
	if err != nil || seen != 2 || changed != 2 {
		t.Fatalf("rescore: %d seen, %d changed, %v", seen, changed, err)
	}
	g := mustLeadByKey(t, s, "email", "grace@navy.mil")
	if g.Score != 70 || len(g.Explanation) != 2 || g.Explanation[1].Rule != "seniority:vp" {
		t.Errorf("rescored lead: %d %+v", g.Score, g.Explanation)
	}
	if _, changed, _ := s.RescoreLeads(ctx, rules.Apply); changed != 0 {
		t.Errorf("a second rescore changed %d leads", changed)
	}
}
