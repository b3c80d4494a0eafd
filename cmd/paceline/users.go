package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

func (a *app) usersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "users",
		Short: "Manage the dashboard's users (log in with a password)",
	}
	cmd.AddCommand(a.usersCreateCmd(), a.usersPasswdCmd(), a.usersDeleteCmd(), a.usersListCmd())
	return cmd
}

// readPassword takes the password from the first line of stdin when asked to, else
// makes a random one; made is true when the caller must print it (once).
func (a *app) readPassword(fromStdin bool) (password string, made bool, err error) {
	if !fromStdin {
		s, err := newPassword()
		return s, true, err
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, paceline.FieldErrorf("password", "stdin is empty (pipe the password in, or leave out --password-stdin to get a random one)")
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

// newPassword is 120 random bits in 20 URL-safe characters.
func newPassword() (string, error) {
	s, err := paceline.NewSecret("")
	if err != nil {
		return "", err
	}
	return s[:20], nil
}

// savePassword reads or makes a password as readPassword does, hashes it and hands
// the hash to save, on the database at --db (mustExist refuses a missing file). made
// is true when the caller must print the password (once).
func (a *app) savePassword(ctx context.Context, fromStdin, mustExist bool, save func(st appStore, hash string) error) (password string, made bool, err error) {
	if password, made, err = a.readPassword(fromStdin); err != nil {
		return "", false, err
	}
	hash, err := paceline.HashPassword(password, paceline.PasswordIterations)
	if err != nil {
		return "", false, err
	}
	if err := a.withAppStore(ctx, mustExist, func(st appStore) error { return save(st, hash) }); err != nil {
		return "", false, err
	}
	return password, made, nil
}

func (a *app) usersCreateCmd() *cobra.Command {
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Add a dashboard user; prints a random password once unless --password-stdin",
		Example: `  paceline users create admin
  printf '%s\n' "$PASSWORD" | paceline users create admin --password-stdin`,
		Args: exactArgs(1, "the user's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			password, made, err := a.savePassword(ctx, fromStdin, false, func(st appStore, hash string) error {
				_, err := st.CreateUser(ctx, args[0], hash)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "created user %s\n", args[0])
			if made {
				fmt.Fprintf(a.stdout, "password: %s\n(shown once: keep it, or set another with paceline users passwd %s)\n", password, shellword.Quote(args[0]))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of stdin")
	return cmd
}

func (a *app) usersPasswdCmd() *cobra.Command {
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "passwd NAME",
		Short: "Set a user's password and end its sessions; prints a random one once unless --password-stdin",
		Long: `Set a user's password; prints a random one once unless --password-stdin. Every
session of the user ends at once: a browser logged in before (the user's own, or one
with a leaked cookie) goes to the login page on its next request.`,
		Args: exactArgs(1, "the user's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			password, made, err := a.savePassword(ctx, fromStdin, true, func(st appStore, hash string) error {
				return st.SetPassword(ctx, args[0], hash)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "password of %s changed; its sessions have ended\n", args[0])
			if made {
				fmt.Fprintf(a.stdout, "password: %s\n", password)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of stdin")
	return cmd
}

func (a *app) usersListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the dashboard's users",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withAppStore(cmd.Context(), true, func(st appStore) error {
				users, err := st.Users(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					type row struct {
						Name      string    `json:"name"`
						CreatedAt time.Time `json:"created_at"`
					}
					rows := make([]row, len(users))
					for i, u := range users {
						rows[i] = row{u.Name, u.CreatedAt}
					}
					return json.NewEncoder(a.stdout).Encode(rows)
				}
				if len(users) == 0 {
					_, err := fmt.Fprintln(a.stdout, "No dashboard users yet: add one with paceline users create NAME.")
					return err
				}
				w := newTable(a.stdout)
				fmt.Fprintln(w, "NAME\tCREATED")
				for _, u := range users {
					fmt.Fprintf(w, "%s\t%s\n", u.Name, u.CreatedAt.Format(time.DateOnly))
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
