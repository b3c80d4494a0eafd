package audit

import (
	"slices"
	"time"

	"github.com/paceline/paceline"
)

// Period is an account's limits from Since on, until the next period of the account
// begins: what the auditor holds its actions of that span to after the account's
// settings changed (a cap lowered mid-week, another time zone).
type Period struct {
	Since   time.Time
	Account Account
	// InMail is the account's InMail credits in the period, nil for those the ledger
	// gives (Ledger.InMail): a type or an override changes them.
	InMail *Credits
}

// CheckPeriods audits the ledger as Check does, except that an account named in
// periods is judged by the settings in force when each of its actions happened rather
// than by one set: an action at t by the last period whose Since is not after t (by
// the first period when it came before them all). The periods of an account are in
// order of Since; the Name of their Account is the key they are listed under. Such an
// account need not be in l.Accounts, and is judged by its periods if it is; one
// listed with no period is judged as Check judges it.
//
// The windows run across a change as the Pacer's do: a rolling cap counts every
// earlier action, so after a weekly cap lowered from 95 to 60 the account may act
// again only once fewer than 60 lie in the last 7 days; the minimum gap is measured
// from the action before, whichever period it fell in; a note quota counts the local
// calendar month's earlier notes. Each action is judged once, by its own period.
//
// The report's other parts than its violations (what it found of the accounts'
// limits, what it could not check) are Check's of the ledger with each account at its
// latest settings, those it has today.
//
// Cost: Check over the whole ledger, then, for an account whose settings changed,
// over its actions up to each period's end, once per period: about actions × periods.
// Settings change seldom.
func CheckPeriods(l *Ledger, periods map[string][]Period) Report {
	if len(periods) == 0 {
		return Check(l)
	}
	// The ledger as it stands today, each account at its latest settings, in the order
	// of l.Accounts and then by name, judges the accounts with one set of limits.
	names := make([]string, 0, len(periods))
	for name := range periods {
		names = append(names, name)
	}
	slices.Sort(names)
	latestOf := func(name string) Account {
		ps := periods[name]
		a := ps[len(ps)-1].Account
		a.Name = name
		return a
	}
	latest := *l
	latest.Accounts = make([]Account, 0, len(l.Accounts)+len(names))
	listed := map[string]bool{}
	for _, a := range l.Accounts {
		listed[a.Name] = true
		if len(periods[a.Name]) > 0 {
			a = latestOf(a.Name)
		}
		latest.Accounts = append(latest.Accounts, a)
	}
	for _, name := range names {
		if !listed[name] && len(periods[name]) > 0 {
			latest.Accounts = append(latest.Accounts, latestOf(name))
		}
	}
	// An account with one period is judged by it alone, which the check of the ledger
	// as it stands did: only those whose settings changed need another look.
	changed := func(name string) bool { return len(periods[name]) > 1 }
	r := Check(&latest)
	details := slices.DeleteFunc(r.Details, func(v Violation) bool { return changed(v.Account) })
	own := map[string][]paceline.Action{}
	for _, a := range l.Actions {
		if changed(a.Account) {
			own[a.Account] = append(own[a.Account], a)
		}
	}
	for _, name := range names {
		if changed(name) {
			details = append(details, checkPeriods(l, name, periods[name], own[name])...)
		}
	}
	slices.SortStableFunc(details, compareViolations)
	r.Details, r.Violations = details, len(details)
	return r
}

// checkPeriods judges one account's actions (in ledger order), each by its period. The
// check of period k sees every action before the next period begins, the earlier ones
// for the windows they still fill, and keeps the violations of the actions in period k
// only: those before it were judged by their own periods. The rest of l (all but its
// accounts and actions) goes with each check.
func checkPeriods(l *Ledger, name string, ps []Period, actions []paceline.Action) []Violation {
	var out []Violation
	for k, p := range ps {
		sub := *l
		p.Account.Name = name
		sub.Accounts = []Account{p.Account}
		if p.InMail != nil {
			sub.InMail = map[string]Credits{name: *p.InMail}
		}
		sub.Actions = nil
		for _, a := range actions {
			if k == len(ps)-1 || a.At.Before(ps[k+1].Since) {
				sub.Actions = append(sub.Actions, a)
			}
		}
		for _, v := range Check(&sub).Details {
			// A violation is stamped with its action's instant (in UTC).
			if k == 0 || !v.At.Before(p.Since) {
				out = append(out, v)
			}
		}
	}
	return out
}
