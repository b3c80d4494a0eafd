package main

import (
	"context"
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/spf13/cobra"
)

// optOutResult is what leads optout --json prints.
type optOutResult struct {
	Ref         string `json:"ref"`          // the lead as named: "#3", "email:jo@acme.com", "in:john-doe"
	LeadMatched bool   `json:"lead_matched"` // whether a stored lead has that id or key
	LeadID      int64  `json:"lead_id,omitempty"`
	Suppressed  bool   `json:"suppressed"` // the key (all the lead's keys when one matched) is on the suppression list
}

func (a *app) leadsOptOutCmd() *cobra.Command {
	var reason string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "optout KEY_OR_URL_OR_EMAIL",
		Short: "Mark a lead opted out and never contact or import them again",
		Long: `Opt-out puts the hashes of all the lead's keys (profile, Sales Navigator, email) on
the suppression list and marks the lead opted out: it stays in the database, with its
history, but no campaign picks it and no import brings it back. A sequence the lead
runs is stopped by its account's tick, which the command wakes at once (a serve or
worker on the database carries it out). A person who is not a lead yet can be opted
out too, by URL or email: the command says that no lead has the key, and puts it on
the suppression list so that an import skips it.`,
		Example: "  paceline leads optout jo@acme.com --reason \"asked by email\"\n  paceline leads optout in:john-doe --json",
		Args:    exactArgs(1, "the lead's id, URL, email or key"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseLeadRef(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var id int64
			var found bool
			var running []string
			// The database is closed before the accounts running the lead are woken,
			// which opens it with its job queue.
			if err := a.withRefStore(ctx, []leadRef{ref}, func(st appStore) error {
				var err error
				if id, found, err = findOrSuppress(ctx, st, ref, reason); err != nil || !found {
					return err
				}
				if err := st.OptOutLead(ctx, id, reason); err != nil {
					return err
				}
				running, err = leadRunningAccounts(ctx, st, id)
				return err
			}); err != nil {
				return err
			}
			if err := a.wakeOptedOut(ctx, ref.named(id), running); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, optOutResult{Ref: ref.String(), LeadMatched: found, LeadID: id, Suppressed: true})
			}
			if !found {
				fmt.Fprintf(a.stdout, "No lead has the key %s; it is on the suppression list now, so an import will skip it.\n", ref)
				return nil
			}
			fmt.Fprintf(a.stdout, "Lead %s opted out: its keys are on the suppression list.\n", ref.named(id))
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why, kept with the suppression entry (default \"opted out\")")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON, saying whether a stored lead matched")
	return cmd
}

// findOrSuppress finds the lead ref names. A key that names no lead is put on the
// suppression list at once (found is false): the person asked not to be contacted
// before they were ever imported. An id that names no lead is an error.
func findOrSuppress(ctx context.Context, st leadStore, ref leadRef, reason string) (id int64, found bool, err error) {
	id, err = ref.find(ctx, st)
	if paceline.ErrorCode(err) == paceline.ENOTFOUND && ref.id == 0 {
		return 0, false, st.SuppressKeys(ctx, []lead.Key{ref.key}, reason)
	}
	return id, err == nil, err
}

func (a *app) leadsEraseCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "erase KEY_OR_URL_OR_EMAIL...",
		Short: "Erase leads' data for good (GDPR), keeping only hashed suppression entries",
		Long: `Erase deletes what paceline holds about each lead: its fields, keys and list
memberships, and what the runtime kept of it: its enrollments (with the facts the
sequence read), its assisted tasks, its AI-written texts and its sent-mail records.
Only the SHA-256 hashes of its keys stay, on the suppression list, so the person is
recognised and skipped if a later list brings them back, without their identity being
readable. Webhook messages about the person, sent or waiting, are deleted. The action
ledger and the events, from which the accounts' limits are counted, keep their rows
with a random alias in place of the person. A lead with an action in flight (sent to
LinkedIn, outcome not yet recorded) is not erased: run the command again a minute
later. This cannot be undone.`,
		Example: "  paceline leads erase https://www.linkedin.com/in/john-doe/ jo@acme.com",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("%s wants at least one lead's id, URL, email or key", cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			refs := make([]leadRef, len(args))
			for i, arg := range args {
				ref, err := parseLeadRef(arg)
				if err != nil {
					return err
				}
				refs[i] = ref
			}
			ctx := cmd.Context()
			return a.withRefStore(ctx, refs, func(st appStore) error {
				// Every reference is looked up before anything is erased: an erase cannot be
				// undone, so an unknown id further along the line must stop the command while
				// nothing is lost yet.
				ids := make([]int64, len(refs))
				for i, ref := range refs {
					id, err := ref.find(ctx, st)
					switch {
					case err == nil:
						ids[i] = id
					case paceline.ErrorCode(err) == paceline.ENOTFOUND && ref.id == 0:
						// A person never imported: their key is suppressed below.
					case paceline.ErrorCode(err) == paceline.ENOTFOUND:
						return paceline.Errorf(paceline.ENOTFOUND, "%s; nothing was erased (see paceline leads list --all for the ids)", paceline.ErrorMessage(err))
					default:
						return err
					}
				}
				erased := map[int64]bool{}
				for i, ref := range refs {
					id := ids[i]
					if id == 0 {
						if err := st.SuppressKeys(ctx, []lead.Key{ref.key}, paceline.ReasonErased); err != nil {
							return err
						}
						fmt.Fprintf(a.stdout, "No lead is known as %s; its hash is on the suppression list so it is never imported.\n", ref)
						continue
					}
					if erased[id] {
						continue // the same lead named twice, say by its id and its email
					}
					erased[id] = true
					keys, err := st.EraseLead(ctx, id)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "Erased lead %s: %s kept on the suppression list, nothing else.\n", ref.named(id), plural.Count(len(keys), "key hash"))
				}
				return nil
			})
		},
	}
	return cmd
}

// withRefStore opens the database for optout and erase. A person named by a key, URL
// or email can be suppressed before any import, so the database is created if need
// be; an id names a stored lead, so with one the database must exist already: a
// mistyped --db was created empty and left behind, and the command only then said
// that no lead had that id.
func (a *app) withRefStore(ctx context.Context, refs []leadRef, fn func(st appStore) error) error {
	for _, r := range refs {
		if r.id != 0 {
			return a.withLeadStore(ctx, fn)
		}
	}
	return a.withAppStore(ctx, false, fn)
}
