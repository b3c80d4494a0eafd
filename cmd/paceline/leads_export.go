package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/shellword"
	"github.com/paceline/paceline/store/postgres"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/spf13/cobra"
)

func (a *app) leadsExportCmd() *cobra.Command {
	var format, list, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export leads as CSV or JSON",
		Long: `Export writes every lead (opted-out ones too, with the time they opted out) in id
order, after the suppression list. CSV has a header line and one column per custom
field, headed custom.NAME; each entry of the suppression list is a row of its own
before the leads, with only suppressed_key_hash, suppression_reason and suppressed_at
set (those columns are there when the list has an entry). JSON is an object:
{"suppressions": [...], "leads": [...]}. The list holds hashes of keys, never an
erased person's data. With --out the file is written aside and renamed into place
when complete, so a failed export never leaves half a file. Either file imports back
(paceline leads import) with the leads' lists and custom fields and the whole
suppression list, erased people and opt-outs by key of people who were never leads
included. --list exports one list's members and nothing of other lists: each lead's
lists name that list alone, and the suppression list carries only the entries of the
keys its leads hold (their opt-outs), not other people's with their reasons. A CSV
export parts a lead's lists
with "; ", so a list whose name holds "; " comes back split: the export warns, and
JSON keeps it. A --list that does not exist is refused, naming the lists there are;
an empty one gives an empty export and a warning.`,
		Example: "  paceline leads export --out leads.csv\n  paceline leads export --format json --list founders-q1 --out q1.json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "csv" && format != "json" {
				return paceline.FieldErrorf("format", "%q is not an export format (use csv or json)", format)
			}
			return a.withLeadStore(cmd.Context(), func(st appStore) error {
				if err := checkList(cmd.Context(), st, list, "nothing was exported"); err != nil {
					return err
				}
				n := 0
				write := func(w io.Writer) error {
					var err error
					if format == "json" {
						n, err = exportJSON(cmd, st, list, w, a.stderr)
					} else {
						n, err = exportCSV(cmd, st, list, w, a.stderr)
					}
					return err
				}
				var err error
				if out == "" {
					err = write(a.stdout)
				} else {
					err = writeFileAtomic(out, write)
				}
				if err == nil && n == 0 && list != "" {
					fmt.Fprintf(a.stderr, "Warning: list %q has no members, so the export holds no lead; add leads to it with paceline leads import FILE --list %s.\n",
						list, shellword.Quote(list))
				}
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "csv", "output `format`: csv or json")
	fl.StringVar(&list, "list", "", "only the members of the list `NAME`")
	fl.StringVar(&out, "out", "", "write to this `file` instead of standard output")
	return cmd
}

// listNamer is a store that names its lists: both stores are.
type listNamer interface {
	ListNames(ctx context.Context) ([]string, error)
}

var (
	_ listNamer = (*sqlite.Store)(nil)
	_ listNamer = (*postgres.Store)(nil)
)

// maxNamedLists is how many list names an error names before "and N more".
const maxNamedLists = 10

// checkList refuses a list that does not exist (ENOTFOUND) before anything is written,
// naming the lists there are; done says what that left undone ("nothing was
// exported"). A misspelt name gave leads export a file with a header and no lead, and
// leads list "No lead matches these filters", both with exit status 0, as if the list
// were empty.
func checkList(ctx context.Context, st appStore, list, done string) error {
	ln, ok := st.(listNamer)
	if list == "" || !ok {
		return nil
	}
	names, err := ln.ListNames(ctx)
	if err != nil {
		return err
	}
	if slices.Contains(names, list) {
		return nil
	}
	if len(names) == 0 {
		return paceline.Errorf(paceline.ENOTFOUND, "no list is named %q: the database has no list yet (paceline leads import FILE --list NAME makes one); %s", list, done)
	}
	more := ""
	if len(names) > maxNamedLists {
		more = fmt.Sprintf(" and %d more", len(names)-maxNamedLists)
	}
	return paceline.Errorf(paceline.ENOTFOUND, "no list is named %q; the lists are %s%s; %s",
		list, quoteNames(names[:min(len(names), maxNamedLists)]), more, done)
}

// splitListNames returns the lists the import reads a lists cell holding name as.
func splitListNames(name string) []string {
	var names []string
	for part := range strings.SplitSeq(name, csvListSeparator) {
		if part = strings.TrimSpace(part); part != "" && !slices.Contains(names, part) {
			names = append(names, part)
		}
	}
	return names
}

// quoteNames quotes each name and joins them with commas: "a", "b".
func quoteNames(names []string) string {
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = strconv.Quote(name)
	}
	return strings.Join(quoted, ", ")
}

// writeFileAtomic writes path through a temporary file in the same directory, renamed
// over path only when write succeeded.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	// A directory cannot be renamed over, so it would only be found after the whole
	// file was written, and reported as an internal error.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return paceline.FieldErrorf("out", "%s is a directory; give the path of a file to write", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary file's name means nothing to the user
		}
		return paceline.FieldErrorf("out", "cannot write in the directory of %s: %v (check that it exists and that you may write there)", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// exportJSON writes the leads as a JSON array, their explanations' sentences said
// from the rules in force (explainRules, which warns on warn), and returns how many it
// wrote.
func exportJSON(cmd *cobra.Command, st appStore, list string, w, warn io.Writer) (int, error) {
	rules, err := explainRules(cmd.Context(), st, warn)
	if err != nil {
		return 0, err
	}
	se, err := suppressionsOf(st)
	if err != nil {
		return 0, err
	}
	if list != "" {
		held := listKeyHashes{}
		err := st.ExportLeads(cmd.Context(), list, func(l *paceline.Lead, _ time.Time) error {
			held.add(l)
			return nil
		})
		if err != nil {
			return 0, err
		}
		se = held.of(se)
	}
	if err := writeJSONSuppressions(cmd.Context(), se, w); err != nil {
		return 0, err
	}
	n := 0
	err = st.ExportLeads(cmd.Context(), list, func(l *paceline.Lead, optedOut time.Time) error {
		onlyList(l, list)
		b, err := json.Marshal(viewLead(l, optedOut, rules))
		if err != nil {
			return fmt.Errorf("encode lead %d: %w", l.ID, err)
		}
		sep := ",\n  "
		if n == 0 {
			sep = "\n  "
		}
		n++
		_, err = io.WriteString(w, sep+string(b))
		return err
	})
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "\n]}\n")
	return n, err
}

