package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/limits"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

// The flags of campaigns start that answer an api.ContactedRefusal: leave the leads
// another account reached out to out, or enroll them.
const (
	skipContactedFlag    = "skip-contacted"
	includeContactedFlag = "include-contacted"
)

// checkStartFlags refuses campaigns start's contact flags when they cannot be
// followed: --skip-contacted of a number of days out of 1..api.MaxSkipContactedDays,
// and both ways on at once (a usage error: leave the leads out, or enroll them).
func checkStartFlags(cmd *cobra.Command, opt api.StartOptions) error {
	skip := cmd.Flags().Changed(skipContactedFlag)
	if skip && opt.IncludeContacted {
		return usageError{fmt.Errorf("--%s and --%s cannot go together: give --%s DAYS to leave out the leads any account reached out to in the last DAYS days, or --%s to enroll them",
			skipContactedFlag, includeContactedFlag, skipContactedFlag, includeContactedFlag)}
	}
	if skip && (opt.SkipContactedDays < 1 || opt.SkipContactedDays > api.MaxSkipContactedDays) {
		return paceline.FieldErrorf(skipContactedFlag, "is %d: give a number of days from 1 to %d (leads any account reached out to in that many last days are left out)",
			opt.SkipContactedDays, api.MaxSkipContactedDays)
	}
	return nil
}

// contactedLister reads the ledger's outreach of every account, as both stores do.
type contactedLister interface {
	// ContactedSince returns every action with At in [since, until) that reached out
	// to a lead (an invite, a message, an InMail, an Open Profile message or an email
	// that went out: done, and not the reserved slot of a hand-off task still waiting
	// for a person or an agent), whatever its account and campaign, oldest first.
	ContactedSince(ctx context.Context, since, until time.Time) ([]paceline.Action, error)
}

var (
	_ contactedLister = (*sqlite.Store)(nil)
	_ contactedLister = (*postgres.Store)(nil)
)

// priorContact is how a lead was reached out to before a start: the latest time one of
// the campaign's accounts did it for another campaign (own, ownCampaign), the latest
// time an account not of the campaign did it for any campaign or none (other,
// otherAccount), and the latest time any account did it outside the campaign (last).
type priorContact struct {
	own, other, last          time.Time
	ownCampaign, otherAccount string
}

// contactedBefore maps each lead reference that any account of the database reached
// out to in the ledger's last limits.History, or since skipSince when that is earlier,
// for another campaign than c or none, to how (priorContact): a start says how many
// of the leads it enrolls were contacted before, by its own accounts and by others,
// since they get its steps too (a connection is messaged again, a person invited by
// another seat is invited by a second one), and --skip-contacted leaves them out. A QA
// run stopped a campaign over a typo and started a corrected one on the same list:
// nine leads got the same message twice, and the start said nothing of it. An agency
// runs a seat per client: a person client Globex's seat invited on 30 November was
// invited by client Acme's on 11 December, and Acme's start said nothing, since it
// read only its own accounts' actions. A contact by one of the campaign's accounts
// outside any campaign (a message sent by hand, LinkedIn's archive) is the user's own,
// with the seat that keeps the lead (accountsOf): it is neither noted nor refused, but
// --skip-contacted leaves its lead out (last) as it says, "for another campaign or
// none": a lead the seat messaged by hand 3 days before was enrolled by
// --skip-contacted 30 and got the cold opener.
func contactedBefore(ctx context.Context, st runtimeStore, c *paceline.Campaign, now, skipSince time.Time) (map[string]priorContact, error) {
	cl, ok := st.(contactedLister)
	if !ok {
		return nil, paceline.Errorf(paceline.EINTERNAL, "this store (%T) cannot read which leads its accounts contacted", st)
	}
	since := now.Add(-limits.History)
	if !skipSince.IsZero() && skipSince.Before(since) {
		since = skipSince
	}
	actions, err := cl.ContactedSince(ctx, since, now.Add(time.Microsecond))
	if err != nil {
		return nil, fmt.Errorf("read the leads the accounts contacted before campaign %s: %w", c.Name, err)
	}
	mine := map[string]bool{}
	for _, acct := range c.Accounts {
		mine[acct] = true
	}
	window := now.Add(-limits.History)
	out := map[string]priorContact{}
	for _, a := range actions {
		if a.Lead == "" || a.Campaign == c.Name || !outreach(a.Kind) {
			continue
		}
		p := out[a.Lead]
		if a.At.After(p.last) {
			p.last = a.At
		}
		switch {
		case a.At.Before(window), mine[a.Account] && a.Campaign == "":
			// Read only for --skip-contacted: its longer window, or the seat's own
			// contact outside any campaign.
		case mine[a.Account] && a.At.After(p.own):
			p.own, p.ownCampaign = a.At, a.Campaign
		case !mine[a.Account] && a.At.After(p.other):
			p.other, p.otherAccount = a.At, a.Account
		}
		out[a.Lead] = p
	}
	return out, nil
}

// outreach reports whether an action of kind k asks the lead for an answer.
func outreach(k paceline.ActionKind) bool {
	switch k {
	case paceline.KindInvite, paceline.KindMessage, paceline.KindInMail, paceline.KindOpenProfileMessage, paceline.KindEmail:
		return true
	}
	return false
}

// contactedAs returns how the lead was reached out to under any of the references
// the runtime may have written it by (namedIn's), the latest of each kind of contact
// over them all.
func contactedAs(l *paceline.Lead, contacted map[string]priorContact) priorContact {
	var p priorContact
	add := func(q priorContact, ok bool) {
		if !ok {
			return
		}
		if q.own.After(p.own) {
			p.own, p.ownCampaign = q.own, q.ownCampaign
		}
		if q.other.After(p.other) {
			p.other, p.otherAccount = q.other, q.otherAccount
		}
		if q.last.After(p.last) {
			p.last = q.last
		}
	}
	for _, k := range lead.Keys(l) {
		q, ok := contacted[k.RuntimeRef()]
		add(q, ok)
		if k.Type == lead.KeyProfile {
			q, ok := contacted["in:"+k.Value]
			add(q, ok)
		}
	}
	return p
}
