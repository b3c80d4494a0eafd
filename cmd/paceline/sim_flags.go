package main

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/sim"
	"github.com/spf13/cobra"
)

// simFlags are the flags simulate and forecast share: the campaign a simulated run
// plays out, from its accounts and leads to the strategy that paces it.
type simFlags struct {
	accounts, leadsFile, seqFile, start, strategy, tz, safety string
	leads, weeks                                              int
	seed                                                      uint64
}

// simHelp is the help of the shared flags whose meaning differs between one run
// (simulate) and many (forecast).
type simHelp struct {
	leads, weeks, seed, start string
}

// add registers the flags on cmd.
func (f *simFlags) add(cmd *cobra.Command, help simHelp) {
	fl := cmd.Flags()
	fl.StringVar(&f.accounts, "accounts", "free:1", "account mix, type:count separated by commas (free:3,sales-navigator:2)")
	fl.IntVar(&f.leads, "leads", 1000, help.leads)
	fl.StringVar(&f.leadsFile, "leads-file", "", "CSV of leads to use instead of synthetic ones (any import preset)")
	fl.StringVar(&f.seqFile, "sequence", "", "sequence YAML file (default: the built-in sequence)")
	fl.IntVar(&f.weeks, "weeks", 12, help.weeks)
	fl.Uint64Var(&f.seed, "seed", 1, help.seed)
	fl.StringVar(&f.start, "start", sim.DefaultStart.Format(time.RFC3339), help.start)
	fl.StringVar(&f.strategy, "strategy", string(sim.Paceline), "pacing strategy: paceline, calendar or daily")
	fl.StringVar(&f.tz, "time-zone", "UTC", "IANA time zone of every account")
	fl.StringVar(&f.safety, "safety", defaultSafety, "`fraction` of each cap the paceline strategy uses, in (0, 1], as an account's --safety (1: the whole published allowance)")
}

// checkLeadSource refuses --leads together with --leads-file: a run's leads are
// either made up or the user's.
func (f *simFlags) checkLeadSource(cmd *cobra.Command) error {
	if cmd.Flags().Changed("leads") && f.leadsFile != "" {
		return usageError{errors.New("give --leads N or --leads-file CSV, not both")}
	}
	return nil
}

// config parses the strategy and the account mix into a run's configuration;
// loadSimInputs then reads what the flags name.
func (f *simFlags) config() (sim.Config, error) {
	st, err := sim.ParseStrategy(f.strategy)
	if err != nil {
		return sim.Config{}, err
	}
	seats, err := sim.ParseSeats(f.accounts)
	if err != nil {
		return sim.Config{}, err
	}
	safety, err := parseSafety(f.safety)
	if err != nil {
		return sim.Config{}, err
	}
	return sim.Config{Accounts: seats, Weeks: f.weeks, Seed: f.seed, Strategy: st, TimeZone: f.tz, Safety: safety}, nil
}

// loadSimInputs sets cfg's start, sequence and leads from the flags: the leads of
// --leads-file, or --leads synthetic ones made from the seed.
func (a *app) loadSimInputs(cfg *sim.Config, f *simFlags) error {
	var err error
	if cfg.Start, err = parseDate("start", f.start, time.UTC); err != nil {
		return err
	}
	if cfg.Sequence, err = loadSequence(f.seqFile); err != nil {
		return err
	}
	if f.leadsFile != "" {
		if cfg.Leads, err = a.readLeads(f.leadsFile); err != nil {
			return err
		}
		return checkSimFields(cfg, f)
	}
	if f.leads < 1 || f.leads > 10_000_000 {
		return paceline.FieldErrorf("leads", "%d is not from 1 to 10,000,000", f.leads)
	}
	// The same seed makes the same leads in simulate and in every run of forecast: the
	// lead list stays put while the platform's answers vary.
	cfg.Leads = sim.Leads(f.leads, rand.New(rand.NewPCG(f.seed, 0x6c656164)))
	return checkSimFields(cfg, f)
}
