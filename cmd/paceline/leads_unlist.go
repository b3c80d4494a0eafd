package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

// listUnlister is a store that takes leads off a list: both stores are.
type listUnlister interface {
	UnlistLeads(ctx context.Context, name string, ids []int64, since time.Time) (removed []int64, before int, err error)
}

var (
	_ listUnlister = (*sqlite.Store)(nil)
	_ listUnlister = (*postgres.Store)(nil)
)

// unlistFlags are the options of leads unlist as typed.
type unlistFlags struct {
	list     string
	file     string
	fromList string
	// addedSince, when set, keeps on the list the leads named that joined it before
	// this instant: an import's advised undo names the instant it began.
	addedSince string
	json       bool
}

// unlistResult is what leads unlist prints with --json.
type unlistResult struct {
	List string `json:"list"`
	// Named counts the distinct stored leads the arguments, the file and --from-list
	// named; Removed, those of them that were on the list and are off it now; with
	// --added-since, OnBefore those left on it because they joined it before then.
	Named      int       `json:"named"`
	Removed    int       `json:"removed"`
	NotOnList  int       `json:"not_on_list"`
	AddedSince time.Time `json:"added_since,omitzero"`
	OnBefore   int       `json:"on_before,omitempty"`
	// FileRows counts the leads rows of --file; FileRowsUnknown, those of them that
	// name no stored lead (or were rejected), which nothing was done for.
	FileRows        int `json:"file_rows,omitempty"`
	FileRowsUnknown int `json:"file_rows_unknown,omitempty"`
	// Running counts, by campaign, the leads named that run in a campaign started on
	// the list: taking them off it does not stop them.
	Running map[string]int `json:"running,omitempty"`
}

