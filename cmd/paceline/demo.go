package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/engine"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/web"
	"github.com/spf13/cobra"
)

// The demo's fixed names.
const (
	demoDB       = "paceline-demo.db"
	demoUser     = "demo"
	demoCampaign = "demo"
	// demoSpeed makes a simulated week pass in three minutes.
	demoSpeed = 7 * 24 * 60 / 3.0
)

// demoStart is where a new demo's virtual clock starts: a Monday, just before work.
var demoStart = time.Date(2026, 1, 5, 8, 30, 0, 0, time.UTC)

// demoSeats are the three simulated accounts, one per kind of allowance worth seeing.
var demoSeats = []sim.Seat{
	{Name: "demo-free", Type: paceline.TypeFree},
	{Name: "demo-premium", Type: paceline.TypePremiumBusiness},
	{Name: "demo-salesnav", Type: paceline.TypeSalesNavigator},
}

// demoAssisted is the fourth account: an assisted one, whose actions wait on the Tasks
// page for the person at the keyboard, as they would for a real seat in assisted mode.
var demoAssisted = sim.Seat{Name: "demo-you", Type: paceline.TypePremiumCareer}

type demoFlags struct {
	addr      string
	speed     float64
	leads     int
	seed      uint64
	stopAfter time.Duration
}

func (a *app) demoCmd() *cobra.Command {
	var f demoFlags
	cmd := &cobra.Command{
		Use:   "demo [--addr 127.0.0.1:8080] [--speed X] [--db FILE]",
		Short: "Run simulated accounts at a sped-up clock and serve the dashboard: the quickest way to see paceline",
		Long: `demo creates (or reuses) a demo database with three simulated LinkedIn accounts (free,
premium-business, sales-navigator), a few thousand synthetic leads and the default
sequence, runs them in-process against the simulated LinkedIn at a sped-up clock (by
default a simulated week every three minutes), and serves the dashboard and the API.
It prints the URL and a fresh password for the user "demo". Stop it with Ctrl-C; run it
again on the same --db and it goes on where it stopped. Its --db is a SQLite file, never
PostgreSQL.

The file holds what paceline serve would store: the ledger, the answers, each lead's
enrollment and the virtual clock. Read it with the other commands and --db FILE (the
demo prints a few); limits show and tasks list there use the instant the demo's clock
reached, not the wall clock.`,
		Example: `  go run ./cmd/paceline demo
  paceline demo --addr 127.0.0.1:9000 --speed 10080   # a simulated week per minute`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("db") {
				a.dbPath = demoDB
			}
			if isPostgres(a.dbPath) {
				return paceline.FieldErrorf("db", "demo runs on a SQLite file of its own, not on PostgreSQL: leave --db out (it uses %s) or give a file path", demoDB)
			}
			if !(f.speed >= 1 && f.speed <= 1e6) {
				return paceline.FieldErrorf("speed", "%g is not from 1 to 1000000 (virtual seconds per wall second)", f.speed)
			}
			if f.leads < 1 || f.leads > 100_000 {
				return paceline.FieldErrorf("leads", "%d is not from 1 to 100000", f.leads)
			}
			return a.runDemo(cmd.Context(), f)
		},
	}
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to serve the dashboard on")
	cmd.Flags().Float64Var(&f.speed, "speed", demoSpeed, "virtual seconds per wall second (10080: a week a minute)")
	cmd.Flags().IntVar(&f.leads, "leads", 3000, "synthetic leads in a new demo database")
	cmd.Flags().Uint64Var(&f.seed, "seed", 1, "seed of the synthetic leads and the simulated LinkedIn")
	cmd.Flags().DurationVar(&f.stopAfter, "stop-after", 0, "stop after running this much wall time, set-up not counted (0: run until interrupted)")
	return cmd
}

