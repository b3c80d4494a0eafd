// Package storetest is the conformance suite every paceline store passes: the same
// tests run against the SQLite and the PostgreSQL store, so that the engine, the CLI and
// the auditor can rely on one behaviour whichever database holds the data.
//
// A store's own test file calls Run with a function that opens a fresh, isolated,
// empty database for each test (SQLite: a file in t.TempDir(); PostgreSQL: a schema of
// its own, dropped on cleanup), so that every test runs in parallel with the others.
//
// Adding a table to paceline means a migration in each dialect folder, the methods on
// Store below, and a test function listed in Run's table.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// Store is what both stores offer and what the suite exercises.
type Store interface {
	paceline.AccountStore
	paceline.Ledger

	// RecordEvent stores an event once per non-empty Key; recorded is false (and e.ID
	// the stored event's ID) when the key was already stored.
	RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error)
	// Events returns the account's events with At in [since, until), oldest first.
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)

	Close() error
}

// Clock is the instant a store under test must read from its clock (its NowFunc): the
// suite checks the times a store stamps by itself (created_at, updated_at) against it.
// It has nanosecond digits so that a store that rounded rather than truncated, or that
// lost more than the sub-microsecond part, would show.
var Clock = time.Date(2026, 3, 2, 9, 30, 15, 123456789, time.UTC)

// Precision is the domain's time precision. PostgreSQL's timestamptz keeps
// microseconds, SQLite's text timestamps keep nanoseconds: a store keeps at least
// microseconds, and the suite compares instants after truncating both sides to the
// microsecond. Range boundaries that matter are therefore whole microseconds, and
// what a store does with the nanoseconds below is not part of the contract.
const Precision = time.Microsecond

// OpenFunc opens a fresh, empty store for one test whose clock reads Clock. It
// registers the store's Close (and the removal of its database) with t.Cleanup.
type OpenFunc func(t *testing.T) Store

// Run runs the whole suite against the stores open returns, each test in parallel.
func Run(t *testing.T, open OpenFunc) {
	tests := []struct {
		name string
		test func(t *testing.T, s Store)
	}{
		{"AccountRoundTrip", testAccountRoundTrip},
		{"AccountsEmpty", testAccountsEmpty},
		{"AccountsSortedByName", testAccountsSortedByName},
		{"CreateAccountErrors", testCreateAccountErrors},
		{"AccountNotFound", testAccountNotFound},
		{"UpdateAccount", testUpdateAccount},
		{"UpdateAccountErrors", testUpdateAccountErrors},
		{"AccountConnections", testAccountConnections},
		{"AccountInMailCredits", testAccountInMailCredits},
		{"AccountSettingsHistory", testAccountSettingsHistory},
		{"ActionRoundTrip", testActionRoundTrip},
		{"ActionsOrderAndRange", testActionsOrderAndRange},
		{"ActionsSameInstantKeepRecordOrder", testActionsSameInstant},
		{"RecordActionErrors", testRecordActionErrors},
		{"RecordActionKeyRace", testRecordActionKeyRace},
		{"LedgerMatchesModel", testLedgerMatchesModel},
		{"EventRoundTripAndDedupe", testEventRoundTripAndDedupe},
		{"EventsSameInstantAndRange", testEventsSameInstantAndRange},
		{"RecordEventErrors", testRecordEventErrors},
		{"RecordEventKeyRace", testRecordEventKeyRace},
		{"EventReadsTheStoredEvent", testEventReadsTheStoredEvent},
		{"TimeRoundTrip", testTimeRoundTrip},
		{"Runtime", testRuntime},
		{"LeadFacts", testLeadFacts},
		{"CampaignSnapshots", testCampaignSnapshots},
		{"LatestEndedEnrollments", testLatestEndedEnrollments},
		{"BouncedLeads", testBouncedLeads},
		{"Connections", testConnections},
		{"Tasks", testTasks},
		{"Mailbox", testMailbox},
		{"SentMail", testSentMail},
		{"AIWriting", testAIWriting},
		{"Webhooks", testWebhooks},
		{"Auth", testAuth},
		{"AppLists", testAppLists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, open(t))
		})
	}
}
