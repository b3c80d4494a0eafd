package limits

import (
	"hash/fnv"
	"math"
	"time"

	"github.com/paceline/paceline"
)

// kinds is the number of action kinds; per-kind state lives in arrays of this size.
const kinds = paceline.NumActionKinds

// Warmup ramps a new LinkedIn account up week by week: in week w after the account was
// opened its caps are min(1, Start + w·Step) of the preset.
type Warmup struct {
	Start float64
	Step  float64
}

// DefaultWarmup starts at 40% and reaches the full allowance in the fourth week, the
// "start low, ramp gradually" of the seed article.
var DefaultWarmup = Warmup{Start: 0.4, Step: 0.2}

// Backoff is the AIMD response to the platform pushing back (DESIGN.md §3 point 6).
type Backoff struct {
	// Decrease multiplies the rate of the kind concerned at each warning or limit notice
	// (and of every kind at a restriction).
	Decrease float64
	// Increase is added back for each clean week (7 days without a new warning).
	Increase float64
	// Floor is the lowest rate factor.
	Floor float64
	// Cooldown pauses the kind after a warning or limit notice.
	Cooldown time.Duration
	// Restriction is how long a restriction lasts when the platform does not say.
	Restriction time.Duration
}

// DefaultBackoff halves the rate at each push-back and restores a tenth per clean week.
var DefaultBackoff = Backoff{Decrease: 0.5, Increase: 0.1, Floor: 0.2, Cooldown: 24 * time.Hour, Restriction: 7 * 24 * time.Hour}

// Guards are the invite-health limits of DESIGN.md §3 point 7.
type Guards struct {
	// MaxPending stops new invites while this many invites are pending.
	MaxPending int
	// WithdrawAfter is the age at which a pending invite should be withdrawn.
	WithdrawAfter time.Duration
	// MinAcceptance pauses invites when the acceptance rate over the last
	// AcceptanceWindow resolved invites falls below it (only once the window is full).
	MinAcceptance    float64
	AcceptanceWindow int
	// AcceptancePause is how long invites wait after the latest resolution that left
	// the rate too low, before the account tries again.
	AcceptancePause time.Duration
}

// DefaultGuards follow common practice: withdraw after three weeks, keep fewer than 500
// invites pending, and stop when fewer than one in seven of the last 50 accept.
var DefaultGuards = Guards{MaxPending: 500, WithdrawAfter: 21 * 24 * time.Hour, MinAcceptance: 0.15, AcceptanceWindow: 50, AcceptancePause: 7 * 24 * time.Hour}

// Config is one account's effective allowance and pacing settings: the preset of its
// type with the account's overrides applied.
type Config struct {
	Type     paceline.AccountType
	Schedule paceline.Schedule
	MinGap   time.Duration
	// Safety is the fraction of each cap actually used, in (0, 1].
	Safety float64
	// Weekly and Daily are hard caps per kind over rolling 7 d and 24 h; Uncapped = none.
	Weekly [kinds]int
	Daily  [kinds]int
	// DailyTarget paces uncapped kinds (capped kinds derive theirs from Weekly).
	DailyTarget       [kinds]int
	InMailMonthly     int
	InMailRolloverCap int
	// NoteQuotaMonthly is the monthly personal-note quota; Uncapped = no separate quota.
	NoteQuotaMonthly int
	NoteMaxChars     int
	OpenProfile      bool
	// Opened is when the LinkedIn account was created; zero means established.
	Opened        time.Time
	Warmup        Warmup
	Backoff       Backoff
	Guards        Guards
	ConnectionCap int
	// Connections is the account's known number of first-degree connections at
	// ConnectionsAt (zero instant: none known): the Pacer starts from it and counts
	// only the acceptances after that instant, which the count does not hold yet.
	Connections   int
	ConnectionsAt time.Time
	// InMailCredits is the account's known InMail balance at InMailCreditsAt (zero
	// instant: none known). The balance then starts there, not at the origin: the
	// monthly credits of the months after it are added up to the rollover cap, and only
	// the InMails sent (and refunded) after it count, since the balance holds the
	// earlier ones. Without it the origin's month is granted InMailMonthly, as if the
	// account had had today's type since the origin.
	InMailCredits   int
	InMailCreditsAt time.Time
	// Seed drives the jitter; derive it from the account so two accounts never share a
	// rhythm.
	Seed uint64
}

