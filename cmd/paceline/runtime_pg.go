package main

import (
	"context"

	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/postgres"
)

// openPostgresRuntime opens a PostgreSQL database for the runtime commands.
func openPostgresRuntime(ctx context.Context, url string) (*runtimeDB, error) {
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	return &runtimeDB{
		store: st, leads: st, name: postgresName(st),
		jobs: func(r *runtime.Runner, opt runtime.Options) (runtime.Jobs, error) {
			return runtime.NewPostgresJobs(st.Pool(), r, opt)
		},
		close: func() { st.Close() },
	}, nil
}
