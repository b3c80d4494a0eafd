package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/paceline/paceline/store/internal/leadrow"
)

// enrolledRef returns the reference an event naming ref is stored under
// (leadrow.EnrolledRef): another of the person's references when they run in an
// enrollment under that one.
func (s *Store) enrolledRef(ctx context.Context, ref string) (string, error) {
	out, err := leadrow.EnrolledRef(ref, [2]string{"$1", "$2"}, func(q string, args ...any) (string, bool, error) {
		var v string
		err := s.pool.QueryRow(ctx, q, args...).Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			return "", false, nil
		}
		return v, err == nil, err
	})
	if err != nil {
		return "", s.fail("find the enrollment of "+ref, err)
	}
	return out, nil
}