func (a *app) runDemo(ctx context.Context, f demoFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	// Listen first: a taken port should fail before anything is written.
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return paceline.Errorf(paceline.EUNAVAILABLE, "cannot serve on %s: %v (choose another with --addr)", f.addr, err)
	}
	defer ln.Close()
	// A database the demo did not make is refused before anything is written to it.
	if err := checkDemoFile(ctx, a.dbPath); err != nil {
		return err
	}
	// One process runs a file's campaigns at a time: a second demo, or a serve, on
	// the same file would send every step twice.
	release, err := lockFile(a.dbPath)
	if paceline.ErrorCode(err) == paceline.ECONFLICT {
		return paceline.Errorf(paceline.ECONFLICT, "%s is running on %s: stop it first, or give this demo another --db", lockHolder(resolvedDB(a.dbPath)+".lock"), a.dbPath)
	}
	if err != nil {
		return err
	}
	defer release()

	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// Again once opened: a file the read-only look could not open (an older schema) is
	// checked here, before the demo stores anything.
	if stranger, err := demoStranger(ctx, st); err != nil {
		return err
	} else if stranger != "" {
		return refuseNotDemo(a.dbPath, stranger)
	}
	fresh, err := seedDemo(ctx, st, f)
	if err != nil {
		return err
	}
	if err := ensureDemoCampaign(ctx, st); err != nil {
		return err
	}
	start, err := demoResumeAt(ctx, st)
	if err != nil {
		return err
	}
	clock := &virtualClock{start: start, wall: time.Now(), speed: f.speed}
	st.NowFunc = clock.Now
	// The clock is stored as serve stores its own (runtime_clock): the read-only
	// commands on this file read the instant it reached, and a serve on it goes on
	// from there.
	if err := st.SetClock(ctx, f.speed, start, clock.wall); err != nil {
		return err
	}

	leads, contacted, err := demoLeads(ctx, st)
	if err != nil {
		return err
	}
	run, err := newDemoRun(ctx, st, clock, leads, contacted, f.seed)
	if err != nil {
		return err
	}
	password, token, err := demoLogin(ctx, st)
	if err != nil {
		return err
	}

	logger := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dash, err := web.New(web.Deps{
		API: api.Deps{Accounts: st, History: st, Events: st, Leads: st, Users: st, Importer: st, NowFunc: clock.Now, Logger: logger,
			Campaigns: demoCampaigns{st, run},
			// The demo enrolls nobody: a start's options have nothing to choose.
			StartCampaignFunc: func(ctx context.Context, name string, _ api.StartOptions) (api.StartReport, error) {
				return run.start(ctx, name)
			},
			Tasks: taskDesk{store: st, desk: run.desk}, Held: newDemoHeld(st)},
		Banner: fmt.Sprintf("Demo: simulated accounts at %gx speed (a simulated week every %s). Nothing is sent to LinkedIn. Accounts and Campaigns reload every 10 s.",
			f.speed, (time.Duration(float64(7*24*time.Hour) / f.speed)).Round(time.Second)),
		Refresh: 10 * time.Second,
	})
	if err != nil {
		return err
	}
	srv := newHTTPServer(dash, serverTimeouts())

	url := "http://" + ln.Addr().String() + "/"
	what := "reusing"
	if fresh {
		what = "created"
	}
	fmt.Fprintf(a.stdout, "paceline demo: %s %s: %d simulated accounts and 1 assisted (%s: its actions wait on the Tasks page), %d leads (%d not yet contacted), campaign %q with the default sequence\n",
		what, a.dbPath, len(demoSeats), demoAssisted.Name, len(leads), uncontacted(leads, contacted), demoCampaign)
	if run.unrecorded > 0 {
		fmt.Fprintf(a.stdout, "note: %s contacted by an older paceline's demo, which kept enrollments in memory only, %s left out and not counted by campaigns status; remove %s to start afresh\n",
			plural.Count(run.unrecorded, "lead"), plural.Verb(run.unrecorded, "is", "are"), a.dbPath)
	}
	fmt.Fprintf(a.stdout, "virtual clock at %s, running %gx\n\n", start.Format("Mon 2 Jan 2006 15:04 MST"), f.speed)
	fmt.Fprintf(a.stdout, "  Dashboard: %s\n  Login:     %s / %s\n  API token: %s\n  Try:       curl -H 'Authorization: Bearer %s' %sapi/v1/accounts\n\n%s\nCtrl-C stops; run it again to go on.\n",
		url, demoUser, password, token, token, url, demoNextSteps(selfCommand(os.Args[0]), a.dbPath))

	served := make(chan error, 1)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			served <- fmt.Errorf("serve %s: %w", url, err)
		}
	}()
	// The run ends with the interrupt, --stop-after (counted from here: setting up a new
	// database takes a while on a busy machine) or a failing server, and saves every
	// enrollment as it ends: the database is closed only after that save.
	runCtx, stopRun := context.WithCancel(ctx)
	if f.stopAfter > 0 {
		stopRun()
		runCtx, stopRun = context.WithTimeout(ctx, f.stopAfter)
	}
	defer stopRun()
	ran := make(chan error, 1)
	go func() { ran <- run.loop(runCtx) }()
	var runErr, srvErr error
	select {
	case runErr = <-ran:
	case srvErr = <-served:
		stopRun()
		runErr = <-ran
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	if srvErr != nil {
		return srvErr
	}
	if runErr != nil {
		return runErr
	}
	actions, events, running, saved := run.progress()
	fmt.Fprintf(a.stdout, "stopped at virtual %s: %d actions and %d events written this run, %d enrollments still running\n",
		saved.Format("Mon 2 Jan 2006 15:04 MST"), actions, events, running)
	return nil
}

