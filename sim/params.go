package sim

import (
	"time"

	"github.com/paceline/paceline"
)

// Params are the simulated LinkedIn's hidden rules and its members' behaviour. Each
// field says where its default comes from: the seed article and LinkedIn's help pages
// where they give a figure, else "assumption" (a plausible value chosen so that the
// model behaves like the platform users describe; change it to test a strategy's
// robustness). docs/simulator.md explains the model as a whole.
type Params struct {
	// LimitLow and LimitHigh bound the hidden true weekly limit of each account and
	// kind, as a multiple of the nominal cap, drawn uniformly once per account and kind.
	// Source: assumption. LinkedIn does not publish exact limits; the seed article and
	// users report "about 100" per week with variation between accounts.
	LimitLow, LimitHigh float64
	// NoticesToRestrict is how many refused attempts ("limit reached" notices) within
	// NoticeWindow restrict the account: the platform punishes pushing on after being
	// told to stop. Source: assumption, after the seed's advice to stop at once.
	NoticesToRestrict int
	NoticeWindow      time.Duration
	// BurstPerHour is the most capped actions (invites, messages, InMails) an account may
	// do in any rolling hour before it is restricted for automation-like bursts.
	// Source: assumption (40 is one action every 90 s, paceline's default minimum gap).
	BurstPerHour int
	// Restriction is how long a restriction lasts. Source: DESIGN.md §1, "a restriction
	// typically lasts about a week".
	Restriction time.Duration
	// ReinviteAfter is how long a withdrawn invite blocks a new invite to the same
	// person. Source: LinkedIn help, "about 3 weeks".
	ReinviteAfter time.Duration

	// AcceptBase is the acceptance probability of a plain invite to an average lead
	// (mid seniority, no mutual connections, score 50). Source: assumption within the
	// 20–40% range that outreach vendors report for cold invites.
	AcceptBase float64
	// NoteLift, MutualLift, FitLift and Seniority are log-odds added to AcceptBase: a
	// personal note; per unit of ln(1 + mutual connections); per unit of (score−50)/50;
	// and per seniority level (senior people accept fewer cold invites). Source:
	// assumption, directions as the seed article describes them.
	NoteLift, MutualLift, FitLift float64
	Seniority                     map[paceline.Seniority]float64
	// Noise is the standard deviation of each lead's hidden propensity (log-odds),
	// which moves both acceptance and replies. Source: assumption.
	Noise float64
	// AcceptMedian and AcceptSigma shape the log-normal delay from invite to accept:
	// mostly within days, a long tail past the three-week withdrawal. Source:
	// assumption.
	AcceptMedian time.Duration
	AcceptSigma  float64

	// Reply probabilities per message to a lead who has not replied yet: the first
	// LinkedIn message after an accept, each later follow-up, an InMail or Open Profile
	// message, an email. Fit and the lead's noise move them like acceptance. Source:
	// assumption within the ranges vendors report (10–25% on first messages to new
	// connections, a few percent on cold email).
	ReplyFirst, ReplyFollowUp, ReplyInMail, ReplyEmail float64
	// VariantSpread is the standard deviation of the hidden lift (log-odds) of each
	// variant of a step's text, on acceptance for an invite note and on the reply
	// chance for a message: some wordings work better than others, and nobody knows
	// which before sending. Each (step, variant) draws its lift once per seed, unless
	// VariantLift names it. Source: assumption (A/B tests of outreach copy commonly
	// report relative differences of 10-50% between wordings).
	VariantSpread float64
	// VariantLift fixes the hidden lift of given variants, keyed "step/variant" (such as
	// "connect/short"), for tests and what-if runs.
	VariantLift map[string]float64
	// ReplyMedian and ReplySigma shape the log-normal delay to a reply. Source:
	// assumption (most replies within a day or two).
	ReplyMedian time.Duration
	ReplySigma  float64
	// OptOut is the chance that a message draws "please stop" instead of a reply;
	// Bounce the chance that an email address bounces. Source: assumption.
	OptOut, Bounce float64
	// ConnectionsLow and ConnectionsHigh bound an account's first-degree connections at
	// the start. Source: assumption (active sellers have hundreds to a few thousand).
	ConnectionsLow, ConnectionsHigh int
}

// DefaultParams returns the documented defaults.
func DefaultParams() Params {
	return Params{
		LimitLow: 0.95, LimitHigh: 1.10,
		NoticesToRestrict: 3, NoticeWindow: 7 * 24 * time.Hour,
		BurstPerHour:  40,
		Restriction:   7 * 24 * time.Hour,
		ReinviteAfter: 21 * 24 * time.Hour,

		AcceptBase: 0.28,
		NoteLift:   0.25, MutualLift: 0.25, FitLift: 0.5,
		Seniority: map[paceline.Seniority]float64{
			paceline.SeniorityOwner: -0.2, paceline.SeniorityCLevel: -0.45, paceline.SeniorityVP: -0.35,
			paceline.SeniorityHead: -0.15, paceline.SeniorityDirector: -0.1, paceline.SeniorityManager: 0,
			paceline.SenioritySenior: 0.1, paceline.SeniorityEntry: 0.15, paceline.SeniorityIntern: 0.2,
		},
		Noise:        0.6,
		AcceptMedian: 36 * time.Hour, AcceptSigma: 1.1,

		ReplyFirst: 0.15, ReplyFollowUp: 0.08, ReplyInMail: 0.10, ReplyEmail: 0.05,
		ReplyMedian: 8 * time.Hour, ReplySigma: 1.2,
		OptOut: 0.01, Bounce: 0.07,
		ConnectionsLow: 300, ConnectionsHigh: 3000,

		VariantSpread: 0.3,
	}
}
