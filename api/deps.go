package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/score"
)

// History reads an account's ledger and events in [since, until), oldest first, as
// package sqlite's and package postgres' Store do.
type History interface {
	Actions(ctx context.Context, account string, since, until time.Time) ([]paceline.Action, error)
	Events(ctx context.Context, account string, since, until time.Time) ([]paceline.Event, error)
}

// EventRecorder stores an observed event once per key.
type EventRecorder interface {
	RecordEvent(ctx context.Context, e *paceline.Event) (recorded bool, err error)
}

// LeadStore is what the API needs of the leads: the root interface, erasure, and the
// ICP rules in force, whose sentences explain the stored scores.
type LeadStore interface {
	paceline.LeadStore
	ICPRuleKeeper
	// EraseLead deletes a lead and returns its keys (now on the suppression list).
	// Errors: ENOTFOUND.
	EraseLead(ctx context.Context, id int64) ([]lead.Key, error)
}

// ICPRuleKeeper reads the ICP rules a database keeps in force (ok false while the
// built-in rules apply), as both stores do: rules the user set with paceline leads
// score --icp are not forgotten by the dashboard's and the API's imports, and their
// sentences explain the scores the API shows.
type ICPRuleKeeper interface {
	ICPRules(ctx context.Context) (r score.Stored, ok bool, err error)
}

// Deps are the API's dependencies, passed explicitly.
type Deps struct {
	Accounts paceline.AccountStore
	History  History
	Events   EventRecorder
	Leads    LeadStore
	Users    paceline.UserStore
	// Campaigns is the runtime's campaign store; nil when the server keeps none:
	// creating and pausing then answer unavailable, and the list shows the campaigns
	// the ledger knows.
	Campaigns CampaignStore
	// StartCampaignFunc enrolls a stored campaign's leads and makes it active, as
	// `paceline campaigns start` does, and says what it did as that command prints it
	// (why it left out each other lead of the list, a resume); nil when this server
	// cannot. opt are the start's choices (the API's body, the dashboard's form); a
	// start it refuses until one is made is a *ContactedRefusal in the error's chain.
	StartCampaignFunc func(ctx context.Context, name string, opt StartOptions) (StartReport, error)
	// Tasks is the desk of assisted accounts; nil when the server runs none (the
	// tasks routes then answer unavailable).
	Tasks TaskDesk
	// Reviews are the AI texts held for approval; nil when the server runs no AI
	// writing (the reviews routes then answer unavailable).
	Reviews Reviews
	// Held lists and resumes the steps held for review (a blank field a template
	// needs); nil when the server runs no campaigns (the held routes then answer
	// unavailable).
	Held HeldSteps
	// Rules are the ICP rules while the database keeps none in force (Leads'
	// ICPRules, read on every request): uploads are scored with them and they say
	// again the sentences of a score's explanation, which the store keeps without
	// them. nil is score.Default().
	Rules *score.Rules
	// WakeFunc brings the account's next tick forward to now (the job queue's
	// Ensure with now, as a campaign start and a held step's resume do), so that an
	// event reported through POST /api/v1/events is acted on at once: the tick of an
	// account waiting for an accept otherwise sleeps until the wait's timeout, weeks
	// away. nil when no runtime ticks the accounts here.
	WakeFunc func(ctx context.Context, account string) error
	// NowFunc is the clock; nil is time.Now. A demo's sped-up clock goes here.
	NowFunc func() time.Time
	// Logger receives internal errors (their detail never reaches the client); nil is
	// slog.Default().
	Logger *slog.Logger
	// Importer imports uploaded lead files (either store); nil when this
	// server cannot (the import routes then answer unavailable).
	Importer LeadImporter
	// MaxUpload bounds an uploaded lead file in bytes; 0 is DefaultMaxUpload.
	MaxUpload int64
	// MaxBody bounds a request body in bytes; 0 is DefaultMaxBody.
	MaxBody int64
	// UploadIdle is how long an upload may send nothing before it is dropped; 0 is
	// DefaultUploadIdle.
	UploadIdle time.Duration
}

// DefaultUploadIdle bounds the pause in an upload: one import runs at a time, so an
// upload that stops sending would otherwise hold the import slot for good.
const DefaultUploadIdle = 30 * time.Second

// DefaultMaxBody is the largest request body the API reads: a sequence or an event is
// a few kilobytes, so a megabyte is generous and bounds what a client can make us hold.
const DefaultMaxBody = 1 << 20

func (d *Deps) now() time.Time {
	if d.NowFunc != nil {
		return d.NowFunc()
	}
	return time.Now()
}

func (d *Deps) logger() *slog.Logger {
	if d.Logger != nil {
		return d.Logger
	}
	return slog.Default()
}

func (d *Deps) maxBody() int64 {
	if d.MaxBody > 0 {
		return d.MaxBody
	}
	return DefaultMaxBody
}

func (d *Deps) maxUpload() int64 {
	if d.MaxUpload > 0 {
		return d.MaxUpload
	}
	return DefaultMaxUpload
}

func (d *Deps) uploadIdle() time.Duration {
	if d.UploadIdle > 0 {
		return d.UploadIdle
	}
	return DefaultUploadIdle
}
