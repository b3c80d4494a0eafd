package lead

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// leadOf returns the lead of the sink holding key k, nil if none does.
func (m *memSink) leadOf(k Key) *paceline.Lead {
	id, ok := m.keys[k]
	if !ok {
		return nil
	}
	return m.leads[id]
}

// TestImportPlaceholderEmailMergesNobody imports QA's Apollo file: two people whose
// locked emails Apollo filled with one placeholder stay two leads, each with its own
// title, the placeholder is no one's email, and the report says so for each row.
func TestImportPlaceholderEmailMergesNobody(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	csv := "First Name,Last Name,Title,Email,Person Linkedin Url\n" +
		"Amy,A,CEO,email_not_unlocked@domain.com,https://linkedin.com/in/amy-a\n" +
		"Ben,B,VP Sales,email_not_unlocked@domain.com,https://linkedin.com/in/ben-b\n" +
		"Cy,C,CTO,EMAIL_NOT_UNLOCKED@domain.com,\n" // nothing else to know Cy by
	rep, err := runImport(t, sink, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 2 || rep.Duplicates != 0 || rep.Rejected != 1 || rep.Warnings != 2 {
		t.Errorf("report %+v; want 2 imported, 1 rejected (no key but the placeholder), 2 rows warned", rep)
	}
	for _, w := range rep.WarningLines {
		if w.Field != "Email" || !strings.Contains(w.Reason, "placeholder") {
			t.Errorf("warning %+v, want the Email column's placeholder", w)
		}
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Reason, "placeholder") {
		t.Errorf("errors %+v, want line 4 refused for its placeholder", rep.Errors)
	}
	amy, ben := sink.leadOf(Key{KeyProfile, "amy-a"}), sink.leadOf(Key{KeyProfile, "ben-b"})
	if amy == nil || ben == nil || amy.ID == ben.ID || amy.Title != "CEO" || ben.Title != "VP Sales" || amy.Email != "" || ben.Email != "" {
		t.Errorf("amy %+v, ben %+v; want two leads, their own titles, no email", amy, ben)
	}
}

func TestIsPlaceholderEmail(t *testing.T) {
	t.Parallel()
	for e, want := range map[string]bool{
		"email_not_unlocked@domain.com": true,
		"email_not_unlocked@acme.com":   true,
		"noemail@acme.com":              true,
		"email@domain.com":              true,
		"test@test.com":                 true,
		"amy@domain.com":                false,
		"info@acme.com":                 false,
		"jo@example.com":                false,
		"not-an-address":                false,
	} {
		if got := isPlaceholderEmail(e); got != want {
			t.Errorf("isPlaceholderEmail(%q) = %v, want %v", e, got, want)
		}
	}
}

// TestImportSharedEmailKeepsProfilesApart gives one real address to two LinkedIn
// profiles, in one file and across files, with the leads stored before: the email
// stays with its first owner, no lead takes another's title, no stored lead is merged
// away, and every row that lost the email is listed. An email joining an /in/ profile
// and a Sales Navigator id still makes them one person.
func TestImportSharedEmailKeepsProfilesApart(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	csv := "profileUrl,email,title\n" +
		"https://linkedin.com/in/amy-a,info@acme.com,CEO\n" +
		"https://linkedin.com/in/ben-b,info@acme.com,VP Sales\n" +
		"https://linkedin.com/in/cyd-c,,CTO\n"
	rep, err := runImport(t, sink, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 3 || rep.Duplicates != 0 || rep.Warnings != 1 || len(rep.WarningLines) != 1 ||
		rep.WarningLines[0].Line != 3 || rep.WarningLines[0].Value != "info@acme.com" ||
		!strings.Contains(rep.WarningLines[0].Reason, "in:amy-a") {
		t.Errorf("first file: %+v; want 3 leads and line 3's email kept with in:amy-a", rep)
	}

	// Stored now: a later file ties the address to ben and to cyd, whose rows the
	// index would otherwise fold into amy.
	again := "profileUrl,email,title\n" +
		"https://linkedin.com/in/ben-b,info@acme.com,Founder\n" +
		"https://linkedin.com/in/cyd-c,info@acme.com,\n" +
		"info@acme.com is not a URL,info@acme.com,Chair\n" // the email's own lead, by the email alone
	rep, err = runImport(t, sink, again, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Merged != 0 || rep.Imported != 0 || rep.Duplicates != 3 || rep.Updated != 2 || rep.Warnings != 3 {
		t.Errorf("second file: %+v; want 3 duplicates, ben and amy updated, nothing merged", rep)
	}
	amy, ben, cyd := sink.leadOf(Key{KeyProfile, "amy-a"}), sink.leadOf(Key{KeyProfile, "ben-b"}), sink.leadOf(Key{KeyProfile, "cyd-c"})
	if len(sink.leads) != 3 || amy == nil || ben == nil || cyd == nil {
		t.Fatalf("%d leads (amy %v, ben %v, cyd %v); want the three", len(sink.leads), amy, ben, cyd)
	}
	if amy.Email != "info@acme.com" || amy.Title != "Chair" || ben.Title != "Founder" || ben.Email != "" || cyd.Title != "CTO" || cyd.Email != "" {
		t.Errorf("amy %s %q, ben %s %q, cyd %s %q", amy.Email, amy.Title, ben.Email, ben.Title, cyd.Email, cyd.Title)
	}

	// A Sales Navigator id with amy's address is amy seen from Sales Navigator.
	sales := "profileUrl,email\nhttps://www.linkedin.com/sales/lead/ACwAAAamy000000000000,info@acme.com\n"
	if rep, err = runImport(t, sink, sales, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := sink.leadOf(Key{KeySales, "ACwAAAamy000000000000"}); rep.Duplicates != 1 || rep.Imported != 0 || rep.Warnings != 0 || got == nil || got.ID != amy.ID {
		t.Errorf("sales file: %+v, the sales key on %+v; want it on amy (lead %d)", rep, got, amy.ID)
	}
	// Another Sales Navigator id with the same address is someone else.
	other := "profileUrl,email\nhttps://www.linkedin.com/sales/lead/ACwAAAbob000000000000,info@acme.com\n"
	if rep, err = runImport(t, sink, other, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Warnings != 1 {
		t.Errorf("second sales id: %+v; want a new lead without the email", rep)
	}
}

func TestParseOptOut(t *testing.T) {
	t.Parallel()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in     string
		out    bool
		at     time.Time
		reject bool
	}{
		{in: "false"}, {in: "No"}, {in: "0"}, {in: "n"},
		{in: "true", out: true}, {in: "YES", out: true}, {in: "1", out: true},
		{in: "2024-03-01", out: true, at: day},
		{in: "2024-03-01T10:00:00Z", out: true, at: day.Add(10 * time.Hour)},
		{in: "2024-03-01T12:00:00+02:00", out: true, at: day.Add(10 * time.Hour)},
		{in: "2024-03-01 10:00:00", out: true, at: day.Add(10 * time.Hour)},
		{in: "2024-03-01 10:00", out: true, at: day.Add(10 * time.Hour)},
		{in: "maybe", reject: true}, {in: "03/01/2024", reject: true}, {in: "2", reject: true},
	} {
		out, at, ok := parseOptOut(c.in)
		if ok == c.reject || out != c.out || !at.Equal(c.at) {
			t.Errorf("parseOptOut(%q) = %v, %v, %v; want %v, %v, refused %v", c.in, out, at, ok, c.out, c.at, c.reject)
		}
	}
}

// TestImportOptedOutAtValues imports QA's --map Unsub=opted_out_at file: a no is not
// an opt-out, a date is kept as the time, and a value that is neither rejects its
// row, naming the column and the values it takes.
func TestImportOptedOutAtValues(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	csv := "Email,Unsub\n" +
		"a@a.com,false\n" +
		"b@b.com,2024-03-01\n" +
		"c@c.com,maybe\n" +
		"d@d.com,\n"
	rd, err := NewReader(strings.NewReader(csv), Options{Map: map[string]string{"Unsub": "opted_out_at"}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Import(t.Context(), rd, sink, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 2 || rep.Suppressed != 1 || rep.OptedOut != 1 || rep.Rejected != 1 {
		t.Errorf("report %+v; want a and d imported, b opted out, c rejected", rep)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 4 || !strings.Contains(rep.Errors[0].Reason, `"Unsub"`) ||
		!strings.Contains(rep.Errors[0].Reason, "2024-03-01") || !strings.Contains(rep.Errors[0].Reason, "false") {
		t.Errorf("errors %+v; want line 4, naming the column and the values it takes", rep.Errors)
	}
	if _, ok := sink.suppressed[Key{KeyEmail, "a@a.com"}.Hash()]; ok || sink.leadOf(Key{KeyEmail, "a@a.com"}) == nil {
		t.Error("a row saying false was taken for an opt-out")
	}
	if _, ok := sink.suppressed[Key{KeyEmail, "b@b.com"}.Hash()]; !ok {
		t.Error("b's opt-out is not on the suppression list")
	}

	// A stored lead opted out by a dated row keeps the row's date, not the import's.
	sink = &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	if _, err := runImport(t, sink, "Email\nb@b.com\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rd, err = NewReader(strings.NewReader(csv), Options{Map: map[string]string{"Unsub": "opted_out_at"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(t.Context(), rd, sink, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if at, ok := sink.optedOut[1]; !ok || !at.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("b opted out at %v (%v), want 2024-03-01", at, ok)
	}
}

// TestImportSuppressedRowSuppressesItsOtherKeys is QA's case: in:ghost opted out
// ahead of any import, then a file ties g@x.com to in:ghost and brings g@x.com alone.
// The address goes on the suppression list, the second row is suppressed, a stored
// lead holding the address is opted out, and an address another profile owns is not
// taken for the ghost's.
func TestImportSuppressedRowSuppressesItsOtherKeys(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	sink.suppressed[Key{KeyProfile, "ghost"}.Hash()] = struct{}{}
	stored := "Email,LinkedIn URL\nold@x.com,\nshared@x.com,https://linkedin.com/in/amy-a\n"
	if _, err := runImport(t, sink, stored, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	csv := "Email,LinkedIn URL\n" +
		"g@x.com,https://linkedin.com/in/ghost\n" +
		"g@x.com,\n" +
		"old@x.com,https://linkedin.com/in/ghost\n" + // the stored lead 1 is the ghost
		"shared@x.com,https://linkedin.com/in/ghost\n" + // amy's address, not the ghost's
		"shared@x.com,\n"
	rep, err := runImport(t, sink, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Suppressed != 4 || rep.Duplicates != 1 || rep.Imported != 0 || rep.Warnings != 1 {
		t.Errorf("report %+v; want 4 suppressed, shared@x.com a duplicate of amy, one email kept apart", rep)
	}
	if len(rep.WarningLines) != 1 || rep.WarningLines[0].Field != "Email" || rep.WarningLines[0].Line != 5 {
		t.Errorf("warnings %+v; want line 5's Email column", rep.WarningLines)
	}
	for _, e := range []string{"g@x.com", "old@x.com"} {
		if _, ok := sink.suppressed[Key{KeyEmail, e}.Hash()]; !ok {
			t.Errorf("%s is not on the suppression list", e)
		}
	}
	if _, ok := sink.suppressed[Key{KeyEmail, "shared@x.com"}.Hash()]; ok {
		t.Error("amy's address was suppressed for the ghost")
	}
	if _, ok := sink.optedOut[1]; !ok {
		t.Error("the stored lead holding the ghost's address was not opted out")
	}
	if _, ok := sink.optedOut[2]; ok {
		t.Error("amy was opted out")
	}
	if l := sink.leadOf(Key{KeyEmail, "g@x.com"}); l != nil {
		t.Errorf("the ghost came back as lead %+v", l)
	}
}

// TestImportReportMatchesStore imports random files of a few people, whose rows
// carry a profile or a Sales Navigator id and an address from a small shared pool,
// into a sink holding what earlier files left, and checks the report against what the
// sink holds before and after: imported is the leads there now that were not before,
// merged the stored leads gone, updated the stored leads whose fields or keys changed,
// and every row is counted once. No lead ever holds two profiles or two Sales
// Navigator ids: only an email could have joined them.
func TestImportReportMatchesStore(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 200 {
		sink := newMemSink()
		for file := range 3 {
			before := snapshot(sink)
			csv := randomFile(rng, 1+rng.IntN(12))
			rep, err := runImport(t, sink, csv, ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			after := snapshot(sink)
			var imported, merged, updated int
			for id := range after {
				if _, ok := before[id]; !ok {
					imported++
				}
			}
			for id, was := range before {
				now, ok := after[id]
				switch {
				case !ok:
					merged++
				case now != was:
					updated++
				}
			}
			if rep.Imported != imported || rep.Merged != merged || rep.Updated != updated ||
				rep.Rows != rep.Imported+rep.Duplicates+rep.Suppressed+rep.Rejected {
				t.Fatalf("round %d file %d:\n%s\nreport %+v;\nthe sink has %d new leads, %d stored leads gone, %d changed",
					round, file, csv, rep, imported, merged, updated)
			}
			for id, s := range after {
				if strings.Count(s, "in:") > 1 || strings.Count(s, "sales:") > 1 {
					t.Fatalf("round %d file %d:\n%s\nlead %d holds %s", round, file, csv, id, s)
				}
			}
		}
	}
}

// randomFile writes n rows of a few people: a profile or a Sales Navigator id (or
// neither), an address from a pool smaller than the people, a title.
func randomFile(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("profileUrl,email,title\n")
	for range n {
		url := ""
		switch rng.IntN(3) {
		case 0:
			url = fmt.Sprintf("https://linkedin.com/in/p%d", rng.IntN(5))
		case 1:
			url = fmt.Sprintf("https://www.linkedin.com/sales/lead/ACwAAA%015d", rng.IntN(4))
		}
		email := ""
		if rng.IntN(3) > 0 {
			email = fmt.Sprintf("e%d@x.com", rng.IntN(3))
		}
		title := []string{"", "CEO", "CTO"}[rng.IntN(3)]
		fmt.Fprintf(&b, "%s,%s,%s\n", url, email, title)
	}
	return b.String()
}

// snapshot describes each lead of the sink by its fields and its keys, sorted.
func snapshot(m *memSink) map[int64]string {
	out := map[int64]string{}
	for id, l := range m.leads {
		var keys []string
		for k, owner := range m.keys {
			if owner == id {
				keys = append(keys, k.String())
			}
		}
		slices.Sort(keys)
		c := *l
		c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
		out[id] = fmt.Sprintf("%v %q", fingerprint(&c), keys)
	}
	return out
}

// TestImportCountsWhatExists is QA's file on an empty store: an address, a profile,
// then a row proving them one person. One lead exists, so one is imported and the
// other rows are duplicates; nothing stored before was merged. A stored lead that
// takes a second address is updated though none of its fields changed.
func TestImportCountsWhatExists(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	csv := "Email,LinkedIn URL\na@x.com,\n,https://linkedin.com/in/a-one\na@x.com,https://linkedin.com/in/a-one\n"
	rep, err := runImport(t, sink, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := ImportReport{Preset: PresetGeneric, Rows: 3, Imported: 1, Duplicates: 2}
	if !equalReports(*rep, want) || len(sink.leads) != 1 {
		t.Errorf("report %+v with %d leads; want %+v and 1 lead", rep, len(sink.leads), want)
	}
	rep, err = runImport(t, sink, "Email,LinkedIn URL\nb@x.com,https://linkedin.com/in/a-one\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (ImportReport{Preset: PresetGeneric, Rows: 1, Duplicates: 1, Updated: 1}); !equalReports(*rep, want) {
		t.Errorf("second address: %+v; want %+v", rep, want)
	}
}
