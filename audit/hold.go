package audit

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// held is one account as Check holds it: its own caps, filled in from and lowered to
// LinkedIn's limits when the ledger holds it to them, and its InMail credits.
type held struct {
	acc *Account
	// credits is the account's InMail credits, nil when they are not checked; from
	// says whose figures they are ("the free preset's", "the ledger's").
	credits *Credits
	from    string
	// known is the balance the credits start from (Ledger.InMailKnown), nil for a
	// full rollover bank at the first InMail.
	known *Balance
	// refunds is the instants the account's credits came back, in time order
	// (Ledger.InMailRefunds).
	refunds []time.Time
	// refundsListed says the ledger lists refunds (Ledger.InMailRefunds not nil).
	refundsListed bool
	// linkedIn says, per kind, why a weekly cap is not the account's own; note the
	// same of the note quota. Violation messages add it.
	linkedIn map[paceline.ActionKind]string
	note     string
	// inmails counts the account's done InMails, so that the report can say whose
	// credits went unchecked.
	inmails int
}

// holdAccount returns how Check holds acc and appends what it found of its limits.
func holdAccount(l *Ledger, acc *Account, findings []Finding) (held, []Finding) {
	h := held{acc: acc, known: knownBalance(l, acc.Name), refunds: refundsOf(l, acc.Name), refundsListed: l.InMailRefunds != nil}
	given, hasGiven := l.InMail[acc.Name]
	if !l.HoldToLinkedIn || !isLinkedIn(acc.Type) {
		if hasGiven && given.Monthly >= 0 && given.RolloverCap >= 0 {
			h.credits, h.from = &given, "the ledger's"
		}
		return h, findings
	}
	lim, _ := LinkedIn(acc.Type)
	find := func(rule string, k paceline.ActionKind, what, format string, args ...any) {
		findings = append(findings, Finding{Rule: rule, Account: acc.Name, Kind: string(k), What: what,
			Message: fmt.Sprintf(format, args...)})
	}
	// LinkedIn does not learn of --beyond-safe-limits, and paceline does not record it,
	// so nothing in a ledger can show that a seat really allows more.
	const noConsent = "paceline records no --beyond-safe-limits consent, so"
	preset := "the " + string(acc.Type) + " preset's"

	cp := *acc
	cp.WeeklyCaps = maps.Clone(acc.WeeklyCaps)
	if cp.WeeklyCaps == nil {
		cp.WeeklyCaps = map[paceline.ActionKind]int{}
	}
	for _, k := range paceline.ActionKinds {
		limit, ok := lim.Weekly[k]
		if !ok {
			continue
		}
		what := "weekly " + string(k) + " cap"
		n, given := cp.WeeklyCaps[k]
		switch {
		case !given:
			find(RuleCapFromPreset, k, what, "no %s given: %ss are checked against %s %d per rolling 7 days, LinkedIn's limit",
				what, k, preset, limit)
		case n > limit:
			find(RuleCapAboveLinkedIn, k, what, "%s %d is above LinkedIn's %d for a %s account: %s %ss beyond %d are checked against %d",
				what, n, limit, acc.Type, noConsent, k, limit, limit)
		default:
			continue
		}
		cp.WeeklyCaps[k] = limit
		if h.linkedIn == nil {
			h.linkedIn = map[paceline.ActionKind]string{}
		}
		h.linkedIn[k] = fmt.Sprintf(" (LinkedIn's limit for a %s account)", acc.Type)
	}
	if q := lim.NoteQuotaMonthly; q >= 0 {
		const what = "note quota"
		switch n := cp.NoteQuotaMonthly; {
		case n < 0:
			find(RuleCapFromPreset, paceline.KindInvite, what, "no %s given: invites with a note are checked against %s %d a month, LinkedIn's limit",
				what, preset, q)
		case n > q:
			find(RuleCapAboveLinkedIn, paceline.KindInvite, what, "%s %d is above LinkedIn's %d invites with a note a month for a %s account: %s they are checked against %d",
				what, n, q, acc.Type, noConsent, q)
		}
		if cp.NoteQuotaMonthly < 0 || cp.NoteQuotaMonthly > q {
			cp.NoteQuotaMonthly = q
			h.note = fmt.Sprintf(" (LinkedIn's limit for a %s account)", acc.Type)
		}
	}
	h.acc = &cp

	c, from := lim.InMail, preset
	if hasGiven {
		for _, f := range []struct {
			given int
			limit *int
			what  string
		}{
			{given.Monthly, &c.Monthly, "InMail credits a month"},
			{given.RolloverCap, &c.RolloverCap, "InMail rollover cap"},
		} {
			switch {
			case f.given < 0:
			case f.given > *f.limit:
				find(RuleCapAboveLinkedIn, paceline.KindInMail, f.what, "%s %d is above LinkedIn's %d for a %s account: %s InMails are checked against %d",
					f.what, f.given, *f.limit, acc.Type, noConsent, *f.limit)
			default:
				*f.limit, from = f.given, "the ledger's"
			}
		}
	}
	h.credits, h.from = &c, from
	return h, findings
}

// Sentences of Report.Unchecked.
const (
	uncheckedPacing = "warm-up and back-off: the ledger holds neither an account's opening date nor LinkedIn's warnings, " +
		"so caps are checked at their full standing figure"
	uncheckedAnswers = "pending invites, the acceptance rate and the 30,000-connection cap: the ledger holds no answers to invites"
	uncheckedNotes   = "note length and Open Profile messages: the ledger holds neither a note's text nor whether a lead has an Open Profile"
	uncheckedRefunds = "InMail refunds: an answer within 90 days returns an InMail's credit and the ledger holds no answers, " +
		"so credits are counted without refunds (from the balance known of an account where the ledger gives one, else from a full rollover bank at the first InMail)"
	uncheckedLinkedIn = "LinkedIn's own limits: the accounts are held to the caps the ledger gives, which may be above LinkedIn's"
)

// unchecked lists what the audit of l could not check, given how its accounts were
// held.
func unchecked(l *Ledger, accounts []held) []string {
	var out []string
	var noCredits []string
	refunds, linkedIn := false, false
	for i := range accounts {
		h := &accounts[i]
		if isLinkedIn(h.acc.Type) {
			linkedIn = true
		}
		if h.inmails == 0 {
			continue
		}
		switch {
		case h.credits == nil:
			noCredits = append(noCredits, h.acc.Name)
		case l.InMailRefunds == nil && (h.credits.Monthly > 0 || h.credits.RolloverCap > 0):
			refunds = true // an account without credits has none to refund
		}
	}
	if linkedIn && !l.HoldToLinkedIn {
		out = append(out, uncheckedLinkedIn)
	}
	if len(noCredits) > 0 {
		const shown = 5
		names := strings.Join(noCredits[:min(shown, len(noCredits))], ", ")
		if len(noCredits) > shown {
			names += fmt.Sprintf(" and %d more", len(noCredits)-shown)
		}
		out = append(out, "InMail credits of "+names+": the ledger gives none")
	}
	if refunds {
		out = append(out, uncheckedRefunds)
	}
	if len(accounts) == 0 {
		return out
	}
	return append(out, uncheckedPacing, uncheckedAnswers, uncheckedNotes)
}
