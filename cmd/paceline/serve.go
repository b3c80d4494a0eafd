package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/executor/assist"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"
)

// serveFlags are what serve and worker share.
type serveFlags struct {
	addr    string
	speed   float64
	workers int
	seed    uint64
	// lostAfter is how long the database may stay unreachable before the process
	// gives up with a clear error (the jobs retry meanwhile).
	lostAfter time.Duration
	// simLatency is the simulated platform's answer time.
	simLatency time.Duration
	// ai configures optional AI writing.
	ai aiFlags
}

// serveMux builds serve's routes: health, readiness and metrics, and the app's own
// handler (dashboard, API) for everything else when there is one.
func (a *app) serveMux(reg *prometheus.Registry, ready func() error, rest http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := ready(); err != nil {
			http.Error(w, "not ready: "+paceline.ErrorMessage(err), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	if rest != nil {
		mux.Handle("/", rest)
	}
	return mux
}

func (a *app) serveCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run campaigns in real time, with health and metrics endpoints",
		Long: `Serve runs every active campaign: it ticks each account when its next action is due,
records every action in the ledger before and after the executor, and serves /healthz,
/readyz and /metrics. --db is a SQLite file (one serve per file) or a postgres:// URL.

--speed X (simulated accounts only) runs the clock X times faster; the clock is kept in
the database, so after a restart it continues from the virtual time it had reached,
at the stored speed. A database whose stored clock is sped up (the demo's) with an
account that is not simulated is refused without --speed 1, which serves it in real time.
SIGINT or SIGTERM stops it cleanly: running ticks finish or are handed back, exit 0.`,
		Example: "  paceline serve --db paceline.db --addr 127.0.0.1:8080\n  paceline serve --speed 1000",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Checked before the database is opened and migrated: a listen address that
			// cannot be one is the user's typo, not a server that is unavailable.
			if _, _, err := net.SplitHostPort(f.addr); err != nil {
				return paceline.FieldErrorf("addr", "%q is not HOST:PORT: give an address such as 127.0.0.1:8080 (or :8080 for every interface)", f.addr)
			}
			return a.runService(cmd.Context(), f, true)
		},
	}
	a.addServeFlags(cmd, &f)
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "HTTP listen address (host:port)")
	return cmd
}

func (a *app) addServeFlags(cmd *cobra.Command, f *serveFlags) {
	cmd.Flags().Float64Var(&f.speed, "speed", 0, "virtual clock speed for simulated accounts (0 keeps the stored speed, 1 is real time)")
	cmd.Flags().IntVar(&f.workers, "workers", 4, "account ticks run at once in this process")
	cmd.Flags().Uint64Var(&f.seed, "seed", 1, "seed of the engine's and the simulated platform's random draws")
	cmd.Flags().DurationVar(&f.lostAfter, "give-up-after", 30*time.Second, "stop with an error when the database stays unreachable this long")
	cmd.Flags().DurationVar(&f.simLatency, "sim-latency", 0, "wall time the simulated platform takes to answer each action")
	a.addAIFlags(cmd, &f.ai)
}

