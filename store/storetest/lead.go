package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// LeadStore is what both stores offer of leads, and what RunLeads exercises: the
// import sink, the listings, opt-out and erasure, enrichment's write-back and the
// outcomes the score learns from (with the ledger and events they read).
type LeadStore interface {
	Store
	paceline.LeadStore

	LeadLists(ctx context.Context, id int64) ([]string, error)
	CountLeads(ctx context.Context) (int, error)
	EachLead(ctx context.Context, f paceline.LeadFilter, fn func(l *paceline.Lead, optedOutAt time.Time) error) error
	ExportLeads(ctx context.Context, list string, fn func(l *paceline.Lead, optedOutAt time.Time) error) error
	ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error
	RescoreLeads(ctx context.Context, scoreFunc func(*paceline.Lead)) (seen, changed int, err error)
	SuppressKeys(ctx context.Context, keys []lead.Key, reason string) error
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
	EraseLead(ctx context.Context, id int64) ([]lead.Key, error)
	FindLeadID(ctx context.Context, k lead.Key) (int64, error)
	UpdateLeadFields(ctx context.Context, leads []*paceline.Lead, rescore func(*paceline.Lead)) (int, error)
	LedgerOutcomes(ctx context.Context) ([]paceline.LeadOutcome, int, error)
}

// LeadDB is a fresh lead store under test with a way to read its tables behind its
// back: the suite compares every row of the lead tables before and after an operation
// that must change nothing.
type LeadDB struct {
	LeadStore
	// Rows runs a plain SELECT (no parameters, SQL both dialects read) and returns one
	// line per row, its values formatted with fmt.
	Rows func(query string) ([]string, error)
}

// LeadOpenFunc opens a fresh, empty lead store for one test whose clock reads Clock,
// registering its Close with t.Cleanup.
type LeadOpenFunc func(t *testing.T) LeadDB

// openRuntime opens a fresh store with open, as one that also runs campaigns: the
// tests of what imports and events do to enrollments need both.
func openRuntime(t *testing.T, open LeadOpenFunc) (LeadDB, RuntimeStore) {
	t.Helper()
	db := open(t)
	rs, ok := db.LeadStore.(RuntimeStore)
	if !ok {
		t.Fatalf("%T lacks the runtime store", db.LeadStore)
	}
	return db, rs
}

// RunLeads runs the leads suite against the stores open returns, each test in
// parallel.
func RunLeads(t *testing.T, open LeadOpenFunc) {
	tests := []struct {
		name string
		test func(t *testing.T, open LeadOpenFunc)
	}{
		{"ImportMergesAcrossFiles", testImportMergesAcrossFiles},
		{"ImportCollapsesURLVariants", testImportCollapsesURLVariants},
		{"ImportFoldsOnePersonSeenAsTwo", testImportFoldsOnePersonSeenAsTwo},
		{"ImportAllOrNothing", testImportAllOrNothing},
		{"ImportKeepsErrorsBounded", testImportKeepsErrorsBounded},
		{"ImportManyInBatches", testImportManyInBatches},
		{"ImportUpdatesAStoredLeadTwice", testImportUpdatesAStoredLeadTwice},
		{"ImportKeepsOnePersonOneLead", testImportKeepsOnePersonOneLead},
		{"ImportKeepsSharedEmailApart", testImportKeepsSharedEmailApart},
		{"ImportSpreadsASuppression", testImportSpreadsASuppression},
		{"ReadAheadChangesNothing", testReadAheadChangesNothing},
		{"ImportMergeStopsASecondRun", testImportMergeStopsASecondRun},
		{"ImportMergeKeepsALoneRun", testImportMergeKeepsALoneRun},
		{"TickKeepsAMergeStop", testTickKeepsAMergeStop},
		{"EraseRemovesRuntimeRecords", testEraseRemovesRuntimeRecords},
		{"EraseKeepsTheLedgerUnderAnAlias", testEraseKeepsTheLedgerUnderAnAlias},
		{"EraseReleasesTaskSlots", testEraseReleasesTaskSlots},
		{"EraseBeforeTheEnrollmentsWin", testEraseBeforeTheEnrollmentsWin},
		{"OptOutAndEraseAreNeverReimported", testOptOutAndEraseAreNeverReimported},
		{"OptedOutEventSuppresses", testOptedOutEventSuppresses},
		{"LeadIDsAreNeverReused", testLeadIDsAreNeverReused},
		{"EventReachesTheEnrollmentsReference", testEventReachesTheEnrollmentsReference},
		{"SuppressKeysWithoutLead", testSuppressKeysWithoutLead},
		{"ListLeadsPagesByScore", testListLeadsPagesByScore},
		{"ExportLeadsCarriesLists", testExportLeadsCarriesLists},
		{"RescoreLeads", testRescoreLeads},
		{"UpdateLeadFieldsFillsOnlyEmpty", testUpdateLeadFieldsFillsOnlyEmpty},
		{"UpdateLeadFieldsRefusesSuppressedEmail", testUpdateLeadFieldsRefusesSuppressedEmail},
		{"UpdateLeadFieldsRescoresWhatItFills", testUpdateLeadFieldsRescoresWhatItFills},
		{"LedgerOutcomes", testLedgerOutcomes},
		{"CustomFieldsCarried", testCustomFieldsCarried},
		{"SuppressionsTravel", testSuppressionsTravel},
		{"ImportRestoresSuppressions", testImportRestoresSuppressions},
		{"RestoredSuppressionOptsOutHolder", testRestoredSuppressionOptsOutHolder},
		{"RestoredSpreadEntrySparesOtherProfile", testRestoredSpreadEntrySparesOtherProfile},
		{"ImportSpreadSparesOtherProfiles", testImportSpreadSparesOtherProfiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, open)
		})
	}
}