// NewConfig builds the effective configuration of an account type with default
// settings: Mon–Fri 09:00–18:00 in loc, 90 s minimum gap, the whole allowance.
func NewConfig(t paceline.AccountType, loc *time.Location) (Config, error) {
	p, err := SharedPreset(t)
	if err != nil {
		return Config{}, err
	}
	if loc == nil {
		loc = time.UTC
	}
	c := Config{
		Type:              t,
		Schedule:          paceline.Schedule{Location: loc, Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays},
		MinGap:            paceline.DefaultMinGap,
		Safety:            1,
		InMailMonthly:     p.InMailMonthly,
		InMailRolloverCap: p.InMailRolloverCap,
		NoteQuotaMonthly:  Uncapped,
		NoteMaxChars:      p.NoteMaxChars,
		OpenProfile:       p.OpenProfile,
		Warmup:            DefaultWarmup,
		Backoff:           DefaultBackoff,
		Guards:            DefaultGuards,
		ConnectionCap:     ConnectionCap,
		Seed:              SeedFor(string(t)),
	}
	if p.NoteQuotaMonthly != nil {
		c.NoteQuotaMonthly = *p.NoteQuotaMonthly
	}
	for i := range c.Weekly {
		c.Weekly[i], c.Daily[i], c.DailyTarget[i] = Uncapped, Uncapped, 0
	}
	for k, n := range p.Weekly {
		c.Weekly[k.Index()] = n
	}
	for k, n := range p.DailyTarget {
		c.DailyTarget[k.Index()] = n
	}
	return c, nil
}

// ConfigFor builds the effective configuration of a stored account.
func ConfigFor(a *paceline.Account) (Config, error) {
	if err := a.Validate(); err != nil {
		return Config{}, err
	}
	loc, err := paceline.LoadTimeZone(a.TimeZone)
	if err != nil {
		return Config{}, err
	}
	c, err := NewConfig(a.Type, loc)
	if err != nil {
		return Config{}, err
	}
	c.Schedule.Hours, c.Schedule.Days = a.Hours, a.Days
	c.MinGap, c.Safety, c.Opened = a.MinGap, a.Safety, a.Opened
	c.Connections, c.ConnectionsAt = a.Connections, a.ConnectionsAt
	c.InMailCredits, c.InMailCreditsAt = a.InMailCredits, a.InMailCreditsAt
	if a.Mailbox && a.Type != paceline.TypeEmail {
		c.addMailbox()
	}
	c.ApplyOverrides(a.Caps, a.Limits)
	if !a.Mailbox && a.Type != paceline.TypeEmail {
		c.dropEmail() // a stale email cap gives a seat without a mailbox nothing to send with
	}
	c.Seed = SeedFor(a.Name)
	return c, c.Validate()
}

// SeedFor derives a jitter seed from a stable name (FNV-1a).
func SeedFor(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// Validate checks the configuration and names the first bad field.
func (c *Config) Validate() error {
	switch {
	case c.Schedule.Location == nil:
		return paceline.FieldErrorf("time-zone", "is not set")
	case c.Schedule.Days == 0:
		return paceline.FieldErrorf("working-days", "names no working day")
	case c.Schedule.Hours.End <= c.Schedule.Hours.Start:
		return paceline.FieldErrorf("working-hours", "%s is empty", c.Schedule.Hours)
	case c.MinGap < 0:
		return paceline.FieldErrorf("min-gap", "is negative")
	case !(c.Safety > 0 && c.Safety <= 1):
		return paceline.FieldErrorf("safety", "%g is outside (0, 1]", c.Safety)
	case c.InMailMonthly < 0 || c.InMailRolloverCap < 0:
		return paceline.FieldErrorf("inmail", "credits are negative")
	case c.InMailCredits < 0:
		return paceline.FieldErrorf("inmail-credits", "%d is negative", c.InMailCredits)
	case c.Connections < 0:
		return paceline.FieldErrorf("connections", "%d is negative", c.Connections)
	}
	for i := range c.Weekly {
		k := paceline.ActionKinds[i]
		if c.Weekly[i] < Uncapped || c.Daily[i] < Uncapped || c.DailyTarget[i] < 0 {
			return paceline.FieldErrorf("cap", "%s has a negative cap", k)
		}
	}
	return nil
}

// WeeklyCap returns the nominal weekly cap of kind k (Uncapped when none).
func (c *Config) WeeklyCap(k paceline.ActionKind) int { return c.Weekly[k.Index()] }

// warmupFactor is the warm-up fraction of the caps at t (unix nanoseconds).
func (c *Config) warmupFactor(t int64) float64 {
	if c.Opened.IsZero() {
		return 1
	}
	opened := c.Opened.UnixNano()
	if t <= opened {
		return math.Min(1, c.Warmup.Start)
	}
	weeks := (t - opened) / week
	return math.Min(1, c.Warmup.Start+float64(weeks)*c.Warmup.Step)
}

// AfterSafety is a cap after the safety margin as the Pacer applies it: rounded down,
// never below one action for a positive cap, never above the cap itself. An audit
// that holds a ledger to what the Pacer kept compares with it.
func AfterSafety(limit int, safety float64) int { return scaled(limit, safety) }

// scaled applies the safety margin and the rate factors to a cap. A positive cap never
// scales below one action, so a throttled account still moves. The factors are at most
// one, so the cap never grows: a cap too large for a float64 to hold exactly (an
// account given invite=9223372036854775807 for "no limit") stays as it is, where
// converting the product back to an int overflowed and left one action a week.
func scaled(limit int, factor float64) int {
	if limit <= 0 {
		return limit
	}
	f := math.Floor(float64(limit)*factor + 1e-9)
	if f >= float64(limit) {
		return limit
	}
	return max(1, int(f))
}
