package lead

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// memSink is a Sink in memory. blind lists keys whose exact lookup it pretends not to
// find, which is what a hash collision in the Index looks like from the pipeline.
type memSink struct {
	leads      map[int64]*paceline.Lead
	keys       map[Key]int64
	suppressed map[string]struct{}
	blind      map[Key]bool
	failAfter  int // Insert fails once this many leads are stored (0: never)
}

func newMemSink() *memSink {
	return &memSink{leads: map[int64]*paceline.Lead{}, keys: map[Key]int64{}, suppressed: map[string]struct{}{}, blind: map[Key]bool{}}
}

func (m *memSink) Known(fn func(int64, []Key) error) error {
	ids := make([]int64, 0, len(m.leads))
	for id := range m.leads {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		var keys []Key
		for k, owner := range m.keys {
			if owner == id {
				keys = append(keys, k)
			}
		}
		if err := fn(id, keys); err != nil {
			return err
		}
	}
	return nil
}

// Suppressed returns a copy, as a store reads the list: the reading side of an import
// must not see what the writing side adds to it.
func (m *memSink) Suppressed() (map[string]struct{}, error) { return maps.Clone(m.suppressed), nil }

func (m *memSink) Owners(keys []Key) ([]int64, error) {
	var ids []int64
	for _, k := range keys {
		if id, ok := m.keys[k]; ok && !m.blind[k] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

func (m *memSink) Load(id int64) (*paceline.Lead, error) {
	l, ok := m.leads[id]
	if !ok {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "no lead %d", id)
	}
	return l.Clone(), nil
}

func (m *memSink) Insert(l *paceline.Lead, keys []Key) error {
	if m.failAfter > 0 && len(m.leads) >= m.failAfter {
		return errors.New("disk full")
	}
	if _, taken := m.leads[l.ID]; taken {
		return errors.New("id reused")
	}
	m.leads[l.ID] = l.Clone()
	for _, k := range keys {
		m.keys[k] = l.ID
	}
	return nil
}

func (m *memSink) Update(l *paceline.Lead, keys []Key) error {
	m.leads[l.ID] = l.Clone()
	for _, k := range keys {
		if _, ok := m.keys[k]; !ok || m.blind[k] {
			m.keys[k] = l.ID
		}
	}
	return nil
}

func (m *memSink) Fold(into, from int64) error {
	for k, id := range m.keys {
		if id == from {
			m.keys[k] = into
		}
	}
	delete(m.leads, from)
	return nil
}

// optOutSink is a memSink that is a Suppressor: it records the leads it marked
// opted out and when.
type optOutSink struct {
	*memSink
	optedOut map[int64]time.Time
	reasons  map[string]string // hash -> reason, of the entries with one
}

var _ Suppressor = (*optOutSink)(nil)

func (m *optOutSink) SuppressedFor(prefix string) (map[string]string, error) {
	out := map[string]string{}
	for h, r := range m.reasons {
		if strings.HasPrefix(r, prefix) {
			out[h] = r
		}
	}
	return out, nil
}

func (m *optOutSink) OptOut(keys []Key, at time.Time, reason string) ([]Key, error) {
	if m.reasons == nil {
		m.reasons = map[string]string{}
	}
	for _, k := range keys {
		if _, ok := m.suppressed[k.Hash()]; !ok && reason != "" {
			m.reasons[k.Hash()] = reason
		}
	}
	owners, _ := m.Owners(keys)
	var held []Key
	for _, id := range owners {
		if _, ok := m.optedOut[id]; !ok {
			m.optedOut[id] = at
		}
		for k, owner := range m.keys {
			if owner == id {
				m.suppressed[k.Hash()] = struct{}{}
				held = append(held, k)
			}
		}
	}
	for _, k := range keys {
		m.suppressed[k.Hash()] = struct{}{}
	}
	return held, nil
}

func runImport(t *testing.T, sink Sink, csv string, opt ImportOptions) (*ImportReport, error) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Import(context.Background(), rd, sink, opt)
}

