package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

// accountsConnectionsCmd records how many first-degree connections an account has:
// LinkedIn refuses invites at paceline.MaxConnections, and the ledger holds nothing
// from before the account came to paceline.
func (a *app) accountsConnectionsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "connections NAME N",
		Short: "Record how many first-degree connections an account has now",
		Long: fmt.Sprintf(`Connections records the number of first-degree connections the account has now, as
LinkedIn shows it on the profile. LinkedIn accepts no invite beyond %d connections:
the pacer starts from this number, adds the acceptances it sees after now, and stops
inviting at the cap. paceline linkedin import-archive sets it from the archive too.`, paceline.MaxConnections),
		Example: "  paceline accounts connections alice-free 1250",
		Args:    exactArgs(2, "the account's name and its number of connections"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := parseConnections(args[1])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withRuntimeDB(ctx, func(db *runtimeDB) error {
				// Dated by the database's clock, which the ledger's acceptances are in:
				// those before it are in the count, those after it are added to it.
				now, _, err := databaseNow(ctx, db.store, time.Now())
				if err != nil {
					return err
				}
				rw, err := asRewriter(db.store)
				if err != nil {
					return err
				}
				// Only the count is set: a pause or an update stored meanwhile stays.
				acct, err := rewriteAccount(ctx, rw, args[0], func(acct *paceline.Account) (bool, error) {
					if acct.Executor == paceline.ExecutorEmail {
						return false, paceline.FieldErrorf("connections", "%s is a mailbox (an email account), which has no connections; give a LinkedIn account", acct.Name)
					}
					acct.Connections, acct.ConnectionsAt = n, now.UTC()
					return true, nil
				})
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(a.stdout, "Account %s has %s as of now; the pacer adds the acceptances after this.\n",
					acct.Name, plural.Count(n, "connection"))
				return err
			})
		},
	}
	cmd.SetFlagErrorFunc(negativeCountError)
	return cmd
}

// negativeCountError answers a negative count, which the flag parser reads as short
// flags ("-5" as -5, "unknown shorthand flag: '5' in -5"), with the count's own check;
// any other flag error as every command does.
func negativeCountError(cmd *cobra.Command, err error) error {
	var short interface{ GetSpecifiedShortnames() string }
	if errors.As(err, &short) {
		if s := "-" + short.GetSpecifiedShortnames(); s != "-" && strings.Trim(s, "-0123456789.") == "" {
			if _, cerr := parseConnections(s); cerr != nil {
				return cerr
			}
			return paceline.FieldErrorf("connections", "%q has a sign, which reads as a flag (write the number alone, such as 0)", s)
		}
	}
	return usageError{flagError(cmd, err)}
}

// parseConnections reads a number of first-degree connections as typed, refusing
// what no LinkedIn account can have.
func parseConnections(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, paceline.FieldErrorf("connections", "%q is not a whole number (give the number of first-degree connections the profile shows, such as 1250)", s)
	}
	if n < 0 {
		return 0, paceline.FieldErrorf("connections", "%d is negative: the number of connections must be 0 or more (give the first-degree connections the profile shows, such as 1250)", n)
	}
	if n > paceline.MaxConnections {
		return 0, paceline.FieldErrorf("connections", "%d is not a number of connections LinkedIn allows (give the account's first-degree connections, 0 to %d)", n, paceline.MaxConnections)
	}
	return n, nil
}

// connectionsText says what is known of an account's connections.
func connectionsText(acc *paceline.Account) string {
	if acc.ConnectionsAt.IsZero() {
		return "unknown (counted from the acceptances paceline sees; set with paceline accounts connections)"
	}
	return fmt.Sprintf("%d as of %s", acc.Connections, acc.ConnectionsAt.UTC().Format("2006-01-02 15:04 MST"))
}
