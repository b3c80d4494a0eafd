package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

func (a *app) usersDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Remove a dashboard user: its sessions end at once and its API tokens are revoked",
		Long: `Remove a dashboard user. Every session of the user ends at once (its next page
goes to the login) and its API tokens are revoked. The only user cannot be removed,
since nobody could log in after: add another first. Deleting admin also deletes the
file the first serve left its password in (DB.admin-password, beside a SQLite
database), which no longer opens anything.`,
		Example: "  paceline users delete bob",
		Args:    exactArgs(1, "the user's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withAppStore(ctx, true, func(st appStore) error {
				revoked, err := st.DeleteUser(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "deleted user %s: its sessions have ended", args[0])
				if revoked > 0 {
					fmt.Fprintf(a.stdout, " and its %s revoked", plural.Count(revoked, "API token"))
				}
				fmt.Fprintln(a.stdout)
				a.removeFirstAdminFile(args[0])
				return nil
			})
		},
	}
}

// removeFirstAdminFile deletes the file the first serve wrote admin's password to
// (firstAdminFile) once admin is deleted: left behind, it held a password nobody has,
// and a later admin made with users create would seem to have it.
func (a *app) removeFirstAdminFile(user string) {
	if user != "admin" || isPostgres(a.dbPath) {
		return
	}
	path := firstAdminFile(a.dbPath)
	switch err := os.Remove(path); {
	case err == nil:
		fmt.Fprintf(a.stdout, "deleted %s, which held admin's first password\n", path)
	case !errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(a.stderr, "Warning: %s holds the first password of the deleted admin, which opens nothing now, and could not be deleted (%v): delete it\n", path, err)
	}
}
