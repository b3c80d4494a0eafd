package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
)

// roundTripCSV is three people: ann in lists a and b, bo in a, cy (who opts out) in b.
const roundTripCSV = "profileUrl,fullName,title,email\n" +
	"https://www.linkedin.com/in/rt-ann,Ann Lee,CEO,ann@rt.io\n" +
	"https://www.linkedin.com/in/rt-bo,Bo Chan,CTO,\n" +
	"https://www.linkedin.com/in/rt-cy,Cy Dahl,VP Sales,cy@rt.io\n"

// suppressionChecker is what both stores answer about the suppression list.
type suppressionChecker interface {
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
	Close() error
}

// checkExportRoundTrip fills src, exports it as CSV and as JSON, and imports each
// export into a fresh database from fresh(): the leads come back with their lists,
// the opted-out person is suppressed there (a later import of them is skipped), and
// a database that held the person as a lead has them opted out.
func checkExportRoundTrip(t *testing.T, src string, fresh func() string, open func(db string) suppressionChecker) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.csv", roundTripCSV)
	importLeadsJSON(t, src, in, "--list", "a")
	importLeadsJSON(t, src, writeFile(t, dir, "b.csv", "profileUrl\nhttps://www.linkedin.com/in/rt-ann\nhttps://www.linkedin.com/in/rt-cy\n"), "--list", "b")
	mustCLI(t, src, "leads", "optout", "in:rt-cy")
	var cy leadView
	if err := json.Unmarshal([]byte(mustCLI(t, src, "leads", "show", "in:rt-cy", "--json")), &cy); err != nil || cy.OptedOutAt == nil {
		t.Fatalf("show the opted-out lead: %v %+v", err, cy)
	}
	leads := func(db string) []leadView {
		var all, ls []leadView // the export, which says their lists, but for the opted-out
		if err := unmarshalExport(mustCLI(t, db, "leads", "export", "--format", "json"), &all); err != nil {
			t.Fatal(err)
		}
		for _, l := range all {
			if l.OptedOutAt == nil {
				l.ID, l.CreatedAt, l.UpdatedAt = 0, time.Time{}, time.Time{}
				slices.Sort(l.Lists)
				ls = append(ls, l)
			}
		}
		return ls
	}
	before := leads(src)
	if len(before) != 2 || !slices.Equal(before[0].Lists, []string{"a", "b"}) || !slices.Equal(before[1].Lists, []string{"a"}) {
		t.Fatalf("the source holds %+v", before)
	}
	ctx := context.Background()
	for _, format := range []string{"csv", "json"} {
		out := filepath.Join(dir, "export."+format)
		mustCLI(t, src, "leads", "export", "--format", format, "--out", out)

		dst := fresh()
		r := importLeadsJSON(t, dst, out)
		if r.Preset != "paceline" || r.Imported != 2 || r.Suppressed != 1 || r.OptedOut != 1 || r.Rejected != 0 {
			t.Errorf("%s: import of the export: %+v; want 2 imported, 1 suppressed as opted out", format, r)
		}
		if after := leads(dst); !reflect.DeepEqual(before, after) {
			t.Errorf("%s: the leads differ after the round trip:\nbefore %+v\nafter  %+v", format, before, after)
		}
		st := open(dst)
		for _, k := range []lead.Key{{Type: lead.KeyProfile, Value: "rt-cy"}, {Type: lead.KeyEmail, Value: "cy@rt.io"}} {
			if ok, err := st.IsSuppressed(ctx, k); err != nil || !ok {
				t.Errorf("%s: %v is not on the suppression list of the new database (%v)", format, k, err)
			}
		}
		if ok, err := st.IsSuppressed(ctx, lead.Key{Type: lead.KeyProfile, Value: "rt-ann"}); err != nil || ok {
			t.Errorf("%s: ann is suppressed (%v)", format, err)
		}
		st.Close()
		// The QA case: the person comes back in a later list, and stays out.
		if r := importLeadsJSON(t, dst, in); r.Suppressed != 1 || r.Imported != 0 {
			t.Errorf("%s: a later import of the opted-out person: %+v; want them suppressed", format, r)
		}
		if code, _, _ := cli(t, dst, "leads", "show", "in:rt-cy"); code == exitOK {
			t.Errorf("%s: the opted-out person became a lead again", format)
		}

		// A database that holds the person as a lead: the export opts them out.
		held := fresh()
		importLeadsJSON(t, held, in)
		if r := importLeadsJSON(t, held, out); r.OptedOut != 1 {
			t.Errorf("%s: import over a stored lead: %+v", format, r)
		}
		want := *cy.OptedOutAt // JSON keeps the fraction of a second, CSV does not
		if format == "csv" {
			want = want.Truncate(time.Second)
		}
		var got leadView
		if err := json.Unmarshal([]byte(mustCLI(t, held, "leads", "show", "in:rt-cy", "--json")), &got); err != nil ||
			got.OptedOutAt == nil || !got.OptedOutAt.Equal(want) {
			t.Errorf("%s: the stored lead after the import: %v, opted out at %v; want %v", format, err, got.OptedOutAt, want)
		}
	}
}

func TestLeadsExportRoundTripKeepsOptOutsAndLists(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	n := 0
	fresh := func() string {
		n++
		return filepath.Join(dir, "dst"+strings.Repeat("x", n)+".db")
	}
	checkExportRoundTrip(t, filepath.Join(dir, "src.db"), fresh, func(db string) suppressionChecker {
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

func TestLeadsExportRoundTripOnPostgres(t *testing.T) {
	t.Parallel()
	checkExportRoundTrip(t, postgresSchema(t), func() string { return postgresSchema(t) }, func(db string) suppressionChecker {
		st, err := postgres.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}
