package accountrow

import (
	"testing"
	"time"

	"github.com/paceline/paceline"
)

func TestNew(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.FixedZone("CET", 3600))
	now := func() time.Time { return clock }
	micro := func(t time.Time) time.Time { return t.Truncate(time.Microsecond).UTC() }

	a := &paceline.Account{Name: "ann", Type: paceline.TypeEmail, Executor: paceline.ExecutorEmail,
		TimeZone: "UTC", Hours: paceline.WorkingHours{Start: 9, End: 17}, Days: paceline.WorkingDays(0x3e), Safety: 0.8}
	if err := New(a, now, micro); err != nil {
		t.Fatalf("New = %v", err)
	}
	if a.State != paceline.AccountActive || !a.CreatedAt.Equal(micro(clock)) || a.CreatedAt.Location() != time.UTC ||
		a.UpdatedAt != a.CreatedAt {
		t.Fatalf("New set state %s, created %v, updated %v", a.State, a.CreatedAt, a.UpdatedAt)
	}

	a.State = "gone"
	if err := New(a, now, micro); err == nil {
		t.Fatal("New took an unknown state")
	}
}