// seedDemo creates the demo accounts and leads when the database has none; it reports
// whether it did.
func seedDemo(ctx context.Context, st *sqlite.Store, f demoFlags) (bool, error) {
	existing, err := st.Accounts(ctx)
	if err != nil {
		return false, err
	}
	have := map[string]bool{}
	for _, a := range existing {
		have[a.Name] = true
	}
	st.NowFunc = func() time.Time { return demoStart }
	for _, s := range append(slices.Clone(demoSeats), demoAssisted) {
		if have[s.Name] {
			continue
		}
		executor := paceline.ExecutorSim
		if s == demoAssisted {
			executor = paceline.ExecutorAssist
		}
		acct := &paceline.Account{Name: s.Name, Type: s.Type, Executor: executor, State: paceline.AccountActive,
			TimeZone: "UTC", Hours: paceline.DefaultWorkingHours, Days: paceline.DefaultWorkingDays,
			MinGap: paceline.DefaultMinGap, Safety: sim.DefaultSafety, CreatedAt: demoStart.Add(-365 * 24 * time.Hour)}
		if err := st.CreateAccount(ctx, acct); err != nil {
			return false, err
		}
	}
	if len(existing) > 0 {
		return false, nil
	}
	if n, err := st.CountLeads(ctx); err != nil || n > 0 {
		return true, err
	}
	leads := sim.Leads(f.leads, rand.New(rand.NewPCG(f.seed, 0x6c656164)))
	rules, _, _, err := rulesInForce(ctx, st)
	if err != nil {
		return true, err
	}
	for _, l := range leads {
		rules.Apply(l)
		l.Lists = []string{"demo"}
	}
	return true, st.ImportLeads(ctx, func(sink lead.Sink) error {
		for i, l := range leads {
			l.ID = int64(i + 1)
			if err := sink.Insert(l, lead.Keys(l)); err != nil {
				return fmt.Errorf("store demo lead %s: %w", l.Name(), err)
			}
		}
		return nil
	})
}

// demoResumeAt is where the virtual clock goes on: just after the latest action or
// event in the database, or where the stored clock got to if later (time never runs
// backwards for a ledger), or the demo's start.
func demoResumeAt(ctx context.Context, st *sqlite.Store) (time.Time, error) {
	latest := demoStart
	_, _, _, reached, ok, err := st.Clock(ctx)
	if err != nil {
		return time.Time{}, err
	}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return time.Time{}, err
	}
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range accts {
		acts, err := st.Actions(ctx, a.Name, demoStart, far)
		if err != nil {
			return time.Time{}, err
		}
		if n := len(acts); n > 0 && acts[n-1].At.After(latest) {
			latest = acts[n-1].At
		}
		evs, err := st.Events(ctx, a.Name, demoStart, far)
		if err != nil {
			return time.Time{}, err
		}
		if n := len(evs); n > 0 && evs[n-1].At.After(latest) {
			latest = evs[n-1].At
		}
	}
	if !latest.Equal(demoStart) {
		latest = latest.Add(time.Second)
	}
	if ok && reached.After(latest) {
		latest = reached
	}
	return latest, nil
}

// demoLeads loads every stored lead and the keys of those the ledger has contacted: a
// demo database from before the demo stored its enrollments has contacted leads with
// no enrollment, and they are not enrolled again.
func demoLeads(ctx context.Context, st *sqlite.Store) ([]*paceline.Lead, map[string]bool, error) {
	leads, err := st.ListLeads(ctx, paceline.LeadFilter{})
	if err != nil {
		return nil, nil, err
	}
	contacted := map[string]bool{}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range accts {
		acts, err := st.Actions(ctx, a.Name, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return nil, nil, err
		}
		for _, x := range acts {
			contacted[x.Lead] = true
		}
	}
	return leads, contacted, nil
}

// uncontacted counts the leads the ledger has not contacted. The ledger also names
// leads no longer listed (an opted-out one), so it is not len(leads)-len(contacted).
func uncontacted(leads []*paceline.Lead, contacted map[string]bool) int {
	n := 0
	for _, l := range leads {
		if !contacted[engine.LeadKey(l)] {
			n++
		}
	}
	return n
}

// demoLogin gives the demo user a fresh password and API token, made once per start
// and printed, since neither can be read back from the database.
func demoLogin(ctx context.Context, st *sqlite.Store) (password, token string, err error) {
	if password, err = newPassword(); err != nil {
		return "", "", err
	}
	// The demo's password guards a local toy: a lighter work factor keeps its start fast.
	hash, err := paceline.HashPassword(password, 100_000)
	if err != nil {
		return "", "", err
	}
	if _, err := st.CreateUser(ctx, demoUser, hash); paceline.ErrorCode(err) == paceline.ECONFLICT {
		err = st.SetPassword(ctx, demoUser, hash)
		if err != nil {
			return "", "", err
		}
	} else if err != nil {
		return "", "", err
	}
	if token, err = paceline.NewSecret(paceline.TokenPrefix); err != nil {
		return "", "", err
	}
	if _, err := st.CreateToken(ctx, demoUser, "demo", token[:len(paceline.TokenPrefix)+4], paceline.HashSecret(token)); err != nil {
		return "", "", err
	}
	return password, token, nil
}
