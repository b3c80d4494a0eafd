package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/sim"
	"github.com/paceline/paceline/store/sqlite"
)

// demoContents is what demoStranger reads of a database.
type demoContents interface {
	Accounts(ctx context.Context) ([]*paceline.Account, error)
	Campaigns(ctx context.Context) ([]*paceline.Campaign, error)
	Users(ctx context.Context) ([]*paceline.User, error)
	CountLeads(ctx context.Context) (int, error)
}

// demoStranger names what in st the demo did not make ("account alice"), or "" when
// the demo may run on it. The demo adds its accounts, its campaign (on every account)
// and its login to whatever file it is given, and pushes the file's clock ahead: a
// QA run on a real database put the user's own seats in the demo's campaign. So:
//   - an account that is not one of the demo's is never the demo's;
//   - a file with none of the demo's accounts must be empty (a fresh file, or one
//     the demo created and stopped before it stored anything): a campaign, a login or
//     leads there are someone else's.
//
// On a file the demo made, a campaign or a login added since (campaigns create on the
// demo's file, users create) is kept: the demo runs only its own campaign.
func demoStranger(ctx context.Context, st demoContents) (string, error) {
	accts, err := st.Accounts(ctx)
	if err != nil {
		return "", err
	}
	for _, a := range accts {
		if !isDemoAccountName(a.Name) {
			return "account " + a.Name, nil
		}
	}
	if len(accts) > 0 {
		return "", nil
	}
	camps, err := st.Campaigns(ctx)
	if err != nil {
		return "", err
	}
	if len(camps) > 0 {
		return "campaign " + camps[0].Name, nil
	}
	users, err := st.Users(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if u.Name != demoUser {
			return "user " + u.Name, nil
		}
	}
	n, err := st.CountLeads(ctx)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return fmt.Sprintf("%d leads", n), nil
	}
	return "", nil
}

// isDemoAccountName reports whether name is one of the accounts the demo makes.
func isDemoAccountName(name string) bool {
	return name == demoAssisted.Name || slices.ContainsFunc(demoSeats, func(s sim.Seat) bool { return s.Name == name })
}

// refuseNotDemo is the demo's refusal of a database it did not make, which says what
// it holds, that nothing was changed, and where the demo runs instead.
func refuseNotDemo(db, stranger string) error {
	other := "leave --db out: it uses " + demoDB
	if db == demoDB {
		other = "give it a file of its own with --db, such as --db paceline-demo2.db"
	}
	return paceline.Errorf(paceline.ECONFLICT,
		"%s is not a demo database (it holds %s, which paceline demo did not make), and the demo would add its accounts, campaign and login to it and push its clock ahead: nothing was changed. Run the demo on a file of its own (%s)",
		shellword.Quote(db), stranger, other)
}

// checkDemoFile refuses, before anything is written (not even the lock file), an
// existing file at path that is not a demo database. It reads the file read-only: as
// a store when it is at this paceline's schema, else by name (sqlite.ReadInventory:
// a file of an older schema would be migrated by opening it as a store).
func checkDemoFile(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) || err == nil && fi.Size() == 0 {
		return nil // nothing there to lose
	}
	var contents demoContents
	st, err := sqlite.OpenReadOnly(ctx, path)
	if err == nil {
		defer st.Close()
		contents = st
	} else {
		// A file an older paceline wrote cannot be opened as a store without migrating
		// it, a write: read what it holds by name instead, and refuse a file that
		// cannot be read so, since the demo would change it.
		inv, ierr := sqlite.ReadInventory(ctx, path)
		if ierr != nil {
			return paceline.Errorf(paceline.ECONFLICT,
				"%s cannot be read as a paceline database (%v), and the demo would change it: nothing was changed. Run the demo on a file of its own (leave --db out: it uses %s)",
				shellword.Quote(path), paceline.ErrorMessage(err), demoDB)
		}
		contents = inventoryContents{inv}
	}
	stranger, err := demoStranger(ctx, contents)
	if err != nil {
		return err
	}
	if stranger != "" {
		return refuseNotDemo(path, stranger)
	}
	return nil
}

// inventoryContents is demoContents over what a file holds by name.
type inventoryContents struct{ inv *sqlite.Inventory }

func (c inventoryContents) Accounts(context.Context) ([]*paceline.Account, error) {
	out := make([]*paceline.Account, len(c.inv.Accounts))
	for i, name := range c.inv.Accounts {
		out[i] = &paceline.Account{Name: name}
	}
	return out, nil
}

func (c inventoryContents) Campaigns(context.Context) ([]*paceline.Campaign, error) {
	out := make([]*paceline.Campaign, len(c.inv.Campaigns))
	for i, name := range c.inv.Campaigns {
		out[i] = &paceline.Campaign{Name: name}
	}
	return out, nil
}

func (c inventoryContents) Users(context.Context) ([]*paceline.User, error) {
	out := make([]*paceline.User, len(c.inv.Users))
	for i, name := range c.inv.Users {
		out[i] = &paceline.User{Name: name}
	}
	return out, nil
}

func (c inventoryContents) CountLeads(context.Context) (int, error) { return c.inv.Leads, nil }
