package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
)

// ParseSeats reads an account mix such as "free:3,sales-navigator:2" (a type alone
// means one account) and names the accounts free-1, free-2, free-3,
// sales-navigator-1, sales-navigator-2.
func ParseSeats(s string) ([]Seat, error) {
	var seats []Seat
	seen := map[paceline.AccountType]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, count, hasCount := strings.Cut(part, ":")
		t, err := paceline.ParseAccountType(name)
		if err != nil {
			msg := err.Error()
			var pe *paceline.Error
			if errors.As(err, &pe) {
				msg = pe.Message
			}
			return nil, &paceline.Error{Code: paceline.EINVALID, Field: "accounts", Message: msg}
		}
		if seen[t] {
			return nil, paceline.FieldErrorf("accounts", "names %s twice (write it once with a count, like %s:3)", t, t)
		}
		seen[t] = true
		n := 1
		if hasCount {
			n, err = strconv.Atoi(strings.TrimSpace(count))
			if err != nil || n < 0 || n > 10000 {
				return nil, paceline.FieldErrorf("accounts", "%q is not a count from 0 to 10000 (write it like free:3)", count)
			}
		}
		for i := 1; i <= n; i++ {
			seats = append(seats, Seat{Name: fmt.Sprintf("%s-%d", t, i), Type: t})
		}
	}
	if len(seats) == 0 {
		return nil, paceline.FieldErrorf("accounts", "%q names no account (write it like free:3,sales-navigator:2)", s)
	}
	return seats, nil
}

// History is what a stored account did before a run: its ledger's actions and events
// from Since to the run's start, each oldest first, as limits.Replay takes them. The
// paceline strategy replays it into the seat's Pacer, so that the seat starts with
// what its rolling windows have left rather than its whole allowance. The simulated
// platform does not know it: its hidden limits count only the run's own actions.
type History struct {
	Since   time.Time
	Actions []paceline.Action
	Events  []paceline.Event
}
