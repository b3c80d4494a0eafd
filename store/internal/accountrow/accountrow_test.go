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

	known := clock.Add(-time.Hour)
	a.Connections, a.ConnectionsAt = 29950, known
	if err := New(a, now, micro); err != nil {
		t.Fatalf("New with connections = %v", err)
	}
	if !a.ConnectionsAt.Equal(micro(known)) || a.ConnectionsAt.Location() != time.UTC {
		t.Fatalf("New kept the connections' instant %v, want it at the store's precision %v", a.ConnectionsAt, micro(known))
	}
	a.ConnectionsAt = time.Time{}
	if err := New(a, now, micro); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Fatalf("New took a connection count without its instant: %v", err)
	}
	a.Connections = 0

	a.State = "gone"
	if err := New(a, now, micro); err == nil {
		t.Fatal("New took an unknown state")
	}
}
