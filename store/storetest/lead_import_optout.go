package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// RunImportOptOuts runs the tests of what an import does with a person who opted out
// against the stores open returns, each test in parallel: a lead the import opts out
// keeps no contactable key, in the same file, through a merge, or by a key a later row
// adds.
func RunImportOptOuts(t *testing.T, open LeadOpenFunc) {
	tests := []struct {
		name string
		test func(t *testing.T, open LeadOpenFunc)
	}{
		{"ImportOptOutBarsTheLeadsOtherKeys", testImportOptOutBarsTheLeadsOtherKeys},
		{"ImportOptedOutLeadGainsNoKey", testImportOptedOutLeadGainsNoKey},
		{"ImportSpreadOptOutBarsTheLeadsOtherKeys", testImportSpreadOptOutBarsTheLeadsOtherKeys},
		{"FoldKeepsAnOptOut", testFoldKeepsAnOptOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, open)
		})
	}
}

// optOutHeader is the header of paceline's export, whose opted_out_at says a person
// opted out.
const optOutHeader = "profile_url,email,first_name,last_name,opted_out_at,profile_key,company_key,id\n"

// wantNoneContactable fails unless every stored lead is opted out and each key is on
// the suppression list.
func wantNoneContactable(t *testing.T, s LeadStore, rep *lead.ImportReport, keys ...lead.Key) {
	t.Helper()
	ctx := context.Background()
	err := s.EachLead(ctx, paceline.LeadFilter{WithOptedOut: true}, func(l *paceline.Lead, at time.Time) error {
		if at.IsZero() {
			t.Errorf("lead %d (in:%s sales:%s %s) holds the opted-out person's keys and is not opted out (report %+v)",
				l.ID, l.ProfileKey, l.SalesKey, l.Email, rep)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if ok, err := s.IsSuppressed(ctx, k); err != nil || !ok {
			t.Errorf("%s, a key of the person who opted out, is not on the suppression list (%v)", k, err)
		}
	}
}

// A file says stored lead B opted out, by its /in/ profile, and a later row ties
// stored lead A's Sales Navigator id to B's email: that row is the person who opted
// out, and must be suppressed as it would be once the import is committed. The file's
// own opt-out set held the opt-out row's keys only, not B's email: the row proved A
// and B one person, B was folded into A, which was not opted out, and the Sales
// Navigator id stayed off the suppression list.
func testImportOptOutBarsTheLeadsOtherKeys(t *testing.T, open LeadOpenFunc) {
	db := open(t)
	mustImport(t, db, "profileUrl,fullName\n\"https://www.linkedin.com/sales/lead/ACwAAAzzz111,NAME_SEARCH,x\",Bea Bee\n", lead.ImportOptions{})
	mustImport(t, db, "profileUrl,fullName,email\nhttps://www.linkedin.com/in/bea-bee,Bea Bee,bea@bee.io\n", lead.ImportOptions{})
	rep := mustImport(t, db, optOutHeader+
		"https://www.linkedin.com/in/bea-bee,,Bea,Bee,2026-01-01T00:00:00Z,,,\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAzzz111,bea@bee.io,Bea,Bee,,,,\n", lead.ImportOptions{})
	if rep.Suppressed != 2 || rep.OptedOut != 1 || rep.Duplicates != 0 || rep.Merged != 0 {
		t.Errorf("report %+v, want both rows suppressed (one an opt-out) and nothing merged", rep)
	}
	wantNoneContactable(t, db, rep,
		lead.Key{Type: lead.KeySales, Value: "ACwAAAzzz111"},
		lead.Key{Type: lead.KeyProfile, Value: "bea-bee"},
		lead.Key{Type: lead.KeyEmail, Value: "bea@bee.io"})
}

// A file says stored lead B opted out, by its /in/ profile; a later row gives B's
// email with a Sales Navigator id nobody holds. It was a duplicate that gave the
// opted-out lead a key off the suppression list.
func testImportOptedOutLeadGainsNoKey(t *testing.T, open LeadOpenFunc) {
	db := open(t)
	mustImport(t, db, "profileUrl,fullName,email\nhttps://www.linkedin.com/in/cy-dee,Cy Dee,cy@dee.io\n", lead.ImportOptions{})
	rep := mustImport(t, db, optOutHeader+
		"https://www.linkedin.com/in/cy-dee,,Cy,Dee,2026-01-01T00:00:00Z,,,\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAnew222,cy@dee.io,Cy,Dee,,,,\n", lead.ImportOptions{})
	if rep.Suppressed != 2 || rep.Duplicates != 0 || rep.Imported != 0 {
		t.Errorf("report %+v, want both rows suppressed", rep)
	}
	wantNoneContactable(t, db, rep,
		lead.Key{Type: lead.KeySales, Value: "ACwAAAnew222"},
		lead.Key{Type: lead.KeyProfile, Value: "cy-dee"},
		lead.Key{Type: lead.KeyEmail, Value: "cy@dee.io"})
}

// The same for a lead opted out by a suppressed row that spreads: in:st-gone is on
// the suppression list, a row ties it to stored lead C's email, which opts C out; a
// later row gives C's Sales Navigator id with a new email. It updated C with that
// email, off the suppression list.
func testImportSpreadOptOutBarsTheLeadsOtherKeys(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	mustImport(t, db, "profileUrl,fullName,email\nhttps://www.linkedin.com/sales/lead/ACwAAAccc333,Cee Cee,cee@c.io\n", lead.ImportOptions{})
	if err := db.SuppressKeys(ctx, []lead.Key{{Type: lead.KeyProfile, Value: "st-gone"}}, ""); err != nil {
		t.Fatal(err)
	}
	rep := mustImport(t, db, "profileUrl,fullName,email,title\n"+
		"https://www.linkedin.com/in/st-gone,Cee Cee,cee@c.io,CEO\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAccc333,Cee Cee,cee2@c.io,CTO\n", lead.ImportOptions{})
	if rep.Suppressed != 2 || rep.Duplicates != 0 || rep.Imported != 0 {
		t.Errorf("report %+v, want both rows suppressed", rep)
	}
	wantNoneContactable(t, db, rep,
		lead.Key{Type: lead.KeySales, Value: "ACwAAAccc333"},
		lead.Key{Type: lead.KeyEmail, Value: "cee@c.io"},
		lead.Key{Type: lead.KeyEmail, Value: "cee2@c.io"})
}

// Fold (lead.Sink) keeps an opt-out: the lead left opted out at the earlier of the two
// times, with every key it now holds on the suppression list. It kept the opted_out_at
// of the lead folded into, and dropped the other's. A row adding a key to the lead
// after the merge adds it suppressed.
func testFoldKeepsAnOptOut(t *testing.T, open LeadOpenFunc) {
	ctx := context.Background()
	db := open(t)
	mustImport(t, db, "profileUrl,linkedInProfileUrl,fullName,email\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAfold01,,Ann A,ann@fold.io\n"+
		"https://www.linkedin.com/in/fold-bee,,Bea B,bea@fold.io\n"+
		"https://www.linkedin.com/in/fold-cee,,Cy C,\n"+
		"https://www.linkedin.com/in/fold-dee,,Di D,\n"+
		"https://www.linkedin.com/in/fold-eee,,Ed E,ed@fold.io\n"+
		"https://www.linkedin.com/in/fold-eff,,Ef F,\n"+
		"https://www.linkedin.com/in/fold-gee,,Gi G,\n"+
		"https://www.linkedin.com/in/fold-aitch,,Hu H,\n", lead.ImportOptions{})
	mustImport(t, db, optOutHeader+
		"https://www.linkedin.com/in/fold-bee,,,,2026-02-01T00:00:00Z,,,\n"+
		"https://www.linkedin.com/in/fold-cee,,,,2026-01-01T00:00:00Z,,,\n"+
		"https://www.linkedin.com/in/fold-gee,,,,2026-03-01T00:00:00Z,,,\n"+
		"https://www.linkedin.com/in/fold-aitch,,,,2026-01-15T00:00:00Z,,,\n", lead.ImportOptions{})
	profile := func(v string) lead.Key { return lead.Key{Type: lead.KeyProfile, Value: v} }
	id := func(k lead.Key) int64 {
		t.Helper()
		id, err := db.FindLeadID(ctx, k)
		if err != nil {
			t.Fatalf("find %s: %v", k, err)
		}
		return id
	}
	sales := lead.Key{Type: lead.KeySales, Value: "ACwAAAfold01"}
	a, b, c, d := id(sales), id(profile("fold-bee")), id(profile("fold-cee")), id(profile("fold-dee"))
	e, f, g, h := id(profile("fold-eee")), id(profile("fold-eff")), id(profile("fold-gee")), id(profile("fold-aitch"))
	late := lead.Key{Type: lead.KeyEmail, Value: "late@fold.io"}
	err := db.ImportLeads(ctx, func(sink lead.Sink) error {
		for _, p := range [][2]int64{
			{a, b}, // not opted out <- opted out (02-01)
			{c, d}, // opted out (01-01) <- not
			{c, a}, // opted out (01-01) <- opted out (02-01)
			{g, h}, // opted out (03-01) <- opted out (01-15)
			{e, f}, // neither
		} {
			if err := sink.Fold(p[0], p[1]); err != nil {
				return err
			}
		}
		l, err := sink.Load(c)
		if err != nil {
			return err
		}
		l.Title = "CEO"
		return sink.Update(l, []lead.Key{late})
	})
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	for _, w := range []struct {
		k    lead.Key
		want time.Time
	}{
		{sales, day(1, 1)},
		{profile("fold-bee"), day(1, 1)},
		{profile("fold-cee"), day(1, 1)},
		{profile("fold-dee"), day(1, 1)},
		{late, day(1, 1)},
		{profile("fold-gee"), day(1, 15)},
		{profile("fold-aitch"), day(1, 15)},
		{profile("fold-eee"), time.Time{}},
		{profile("fold-eff"), time.Time{}},
	} {
		if at := optedOutAt(t, db, w.k); !at.Equal(w.want) {
			t.Errorf("after the folds the lead holding %s opted out at %v, want %v", w.k, at, w.want)
		}
	}
	for _, k := range []lead.Key{sales, {Type: lead.KeyEmail, Value: "ann@fold.io"}, {Type: lead.KeyEmail, Value: "bea@fold.io"},
		profile("fold-bee"), profile("fold-cee"), profile("fold-dee"), late, profile("fold-gee"), profile("fold-aitch")} {
		if ok, err := db.IsSuppressed(ctx, k); err != nil || !ok {
			t.Errorf("%s, held by an opted-out lead after the folds, is not on the suppression list (%v)", k, err)
		}
	}
	for _, k := range []lead.Key{profile("fold-eee"), profile("fold-eff"), {Type: lead.KeyEmail, Value: "ed@fold.io"}} {
		if ok, err := db.IsSuppressed(ctx, k); err != nil || ok {
			t.Errorf("%s, held by a lead nobody opted out, is on the suppression list (%v)", k, err)
		}
	}
}