// runService is serve (with HTTP) and worker (without).
func (a *app) runService(parent context.Context, f serveFlags, withHTTP bool) error {
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	demoNotice := a.demoBesideNotice()
	if demoNotice != "" {
		fmt.Fprintln(a.stderr, demoNotice)
	}
	// Whether the SQLite file is there, looked at before the open creates it.
	existed := isPostgres(a.dbPath) || fileExists(a.dbPath)
	var lock *dbLock
	if !isPostgres(a.dbPath) {
		l, err := lockDatabase(a.dbPath, runningCommand(os.Args))
		if err != nil {
			return a.accessError(withHTTP, err)
		}
		lock = l
		defer lock.release() // after db.Close below
	}
	// Every step of the start waits for a database another process holds (two minutes
	// at most): say so, after a few seconds, rather than wait without a word.
	started := func() {}
	if lock != nil {
		started = a.sayWhileLocked(ctx, serviceCommand(withHTTP), a.dbPath)
		defer started()
	}
	db, err := a.openRuntimeDB(ctx)
	if err != nil {
		return a.accessError(withHTTP, err)
	}
	defer db.Close()
	// A restored dump keeps its webhook endpoints and forgets what was sent after it:
	// refused, as SQLite's backup copy is below, until the restore is acknowledged.
	if st, ok := db.store.(*postgres.Store); ok {
		if err := refusePostgresRestored(ctx, serviceCommand(withHTTP), a.shownDB(), a.dbPath, st); err != nil {
			return err
		}
	}
	if lock != nil {
		// A file the open has just made is locked now, before anyone could link it.
		if err := lock.holdFile(); err != nil {
			return a.accessError(withHTTP, err)
		}
		if st, ok := db.store.(*sqlite.Store); ok {
			if err := refuseRestored(ctx, serviceCommand(withHTTP), a.dbPath, st); err != nil {
				return err
			}
		}
	}
	// The demo's notice already says that the file is new, and where the demo's is.
	if notice := a.newDatabaseNotice(serviceCommand(withHTTP), existed, db.from); notice != "" && demoNotice == "" {
		fmt.Fprintln(a.stderr, notice)
	}
	migrator, err := db.migratedJobs(ctx)
	if err != nil {
		return a.accessError(withHTTP, err)
	}
	if lock != nil {
		// Under the lock no other process works this file: a tick left running
		// was a killed process's, and is handed back at once.
		if err := migrator.ReleaseOrphans(ctx); err != nil {
			return err
		}
	}
	if err := onlySimulated(ctx, db.store, f.speed, a.dbPath, a.shownDB()); err != nil {
		return err
	}
	if err := a.sameSpeedAsRunning(ctx, db, serviceCommand(withHTTP), f.speed); err != nil {
		return err
	}
	clock, err := runtime.StartClock(ctx, db.store, f.speed)
	if err != nil {
		return err
	}
	started()
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector())
	metrics := runtime.NewMetrics(reg)
	pl := sim.NewPlatform(sim.DefaultParams(), f.seed, db.store)
	pl.Latency = f.simLatency
	// Assist and agent accounts hand their actions to people and agents through the
	// desk; every other account acts on the simulated platform.
	desk := &assist.Desk{Store: db.store, NowFunc: clock.Now, StoppedFunc: runtime.LeadStopped(db.store),
		CampaignPausedFunc: runtime.CampaignPaused(db.store)}
	// Email accounts send from their mailboxes (serve_mail.go).
	// At a sped-up clock no mailbox may send, one added since onlySimulated's check
	// above included: the first build already applies the speed.
	mail, err := a.startMailboxesAt(ctx, db, clock.Now, clock.Speed(), logger)
	if err != nil {
		return err
	}
	// Steps with ai: get their texts from the configured model (serve_ai.go).
	ai, err := a.aiText(db, &f.ai, &mailRouter{accounts: db.store, mail: mail, other: &assist.Router{Accounts: db.store, Desk: desk, Other: pl}}, clock.Now, logger)
	if err != nil {
		return err
	}
	runner := &runtime.Runner{Store: db.store, Clock: clock, Events: pl, Seed: f.seed, Metrics: metrics, Logger: logger, Executor: ai}
	if mail != nil {
		runner.HeldFunc = mail.held // a tick's new engine knows its mailbox's hold
	}
	if err := a.startWebhooks(ctx, db, runner, logger); err != nil {
		return err
	}
	poll := 200 * time.Millisecond
	if clock.Speed() > 100 {
		poll = 20 * time.Millisecond
	}
	jobs, err := db.jobs(runner, runtime.Options{Workers: f.workers, Poll: poll, Logger: logger})
	if err != nil {
		return err
	}
	// An agent's or a person's report of what they saw (an accept, a reply) wakes
	// the account's tick, which applies it. Set before anything uses the desk.
	desk.WakeFunc = func(ctx context.Context, account string) error { return jobs.Ensure(ctx, account, true) }
	// The job client outlives the signal: on SIGTERM it is stopped softly below, so
	// that running ticks finish their actions instead of being cut mid-outbox.
	if err := jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if mail != nil {
		mail.OnEventFunc = runner.OnEventFunc
		mail.WakeFunc = func(ctx context.Context, account string) error { return jobs.Ensure(ctx, account, true) }
		pollCtx, stopPolls := context.WithCancel(ctx)
		wait := mail.run(pollCtx, mailPollEvery)
		defer func() { stopPolls(); wait() }() // before the database closes
	}

	var srv *http.Server
	if withHTTP {
		ln, err := net.Listen("tcp", f.addr)
		if err != nil {
			jobs.Stop(context.Background())
			return paceline.Errorf(paceline.EUNAVAILABLE, "cannot listen on %s: %v (pick another --addr)", f.addr, err)
		}
		ready := readiness(ctx, db.store)
		wake := func(ctx context.Context, account string) error { return jobs.Ensure(ctx, account, true) }
		app, err := a.appHandler(ctx, db, desk, ai, wake, clock.Now, logger)
		if err != nil {
			jobs.Stop(context.Background())
			ln.Close()
			return err
		}
		if mail != nil {
			app = mail.handler(app, db.store)
		}
		srv = newHTTPServer(a.serveMux(reg, ready, app), serverTimeouts())
		go srv.Serve(ln)
		fmt.Fprintf(a.stdout, "paceline serving on http://%s (database %s, speed %gx)\n", ln.Addr(), db.name, clock.Speed())
	} else {
		fmt.Fprintf(a.stdout, "paceline worker on %s (speed %gx)\n", db.name, clock.Speed())
	}

	failure := a.superviseTicks(ctx, db, jobs, runner, f.lostAfter)
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if srv != nil {
		srv.Shutdown(shutdown)
	}
	if err := jobs.Stop(shutdown); err != nil && failure == nil {
		failure = fmt.Errorf("stop jobs: %w", err)
	}
	if failure != nil {
		return failure
	}
	fmt.Fprintf(a.stdout, "paceline stopped cleanly after %d account ticks.\n", runner.Ticks())
	return nil
}