// csvColumns are the fixed columns of a CSV export; custom fields follow.
var csvColumns = []string{"id", "first_name", "last_name", "name", "profile_url", "profile_key", "sales_key",
	"email", "company", "company_key", "title", "seniority", "department", "location", "time_zone", "industry",
	"employees_min", "employees_max", "open_profile", "premium", "mutual_connections", "score", "lists",
	"opted_out_at", "created_at", "updated_at"}

// csvListSeparator parts a lead's lists in the lists column; the import splits the
// cell on it again (lead.Reader), so a list whose name holds it cannot come back whole.
const csvListSeparator = "; "

// csvCustomPrefix heads the column of a custom field: the import reads a column
// "custom.NAME" back into the custom field NAME as it is, where a bare name could be
// taken for a lead field (a custom "city" came back as the location) or changed (a
// custom "seniority" was written "custom_seniority" and came back so, and
// {{seniority}} no longer inserted it).
const csvCustomPrefix = "custom."

// exportCSV writes the leads as CSV and returns how many it wrote. A list the CSV
// cannot carry whole is named on warn before the first line is written.
func exportCSV(cmd *cobra.Command, st leadStore, list string, w, warn io.Writer) (int, error) {
	ctx := cmd.Context()
	// A first pass finds the custom fields, so each gets a column of its own, and
	// the lists whose names the lists column would split.
	seen := map[string]bool{}
	split := map[string]bool{}
	held := listKeyHashes{}
	err := st.ExportLeads(ctx, list, func(l *paceline.Lead, _ time.Time) error {
		for k := range l.Custom {
			seen[k] = true
		}
		if list != "" {
			held.add(l)
		}
		onlyList(l, list)
		for _, name := range l.Lists {
			if strings.Contains(name, csvListSeparator) {
				split[name] = true
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, name := range slices.Sorted(maps.Keys(split)) {
		fmt.Fprintf(warn, "Warning: list %q has %q in its name, which parts the lists in a CSV export: imported back, its leads join the lists %s instead; export with --format json to keep it whole, or rename the list.\n",
			name, csvListSeparator, quoteNames(splitListNames(name)))
	}
	se, err := suppressionsOf(st)
	if err != nil {
		return 0, err
	}
	if list != "" {
		se = held.of(se)
	}
	entries, err := hasSuppressions(ctx, se)
	if err != nil {
		return 0, err
	}
	custom := slices.Sorted(maps.Keys(seen))
	header := slices.Clone(csvColumns)
	for _, k := range custom {
		header = append(header, csvCustomPrefix+k)
	}
	if entries {
		header = append(header, csvSuppressionColumns...)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	if entries {
		if _, err := writeCSVSuppressions(ctx, se, len(header), len(header)-len(csvSuppressionColumns), cw.Write); err != nil {
			return 0, err
		}
	}
	rec := make([]string, len(header))
	itoa := strconv.Itoa
	n := 0
	err = st.ExportLeads(ctx, list, func(l *paceline.Lead, optedOut time.Time) error {
		n++
		onlyList(l, list)
		opted := ""
		if !optedOut.IsZero() {
			opted = optedOut.UTC().Format(time.RFC3339)
		}
		rec = append(rec[:0], strconv.FormatInt(l.ID, 10), cell(l.FirstName), cell(l.LastName), cell(l.Name()),
			l.ProfileURL(), cell(l.ProfileKey), cell(l.SalesKey), cell(l.Email), cell(l.Company), cell(l.CompanyKey),
			cell(l.Title), string(l.Seniority), l.Department, cell(l.Location), l.TimeZone, cell(l.Industry),
			itoa(l.EmployeesMin), itoa(l.EmployeesMax), strconv.FormatBool(l.OpenProfile), strconv.FormatBool(l.Premium),
			itoa(l.MutualConnections), itoa(l.Score), cell(strings.Join(l.Lists, csvListSeparator)), opted,
			l.CreatedAt.UTC().Format(time.RFC3339), l.UpdatedAt.UTC().Format(time.RFC3339))
		for _, k := range custom {
			rec = append(rec, cell(l.Custom[k]))
		}
		if entries {
			rec = append(rec, "", "", "")
		}
		return cw.Write(rec)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// cell defuses a text cell that a spreadsheet would run as a formula (it starts with
// = + - @ or a control character): a quote in front makes it plain text. Imported
// data is untrusted and CSV exports get opened in spreadsheets. A value that starts
// with a quote before such a character gets one more, so that the import, which
// takes one quote off (lead.Reader, on paceline's export only), gives it back as it
// was.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	case '\'':
		if len(s) > 1 && strings.IndexByte("=+-@\t\r'", s[1]) >= 0 {
			return "'" + s
		}
	}
	return s
}
