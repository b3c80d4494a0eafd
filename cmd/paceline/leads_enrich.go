package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/enrich"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

// leadsEnrichCmds are the enrichment subcommands of "paceline leads".
func (a *app) leadsEnrichCmds() []*cobra.Command {
	return []*cobra.Command{a.leadsEnrichCmd(), a.leadsFindEmailCmd()}
}

// enrichResult is what enrich did to one lead: Fills are the values stored (or, in a
// dry run, that would be), NotStored those a provider gave that are never stored.
type enrichResult struct {
	ID        int64         `json:"id"`
	Name      string        `json:"name"`
	Fills     []enrich.Fill `json:"fills"`
	NotStored []unstored    `json:"not_stored,omitempty"`
	Error     string        `json:"error,omitempty"`
}

// unstored is a value enrichment found but does not store, and why (enrich.NotStored).
type unstored struct {
	enrich.Fill
	Why string `json:"why"`
}

// String reads "first_name = Ann (from provider:people), not stored: WHY".
func (u unstored) String() string {
	return fmt.Sprintf("%s, not stored: %s", u.Fill, u.Why)
}

// enrichSummary is the --json output of leads enrich. Enriched and Fills count only
// what was stored; NotStored counts, by field, the values found and not stored.
// OptedOut counts the leads left alone because they opted out.
type enrichSummary struct {
	List      string         `json:"list,omitempty"`
	Leads     int            `json:"leads"`
	OptedOut  int            `json:"opted_out"`
	Enriched  int            `json:"enriched"`
	DryRun    bool           `json:"dry_run"`
	Fills     map[string]int `json:"fills"`
	NotStored map[string]int `json:"not_stored"`
	Errors    []string       `json:"errors"`
	Results   []enrichResult `json:"results"`
	// Rules says which rules scored the enriched leads when they are not the
	// built-in rules, or --icp put rules in force.
	Rules *rulesReport `json:"rules,omitempty"`
}

// enrichRules readies the rules enrich scores with: it puts those of --icp in force
// first, so that the kept rules and the stored scores never disagree, else checks that
// the rules in force parse, before any provider is asked. It returns the report of
// them, nil for the built-in rules left in force. The enriched leads are scored with
// the rules in force as the transaction that writes them reads them (scoreInForce).
func enrichRules(ctx context.Context, st icpStore, put *icpFlag) (*rulesReport, error) {
	if put != nil {
		return putInForce(ctx, st, put)
	}
	_, stored, kept, err := rulesInForce(ctx, st)
	if err != nil || !kept {
		return nil, err
	}
	return &rulesReport{InForce: rulesName(stored, kept), SetAt: stored.SetAt}, nil
}

