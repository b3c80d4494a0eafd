package main

import (
	"context"
	"os"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/secret"
	"github.com/paceline/paceline/store/postgres"
)

// openPostgresRuntime opens the PostgreSQL database --db names for the runtime
// commands: migrating it (postgres.Open) for migrate, serve and worker, otherwise
// refusing one whose schema is not current (postgres.OpenCurrent).
func (a *app) openPostgresRuntime(ctx context.Context, migrate bool) (*runtimeDB, error) {
	open := postgres.OpenCurrent
	if migrate {
		open = postgres.Open
	}
	st, err := open(ctx, a.dbPath)
	if err != nil {
		return nil, err
	}
	from, to := st.Migrated()
	return &runtimeDB{
		store: st, name: a.shownDB(), migrates: migrate, from: from, to: to, shownURL: postgres.ShownURL(a.dbPath),
		jobs: func(r *runtime.Runner, opt runtime.Options) (runtime.Jobs, error) {
			opt.Presence = workerPresence{st}
			return runtime.NewPostgresJobs(st.Pool(), r, opt)
		},
		close: func() { st.Close() },
	}, nil
}

// env reads an environment variable, from getenv when a test gave one.
func (a *app) env(name string) string {
	if a.getenv != nil {
		return a.getenv(name)
	}
	return os.Getenv(name)
}

// postgresSecretKey is the secret key of a PostgreSQL database (it seals the mailboxes'
// passwords and signs webhooks and unsubscribe links): PACELINE_SECRET_KEY, the same in
// every process that serves or changes the database, since no key file lies beside it.
func postgresSecretKey(getenv func(string) string) (*secret.Key, error) {
	if getenv(secret.EnvKey) == "" {
		return nil, paceline.Errorf(paceline.EINVALID,
			"a PostgreSQL database keeps no key file: set %s to one secret key (head -c32 /dev/urandom | base64) in every paceline process on this database, the same one its mailbox passwords were stored with",
			secret.EnvKey)
	}
	return secret.LoadKey(secret.KeySource{Getenv: getenv})
}
