package main

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

func (a *app) campaignsStartCmd() *cobra.Command {
	var opt enrollOptions
	cmd := &cobra.Command{
		Use:   "start NAME",
		Short: "Enroll the campaign's leads and let it send",
		Long: `Start makes the campaign active and enrolls every lead of its list that is not opted out
and not already running in a campaign, sharing them among the campaign's accounts; a lead
already connected to one of them (it accepted its invite, or LinkedIn's archive says so),
or with an invite from one still unanswered, is enrolled with that one. A lead who
replied to any account before (to another campaign, by message or email) is left out
and counted, so a person in a conversation gets no cold opener; --include-replied
enrolls them too. When the campaign's sequence has an email step, a lead whose email
bounced before (the mail server refused the address, or a delivery report came back)
is left out and counted too, so a dead address is not mailed again;
--include-bounced enrolls them (all of them: a bounce stays on the lead after its address
is changed). A campaign without a list takes every lead of the database: when the
database has several lists, its start is refused before anything is enrolled, naming
them, unless --all-leads confirms every lead of every list. A paused campaign resumes where it stopped; starting again enrolls
leads added since (a lead imported later is enrolled only by a later start), but the
resume of a campaign without a list, once the database has several lists, goes on with
its own leads only and says how many new ones it did not enroll (--all-leads enrolls
every lead). A start
that would leave a campaign without a single lead (every lead of the list opted out,
running in another campaign or replied before) is refused, saying how many were left
out for each reason, and the campaign stays as it was. Otherwise start says how many
leads it enrolled, how many go on where they stopped (a resume), and how many of the
list it left out for each reason: running in another campaign (named), replied
before, email bounced before, opted out, nothing to reach them by, or through this campaign already.
It notes the leads it enrolled that the campaign's accounts reached out to for another
campaign in the last 100 days (the same sender following up). When some of the leads it
would enroll were reached out to in the last 100 days by an account that is not the
campaign's (another client's seat), the start is refused before anything is enrolled,
saying how many and by which accounts, until you choose: --skip-contacted DAYS leaves
out the leads any account reached out to in the last DAYS days (100 leaves out all of
those), --include-contacted enrolls them anyway (start then warns how many hear from a
second account). Give one of the two, not both.`,
		Example: "  paceline campaigns start q1\n  paceline campaigns start q1 --skip-contacted 100",
		Args:    exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			opt.cli = true
			if err := checkStartFlags(cmd, opt.StartOptions); err != nil {
				return err
			}
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				c, err := db.store.Campaign(ctx, args[0])
				if err != nil {
					return err
				}
				res, err := enrollListWith(ctx, db, c, opt)
				if err != nil {
					return err
				}
				if err := res.RefuseEmpty(c, true); err != nil {
					return err
				}
				if err := db.store.SetCampaignState(ctx, c.Name, paceline.CampaignActive, ""); err != nil {
					return err
				}
				jobs, err := db.migratedJobs(ctx)
				if err != nil {
					return err
				}
				for _, acct := range c.Accounts {
					if err := jobs.Ensure(ctx, acct, true); err != nil {
						return err
					}
				}
				sends, err := whoSends(ctx, db.store, c.Name, a.dbPath)
				if err != nil {
					return err
				}
				rep, err := startReport(ctx, db.store, c, res)
				if err != nil {
					return err
				}
				lines := append([]string{rep.Headline(c.Name) + " " + sends}, rep.LeftOutLines(c, true)...)
				lines = append(lines, rep.ContactedNotes()...)
				for _, line := range lines {
					if _, err := fmt.Fprintln(a.stdout, line); err != nil {
						return err
					}
				}
				// Leads another account reached out to, enrolled as the user chose, hear
				// from a second seat: a warning, on stderr with the others.
				for _, line := range rep.OtherAccountsWarning() {
					fmt.Fprintln(a.stderr, line)
				}
				a.warnStartMailboxes(ctx, db.store, c)
				// A resume that left the new leads out took none from every lead: its
				// left-out line says so.
				if res.NoList == 0 {
					if err := warnStartedOnEveryLead(ctx, a.stderr, db.store, c, res.Listed); err != nil {
						return err
					}
				}
				// A paused account's leads wait without a word anywhere else: say so here.
				for _, name := range c.Accounts {
					acct, err := db.store.Account(ctx, name)
					if err != nil {
						return err
					}
					if acct.State == paceline.AccountPaused {
						fmt.Fprintf(a.stderr, "Warning: account %s is paused: its leads wait until paceline accounts resume %s%s.\n", name, shellword.Quote(name), a.dbFlag())
					}
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&opt.includeReplied, "include-replied", false, "also enroll leads who replied to any account before")
	cmd.Flags().BoolVar(&opt.includeBounced, "include-bounced", false, "also enroll leads whose email bounced before, when the sequence emails")
	cmd.Flags().IntVar(&opt.SkipContactedDays, skipContactedFlag, 0, "leave out the leads any account reached out to (an invite, message, InMail or email, for another campaign or none) in the last `DAYS` days")
	cmd.Flags().BoolVar(&opt.IncludeContacted, includeContactedFlag, false, "also enroll the leads an account not of this campaign reached out to in the last 100 days (refused otherwise)")
	cmd.Flags().BoolVar(&opt.AllLeads, allLeadsFlag, false, "for a campaign without a list in a database of several lists: enroll every lead of every list (its resume enrolls no new lead otherwise)")
	return cmd
}

// enrollOptions are what campaigns start's flags ask of enrollListWith.
type enrollOptions struct {
	// includeReplied enrolls leads who replied to any account before.
	includeReplied bool
	// includeBounced enrolls leads whose email bounced before, though the sequence
	// would email them.
	includeBounced bool
	// StartOptions are the choices the API's body and the dashboard's form give too:
	// SkipContactedDays, above 0, leaves out the leads an account reached out to (for
	// another campaign or none) in that many last days; IncludeContacted enrolls the
	// leads another account reached out to, which the start refuses otherwise
	// (api.ContactedRefusal); AllLeads confirms that a campaign without a list
	// enrolls every lead of a database of several lists (refuseEveryLead).
	api.StartOptions
	// cli says the user typed the command: a refusal names its flags.
	cli bool
}

// enrollListWith enrolls the campaign list's leads: a lead already connected to one of
// the campaign's accounts, or with an invite from one still unanswered, with that
// account (it is not invited again), the others in rotation over the accounts. A lead
// who replied to any account before is left out unless includeReplied: a person in a
// conversation is not sent a cold opener by a second campaign; the enrollments say
// which it was (IncludeReplied), for the tick to tell an old answer from a reply
// recorded after the start but dated before it. A lead whose email bounced before is
// left out too when the sequence would email it, unless includeBounced: its address
// is dead, and mailing it again only hurts the sending domain. A lead an account not of
// the campaign reached out to in the last 100 days refuses the whole start before
// anything is enrolled (an *api.ContactedRefusal), unless the options chose how to
// go on (IncludeContacted, SkipContactedDays); a lead the campaign holds already is
// not. A campaign without a list in a database of several lists is refused its first
// start unless AllLeads, and its resume enrolls no new lead unless AllLeads
// (everyLeadStart). It counts every lead of the list, for the start to say what it
// did (api.StartCount).
func enrollListWith(ctx context.Context, db *runtimeDB, c *paceline.Campaign, opt enrollOptions) (api.StartCount, error) {
	includeReplied := opt.includeReplied
	var res api.StartCount
	holdNew, err := everyLeadStart(ctx, db.store, c, opt.AllLeads, opt.cli)
	if err != nil {
		return res, err
	}
	// The enrollments start at the runtime's instant, as its ticks read it: after a
	// sped-up run (the clock left ahead of the wall clock) the wall clock is behind it.
	now, _, err := databaseNow(ctx, db.store, time.Now())
	if err != nil {
		return res, err
	}
	now = now.UTC()
	known, err := accountsOf(ctx, db.store, c.Accounts, now)
	if err != nil {
		return res, err
	}
	enrolledRefs, err := db.store.EnrolledLeads(ctx, c.Name)
	if err != nil {
		return res, err
	}
	running, err := runningCampaigns(ctx, db.store)
	if err != nil {
		return res, err
	}
	// named counts a lead an enrollment names where it runs; a store that cannot tell
	// (running nil) has it counted as the campaign's own.
	named := func(l *paceline.Lead) {
		where := c.Name
		if running != nil {
			where = campaignOf(l, running)
		}
		res.Named(where, c.Name)
	}
	replied := map[string]bool{}
	if !includeReplied {
		if replied, err = db.store.RepliedLeads(ctx); err != nil {
			return res, err
		}
	}
	bounced, err := bouncedToLeaveOut(ctx, db.store, c, opt.includeBounced)
	if err != nil {
		return res, err
	}
	var skipSince time.Time
	if opt.SkipContactedDays > 0 {
		skipSince = now.AddDate(0, 0, -opt.SkipContactedDays)
	}
	contacted, err := contactedBefore(ctx, db.store, c, now, skipSince)
	if err != nil {
		return res, err
	}
	var recs []paceline.EnrollmentRecord
	rotated := 0
	err = db.store.EachLead(ctx, paceline.LeadFilter{List: c.List, WithOptedOut: true}, func(l *paceline.Lead, optedOut time.Time) error {
		res.Listed++
		key := engine.LeadKey(l)
		switch {
		case !optedOut.IsZero():
			// Read only to be counted: a start that enrolls nobody says how many.
			res.OptedOut++
			return nil
		case key == "":
			res.Unreachable++
			return nil
		}
		switch {
		case enrolledRefs[key]:
			// Running, or once in this campaign, under this reference: the enrollment's
			// unique keys leave it as it is, and a resume counts it.
			named(l)
		case namedIn(l, enrolledRefs):
			// The same under another of its references: the unique keys would not see
			// it, and the person would be contacted twice. One in this campaign
			// counts as held, so that a campaign over such leads still resumes.
			named(l)
			return nil
		case namedIn(l, replied):
			res.Replied++
			return nil
		case l.Email != "" && namedIn(l, bounced):
			// Without an email address now, the sequence cannot mail the dead one.
			res.Bounced++
			return nil
		}
		// Only a lead new to the campaign is counted or left out for a contact before:
		// one it holds already (a resume) goes through AddEnrollments untouched.
		before := contactedAs(l, contacted)
		if !enrolledRefs[key] && !skipSince.IsZero() && !before.last.Before(skipSince) {
			res.SkippedContacted++
			return nil
		}
		if !enrolledRefs[key] && holdNew {
			// A resume of a campaign without a list in a database of several lists:
			// the lead is new to it, and --all-leads alone enrolls such leads. It is
			// neither enrolled nor refused for a contact before.
			res.NoList++
			return nil
		}
		account, ok := known[key]
		if !ok {
			account = c.Accounts[rotated%len(c.Accounts)]
			rotated++
		}
		if !enrolledRefs[key] {
			if before.ownCampaign != "" {
				res.Contacted(before.ownCampaign)
			}
			if before.otherAccount != "" {
				res.ContactedBy(before.otherAccount)
			}
		}
		// IncludeReplied tells the tick that an answer dated before now is the old
		// conversation this start enrolled the lead despite (runtime.Starts.Predates).
		recs = append(recs, paceline.EnrollmentRecord{Lead: key, Account: account,
			LeadFacts: runtime.FactsOf(l), Started: now, IncludeReplied: includeReplied})
		return nil
	})
	if err != nil {
		return res, err
	}
	// Before a lead is enrolled: a second sender is the user's choice to make.
	if len(res.ContactedByOthers) > 0 && !opt.IncludeContacted && opt.SkipContactedDays == 0 {
		return res, &api.ContactedRefusal{Campaign: c.Name, State: c.State, ByAccount: maps.Clone(res.ContactedByOthers), CLI: opt.cli}
	}
	res.Enrolled, err = db.store.AddEnrollments(ctx, c.Name, recs)
	return res, err
}

// namedIn reports whether refs holds the lead under any of the references the
// runtime may have written it by (each key's own, and in:SLUG).
func namedIn(l *paceline.Lead, refs map[string]bool) bool {
	for _, k := range lead.Keys(l) {
		if refs[k.RuntimeRef()] || k.Type == lead.KeyProfile && refs["in:"+k.Value] {
			return true
		}
	}
	return false
}

// accountsOf maps each lead the campaign's accounts already know to the account it
// must stay with: the one it is connected to (the first it accepted, when several),
// else the one whose invite to it is still unanswered (the earliest sent). Another
// account would invite it a second time.
func accountsOf(ctx context.Context, st runtimeStore, accounts []string, now time.Time) (map[string]string, error) {
	to := map[string]string{}
	connectedAt := map[string]time.Time{}
	for _, acct := range accounts {
		conns, err := st.Connections(ctx, acct)
		if err != nil {
			return nil, err
		}
		for lead, at := range conns {
			if first, ok := connectedAt[lead]; !ok || at.Before(first) {
				to[lead], connectedAt[lead] = acct, at
			}
		}
	}
	invitedAt := map[string]time.Time{}
	for _, acct := range accounts {
		pending, err := runtime.PendingInvites(ctx, st, acct, now)
		if err != nil {
			return nil, err
		}
		for lead, at := range pending {
			if _, connected := connectedAt[lead]; connected {
				continue
			}
			if first, ok := invitedAt[lead]; !ok || at.Before(first) {
				to[lead], invitedAt[lead] = acct, at
			}
		}
	}
	return to, nil
}

func (a *app) campaignsPauseCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "pause NAME",
		Short: "Hold every lead of the campaign where it is",
		Long: `Pause holds every lead of an active campaign where it is, until campaigns start resumes
it. Pausing a paused campaign changes nothing, unless --reason gives it a new reason. A
draft sends nothing until it is started, so there is nothing to pause.`,
		Example: "  paceline campaigns pause q1 --reason \"holiday\"",
		Args:    exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			given := ""
			if cmd.Flags().Changed("reason") {
				given = reason
			}
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				// The rule is api.PauseCampaign's, which the API and the dashboard follow
				// too: a draft is refused, and a second pause must not overwrite why the
				// first one paused it (a reason the user gave, or the engine's low
				// acceptance rate) unless --reason gives a new one.
				res, err := api.PauseCampaign(ctx, db.store, db.store, args[0], given)
				if err != nil {
					return err
				}
				switch res.Outcome {
				case api.AlreadyPaused:
					_, err = fmt.Fprintf(a.stdout, "Campaign %s is already paused (%s); nothing changed. Resume it with: %s\n", res.Before.Name, res.Was(), res.Resume()+a.dbFlag())
				case api.ReasonReplaced:
					_, err = fmt.Fprintf(a.stdout, "Campaign %s was already paused (%s); its reason is now: %s. Resume it with: %s\n", res.Before.Name, res.Was(), given, res.Resume()+a.dbFlag())
				default:
					_, err = fmt.Fprintf(a.stdout, "Campaign %s is paused; resume it with: %s\n", res.Before.Name, res.Resume()+a.dbFlag())
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", api.DefaultPauseReason, "why, shown by status")
	return cmd
}

// campaignStatus is what status --json prints.
type campaignStatus struct {
	Name         string         `json:"name"`
	State        string         `json:"state"`
	Enrolled     int            `json:"enrolled"`
	Active       int            `json:"active"`
	Finished     int            `json:"finished"`
	Stopped      int            `json:"stopped"`
	StoppedBy    stoppedCounts  `json:"stopped_by"` // of Stopped, by a bounce, an opt-out and failures
	Actions      map[string]int `json:"actions"`
	Accepted     int            `json:"accepted"`
	Replied      int            `json:"replied"`
	PausedReason string         `json:"paused_reason"`
	// NoteQuota counts the leads waiting for a note quota (noteQuotaWaiting);
	// NoteQuotaWarnings warn of invites that will (noteQuotaWarnings).
	NoteQuota         noteQuotaWait `json:"note_quota_wait"`
	NoteQuotaWarnings []string      `json:"note_quota_warnings,omitempty"`
}

func (a *app) campaignsStatusCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "status NAME",
		Short:   "Show a campaign's progress",
		Example: "  paceline campaigns status q1 --json | jq .actions",
		Args:    exactArgs(1, "the campaign's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				s, err := statusOf(ctx, db.store, args[0])
				if err != nil {
					return err
				}
				if err := s.countAnswers(ctx, db.store); err != nil {
					return err
				}
				if asJSON {
					return writeJSON(a.stdout, s)
				}
				w := newTable(a.stdout)
				fmt.Fprintf(w, "campaign\t%s (%s)\n", s.Name, s.State)
				if s.PausedReason != "" {
					fmt.Fprintf(w, "paused\t%s\n", s.PausedReason)
				}
				fmt.Fprintf(w, "enrolled\t%d (active %d, finished %d, stopped %d)\n", s.Enrolled, s.Active, s.Finished, s.Stopped)
				for _, k := range paceline.ActionKinds {
					if n := s.Actions[string(k)]; n > 0 {
						fmt.Fprintf(w, "%s\t%d\n", k, n)
					}
				}
				fmt.Fprintf(w, "accepted\t%d\nreplied\t%d\n", s.Accepted, s.Replied)
				writeStopped(w, s.StoppedBy)
				if s.NoteQuota.Leads > 0 {
					fmt.Fprintf(w, "note quota\t%s\n", s.NoteQuota.line())
				}
				if err := w.Flush(); err != nil {
					return err
				}
				for _, warning := range s.NoteQuotaWarnings {
					fmt.Fprintf(a.stderr, "Warning: %s\n", warning)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON")
	return cmd
}

// statusOf reads the campaign's status but its answers (countAnswers), which a start
// report does not need.
func statusOf(ctx context.Context, st runtimeStore, name string) (*campaignStatus, error) {
	c, err := st.Campaign(ctx, name)
	if err != nil {
		return nil, err
	}
	states, actions, err := st.CampaignCounts(ctx, name)
	if err != nil {
		return nil, err
	}
	s := &campaignStatus{Name: c.Name, State: string(c.State), PausedReason: c.PausedReason, Actions: map[string]int{}}
	for st, n := range states {
		s.Enrolled += n
		switch {
		case st.Running():
			s.Active += n
		case st == paceline.EnrollmentFinished:
			s.Finished += n
		case st == paceline.EnrollmentStopped:
			s.Stopped += n
		}
	}
	// How many of the stopped a bounce and an opt-out took out, as start says why it
	// left leads out.
	if s.StoppedBy, err = storedStops(ctx, st, c.Name); err != nil {
		return nil, err
	}
	// The reasons are read after the states: a lead stopped in between is counted in
	// them and not in Stopped, so they are capped to the stops counted.
	s.StoppedBy = s.StoppedBy.capped(s.Stopped)
	// A lead who opted out, replied or bounced while its enrollment waits (or while
	// its account is paused) is stopped before its next step: counted as stopped now,
	// as the funnel counts the reply at once (stoppingRunning).
	if s.Active > 0 {
		out, by, err := stoppingRunning(ctx, st, c)
		if err != nil {
			return nil, err
		}
		out = min(out, s.Active)
		s.Active -= out
		s.Stopped += out
		// The reasons are parts of the stops counted, never more.
		bounced := min(by.Bounced, out)
		s.StoppedBy.Bounced += bounced
		s.StoppedBy.OptedOut += min(by.OptedOut, out-bounced)
	}
	// A hand-off task waiting for a person or an agent has its slot reserved in the
	// ledger, but nothing was sent: the counts are of what was carried out, as the
	// dashboard's funnel's are (api.Carried).
	reserved, err := api.ReservedTasks(ctx, st)
	if err != nil {
		return nil, err
	}
	for _, t := range reserved {
		if t.Campaign == c.Name && actions[t.Kind] > 0 {
			actions[t.Kind]--
		}
	}
	for k, n := range actions {
		if n > 0 {
			s.Actions[string(k)] = n
		}
	}
	// Leads "active" for weeks while a free account's 5 notes a month went out: say so.
	if err := noteQuotaStatus(ctx, st, c, s); err != nil {
		return nil, err
	}
	return s, nil
}

func (a *app) campaignsListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List campaigns",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				list, err := db.store.Campaigns(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]campaignListing, len(list))
					for i, c := range list {
						out[i] = campaignListing{Name: c.Name, State: string(c.State), List: c.List,
							Accounts: jsonArray(c.Accounts), Priority: c.Priority, PausedReason: c.PausedReason,
							CreatedAt: c.CreatedAt}
					}
					return writeJSON(a.stdout, out)
				}
				if len(list) == 0 {
					_, err := fmt.Fprintf(a.stdout, "No campaigns yet in %s: create one with paceline campaigns create --name C --accounts a,b%s (or give --db the database that has them).\n", a.shownDB(), a.dbFlag())
					return err
				}
				w := newTable(a.stdout)
				fmt.Fprintln(w, "NAME\tSTATE\tLIST\tACCOUNTS\tPRIORITY")
				for _, c := range list {
					fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\n", c.Name, c.State, c.List, len(c.Accounts), c.Priority)
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// campaignListing is one campaign of `campaigns list --json`, named as the API names
// its campaigns.
type campaignListing struct {
	Name         string    `json:"name"`
	State        string    `json:"state"`
	List         string    `json:"list"`
	Accounts     []string  `json:"accounts"`
	Priority     int       `json:"priority"`
	PausedReason string    `json:"paused_reason,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// within caps the counts to n stopped leads, bounces first: the reasons are parts of
// the stops counted, never more.
func (c stoppedCounts) within(n int) stoppedCounts {
	bounced := min(c.Bounced, max(n, 0))
	return stoppedCounts{Bounced: bounced, OptedOut: min(c.OptedOut, max(n, 0)-bounced)}
}