func (a *app) leadsEnrichCmd() *cobra.Command {
	var list, providers, icp string
	var dryRun, noRescore, asJSON bool
	cmd := &cobra.Command{
		Use:   "enrich",
		Short: "Fill leads' missing fields from what they already have and from providers",
		Long: `Enrich fills the fields a lead lacks: the company domain from its website or work
email, the company key from the company, seniority and department from the title, the
time zone from the location (docs/enrichment.md has the rules). With --providers, the
HTTP enrichment services configured in that YAML file are asked too, for the fields the
lead still lacks. A field that is set is never overwritten, so running it twice changes
nothing. A name or profile URL a provider gives is shown as "not stored" and is not
counted: enrichment never changes who a lead is. Opted-out leads are left alone. --dry-run prints what would be filled and
writes nothing.

The filled fields count in the score (seniority above all), so every lead that gained
a field is scored again, with the ICP rules in force (those "leads import" and "leads
score" use). --icp FILE puts the rules of FILE in force first, as "leads score --icp"
does, and rescores every lead with them ("default": the built-in rules); with
--dry-run it only checks the file. --no-rescore keeps the stored scores.

A provider that fails for a lead, or gives it a value that may not be stored (an
email that is another lead's or is on the suppression list), is reported among the
errors, naming the lead and the provider; that value is skipped, the lead's other
fills and the other leads are kept. --dry-run makes the same checks. Exit status: 0
when some lead was enriched, or none had an error; non-zero when errors left no lead
enriched (3 when every failure was a provider unavailable: try again later; 1
otherwise, as for a refused key) and when --list names no list.`,
		Example: `  paceline leads enrich --list q1 --dry-run
  paceline leads enrich --providers providers.yaml --icp icp.yaml --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if noRescore && icp != "" {
				return paceline.FieldErrorf("icp", "--icp scores the enriched leads, --no-rescore keeps their scores: give one of them")
			}
			put, err := readICP(icp) // refused before the database is opened
			if err != nil {
				return err
			}
			var lookers []enrich.Looker
			if providers != "" {
				if lookers, err = loadProviders(providers); err != nil {
					return err
				}
			}
			return a.withLeadStore(ctx, func(st appStore) error {
				if err := checkList(ctx, st, list, "nothing was enriched"); err != nil {
					return err // before --icp is put in force
				}
				rescore := !noRescore && !dryRun // a dry run scores nothing
				sum, failed := enrichScored(ctx, st, list, &enrich.Enricher{Providers: lookers}, put, rescore, dryRun)
				if sum == nil {
					return failed
				}
				rep := sum.Rules
				if asJSON {
					if err := writeJSON(a.stdout, sum); err != nil {
						return err
					}
					return failed
				}
				if err := writeEnrichSummary(a.stdout, sum); err != nil {
					return err
				}
				if rep != nil {
					writeRulesLine(a.stdout, rep)
				}
				return failed
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&list, "list", "", "only the leads of this `list`")
	fl.StringVar(&providers, "providers", "", "YAML `file` of HTTP enrichment providers (docs/enrichment.md)")
	fl.StringVar(&icp, "icp", "", "put the ICP rules of this YAML `file` in force (\"default\": the built-in rules) and score with them (default: the rules in force)")
	fl.BoolVar(&noRescore, "no-rescore", false, "keep the stored scores of enriched leads")
	fl.BoolVar(&dryRun, "dry-run", false, "print what would be filled, write nothing")
	fl.BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// loadProviders reads a providers file and builds its providers, with their keys
// read from the environment.
func loadProviders(path string) ([]enrich.Looker, error) {
	data, err := readFlagFile("providers", path)
	if err != nil {
		return nil, err
	}
	cfgs, err := enrich.ParseProviders(data)
	if err != nil {
		return nil, err
	}
	lookers := make([]enrich.Looker, 0, len(cfgs))
	for _, cfg := range cfgs {
		p, err := enrich.NewProvider(cfg, enrich.ProviderOptions{Getenv: os.Getenv, Now: time.Now, Sleep: enrich.SleepContext})
		if err != nil {
			return nil, err
		}
		lookers = append(lookers, p)
	}
	return lookers, nil
}

// enrichStore is what leads enrich needs of the database: the leads, and the
// suppression list a provider's email is checked against. Both stores are.
type enrichStore interface {
	leadStore
	IsSuppressed(ctx context.Context, keys ...lead.Key) (bool, error)
	UpdateLeadFieldsInForce(ctx context.Context, leads []*paceline.Lead, rulesFor func(r score.Stored, kept bool) (func(*paceline.Lead), error)) (changed int, err error)
}

var (
	_ enrichStore = (*sqlite.Store)(nil)
	_ enrichStore = (*postgres.Store)(nil)
)

// enrichScored is enrichLeads for leads enrich: when rescore, it puts the rules of put
// in force first (enrichRules) and scores the enriched leads with the rules in force as
// the transaction that writes them reads them, and the summary's Rules say which.
func enrichScored(ctx context.Context, st appStore, list string, e *enrich.Enricher, put *icpFlag, rescore, dryRun bool) (*enrichSummary, error) {
	var rulesFor func(score.Stored, bool) (func(*paceline.Lead), error)
	var rep *rulesReport
	var read rulesRead
	if rescore {
		var err error
		if rep, err = enrichRules(ctx, st, put); err != nil {
			return nil, err
		}
		rulesFor = scoreInForce(&read)
	}
	sum, failed := enrichLeads(ctx, st, list, e, rulesFor, dryRun)
	if sum == nil {
		return nil, failed
	}
	if put == nil && read.rules != nil {
		// The rules it scored with, should a save have replaced those read first.
		rep = nil
		if read.kept {
			rep = read.report()
		}
	}
	sum.Rules = rep
	return sum, failed
}

// enrichLeads runs the enricher over the leads of list ("" for all) and, unless
// dryRun, writes what it filled in one transaction, scoring the changed leads again
// when rescore is not nil, with the rules in force read in that transaction and turned
// into the scoring function by rescore (scoreInForce). The leads are read first and
// enriched after, so no read stays open while providers are asked. It returns the
// summary with a nil error, or with enrichFailed's error when errors left no lead
// enriched, or no summary and the error that stopped it.
//
// A provider's email the store would refuse (another lead's, a suppressed person's,
// or one given to another lead earlier in the run) is checked before the lead takes
// it, read-only so a dry run finds the same, and reported as that lead's error: left
// to the write, it made the store refuse the whole batch, every paid fill lost.
func enrichLeads(ctx context.Context, st enrichStore, list string, e *enrich.Enricher, rescore func(score.Stored, bool) (func(*paceline.Lead), error), dryRun bool) (*enrichSummary, error) {
	var leads []*paceline.Lead
	optedOut := 0 // counted so that a list of opted-out leads is not called empty
	err := st.EachLead(ctx, paceline.LeadFilter{List: list, WithOptedOut: true}, func(l *paceline.Lead, at time.Time) error {
		if !at.IsZero() {
			optedOut++
			return nil
		}
		leads = append(leads, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	claimed := map[string]int64{} // emails given to leads in this run, to their ids
	checked := *e
	checked.CheckFunc = func(ctx context.Context, l *paceline.Lead, f enrich.Fill) error {
		if e.CheckFunc != nil {
			if err := e.CheckFunc(ctx, l, f); err != nil {
				return err
			}
		}
		return checkEnrichedEmail(ctx, st, claimed, l, f)
	}
	sum := &enrichSummary{List: list, Leads: len(leads), OptedOut: optedOut, DryRun: dryRun,
		Fills: map[string]int{}, NotStored: map[string]int{}, Errors: []string{}, Results: []enrichResult{}}
	var changed []*paceline.Lead
	var failures []error
	for _, l := range leads {
		fills, err := checked.Enrich(ctx, l)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil && paceline.ErrorCode(err) == paceline.EINTERNAL {
			return nil, fmt.Errorf("enrich lead %d: %w", l.ID, err)
		}
		if len(fills) == 0 && err == nil {
			continue
		}
		stored, notStored := splitStored(fills)
		r := enrichResult{ID: l.ID, Name: l.Name(), Fills: jsonArray(stored), NotStored: notStored}
		for _, u := range notStored {
			sum.NotStored[u.Field]++
		}
		if err != nil {
			r.Error = errorMessages(err)
			sum.Errors = append(sum.Errors, fmt.Sprintf("#%d %s: %s", l.ID, l.Name(), r.Error))
			failures = append(failures, err)
		}
		sum.Results = append(sum.Results, r)
		if len(stored) == 0 {
			continue
		}
		sum.Enriched++
		for _, f := range stored {
			sum.Fills[f.Field]++
			if f.Field == enrich.FieldEmail {
				claimed[f.Value] = l.ID
			}
		}
		changed = append(changed, l)
	}
	if !dryRun && len(changed) > 0 {
		write := func() error { _, err := st.UpdateLeadFields(ctx, changed, nil); return err }
		if rescore != nil {
			write = func() error { _, err := st.UpdateLeadFieldsInForce(ctx, changed, rescore); return err }
		}
		if err := write(); err != nil {
			return nil, err
		}
	}
	return sum, enrichFailed(sum, failures)
}

// splitStored parts fills into those a store writes back and those it never does
// (enrich.NotStored: a name, a profile URL), so that the report counts as filled only
// what was stored.
func splitStored(fills []enrich.Fill) (stored []enrich.Fill, notStored []unstored) {
	for _, f := range fills {
		if why := enrich.NotStored(f.Field); why != "" {
			notStored = append(notStored, unstored{f, why})
			continue
		}
		stored = append(stored, f)
	}
	return stored, notStored
}

// checkEnrichedEmail refuses, with ECONFLICT, an email fill the store would refuse:
// the email of another lead, one claimed by another lead earlier in this run, or one
// on the suppression list. Other fills pass.
func checkEnrichedEmail(ctx context.Context, st enrichStore, claimed map[string]int64, l *paceline.Lead, f enrich.Fill) error {
	if f.Field != enrich.FieldEmail {
		return nil
	}
	k := lead.Key{Type: lead.KeyEmail, Value: f.Value}
	owner, err := st.FindLeadID(ctx, k)
	switch {
	case err == nil && owner != l.ID:
		return paceline.Errorf(paceline.ECONFLICT, "it is already the email of lead %d (merge the two leads if they are one person)", owner)
	case err != nil && paceline.ErrorCode(err) != paceline.ENOTFOUND:
		return fmt.Errorf("look up the owner of %s: %w", f.Value, err)
	}
	if other, ok := claimed[f.Value]; ok && other != l.ID {
		return paceline.Errorf(paceline.ECONFLICT, "lead %d was given it earlier in this run (merge the two leads if they are one person)", other)
	}
	suppressed, err := st.IsSuppressed(ctx, k)
	if err != nil {
		return fmt.Errorf("check %s against the suppression list: %w", f.Value, err)
	}
	if suppressed {
		return paceline.Errorf(paceline.ECONFLICT, "it is on the suppression list (opted out or erased) and may not be stored again")
	}
	return nil
}

// enrichFailed is the error leads enrich exits with, after its summary, when errors
// left it with no lead enriched: nil when some lead was enriched (the errors are in
// the summary, the fills kept) or when no lead had an error (nothing was missing).
// It is EUNAVAILABLE (exit 3, try again later) when every failure was a provider
// unavailable, else the code of the first other failure (exit 1).
func enrichFailed(sum *enrichSummary, failures []error) error {
	if sum.Enriched > 0 || len(failures) == 0 {
		return nil
	}
	code := paceline.EUNAVAILABLE
	for _, err := range failures {
		if c := paceline.ErrorCode(err); c != paceline.EUNAVAILABLE {
			code = c
			break
		}
	}
	return paceline.Errorf(code, "no lead was enriched: %s failed (errors above); nothing was written", plural.Count(len(failures), "lead"))
}

// errorMessages is the sentence of each *paceline.Error joined in err, "; " between
// them: paceline.ErrorMessage alone gives only the first, so a lead's second
// provider's error went unseen.
func errorMessages(err error) string {
	var msgs []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		msgs = append(msgs, paceline.ErrorMessage(err))
	}
	walk(err)
	return strings.Join(msgs, "; ")
}

func writeEnrichSummary(w io.Writer, s *enrichSummary) error {
	for _, r := range s.Results {
		fmt.Fprintf(w, "#%d %s\n", r.ID, r.Name)
		for _, f := range r.Fills {
			fmt.Fprintf(w, "  %s\n", f)
		}
		for _, u := range r.NotStored {
			fmt.Fprintf(w, "  %s\n", u)
		}
		if r.Error != "" {
			fmt.Fprintf(w, "  error: %s\n", r.Error)
		}
	}
	if s.Leads == 0 && s.List != "" { // the list exists: checkList refused any other name
		if s.OptedOut == 0 {
			fmt.Fprintf(w, "List %q is empty: no lead to enrich.\n", s.List)
		} else {
			fmt.Fprintf(w, "No lead to enrich in list %q: %s opted out, and opted-out leads are left alone.\n",
				s.List, plural.Verb(s.OptedOut, "its only lead", fmt.Sprintf("all its %d leads", s.OptedOut)))
		}
		return nil
	}
	verb := "Enriched"
	if s.DryRun {
		verb = "Would enrich (dry run, nothing written)"
	}
	fmt.Fprintf(w, "%s %d of %s", verb, s.Enriched, plural.Count(s.Leads, "lead"))
	if len(s.Fills) > 0 {
		fmt.Fprintf(w, ": %s", fieldCounts(s.Fills))
	}
	fmt.Fprintln(w, ".")
	if len(s.NotStored) > 0 {
		fmt.Fprintf(w, "Found and not stored (why above): %s.\n", fieldCounts(s.NotStored))
	}
	if len(s.Errors) > 0 && s.Enriched > 0 { // else the command's error says so
		fmt.Fprintf(w, "%s had provider errors (shown above); %s other fills were kept.\n", plural.Count(len(s.Errors), "lead"), plural.Verb(len(s.Errors), "its", "their"))
	}
	return nil
}

// fieldCounts reads "company 2, title 1", fields in name order.
func fieldCounts(counts map[string]int) string {
	var parts []string
	for _, f := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", f, counts[f]))
	}
	return strings.Join(parts, ", ")
}

func (a *app) leadsFindEmailCmd() *cobra.Command {
	var dnsServer, helo, from string
	var probe, save, asJSON bool
	cmd := &cobra.Command{
		Use:   "find-email KEY_OR_URL",
		Short: "Guess a lead's work email address and check the company's mail servers",
		Long: `Find-email builds the likely addresses of a lead from its name and its company domain
(the company_domain field, else its website or work email), learns the company's
pattern from other leads whose addresses at that domain are known, and checks the
domain's mail servers in DNS. Each candidate gets a status (valid, risky, catch_all,
invalid, unknown, no_mx) and a confidence.

DNS questions go to the first name server of /etc/resolv.conf, or to --dns.

--probe asks the mail server about each address over SMTP (RCPT TO, never DATA). It is
off by default: mailbox providers read such checks as address harvesting and may
blocklist the probing IP. Probe only from a host and with a sender domain (--from) your
campaigns do not use. --save stores the best valid (probed and accepted) address on a
lead that has no email.`,
		Example: `  paceline leads find-email in:jane-doe
  paceline leads find-email 12 --probe --helo probe.example.org --from check@probe.example.org --save`,
		Args: exactArgs(1, "the lead's id, URL, email or key"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseLeadRef(args[0])
			if err != nil {
				return err
			}
			if !probe && (helo != "" || from != "") {
				return paceline.FieldErrorf("probe", "--helo and --from go with --probe")
			}
			finder, err := newFinder(dnsServer, probe, helo, from)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withLead(ctx, ref, func(st appStore, id int64, l *paceline.Lead) error {
				if at, err := st.LeadOptedOut(ctx, id); err != nil {
					return err
				} else if !at.IsZero() {
					return paceline.Errorf(paceline.ECONFLICT, "lead %s opted out on %s: it is never contacted, so no address is looked for", ref, at.UTC().Format(time.DateOnly))
				}
				fd, err := findEmail(ctx, st, finder, l)
				if err != nil {
					return err
				}
				saved := ""
				if save {
					if saved, err = saveBest(ctx, st, l, fd); err != nil {
						return err
					}
				}
				if asJSON {
					best, _ := fd.Best()
					err = writeJSON(a.stdout, map[string]any{"lead": l.ID, "finding": fd, "best": best.Address, "saved": saved})
				} else {
					err = writeFinding(a.stdout, l, fd, save, saved)
				}
				if err == nil && fd.Domain.Status == enrich.DomainUnreachable {
					// Every candidate is "unknown" for want of an answer: the check did not
					// happen, which a script must be able to tell from a check that found
					// nothing, so the exit status says so (3, unavailable).
					return paceline.Errorf(paceline.EUNAVAILABLE, "the DNS server did not answer, so nothing is known about %s: try again, or give another server with --dns", fd.Domain.Domain)
				}
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dnsServer, "dns", "", "DNS server `HOST:PORT` to ask (default: the first of /etc/resolv.conf)")
	fl.BoolVar(&probe, "probe", false, "ask the mail server about each address over SMTP (see the warning above)")
	fl.StringVar(&helo, "helo", "", "host `NAME` given in EHLO when probing (the probing host's real name)")
	fl.StringVar(&from, "from", "", "envelope sender `ADDR` when probing")
	fl.BoolVar(&save, "save", false, "store the best valid address on the lead when it has no email")
	fl.BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// newFinder builds the finder: a DNS resolver asking server (the system's when ""),
// and a prober only when probe is set.
func newFinder(server string, probe bool, helo, from string) (*enrich.Finder, error) {
	if server == "" {
		var err error
		if server, err = enrich.SystemDNSServer("/etc/resolv.conf"); err != nil {
			return nil, paceline.FieldErrorf("dns", "%v: give a DNS server with --dns", err)
		}
	}
	r, err := enrich.NewDNSResolver(server, 0)
	if err != nil {
		return nil, paceline.FieldErrorf("dns", "%v", err)
	}
	f := &enrich.Finder{Resolver: r}
	if probe {
		if helo == "" || from == "" {
			return nil, paceline.FieldErrorf("probe", "--probe needs --helo (this host's name) and --from (a sender address at a domain your campaigns do not use)")
		}
		f.Prober = &enrich.Prober{HeloName: helo, MailFrom: from, Dial: enrich.DialPort25,
			Rand: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
	}
	return f, nil
}

// findEmail runs the finder for l, with the leads whose addresses at the same domain
// are known as evidence of the company's pattern.
func findEmail(ctx context.Context, st leadStore, f *enrich.Finder, l *paceline.Lead) (enrich.Finding, error) {
	probe := *l
	probe.Custom = maps.Clone(l.Custom)
	enrich.Local(&probe)
	var known []enrich.Known
	if domain := enrich.Get(&probe, enrich.FieldCompanyDomain); domain != "" {
		err := st.EachLead(ctx, paceline.LeadFilter{}, func(o *paceline.Lead, _ time.Time) error {
			if d, ok := enrich.DomainFromEmail(o.Email); ok && d == domain && o.ID != l.ID {
				known = append(known, enrich.Known{FirstName: o.FirstName, LastName: o.LastName, Email: o.Email})
			}
			return nil
		})
		if err != nil {
			return enrich.Finding{}, err
		}
	}
	return f.FindForLead(ctx, &probe, known)
}

// saveBest stores the best candidate on l when it was verified valid and l has no
// email; it returns the address saved, "" when none was.
func saveBest(ctx context.Context, st leadStore, l *paceline.Lead, fd enrich.Finding) (string, error) {
	best, ok := fd.Best()
	if !ok || best.Status != enrich.StatusValid || l.Email != "" {
		return "", nil
	}
	if _, err := st.UpdateLeadFields(ctx, []*paceline.Lead{{ID: l.ID, Email: best.Address}}, nil); err != nil {
		return "", err
	}
	return best.Address, nil
}

func writeFinding(w io.Writer, l *paceline.Lead, fd enrich.Finding, save bool, saved string) error {
	fmt.Fprintf(w, "#%d %s at %s: %s (%s)\n", l.ID, l.Name(), fd.Domain.Domain, fd.Domain.Status, fd.Domain.Reason)
	tw := newTable(w)
	fmt.Fprintln(tw, "ADDRESS\tSTATUS\tCONFIDENCE\tREASON")
	for _, c := range fd.Candidates {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\n", c.Address, c.Status, c.Confidence, c.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	best, ok := fd.Best()
	switch {
	case !ok && fd.Domain.Status == enrich.DomainUnreachable:
		// The command's error says so.
	case !ok && !fd.Domain.AcceptsMail():
		fmt.Fprintf(w, "No address may be mailed: %s takes no mail; check the lead's company domain.\n", fd.Domain.Domain)
	case !ok:
		fmt.Fprintln(w, "No address may be mailed: the mail server refused every guess.")
	default:
		fmt.Fprintf(w, "Best: %s (%s, %.2f).\n", best.Address, best.Status, best.Confidence)
	}
	switch {
	case !save:
	case saved != "":
		fmt.Fprintf(w, "Saved %s as the lead's email.\n", saved)
	case l.Email != "":
		fmt.Fprintf(w, "Not saved: the lead already has the email %s.\n", l.Email)
	default:
		fmt.Fprintln(w, "Not saved: only an address the mail server verified (status valid, with --probe) is stored.")
	}
	return nil
}
