package main

import (
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/limits"
)

// cannotPlan is limits plan's answer for a kind account type t can never carry out
// (limits.Config.CanDo): what the type lacks and the types that have it, rather than a
// plan of no slots. A LinkedIn seat sends email only with a mailbox of its own
// (limits plan --mailbox).
func cannotPlan(t paceline.AccountType, k paceline.ActionKind) error {
	var lacks string
	switch {
	case t == paceline.TypeEmail:
		lacks = "is a mailbox: it sends email only"
	case k == paceline.KindInMail:
		lacks = "has no InMail credits"
	case k == paceline.KindOpenProfileMessage:
		lacks = "cannot message Open Profile members"
	case k == paceline.KindEmail:
		lacks = "without a mailbox of its own sends no email"
	default:
		lacks = "does not do " + string(k)
	}
	how := "no account type does"
	if can := typesThatCan(k); len(can) > 0 {
		how = "plan for a type that does: --type " + strings.Join(can, ", ")
	}
	if k == paceline.KindEmail && t != paceline.TypeEmail {
		how = "add --mailbox to plan this seat with a mailbox of its own, which sends its leads' email steps; or plan a mailbox account: --type email"
	}
	article := "a"
	if t == paceline.TypeEmail {
		article = "an"
	}
	return paceline.FieldErrorf("kind", "%s %s account %s, so --kind %s never gets a slot (%s)", article, t, lacks, k, how)
}

// typesThatCan lists the account types whose presets carry out kind k.
func typesThatCan(k paceline.ActionKind) []string {
	var can []string
	for _, t := range append(append([]paceline.AccountType(nil), paceline.AccountTypes...), paceline.TypeEmail) {
		cfg, err := limits.NewConfig(t, time.UTC)
		if err == nil && cfg.CanDo(k) {
			can = append(can, string(t))
		}
	}
	return can
}

// checkPlanKinds refuses the requested kinds the configured type can never do.
func checkPlanKinds(cfg *limits.Config, reqs []limits.Request) error {
	for _, r := range reqs {
		if !cfg.CanDo(r.Kind) {
			return cannotPlan(cfg.Type, r.Kind)
		}
	}
	return nil
}
