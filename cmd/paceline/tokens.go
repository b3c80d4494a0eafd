package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/paceline/paceline"
	"github.com/spf13/cobra"
)

func (a *app) tokensCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tokens",
		Short: "Manage API tokens (Authorization: Bearer ...); only their hashes are stored",
	}
	cmd.AddCommand(a.tokensCreateCmd(), a.tokensListCmd(), a.tokensRevokeCmd())
	return cmd
}

// defaultTokenStem names the tokens created without --name: scripts written before
// names were checked call tokens create --user X alone.
const defaultTokenStem = "cli"

func (a *app) tokensCreateCmd() *cobra.Command {
	var user, name string
	cmd := &cobra.Command{
		Use:   "create --user NAME [--name LABEL]",
		Short: "Create an API token for a user and print it once",
		Long: `Create an API token for a user and print it once. --name labels it in tokens list and
on the dashboard: it must not be blank nor the name of another live token of the user.
Without --name the token is named ` + defaultTokenStem + `-1, ` + defaultTokenStem + `-2, ... (the first one free), and the
output says which.`,
		Example: `  paceline tokens create --user admin --name crm-sync`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if user == "" {
				return paceline.FieldErrorf("user", "is missing (say whose token it is: --user admin)")
			}
			return a.withAppStore(cmd.Context(), true, func(st appStore) error {
				named := name
				if !cmd.Flags().Changed("name") {
					live, err := st.Tokens(cmd.Context())
					if err != nil {
						return err
					}
					named = paceline.UnusedTokenName(user, defaultTokenStem, live)
				}
				t, token, err := paceline.IssueToken(cmd.Context(), st, user, named)
				if err != nil {
					return err
				}
				// The first line keeps the shape scripts read the token from.
				fmt.Fprintf(a.stdout, "token %d for %s: %s\n(named %s; shown once: store it now; paceline tokens revoke %d ends it)\n", t.ID, user, token, t.Name, t.ID)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "the user the token acts as (required; paceline users list shows them)")
	cmd.Flags().StringVar(&name, "name", "", "a label to tell the user's tokens apart, unique among them (default "+defaultTokenStem+"-N, the first N free)")
	return cmd
}

func (a *app) tokensListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List live API tokens (never their secret)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withAppStore(cmd.Context(), true, func(st appStore) error {
				list, err := st.Tokens(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					type row struct {
						ID        int64      `json:"id"`
						User      string     `json:"user"`
						Name      string     `json:"name"`
						Prefix    string     `json:"prefix"`
						CreatedAt time.Time  `json:"created_at"`
						LastUsed  *time.Time `json:"last_used_at"`
					}
					rows := make([]row, len(list))
					for i, t := range list {
						rows[i] = row{ID: t.ID, User: t.User, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt}
						if !t.LastUsedAt.IsZero() {
							rows[i].LastUsed = &list[i].LastUsedAt
						}
					}
					return json.NewEncoder(a.stdout).Encode(rows)
				}
				if len(list) == 0 {
					_, err := fmt.Fprintln(a.stdout, "No live API tokens: create one with paceline tokens create --user NAME.")
					return err
				}
				w := newTable(a.stdout)
				fmt.Fprintln(w, "ID\tUSER\tNAME\tPREFIX\tCREATED\tLAST USED")
				for _, t := range list {
					used := "never"
					if !t.LastUsedAt.IsZero() {
						used = t.LastUsedAt.Format(time.DateTime)
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s…\t%s\t%s\n", t.ID, t.User, t.Name, t.Prefix, t.CreatedAt.Format(time.DateOnly), used)
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) tokensRevokeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API token",
		Args:  exactArgs(1, "the token's id (paceline tokens list shows it)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return paceline.FieldErrorf("id", "%q is not a token id (paceline tokens list shows them)", args[0])
			}
			return a.withAppStore(cmd.Context(), true, func(st appStore) error {
				if err := st.RevokeToken(cmd.Context(), id); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "token %d revoked\n", id)
				return nil
			})
		},
	}
}
