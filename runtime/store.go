package runtime

import (
	"context"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/sim"
)

// Store is what the runtime keeps in the database; store/sqlite and store/postgres
// implement it.
type Store interface {
	paceline.AccountStore
	paceline.Ledger
	sim.Journal

	RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)

	Campaign(ctx context.Context, name string) (*paceline.Campaign, error)
	AccountCampaigns(ctx context.Context, account string) ([]*paceline.Campaign, error)
	// SetCampaignState pauses a campaign whose acceptance rate fell too low.
	SetCampaignState(ctx context.Context, name string, state paceline.CampaignState, reason string) error
	RunningEnrollments(ctx context.Context, account string) ([]paceline.EnrollmentRecord, error)
	// LatestEndedEnrollments returns each given lead's latest ended enrollment on the
	// account, for crediting an answer that came after it ended.
	LatestEndedEnrollments(ctx context.Context, account string, leadKeys []string) ([]paceline.EnrollmentRecord, error)
	// Connections returns every lead who accepted the account's invite, at its first
	// accept, however long ago: a new enrollment of such a lead is not invited again.
	Connections(ctx context.Context, account string) (map[string]time.Time, error)
	SaveTick(ctx context.Context, account string, recs []paceline.EnrollmentRecord, eventID int64, at time.Time) error
	Cursor(ctx context.Context, account string) (int64, time.Time, error)
	EventsAfter(ctx context.Context, account string, after int64) ([]paceline.Event, error)
	// AnswersElsewhere returns the replied, opted_out and bounced events other accounts
	// recorded for the leads of the account's running enrollments since each started.
	AnswersElsewhere(ctx context.Context, account string) ([]paceline.Event, error)
	// IsSuppressed reports whether any of the keys is on the suppression list (an
	// opt-out or an erasure by any way): a tick stops such a person's sequence.
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
	// SuppressedAmong returns those of keys that are on the suppression list, in one
	// query: a tick asks it for the leads of all its running enrollments.
	SuppressedAmong(ctx context.Context, keys []lead.Key) ([]lead.Key, error)

	PlanAction(ctx context.Context, a *paceline.Action) error
	// PlanStep plans a campaign step's action only while its enrollment runs in an
	// active campaign and none of keys is on the suppression list, checked in the same
	// statement; planned is
	// false when it did not, optedOut true when the list held a key.
	PlanStep(ctx context.Context, a *paceline.Action, keys []lead.Key) (planned, optedOut bool, err error)
	CompleteAction(ctx context.Context, a *paceline.Action) error
	DropPlanned(ctx context.Context, key string) error
	ActionByKey(ctx context.Context, key string) (*paceline.Action, paceline.ActionState, error)
	PlannedActions(ctx context.Context, account string) ([]paceline.Action, error)

	Clock(ctx context.Context) (speed float64, virtualAt, realAt, reached time.Time, ok bool, err error)
	SetClock(ctx context.Context, speed float64, virtualAt, realAt time.Time) error
}
