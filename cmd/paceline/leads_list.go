package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

func (a *app) leadsListCmd() *cobra.Command {
	var f paceline.LeadFilter
	var seniority string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List leads, best score first",
		Example: `  paceline leads list --min-score 60 --seniority vp
  paceline leads list --list founders-q1 --limit 100 --after 4711 --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if seniority != "" {
				f.Seniority = paceline.Seniority(strings.ToLower(seniority))
				if !slices.Contains(paceline.Seniorities, f.Seniority) {
					return paceline.FieldErrorf("seniority", "%q is not a seniority (use one of %s)", seniority, seniorityNames())
				}
			}
			switch {
			case f.Limit < 0:
				return paceline.FieldErrorf("limit", "%d is negative: give the most leads to list, or 0 for all", f.Limit)
			case f.After < 0:
				return paceline.FieldErrorf("after", "%d is not a lead ID: give the ID of the last lead the previous page listed", f.After)
			case f.MinScore < 0 || f.MinScore > 100:
				return paceline.FieldErrorf("min-score", "%d is not a score: scores go from 0 to 100", f.MinScore)
			}
			return a.withLeadStore(cmd.Context(), func(st appStore) error {
				if err := checkList(cmd.Context(), st, f.List, "check the name"); err != nil {
					return err
				}
				rules, err := explainRules(cmd.Context(), st, a.stderr)
				if err != nil {
					return err
				}
				var views []leadView
				err = st.EachLead(cmd.Context(), f, func(l *paceline.Lead, optedOut time.Time) error {
					views = append(views, viewLead(l, optedOut, rules))
					return nil
				})
				if err != nil {
					return err
				}
				if asJSON {
					// The listing reads no lists: each lead's are read here, so that a
					// lead's "lists" say what leads show says.
					if err := fillLists(cmd.Context(), st, views); err != nil {
						return err
					}
					return writeJSON(a.stdout, jsonArray(views))
				}
				if len(views) == 0 {
					// Say which: nothing was imported, or the filters leave nothing; and
					// which database was read, in case --db is not the one meant.
					if f.List == "" && f.MinScore == 0 && f.Seniority == "" && f.After == 0 {
						_, err := fmt.Fprintf(a.stdout, "No leads to list in %s: import some with paceline leads import FILE%s (opted-out leads show with --all).\n",
							a.shownDB(), a.dbFlag())
						return err
					}
					_, err := fmt.Fprintf(a.stdout, "No lead in %s matches these filters (opted-out leads show with --all).\n", a.shownDB())
					return err
				}
				return writeLeadTable(a.stdout, views, f.Limit)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.List, "list", "", "only the members of the list `NAME`")
	fl.IntVar(&f.MinScore, "min-score", 0, "only leads scoring at least `N`")
	fl.StringVar(&seniority, "seniority", "", "only leads of this `seniority`: "+seniorityNames())
	fl.IntVar(&f.Limit, "limit", 50, "at most `N` leads (0 for all)")
	fl.Int64Var(&f.After, "after", 0, "start after the lead with this `ID` (the last of the previous page)")
	fl.BoolVar(&f.WithOptedOut, "all", false, "include opted-out leads")
	fl.BoolVar(&asJSON, "json", false, "print the leads as JSON")
	return cmd
}

func seniorityNames() string {
	names := make([]string, len(paceline.Seniorities))
	for i, s := range paceline.Seniorities {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

func writeLeadTable(w io.Writer, views []leadView, limit int) error {
	tw := newTable(w)
	fmt.Fprintln(tw, "ID\tSCORE\tNAME\tTITLE\tCOMPANY\tSENIORITY\tKEY")
	for _, v := range views {
		key := v.ProfileKey
		switch {
		case key != "":
			key = "in:" + key
		case v.SalesKey != "":
			key = "sales:" + v.SalesKey
		default:
			key = "email:" + v.Email
		}
		name := v.Name
		if v.OptedOutAt != nil {
			name += " (opted out)"
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.Score, clip(name, 30), clip(v.Title, 36),
			clip(v.Company, 28), v.Seniority, cellText(key))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if limit > 0 && len(views) == limit {
		fmt.Fprintf(w, "Next page: --after %d\n", views[len(views)-1].ID)
	}
	return nil
}

// clip shortens s to n runes for a table cell, on one line (cellText).
func clip(s string, n int) string {
	s = cellText(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// cellText puts s on one line of a table: line breaks and tabs become spaces (a
// multi-line company split a row of leads list over several lines, a tab moved the
// cells after it into the next column) and other control characters are dropped, so a
// lead stored with a terminal escape sequence cannot reach the terminal.
func cellText(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// leadListReader reads the lists a lead belongs to: both stores do.
type leadListReader interface {
	LeadLists(ctx context.Context, id int64) ([]string, error)
}

var (
	_ leadListReader = (*sqlite.Store)(nil)
	_ leadListReader = (*postgres.Store)(nil)
)

// fillLists sets the lists of each view, which a listing of the store leaves empty, as
// leads show gives them.
func fillLists(ctx context.Context, st appStore, views []leadView) error {
	r, ok := st.(leadListReader)
	if !ok {
		return nil
	}
	for i := range views {
		lists, err := r.LeadLists(ctx, views[i].ID)
		if err != nil {
			return fmt.Errorf("read the lists of lead %d: %w", views[i].ID, err)
		}
		views[i].Lists = jsonArray(lists)
	}
	return nil
}

func (a *app) leadsShowCmd() *cobra.Command {
	var asJSON bool
	var icp string
	cmd := &cobra.Command{
		Use:     "show KEY_OR_URL_OR_EMAIL",
		Short:   "Show one lead with its score explanation",
		Example: "  paceline leads show https://www.linkedin.com/in/john-doe/\n  paceline leads show jo@acme.com --json",
		Args:    exactArgs(1, "the lead's id, URL, email or key"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseLeadRef(args[0])
			if err != nil {
				return err
			}
			var rules *score.Rules
			if icp != "" {
				if rules, err = loadRules(icp); err != nil {
					return err
				}
			}
			ctx := cmd.Context()
			return a.withLead(ctx, ref, func(st appStore, id int64, l *paceline.Lead) error {
				if rules == nil {
					var err error
					if rules, err = explainRules(ctx, st, a.stderr); err != nil {
						return err
					}
				}
				optedOut, err := st.LeadOptedOut(ctx, id)
				if err != nil {
					return err
				}
				v := viewLead(l, optedOut, rules)
				if asJSON {
					return writeJSON(a.stdout, v)
				}
				return writeLead(a.stdout, v)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the lead as JSON")
	cmd.Flags().StringVar(&icp, "icp", "", "ICP rules YAML `file` whose sentences explain the score (\"default\": the built-in rules; default: the rules in force)")
	return cmd
}

func writeLead(w io.Writer, v leadView) error {
	tw := newTable(w)
	row := func(label, value string) {
		if value == "" {
			return
		}
		// A value of several lines (a custom note) goes on under itself, in the value
		// column, instead of starting the next lines at the margin.
		label = cellText(label)
		for _, line := range strings.Split(value, "\n") {
			fmt.Fprintf(tw, "%s\t%s\n", label, cellText(line))
			label = ""
		}
	}
	row("Lead", fmt.Sprintf("#%d %s", v.ID, v.Name))
	if v.OptedOutAt != nil {
		row("Opted out", v.OptedOutAt.Format(time.RFC3339)+" (never contacted again)")
	}
	row("Profile", v.ProfileURL)
	row("Sales Navigator", v.SalesKey)
	row("Email", v.Email)
	row("Title", v.Title)
	row("Seniority", strings.TrimSpace(v.Seniority+" "+v.Department))
	row("Company", v.Company)
	if v.EmployeesMin > 0 || v.EmployeesMax > 0 {
		size := fmt.Sprintf("%d+", v.EmployeesMin)
		if v.EmployeesMax > 0 {
			size = fmt.Sprintf("%d-%d", v.EmployeesMin, v.EmployeesMax)
		}
		row("Employees", size)
	}
	row("Industry", v.Industry)
	row("Location", strings.TrimSpace(v.Location+" "+parens(v.TimeZone)))
	row("Signals", fmt.Sprintf("open profile %v, premium %v, %d mutual connections", v.OpenProfile, v.Premium, v.MutualConnections))
	row("Lists", strings.Join(v.Lists, ", "))
	for _, k := range slices.Sorted(maps.Keys(v.Custom)) {
		row("custom."+k, v.Custom[k])
	}
	fmt.Fprintf(tw, "Score\t%d/100\n", v.Score)
	for _, c := range v.Explanation {
		fmt.Fprintf(tw, "  %+g\t%s: %s\n", c.Points, c.Rule, c.Why)
	}
	return tw.Flush()
}

func parens(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