// accessError is accessError for serve or worker on a SQLite --db: which file or folder
// the user must be able to write. A PostgreSQL error is returned as it is.
func (a *app) accessError(withHTTP bool, err error) error {
	if isPostgres(a.dbPath) {
		return err
	}
	return accessError(serviceCommand(withHTTP), a.dbPath, err)
}

// serviceCommand names the command runService runs, for its messages.
func serviceCommand(withHTTP bool) string {
	if withHTTP {
		return "serve"
	}
	return "worker"
}

// superviseTicks makes sure every account with running enrollments has a tick job
// (a job that used up its retries is put back, one a lost worker left running is
// handed back), and watches the database: it returns
// nil when ctx ends, or an error when the database stayed unreachable for lostAfter.
func (a *app) superviseTicks(ctx context.Context, db *runtimeDB, jobs runtime.Jobs, runner *runtime.Runner, lostAfter time.Duration) error {
	var downSince time.Time
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		// The running ticks of a lost worker handed back (PostgreSQL), then a tick
		// for every account with work; each runs even when the other fails. This
		// process's own presence is checked apart, on its own schedule (runtime's
		// keepPresence), so that a long round here never delays the cut of its
		// ticks when the presence is lost.
		err := jobs.ReleaseGone(ctx)
		if werr := wakeAccounts(ctx, db.store, jobs, false); err == nil {
			err = werr
		}
		err = runtime.Explain(err)
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil:
			downSince = time.Time{}
		case downSince.IsZero():
			downSince = time.Now()
			fmt.Fprintf(a.stderr, "paceline: the database %s fails: %s; retrying\n", db.name, userMessage(err))
		case time.Since(downSince) > lostAfter:
			return paceline.Errorf(paceline.EUNAVAILABLE,
				"the database %s has failed for %s, so paceline stopped (nothing is half-written; start it again once the database is back): %s",
				db.name, lostAfter.Round(time.Second), userMessage(err))
		}
		if since, terr := runner.Failing(); !since.IsZero() && time.Since(since) > lostAfter {
			return paceline.Errorf(paceline.EUNAVAILABLE,
				"every account tick has failed for %s, so paceline stopped (nothing is half-written; fix the cause and start it again): %s",
				time.Since(since).Round(time.Second), userMessage(terr))
		}
		t.Reset(2 * time.Second)
	}
}

