package main

import (
	"bufio"
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
	"github.com/paceline/paceline/score"
	"github.com/spf13/cobra"
)

func (a *app) leadsExportCmd() *cobra.Command {
	var format, list, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export leads as CSV or JSON",
		Long: `Export writes every lead (opted-out ones too, with the time they opted out) in id
order. CSV has a header line and one column per custom field; JSON is an array. With
--out the file is written aside and renamed into place when complete, so a failed
export never leaves half a file.`,
		Example: "  paceline leads export --out leads.csv\n  paceline leads export --format json --list founders-q1 --out q1.json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "csv" && format != "json" {
				return paceline.FieldErrorf("format", "%q is not an export format (use csv or json)", format)
			}
			return a.withLeadStore(cmd.Context(), func(st appStore) error {
				write := func(w io.Writer) error {
					if format == "json" {
						return exportJSON(cmd, st, list, w)
					}
					return exportCSV(cmd, st, list, w)
				}
				if out == "" {
					return write(a.stdout)
				}
				return writeFileAtomic(out, write)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "csv", "output `format`: csv or json")
	fl.StringVar(&list, "list", "", "only the members of the list `NAME`")
	fl.StringVar(&out, "out", "", "write to this `file` instead of standard output")
	return cmd
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

func exportJSON(cmd *cobra.Command, st leadStore, list string, w io.Writer) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	n := 0
	rules := score.Default()
	err := st.ExportLeads(cmd.Context(), list, func(l *paceline.Lead, optedOut time.Time) error {
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
		return err
	}
	_, err = io.WriteString(w, "\n]\n")
	return err
}

// csvColumns are the fixed columns of a CSV export; custom fields follow.
var csvColumns = []string{"id", "first_name", "last_name", "name", "profile_url", "profile_key", "sales_key",
	"email", "company", "company_key", "title", "seniority", "department", "location", "time_zone", "industry",
	"employees_min", "employees_max", "open_profile", "premium", "mutual_connections", "score", "lists",
	"opted_out_at", "created_at", "updated_at"}

func exportCSV(cmd *cobra.Command, st leadStore, list string, w io.Writer) error {
	ctx := cmd.Context()
	// A first pass finds the custom fields, so each gets a column of its own.
	seen := map[string]bool{}
	err := st.ExportLeads(ctx, list, func(l *paceline.Lead, _ time.Time) error {
		for k := range l.Custom {
			seen[k] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	custom := slices.Sorted(maps.Keys(seen))
	header := slices.Clone(csvColumns)
	for _, k := range custom {
		name := k
		if slices.Contains(csvColumns, k) {
			name = "custom_" + k
		}
		header = append(header, name)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	itoa := strconv.Itoa
	err = st.ExportLeads(ctx, list, func(l *paceline.Lead, optedOut time.Time) error {
		opted := ""
		if !optedOut.IsZero() {
			opted = optedOut.UTC().Format(time.RFC3339)
		}
		rec = append(rec[:0], strconv.FormatInt(l.ID, 10), cell(l.FirstName), cell(l.LastName), cell(l.Name()),
			l.ProfileURL(), cell(l.ProfileKey), cell(l.SalesKey), cell(l.Email), cell(l.Company), cell(l.CompanyKey),
			cell(l.Title), string(l.Seniority), l.Department, cell(l.Location), l.TimeZone, cell(l.Industry),
			itoa(l.EmployeesMin), itoa(l.EmployeesMax), strconv.FormatBool(l.OpenProfile), strconv.FormatBool(l.Premium),
			itoa(l.MutualConnections), itoa(l.Score), cell(strings.Join(l.Lists, "; ")), opted,
			l.CreatedAt.UTC().Format(time.RFC3339), l.UpdatedAt.UTC().Format(time.RFC3339))
		for _, k := range custom {
			rec = append(rec, cell(l.Custom[k]))
		}
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// cell defuses a text cell that a spreadsheet would run as a formula (it starts with
// = + - @ or a control character): a quote in front makes it plain text. Imported
// data is untrusted and CSV exports get opened in spreadsheets.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