func (a *app) leadsUnlistCmd() *cobra.Command {
	var f unlistFlags
	cmd := &cobra.Command{
		Use:   "unlist --list NAME [KEY_OR_URL_OR_EMAIL...] [--file FILE] [--from-list OTHER] [--added-since TIME]",
		Short: "Take leads off a list, keeping the leads",
		Long: `Unlist takes leads off the list --list NAME and leaves everything else as it was: the
leads stay in the database, on their other lists, with their history; the list stays
too, even empty, so the campaigns that name it still can. It undoes an import into the
wrong list (paceline leads import FILE --list NAME):

  --file FILE        the leads of a file, read as leads import reads it (CSV or
                     paceline's JSON export): each row's LinkedIn URL, Sales Navigator URL
                     and email name the stored lead; a row that names none is counted
  --from-list OTHER  every member of the list OTHER
  KEY...             leads named by id, LinkedIn URL, email or key (in:john-doe)

The three can be combined, and each takes off every lead it names that is on the list,
however long it has been on it: --file takes off a lead the list held before the import
too. --added-since TIME keeps those:

  --added-since TIME  take off only the leads named that joined the list at or after
                     TIME (RFC 3339, such as 2026-11-27T23:00:00.5Z); the others stay

An import that put stored leads of other lists on its list prints the undo to run,
with --added-since the instant the import began: it takes off the leads that import
put on the list and no lead that was on it before.

Every lead is looked up before anything changes, and the
leads leave the list in one transaction: all of them or, on an error, none. A lead
named by an argument that no stored lead has stops the command with nothing changed; a
lead that is not on the list is counted and passed over.

Campaigns already started keep the leads they enrolled: unlist only changes which
leads a campaign started later picks from the list, and says how many of the leads
named run in a campaign started on the list (campaigns stop ends such a campaign).`,
		Example: `  paceline leads unlist --list acme --file globex-apollo.csv --added-since 2026-11-27T23:00:00.5Z
  paceline leads unlist --list acme --file globex-apollo.csv
  paceline leads unlist --list acme --from-list globex --json
  paceline leads unlist --list acme in:john-doe jo@globex.com 42`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.unlistLeads(cmd.Context(), args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.list, "list", "", "the list `NAME` to take the leads off (required)")
	fl.StringVar(&f.file, "file", "", "take off the leads of this CSV or JSON `FILE` (as leads import reads it)")
	fl.StringVar(&f.fromList, "from-list", "", "take off every member of the list `OTHER`")
	fl.StringVar(&f.addedSince, "added-since", "", "take off only the leads named that joined the list at or after `TIME` (RFC 3339)")
	fl.BoolVar(&f.json, "json", false, "print the result as JSON")
	return cmd
}

func (a *app) unlistLeads(ctx context.Context, args []string, f unlistFlags) error {
	f.list, f.fromList = strings.TrimSpace(f.list), strings.TrimSpace(f.fromList)
	if f.list == "" {
		return paceline.FieldErrorf("list", "is missing: name the list to take the leads off, such as --list acme (paceline leads show KEY names a lead's lists)")
	}
	if len(args) == 0 && f.file == "" && f.fromList == "" {
		return usageError{fmt.Errorf("leads unlist wants the leads to take off list %q: give their ids or keys, --file FILE or --from-list OTHER", f.list)}
	}
	if f.fromList == f.list {
		return paceline.FieldErrorf("from-list", "names the list %q itself; name the list whose members to take off it", f.list)
	}
	var since time.Time
	if f.addedSince != "" {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(f.addedSince))
		if err != nil {
			return paceline.FieldErrorf("added-since", "%q is not a time: give it as RFC 3339, such as 2026-11-27T23:00:00Z (leads import prints the one to undo it)", f.addedSince)
		}
		since = t.UTC()
	}
	refs := make([]leadRef, len(args))
	for i, arg := range args {
		ref, err := parseLeadRef(arg)
		if err != nil {
			return err
		}
		refs[i] = ref
	}
	var rd *lead.Reader
	if f.file != "" {
		file, err := os.Open(f.file)
		if err != nil {
			return paceline.FieldErrorf("file", "cannot open %s: %v", f.file, errors.Unwrap(err))
		}
		defer file.Close()
		if rd, err = lead.NewReader(file, lead.Options{}); err != nil {
			return paceline.FieldErrorf("file", "%s: %s; nothing was taken off list %q", f.file, paceline.ErrorMessage(err), f.list)
		}
	}
	const undone = "no lead was taken off a list"
	return a.withLeadStore(ctx, func(st appStore) error {
		un, ok := st.(listUnlister)
		if !ok {
			return fmt.Errorf("%T cannot take leads off a list", st)
		}
		if err := checkList(ctx, st, f.list, undone); err != nil {
			return err
		}
		if err := checkList(ctx, st, f.fromList, undone); err != nil {
			return err
		}
		res := unlistResult{List: f.list}
		seen := map[int64]bool{}
		var ids []int64
		add := func(id int64) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		for _, ref := range refs {
			id, err := ref.find(ctx, st)
			if paceline.ErrorCode(err) == paceline.ENOTFOUND {
				return paceline.Errorf(paceline.ENOTFOUND, "no stored lead is %s; %s (see paceline leads list --list %s)", ref, undone, shellword.Quote(f.list))
			}
			if err != nil {
				return err
			}
			add(id)
		}
		if rd != nil {
			rows, unknown, err := fileLeadIDs(ctx, st, rd, add)
			if err != nil {
				return fmt.Errorf("read %s: %w; %s", f.file, err, undone)
			}
			res.FileRows, res.FileRowsUnknown = rows, unknown
		}
		if f.fromList != "" {
			err := st.EachLead(ctx, paceline.LeadFilter{List: f.fromList, WithOptedOut: true}, func(l *paceline.Lead, _ time.Time) error {
				add(l.ID)
				return nil
			})
			if err != nil {
				return err
			}
		}
		// Which campaigns the leads run in is read before the change: once it has
		// committed, a read that fails (a lead erased meanwhile) would report an error
		// for leads that are off the list.
		running, err := runningOnList(ctx, st, f.list, ids)
		if err != nil {
			return fmt.Errorf("%w; %s", err, undone)
		}
		removed, before, err := un.UnlistLeads(ctx, f.list, ids, since)
		if err != nil {
			return err
		}
		for _, id := range removed {
			if c, ok := running[id]; ok {
				if res.Running == nil {
					res.Running = map[string]int{}
				}
				res.Running[c]++
			}
		}
		res.Named, res.Removed, res.OnBefore = len(ids), len(removed), before
		res.NotOnList = len(ids) - len(removed) - before
		res.AddedSince = since
		if f.json {
			return writeJSON(a.stdout, res)
		}
		writeUnlistSummary(a.stdout, a.shownDB(), f, res)
		return nil
	})
}

