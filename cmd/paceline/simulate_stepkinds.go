package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/sim"
)

// checkSeatKinds checks the steps of cfg's sequence against what its seats can carry
// out, with api.CheckStepKinds, as campaigns create does against a campaign's accounts:
// a step that no seat can carry out (an InMail from free seats) is refused, since every
// lead would skip it and the run would report nothing at all; a step only some seats
// can carry out is a warning on stderr. A simulated seat sends email too (sim.MailPerDay),
// so what CheckStepKinds says of email steps does not apply to a run and is left out.
func (a *app) checkSeatKinds(ctx context.Context, cfg *sim.Config, path string) error {
	store, names := seatAccounts(cfg.Accounts)
	name := cmpOr(path, "(built-in)")
	seq := cfg.Sequence
	if seq == nil {
		seq = sequence.Default()
	}
	warnings, err := api.CheckStepKinds(ctx, seq, store, names)
	var problems sequence.ValidationErrors
	if errors.As(err, &problems) {
		return &paceline.Error{Code: paceline.EINVALID, Field: "sequence",
			Message: fmt.Sprintf("%s cannot be sent from these accounts:\n%v\n(in a simulation, give --accounts a type that can carry the step out)", name, problems)}
	} else if err != nil {
		return fmt.Errorf("sequence %s: %w", name, err)
	}
	for _, w := range warnings {
		if kindOfStep(seq, w.Step) == paceline.KindEmail {
			continue
		}
		fmt.Fprintf(a.stderr, "Warning: sequence %s: %v\n", name, w)
	}
	return nil
}

// kindOfStep is the kind of the step with the given id, or "" when none has it.
func kindOfStep(seq *sequence.Sequence, id string) paceline.ActionKind {
	for i := range seq.Steps {
		if seq.Steps[i].ID == id {
			return seq.Steps[i].Kind
		}
	}
	return ""
}

// seatAccounts is the run's seats as the accounts api.CheckStepKinds reads: one per
// account type, named as --accounts wrote it ("free:3"), since every seat of a type
// can do the same and a message naming free-1 to free-300 says nothing more.
func seatAccounts(seats []sim.Seat) (paceline.AccountStore, []string) {
	count := map[paceline.AccountType]int{}
	var types []paceline.AccountType
	for _, s := range seats {
		if count[s.Type] == 0 {
			types = append(types, s.Type)
		}
		count[s.Type]++
	}
	store := typeAccounts{}
	var names []string
	for _, t := range types {
		name := fmt.Sprintf("%s:%d", t, count[t])
		store[name] = &paceline.Account{Name: name, Type: t}
		names = append(names, name)
	}
	return store, names
}

// typeAccounts is a read-only paceline.AccountStore of a run's seats, by name.
type typeAccounts map[string]*paceline.Account

var _ paceline.AccountStore = typeAccounts(nil)

// errSeatsReadOnly is what writing to a run's seats as accounts gives: nothing should.
var errSeatsReadOnly = errors.New("a simulation's seats cannot be changed as accounts")

// CreateAccount refuses: a run's seats are fixed by --accounts.
func (s typeAccounts) CreateAccount(context.Context, *paceline.Account) error {
	return errSeatsReadOnly
}

// UpdateAccount refuses: a run's seats are fixed by --accounts.
func (s typeAccounts) UpdateAccount(context.Context, *paceline.Account) error {
	return errSeatsReadOnly
}

// Account returns the seat type's account; ENOTFOUND for a name that is none.
func (s typeAccounts) Account(_ context.Context, name string) (*paceline.Account, error) {
	if a, ok := s[name]; ok {
		return a, nil
	}
	return nil, paceline.Errorf(paceline.ENOTFOUND, "no seat type %q in this run", name)
}

// Accounts returns every seat type's account, by name.
func (s typeAccounts) Accounts(context.Context) ([]*paceline.Account, error) {
	var out []*paceline.Account
	for _, name := range slices.Sorted(maps.Keys(s)) {
		out = append(out, s[name])
	}
	return out, nil
}