// wakeAccounts makes sure every active account has a tick job; now also brings
// sleeping ones forward (after a campaign starts or an account resumes).
func wakeAccounts(ctx context.Context, st runtimeStore, jobs runtime.Jobs, now bool) error {
	accts, err := st.Accounts(ctx)
	if err != nil {
		return err
	}
	for _, acct := range accts {
		if acct.State == paceline.AccountPaused {
			continue
		}
		if !now {
			recs, err := st.RunningEnrollments(ctx, acct.Name)
			if err != nil {
				return err
			}
			if len(recs) == 0 {
				continue
			}
		}
		if err := jobs.Ensure(ctx, acct.Name, now); err != nil {
			return err
		}
	}
	return nil
}

// onlySimulated refuses a sped-up clock when an account is not simulated: a person or
// an agent (assist, agent) or a mailbox acts in real time. The speed is --speed, or
// when it is not given the one stored in the database (paceline demo stores 3360x
// with its assisted account), which a restart would otherwise keep. db is --db (a file
// or a postgres:// URL), shown its name for messages, without a URL's password.
func onlySimulated(ctx context.Context, st runtimeStore, speed float64, db, shown string) error {
	storedSpeed, _, _, reached, hasClock, err := st.Clock(ctx)
	if err != nil {
		return err
	}
	stored := false
	if speed == 0 {
		speed, stored = storedSpeed, hasClock
	}
	if speed == 0 || speed == 1 {
		return nil
	}
	accts, err := st.Accounts(ctx)
	if err != nil {
		return err
	}
	for _, acct := range accts {
		if acct.Executor == paceline.ExecutorSim && !acct.Mailbox {
			continue
		}
		// What acts in real time: the executor, or a simulated seat's own mailbox,
		// which sends real email (at a sped-up clock, a week's allowance in minutes).
		what := "uses the " + acct.Executor + " executor"
		if acct.Executor == paceline.ExecutorSim {
			what = "has a mailbox of its own"
		}
		if stored {
			// demo runs on a SQLite file only: on PostgreSQL (db is the URL, shown its
			// name without the password) there is no demo to go on with. Nor on a file
			// with an account the demo did not make, which demo refuses (demoStranger:
			// with accounts there, they alone decide).
			demo := ""
			if !isPostgres(db) && !slices.ContainsFunc(accts, func(a *paceline.Account) bool { return !isDemoAccountName(a.Name) }) {
				demo = ", or go on with paceline demo --db " + shellword.Quote(db)
			}
			return paceline.Errorf(paceline.ECONFLICT,
				"the clock stored in %s runs %gx (left by paceline demo or serve --speed), and account %s %s, which acts in real time: add --speed 1 to serve it in real time (from now, or from the instant the sped-up run reached if that is later)%s",
				shown, speed, acct.Name, what, demo)
		}
		if hasClock && storedSpeed != 1 {
			// Without --speed the stored sped-up speed would be kept, and refused just
			// the same (above): only --speed 1 runs this database.
			return paceline.FieldErrorf("speed",
				"works with simulated accounts only, and %s %s, which acts in real time: give --speed 1 instead (without --speed the %gx stored in %s by an earlier sped-up run is kept, and refused too)%s. To run simulated accounts sped up, give them a database of their own (--db)",
				acct.Name, what, storedSpeed, shown, aheadFrom(reached))
		}
		return paceline.FieldErrorf("speed", "works with simulated accounts only, and %s %s, which acts in real time (drop --speed)", acct.Name, what)
	}
	return nil
}

// aheadFrom says where a clock restarted at speed 1 goes on from when a sped-up run
// took it ahead of the wall clock to reached (runtime.StartClock): "" when it is not
// ahead, the clock then starting from the wall clock.
func aheadFrom(reached time.Time) string {
	if !reached.After(time.Now()) {
		return ""
	}
	return fmt.Sprintf("; its clock then runs in real time from %s, the instant that run reached, ahead of the wall clock (a ledger's time never runs back)",
		reached.UTC().Format("2006-01-02 15:04 MST"))
}

// userMessage is the error's sentence for a person: the user-facing one when there is
// one, else the error itself (a log line, better than "internal error" here).
func userMessage(err error) string {
	if paceline.ErrorCode(err) == paceline.EINTERNAL {
		return err.Error()
	}
	return paceline.ErrorMessage(err)
}