// ImportCSV imports csv into s and returns the report or the error.
func ImportCSV(ctx context.Context, s interface {
	ImportLeads(ctx context.Context, fn func(sink lead.Sink) error) error
}, csv string, opt lead.ImportOptions) (*lead.ImportReport, error) {
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

// dumpLeads renders every row of the lead tables, so two dumps are equal only when
// nothing changed.
func dumpLeads(t *testing.T, db LeadDB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, profile_key, sales_key, email, first_name, title, score, custom, score_explanation, opted_out_at, updated_at FROM leads ORDER BY id`,
		`SELECT kind, value, lead_id FROM lead_keys ORDER BY kind, value`,
		`SELECT id, name FROM lists ORDER BY id`,
		`SELECT list_id, lead_id FROM list_members ORDER BY list_id, lead_id`,
		`SELECT key_hash, reason FROM suppressions ORDER BY key_hash`,
	} {
		rows, err := db.Rows(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, r := range rows {
			b.WriteString(r + "\n")
		}
		b.WriteString("--\n")
	}
	return b.String()
}

// mustImport imports csv or fails the test.
func mustImport(t *testing.T, s LeadStore, csv string, opt lead.ImportOptions) *lead.ImportReport {
	t.Helper()
	rep, err := ImportCSV(context.Background(), s, csv, opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func mustLead(t *testing.T, s LeadStore, id int64) *paceline.Lead {
	t.Helper()
	l, err := s.Lead(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustLeadByKey(t *testing.T, s LeadStore, kind, value string) *paceline.Lead {
	t.Helper()
	l, err := s.LeadByKey(context.Background(), kind, value)
	if err != nil {
		t.Fatalf("lead %s:%s: %v", kind, value, err)
	}
	return l
}

const connectionsCSV = "Notes:\n\"When exporting your connection data, you may notice...\"\n\n" +
	"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
	"Marie,\"Curie, PhD\",https://fr.linkedin.com/in/Marie-Curie/?trk=x,,Radium Institute SAS,Head of Research,12 Jan 2026\n" +
	"Pierre,Curie,,,Sorbonne,Professor,03 Dec 2025\n" +
	"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@engines.org,Analytical Engines Ltd,CTO,01 Jan 2026\n"

const apolloCSV = "First Name,Last Name,Title,Company,Email,Person Linkedin Url,City,State,Country,# Employees,Industry\n" +
	"Marie,Curie,Director of Research,Radium Institute,marie@radium.fr,http://www.linkedin.com/in/marie-curie,Paris,,France,51-200,Research\n" +
	"Grace,Hopper,VP Engineering,Navy Computing,grace@navy.mil,https://linkedin.com/in/gracehopper/,Arlington,Virginia,United States,10001+,Defense\n"
