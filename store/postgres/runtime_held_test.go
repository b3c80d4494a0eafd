package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/storetest"
)

// Migration 0011 flags the enrollments that ticks saved held before the flag existed.
func TestMigrationFlagsHeldEnrollments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := newSchema(t)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeedHeldBeforeFlag(t, migrationFiles, func(q string) error {
		_, err := conn.Exec(ctx, q)
		return err
	})
	conn.Close(ctx)
	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckHeldFlagged(t, s)
}
