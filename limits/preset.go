package limits

import (
	"encoding/json"
	"sync"

	"github.com/paceline/paceline"
)

// Uncapped marks a kind without a weekly or daily hard cap: it is paced by its daily
// target only.
const Uncapped = -1

// ConnectionCap is LinkedIn's hard limit on first-degree connections: at the cap no
// invite can be sent until connections are removed. It is the domain's
// paceline.MaxConnections, the most connections an account may be given.
const ConnectionCap = paceline.MaxConnections

// Preset is the default allowance of one account type. Every number can be overridden
// per account (see Config). Sources, as DESIGN.md §1 asks, are given per field.
type Preset struct {
	Type paceline.AccountType `json:"type"`
	// Weekly caps per kind over any rolling 7×24 h span. Source: LinkedIn help pages on
	// invitation limits and the seed article's table (~100 invites; ~200 on Sales
	// Navigator; 100 messages free, 150 paid).
	Weekly map[paceline.ActionKind]int `json:"weekly"`
	// InMailMonthly credits renew each calendar month and roll over up to
	// InMailRolloverCap. Source: LinkedIn help, "InMail credits" (5/15/50/30 and
	// rollover caps of three months' worth; Recruiter Lite 120).
	InMailMonthly     int `json:"inmail_monthly"`
	InMailRolloverCap int `json:"inmail_rollover_cap"`
	// NoteQuotaMonthly is the number of invites with a personal note per calendar month,
	// counted apart from the invite cap; nil means notes are limited only by the invite
	// cap. Source: LinkedIn help (free members: 5 personalised invitations a month).
	NoteQuotaMonthly *int `json:"note_quota_monthly"`
	// NoteMaxChars is the longest personal note. Source: LinkedIn help (300); the
	// 200-character free-account limit is reported by third parties only.
	NoteMaxChars int `json:"note_max_chars"`
	// OpenProfile says whether the account may message Open Profile members without an
	// InMail credit. LinkedIn offers it to Premium members (the seed's table says no for
	// Premium, its text says yes; DESIGN.md §1 follows LinkedIn).
	OpenProfile bool `json:"open_profile"`
	// DailyTarget is the pacing figure per working day on a Monday-to-Friday account
	// (the weekly cap over five days; the seed's "about 20 invites a day"). It is not a
	// LinkedIn limit: the Pacer derives the day's budget from the effective weekly cap
	// and the account's working days, and uses this figure for uncapped kinds.
	DailyTarget map[paceline.ActionKind]int `json:"daily_target"`
}

func quota(n int) *int { return &n }

// lightTouch is the pacing of the uncapped, low-risk kinds (profile visits, follows,
// reactions, endorsements, withdrawals). They are paced like the rest so that no kind
// arrives in bursts; the figures are conservative house defaults, not LinkedIn numbers.
func lightTouch(m map[paceline.ActionKind]int) map[paceline.ActionKind]int {
	m[paceline.KindVisit] = 60
	m[paceline.KindFollow] = 25
	m[paceline.KindLikePost] = 25
	m[paceline.KindEndorse] = 15
	m[paceline.KindWithdraw] = 20
	return m
}

// Presets returns the preset of every account type in the documented order. The maps
// are fresh copies: callers may change them.
func Presets() []Preset {
	return []Preset{
		{
			Type:             paceline.TypeFree,
			Weekly:           map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 100},
			NoteQuotaMonthly: quota(5),
			NoteMaxChars:     200,
			DailyTarget:      lightTouch(map[paceline.ActionKind]int{paceline.KindInvite: 20, paceline.KindMessage: 20}),
		},
		{
			Type:              paceline.TypePremiumCareer,
			Weekly:            map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 150},
			InMailMonthly:     5,
			InMailRolloverCap: 15,
			NoteMaxChars:      300,
			OpenProfile:       true,
			DailyTarget: lightTouch(map[paceline.ActionKind]int{paceline.KindInvite: 20, paceline.KindMessage: 30,
				paceline.KindInMail: 2, paceline.KindOpenProfileMessage: 10}),
		},
		{
			Type:              paceline.TypePremiumBusiness,
			Weekly:            map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 150},
			InMailMonthly:     15,
			InMailRolloverCap: 45,
			NoteMaxChars:      300,
			OpenProfile:       true,
			DailyTarget: lightTouch(map[paceline.ActionKind]int{paceline.KindInvite: 20, paceline.KindMessage: 30,
				paceline.KindInMail: 3, paceline.KindOpenProfileMessage: 15}),
		},
		{
			Type:              paceline.TypeSalesNavigator,
			Weekly:            map[paceline.ActionKind]int{paceline.KindInvite: 200, paceline.KindMessage: 150},
			InMailMonthly:     50,
			InMailRolloverCap: 150,
			NoteMaxChars:      300,
			OpenProfile:       true,
			DailyTarget: lightTouch(map[paceline.ActionKind]int{paceline.KindInvite: 40, paceline.KindMessage: 30,
				paceline.KindInMail: 5, paceline.KindOpenProfileMessage: 20}),
		},
		{
			Type:              paceline.TypeRecruiterLite,
			Weekly:            map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 150},
			InMailMonthly:     30,
			InMailRolloverCap: 120,
			NoteMaxChars:      300,
			OpenProfile:       true,
			DailyTarget: lightTouch(map[paceline.ActionKind]int{paceline.KindInvite: 20, paceline.KindMessage: 30,
				paceline.KindInMail: 4, paceline.KindOpenProfileMessage: 15}),
		},
	}
}

// PresetFor returns the preset of one account type, the mailbox type included (which
// Presets leaves out).
func PresetFor(t paceline.AccountType) (Preset, error) {
	if t == paceline.TypeEmail {
		return EmailPreset(), nil
	}
	for _, p := range Presets() {
		if p.Type == t {
			return p, nil
		}
	}
	_, err := paceline.ParseAccountType(string(t))
	return Preset{}, err
}

// presetTable is the presets built once, for SharedPreset's callers, which only read
// them: a simulation builds a Config for every seat of every run and reads a seat's
// preset for every account, kind and week it reports on, and Presets allocates its
// maps afresh on each call.
var presetTable = sync.OnceValue(func() []Preset {
	return append(Presets(), EmailPreset())
})

// SharedPreset is PresetFor without the copy: every caller gets the same maps, built
// once, and must not change them.
func SharedPreset(t paceline.AccountType) (Preset, error) {
	for _, p := range presetTable() {
		if p.Type == t {
			return p, nil
		}
	}
	return PresetFor(t)
}

// MarshalPresetsJSON renders the presets as `paceline limits presets --json` prints them.
func MarshalPresetsJSON() ([]byte, error) {
	return json.MarshalIndent(Presets(), "", "  ")
}