// fileLeadIDs calls add with the id of each stored lead a row of rd names by any of
// its keys, and returns how many rows of leads rd held and how many of them named no
// stored lead (rejected rows among them). The suppression entries of paceline's
// export are not leads, and are passed over.
func fileLeadIDs(ctx context.Context, st leadStore, rd *lead.Reader, add func(int64)) (rows, unknown int, err error) {
	var row lead.Row
	for {
		err := rd.Read(&row)
		if err == io.EOF {
			return rows, unknown, nil
		}
		if err != nil {
			return rows, unknown, err
		}
		if row.Suppression != nil {
			continue
		}
		rows++
		found := false
		if row.Err == nil {
			for _, k := range row.Keys {
				id, err := st.FindLeadID(ctx, k)
				if paceline.ErrorCode(err) == paceline.ENOTFOUND {
					continue
				}
				if err != nil {
					return rows, unknown, err
				}
				add(id)
				found = true
			}
		}
		if !found {
			unknown++
		}
	}
}

// writeUnlistSummary says what leads unlist did.
func writeUnlistSummary(w io.Writer, db string, f unlistFlags, r unlistResult) {
	fmt.Fprintf(w, "Took %s off list %q in %s.\n", plural.Count(r.Removed, "lead"), r.List, db)
	if r.OnBefore > 0 {
		fmt.Fprintf(w, "  %d of the %s named %s on it before %s and %s on it\n", r.OnBefore, plural.Count(r.Named, "lead"),
			plural.Verb(r.OnBefore, "was", "were"), r.AddedSince.Format(time.RFC3339Nano), plural.Verb(r.OnBefore, "stays", "stay"))
	}
	if r.NotOnList > 0 {
		fmt.Fprintf(w, "  %d of the %s named %s not on it\n", r.NotOnList, plural.Count(r.Named, "lead"),
			plural.Verb(r.NotOnList, "was", "were"))
	}
	if r.FileRowsUnknown > 0 {
		fmt.Fprintf(w, "  %s of %s named no stored lead\n", plural.Count(r.FileRowsUnknown, "row"), f.file)
	}
	for _, name := range slices.Sorted(maps.Keys(r.Running)) {
		n := r.Running[name]
		fmt.Fprintf(w, "  %d of them %s in campaign %s, started on list %q: %s on (paceline campaigns stop %s ends the whole campaign)\n",
			n, plural.Verb(n, "runs", "run"), name, r.List, plural.Verb(n, "it goes", "they go"), shellword.Quote(name))
	}
}

// runningOnList returns, of the leads ids, those that run in a campaign whose list is
// list, with the campaign's name: a start enrolled them from it, and taking them off
// the list does not stop them. Nothing is read when no campaign names the list.
func runningOnList(ctx context.Context, st appStore, list string, ids []int64) (map[int64]string, error) {
	campaigns, err := st.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	onList := map[string]bool{}
	for _, c := range campaigns {
		if c.List == list {
			onList[c.Name] = true
		}
	}
	if len(onList) == 0 {
		return nil, nil
	}
	running, err := runningCampaigns(ctx, st)
	if err != nil || len(running) == 0 {
		return nil, err
	}
	var out map[int64]string
	for _, id := range ids {
		l, err := st.Lead(ctx, id)
		if err != nil {
			return nil, err
		}
		if c := campaignOf(l, running); onList[c] {
			if out == nil {
				out = map[int64]string{}
			}
			out[id] = c
		}
	}
	return out, nil
}
