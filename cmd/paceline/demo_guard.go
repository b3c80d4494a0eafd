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
// existing file at path that is not a demo database. It reads the file read-only; a
// file that cannot be opened so (one of an older schema, which only a writer can
// migrate) is checked again once opened, before the demo stores anything.
func checkDemoFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	st, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return nil
	}
	defer st.Close()
	stranger, err := demoStranger(ctx, st)
	if err != nil {
		return err
	}
	if stranger != "" {
		return refuseNotDemo(path, stranger)
	}
	return nil
}