func TestImportCountsEveryRow(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	sink.suppressed[Key{KeyEmail, "gone@x.com"}.Hash()] = struct{}{}
	csv := "profileUrl,email,title\n" +
		"https://linkedin.com/in/ann,,CEO\n" + // new
		"https://linkedin.com/in/bob,b@x.com,CTO\n" + // new
		"HTTPS://WWW.LINKEDIN.COM/in/ANN/,a@x.com,Founder\n" + // duplicate, fills the email
		"https://linkedin.com/in/cyd,gone@x.com,CEO\n" + // suppressed by its email
		",,CEO\n" + // rejected
		"https://linkedin.com/in/zz,B@X.COM,\n" // b's email, another profile: new, without the email
	scored := 0
	rep, err := runImport(t, sink, csv, ImportOptions{List: "l", ScoreFunc: func(l *paceline.Lead) { scored++; l.Score = len(l.Title) }})
	if err != nil {
		t.Fatal(err)
	}
	want := ImportReport{Preset: PresetSalesNavigator, Rows: 6, Imported: 3, Duplicates: 1, Suppressed: 1, Rejected: 1}
	got := *rep
	got.Errors = nil
	if !equalReports(got, want) {
		t.Errorf("report %+v, want %+v", got, want)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 6 {
		t.Errorf("errors %+v, want line 6", rep.Errors)
	}
	a := sink.leads[sink.keys[Key{KeyProfile, "ann"}]]
	if a.Email != "a@x.com" || a.Title != "Founder" || a.Score != len("Founder") || !slices.Equal(a.Lists, []string{"l"}) {
		t.Errorf("lead ann %+v", a)
	}
	if zz := sink.keys[Key{KeyProfile, "zz"}]; zz == 0 || zz == sink.keys[Key{KeyEmail, "b@x.com"}] || sink.leads[zz].Email != "" {
		t.Errorf("in:zz is lead %d, b@x.com lead %d: another profile took b's email", zz, sink.keys[Key{KeyEmail, "b@x.com"}])
	}
	if rep.Warnings != 1 || len(rep.WarningLines) != 1 || rep.WarningLines[0].Line != 7 {
		t.Errorf("warnings %+v, want line 7's email kept apart", rep.WarningLines)
	}
	if scored < 4 {
		t.Errorf("ScoreFunc ran %d times", scored)
	}
}

// TestImportCountsWarningRows counts the accepted rows that lost a value, not the
// values: a row with a bad email and a head count that is not one is one row.
func TestImportCountsWarningRows(t *testing.T) {
	t.Parallel()
	csv := "profileUrl,email,companySize\n" +
		"https://linkedin.com/in/ann,not-an-email,lots\n" + // two values dropped
		"https://linkedin.com/in/bob,b@x.com,50\n" +
		"https://linkedin.com/in/cyd,,many\n" // one
	rep, err := runImport(t, newMemSink(), csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Warnings != 2 || rep.Imported != 3 {
		t.Errorf("warnings %d, imported %d; want 2 rows with a value dropped of 3 imported", rep.Warnings, rep.Imported)
	}
}

// TestImportListsWarnings lists every dropped value with its line, its column as
// headed in the file, the value and why, and caps the list like the errors list.
func TestImportListsWarnings(t *testing.T) {
	t.Parallel()
	csv := "Person Linkedin Url,Email,# Employees,Company Name for Emails\n" +
		"https://linkedin.com/in/ann,not-an-email,abc,Acme\n" + // line 2: two values dropped
		"https://linkedin.com/in/bob,b@x.com,50,Acme\n" +
		"https://example.com/bad,cyd@x.com,,Acme\n" // line 4: the URL
	rep, err := runImport(t, newMemSink(), csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line         int
		field, value string
		reason       string // a part of the reason
	}{
		{2, "# Employees", "abc", "not a head count"},
		{2, "Email", "not-an-email", "the email was ignored"},
		{4, "Person Linkedin Url", "https://example.com/bad", "the URL was ignored"},
	}
	if rep.Warnings != 2 || len(rep.WarningLines) != len(want) || rep.WarningsOmitted != 0 {
		t.Fatalf("warnings %d, listed %+v, omitted %d; want 2 rows, %d values listed",
			rep.Warnings, rep.WarningLines, rep.WarningsOmitted, len(want))
	}
	for i, w := range want {
		got := rep.WarningLines[i]
		if got.Line != w.line || got.Field != w.field || got.Value != w.value || !strings.Contains(got.Reason, w.reason) {
			t.Errorf("warning %d = %+v; want line %d, %s = %q, a reason saying %q", i, got, w.line, w.field, w.value, w.reason)
		}
	}

	capped, err := runImport(t, newMemSink(), csv, ImportOptions{MaxErrors: 2})
	if err != nil {
		t.Fatal(err)
	}
	if capped.Warnings != 2 || len(capped.WarningLines) != 2 || capped.WarningsOmitted != 1 {
		t.Errorf("with MaxErrors 2: warnings %d, listed %d, omitted %d; want 2, 2, 1",
			capped.Warnings, len(capped.WarningLines), capped.WarningsOmitted)
	}
}

func equalReports(a, b ImportReport) bool {
	a.Errors, b.Errors = nil, nil
	return a.Preset == b.Preset && a.Rows == b.Rows && a.Imported == b.Imported && a.Updated == b.Updated &&
		a.Duplicates == b.Duplicates && a.Suppressed == b.Suppressed && a.Rejected == b.Rejected && a.Merged == b.Merged
}

func TestImportTreatsAnUnconfirmedMatchAsNew(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	if _, err := runImport(t, sink, "profileUrl\nhttps://linkedin.com/in/first\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// The store cannot confirm the key the index knows: to the pipeline that is a hash
	// collision, and the row must become a lead of its own with an id never reused.
	sink.blind[Key{KeyProfile, "first"}] = true
	rep, err := runImport(t, sink, "profileUrl\nhttps://linkedin.com/in/first\nhttps://linkedin.com/in/second\n", ImportOptions{})
	if err != nil {
		t.Fatalf("%v (an id handed out twice?)", err)
	}
	if rep.Imported != 2 || rep.Duplicates != 0 || len(sink.leads) != 3 {
		t.Errorf("report %+v with %d leads, want 2 new leads and 3 in all", rep, len(sink.leads))
	}
}

func TestImportUpdatedCountsNetChanges(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	base := "profileUrl,title\nhttps://linkedin.com/in/ann,CEO\nhttps://linkedin.com/in/bob,CTO\n"
	if _, err := runImport(t, sink, base, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// a changes and changes back; b changes for good.
	again := "profileUrl,title\nhttps://linkedin.com/in/ann,VP\nhttps://linkedin.com/in/ann,CEO\nhttps://linkedin.com/in/bob,COO\n"
	rep, err := runImport(t, sink, again, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Duplicates != 3 || rep.Updated != 1 {
		t.Errorf("report %+v, want 3 duplicates and 1 lead updated", rep)
	}
}

func TestImportStopsOnSinkFailureAndCancel(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("profileUrl\n")
	for i := range 3000 {
		b.WriteString("https://linkedin.com/in/p-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "-" + itoa(i) + "\n")
	}
	sink := newMemSink()
	sink.failAfter = 1500
	if _, err := runImport(t, sink, b.String(), ImportOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("sink failure: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rd, err := NewReader(strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(ctx, rd, newMemSink(), ImportOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: %v", err)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

// TestImportOptedOutRowsSuppress imports rows of paceline's export that say the
// person opted out: their keys go on the suppression list (through the Suppressor),
// a later row of the same person is suppressed too, a stored lead holding the key is
// marked opted out at the row's time, and each such row counts as suppressed.
func TestImportOptedOutRowsSuppress(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	if _, err := runImport(t, sink, "profileUrl,email\nhttps://linkedin.com/in/kept,kept@x.com\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	csv := "id,profile_url,profile_key,email,company_key,lists,opted_out_at\n" +
		"1,https://www.linkedin.com/in/gone,gone,gone@x.com,,,2026-03-01T10:00:00Z\n" +
		"2,https://www.linkedin.com/in/gone,gone,,,,\n" + // the same person, no opt-out written
		"3,,,kept@x.com,,,2026-04-01T10:00:00Z\n" + // a stored lead, by its email
		"4,https://www.linkedin.com/in/new,new,,,,\n"
	rep, err := runImport(t, sink, csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Suppressed != 3 || rep.OptedOut != 2 || rep.Imported != 1 || rep.Rows != 4 {
		t.Errorf("report %+v; want 4 rows, 3 suppressed (2 opted out), 1 imported", rep)
	}
	for _, k := range []Key{{KeyProfile, "gone"}, {KeyEmail, "gone@x.com"}, {KeyEmail, "kept@x.com"}, {KeyProfile, "kept"}} {
		if _, ok := sink.suppressed[k.Hash()]; !ok {
			t.Errorf("%v is not on the suppression list", k)
		}
	}
	if _, ok := sink.suppressed[Key{KeyProfile, "new"}.Hash()]; ok {
		t.Error("a lead that did not opt out was suppressed")
	}
	if at, ok := sink.optedOut[1]; !ok || !at.Equal(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("stored lead 1 opted out at %v (%v); want the row's time", at, ok)
	}
	for _, l := range sink.leads {
		if l.ProfileKey == "gone" {
			t.Errorf("the opted-out person became lead %d", l.ID)
		}
	}

	// A sink that cannot suppress still skips the rows.
	plain := newMemSink()
	rep, err = runImport(t, plain, csv, ImportOptions{})
	if err != nil || rep.Suppressed != 3 || len(plain.leads) != 1 {
		t.Errorf("plain sink: %+v, %v, %d leads; want 3 suppressed and 1 lead", rep, err, len(plain.leads))
	}
}

// TestImportRestoresLists reads the lists column of paceline's export: a lead joins
// the lists its row names and the import's own list; a repeated row with other lists
// is not taken for a plain repeat.
func TestImportRestoresLists(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	csv := "id,profile_url,profile_key,company_key,lists,opted_out_at\n" +
		"1,https://www.linkedin.com/in/ann,ann,,A; B,\n" +
		"2,https://www.linkedin.com/in/bob,bob,,,\n" +
		"3,https://www.linkedin.com/in/cyd,cyd,,'-minus; C,\n" +
		"4,https://www.linkedin.com/in/ann,ann,,D,\n"
	rep, err := runImport(t, sink, csv, ImportOptions{List: "C"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 3 || rep.Duplicates != 1 {
		t.Errorf("report %+v", rep)
	}
	want := map[string][]string{"ann": {"A", "B", "C", "D"}, "bob": {"C"}, "cyd": {"-minus", "C"}}
	for _, l := range sink.leads {
		if !slices.Equal(l.Lists, want[l.ProfileKey]) {
			t.Errorf("%s is in %q; want %q", l.ProfileKey, l.Lists, want[l.ProfileKey])
		}
	}
}
