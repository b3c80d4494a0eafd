package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/sequence"
	"github.com/paceline/paceline/shellword"
	"github.com/spf13/cobra"
)

// importFlags are the options of leads import as typed.
type importFlags struct {
	preset string
	maps   []string
	list   string
	icp    string
	json   bool
}

func (a *app) leadsImportCmd() *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import leads from a CSV file (or a JSON export of paceline's)",
		Long: `Import reads a CSV file of any size (UTF-8 with or without BOM, UTF-16, Windows-1252;
comma, semicolon or tab) and stores its leads: new people are added, people already
known (by LinkedIn URL, Sales Navigator URL or email) are filled in, never blanked,
opted-out and erased people are skipped, every lead is scored.

Leads are scored with the ICP rules in force: the built-in rules until you set your
own. --icp FILE puts the rules of FILE in force, kept in the database, and rescores
every stored lead with them; later imports (the dashboard's and the API's too) and
rescoring use them without --icp. --icp default goes back to the built-in rules;
paceline leads score --show-rules prints the rules in force.

A file of paceline leads export, CSV or JSON (told by its first character, '{' or
'['), imports back: the entries of the suppression list it carries go back on the
list (a hash already there keeps its reason and time), its leads rejoin their lists
(and --list), and a row with an opted_out_at puts the person's keys on the
suppression list and marks the lead holding them opted out.

A column whose name says nothing (Lien, Profil perso) but whose first values are
mostly LinkedIn URLs or email addresses is read as one, when the header names no
identity column; the summary says so, and --map 'COLUMN=custom' keeps it custom.

The import is all-or-nothing: a fatal problem (the file is not CSV, a record is
absurdly long) or Ctrl-C leaves the database unchanged. Bad rows are skipped and
reported with their line numbers.`,
		Example: `  paceline leads import Connections.csv
  paceline leads import scrape.csv --list founders-q1 --icp icp.yaml --json
  paceline leads import sheet.csv --preset generic --map "Profil=profile_url" --map "Mail=email"`,
		Args: exactArgs(1, "the CSV FILE to import"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.importLeads(cmd.Context(), args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.preset, "preset", "", "header `preset`: "+strings.Join(lead.Presets, ", ")+" (default: detected from the header)")
	fl.StringArrayVar(&f.maps, "map", nil, "map a column to a field as `COLUMN=FIELD`, such as Profil=profile_url (repeatable; FIELD - drops the column)")
	fl.StringVar(&f.list, "list", "", "add every imported or matched lead to the list `NAME`")
	fl.StringVar(&f.icp, "icp", "", "put the ICP rules of this YAML `file` in force (kept for later imports; \"default\" for the built-in rules) and score with them (default: the rules in force)")
	fl.BoolVar(&f.json, "json", false, "print the report as JSON")
	return cmd
}

// loadRules reads the ICP rules file, or the built-in rules when path is empty or
// "default". It does not look at the rules a database keeps in force: commands that
// score with a database's rules read them with rulesInForce.
func loadRules(path string) (*score.Rules, error) {
	if path == "" || path == icpBuiltIn {
		return score.Default(), nil
	}
	data, err := readFlagFile("icp", path)
	if err != nil {
		return nil, err
	}
	r, err := score.Parse(data)
	if err != nil {
		return nil, paceline.FieldErrorf("icp", "%s: %s", path, paceline.ErrorMessage(err))
	}
	return r, nil
}

func (a *app) importLeads(ctx context.Context, path string, f importFlags) (err error) {
	if f.preset != "" && !slices.Contains(lead.Presets, f.preset) {
		return paceline.FieldErrorf("preset", "%q is not a preset (use one of %s)", f.preset, strings.Join(lead.Presets, ", "))
	}
	colMap, err := lead.ParseColumnMap(f.maps)
	if err != nil {
		return err
	}
	f.list = strings.TrimSpace(f.list)
	if err := lead.CheckListName(f.list); err != nil {
		return err
	}
	icp, err := readICP(f.icp)
	if err != nil {
		return err
	}
	if path == "-" {
		// The usual spelling of standard input, which the import does not read (its
		// progress and report go by the file's size and name): say so rather than
		// "cannot open -: no such file or directory".
		return paceline.Errorf(paceline.EINVALID, "leads import reads a file, not standard input: save the CSV to a file and give its path")
	}
	file, err := os.Open(path)
	if err != nil {
		return paceline.Errorf(paceline.EINVALID, "cannot open %s: %v", path, errors.Unwrap(err))
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", path, err)
	}
	if info.IsDir() {
		return paceline.Errorf(paceline.EINVALID, "%s is a directory; give the CSV file to import", path)
	}
	counted := &countingReader{r: file}
	// The header is read and checked before the database is opened, so a file that
	// is not a lead list never creates or touches one.
	rd, err := lead.NewReader(counted, lead.Options{Preset: f.preset, Map: colMap})
	if err != nil {
		return importFailed(path, err)
	}
	// From here on a signal stops the import so that it cleans up, the making of a new
	// database included. A closed terminal (SIGHUP) stops it as Ctrl-C does, unless it
	// was started to outlive it (nohup).
	stopOn := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		stopOn = append(stopOn, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(ctx, stopOn...)
	defer stop()
	if !isPostgres(a.dbPath) {
		removeAbandonedImports(a.dbPath)
	}
	// Lstat: a dangling symbolic link is not a new database's name to take.
	_, statErr := os.Lstat(a.dbPath)
	var st appStore
	var created *newDatabase // the database this import makes, until it is in place
	if !isPostgres(a.dbPath) && errors.Is(statErr, fs.ErrNotExist) {
		if created, err = a.createForImport(ctx); err != nil && ctx.Err() != nil {
			return paceline.Errorf(paceline.EINVALID, "import of %s interrupted: nothing was imported, no database was created", path)
		} else if err != nil {
			return err
		}
		st = created.st
	} else if st, err = a.openAppStore(ctx, false); err != nil {
		return err
	}
	defer func() {
		if created != nil {
			// The database did not exist before this failed import: leave none.
			created.remove()
			return
		}
		if st != nil {
			st.Close()
		}
	}()

	stopProgress := func() {}
	if !f.json && isTerminal(a.stderr) {
		done, finished := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(finished)
			showProgress(a.stderr, path, counted, info.Size(), done)
		}()
		stopProgress = func() { close(done); <-finished }
	}
	start := time.Now()
	rep, rulesRep, err := importInto(ctx, st, rd, f.list, icp)
	stopProgress() // before any other output, which would land on the progress line
	if errors.Is(err, context.Canceled) {
		if created != nil {
			return paceline.Errorf(paceline.EINVALID, "import of %s interrupted: nothing was imported, no database was created", path)
		}
		return paceline.Errorf(paceline.EINVALID, "import of %s interrupted: nothing was imported, the database is unchanged", path)
	}
	if err != nil {
		if created != nil {
			err = created.named(err)
		}
		return importFailed(path, err)
	}
	if created != nil {
		err := created.publish()
		switch {
		case errors.Is(err, errNameTaken):
			// Another command made --db meanwhile (a second import, serve, migrate):
			// import into that database instead, as into any existing one.
			created.remove()
			created, st = nil, nil
			if st, err = a.openAppStore(ctx, false); err != nil {
				return err
			}
			if rep, rulesRep, err = importAgain(ctx, st, file, f, colMap, icp); errors.Is(err, context.Canceled) {
				return paceline.Errorf(paceline.EINVALID, "import of %s interrupted: nothing was imported, the database is unchanged", path)
			} else if err != nil {
				return importFailed(path, err)
			}
		case err != nil:
			return importFailed(path, created.named(err))
		default:
			created, st = nil, nil
			// The leads are in place: an interruption from here on does not undo them.
			if st, err = a.openAppStore(context.WithoutCancel(ctx), false); err != nil {
				return fmt.Errorf("%s was imported into %s, but %w", path, a.dbPath, err)
			}
		}
	}
	// Committed: whatever fails from here on, the leads are in the database.
	rep.Seconds = time.Since(start).Seconds()
	if icp != nil {
		// The import committed with the new rules; now they go in force and the
		// leads the file did not hold are scored with them too.
		if rulesRep, err = putInForce(ctx, icpStoreOf(st), icp); err != nil {
			return fmt.Errorf("%s was imported, but %w; run paceline leads score --icp %s", path, err, f.icp)
		}
	}
	if f.json {
		return writeJSON(a.stdout, importResult{ImportReport: rep, Rules: rulesRep})
	}
	if err := writeImportSummary(a.stdout, path, a.shownDB(), rep); err != nil {
		return err
	}
	writeListOverlaps(a.stdout, path, f.list, a.dbFlag(), start, rep.AlsoOnLists)
	if rulesRep != nil {
		writeRulesLine(a.stdout, rulesRep)
	}
	return nil
}

// importResult is the --json report of an import: the pipeline's report and, when
// the import did not score with the built-in rules, which rules it scored with.
type importResult struct {
	*lead.ImportReport
	Rules *rulesReport `json:"rules,omitempty"`
}

// importInto imports the rows of rd into st onto list, in one transaction, scored
// with the rules importRules gives inside it.
func importInto(ctx context.Context, st appStore, rd *lead.Reader, list string, icp *icpFlag) (*lead.ImportReport, *rulesReport, error) {
	var rep *lead.ImportReport
	var rulesRep *rulesReport
	err := st.ImportLeads(ctx, func(sink lead.Sink) error {
		rules, r, err := importRules(ctx, icpStoreOf(st), sink, icp)
		if err != nil {
			return err
		}
		rulesRep = r
		rep, err = lead.Import(ctx, rd, sink, lead.ImportOptions{List: list, ScoreFunc: rules.Apply})
		return err
	})
	return rep, rulesRep, err
}

// importAgain imports the file again from its start into st: when the database an
// import built could not be put in place because another command made one there.
func importAgain(ctx context.Context, st appStore, file *os.File, f importFlags, colMap map[string]string, icp *icpFlag) (*lead.ImportReport, *rulesReport, error) {
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return nil, nil, fmt.Errorf("read %s again: %w", file.Name(), err)
	}
	rd, err := lead.NewReader(&countingReader{r: file}, lead.Options{Preset: f.preset, Map: colMap})
	if err != nil {
		return nil, nil, err
	}
	return importInto(ctx, st, rd, f.list, icp)
}

// importRules returns the rules an import scores with: those of --icp when given,
// else the rules the database keeps in force, read through sink inside the import's
// transaction (api.RulesSink; st reads them for a sink that cannot). Read before it
// began, a save of new rules (leads score --icp) that committed meanwhile left the
// imported leads scored by the old rules under the new ones. The report says which,
// when they are not the built-in rules the import always used before rules were kept.
func importRules(ctx context.Context, st icpStore, sink lead.Sink, icp *icpFlag) (*score.Rules, *rulesReport, error) {
	if icp != nil {
		return icp.rules, nil, nil
	}
	var stored score.Stored
	var kept bool
	var err error
	if rs, ok := sink.(api.RulesSink); ok {
		stored, kept, err = rs.ICPRules()
	} else {
		stored, kept, err = st.ICPRules(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	rules, err := rulesOf(stored, kept)
	if err != nil || !kept {
		return rules, nil, err
	}
	return rules, &rulesReport{InForce: rulesName(stored, kept), SetAt: stored.SetAt}, nil
}

// importFailed says, for an error the user can act on, that nothing was imported.
func importFailed(path string, err error) error {
	var e *paceline.Error
	if errors.As(err, &e) {
		return paceline.Errorf(e.Code, "%s: %s; nothing was imported", path, e.Error())
	}
	return fmt.Errorf("import %s: %w", path, err)
}

func writeImportSummary(w io.Writer, path, db string, r *lead.ImportReport) error {
	fmt.Fprintf(w, "Imported %s (preset %s) into %s in %.1fs.\n", path, r.Preset, db, r.Seconds)
	fmt.Fprintf(w, "  %s: %s, %s (%s updated), %d suppressed, %d rejected\n",
		plural.Count(r.Rows, "row"), plural.Count(r.Imported, "new lead"), plural.Count(r.Duplicates, "duplicate"),
		plural.Count(r.Updated, "stored lead"), r.Suppressed, r.Rejected)
	if r.Suppressions > 0 {
		fmt.Fprintf(w, "  %s of the suppression list the file carries: %d added, %d on the list already\n",
			plural.Count(r.Suppressions, "entry"), r.SuppressionsAdded, r.Suppressions-r.SuppressionsAdded)
	}
	for _, g := range r.GuessedColumns {
		what := "LinkedIn profile URLs"
		if g.Field == "email" {
			what = "email addresses"
		}
		fmt.Fprintf(w, "  column %q holds %s, so it was read as %s (--map %s keeps it a custom field)\n",
			g.Column, what, g.Field, shellword.Quote(g.Column+"=custom"))
	}
	writeCustomColumns(w, r.CustomColumns)
	if r.OptedOut > 0 {
		fmt.Fprintf(w, "  %s said the person opted out: their keys are on the suppression list now\n",
			plural.Count(r.OptedOut, "row"))
	}
	if r.Merged > 0 {
		fmt.Fprintf(w, "  %s turned out to be the same person as another and %s merged\n",
			plural.Count(r.Merged, "stored lead"), plural.Verb(r.Merged, "was", "were"))
	}
	if r.EnrollmentsStopped > 0 {
		fmt.Fprintf(w, "  %s stopped: their person was merged into a lead another campaign runs\n",
			plural.Count(r.EnrollmentsStopped, "running enrollment"))
	}
	if r.Warnings > 0 {
		fmt.Fprintf(w, "  %s had a value left out of the lead (each line says which and why):\n", plural.Count(r.Warnings, "row"))
		const showWarnings = 5
		for i, v := range r.WarningLines {
			if i == showWarnings {
				break
			}
			fmt.Fprintf(w, "    line %d, %s: %s\n", v.Line, v.Field, v.Reason)
		}
		if more := len(r.WarningLines) + r.WarningsOmitted - showWarnings; more > 0 {
			fmt.Fprintf(w, "    ... and %d more dropped %s (see --json)\n", more, plural.Noun(more, "value"))
		}
	}
	const show = 10
	for i, e := range r.Errors {
		if i == show {
			fmt.Fprintf(w, "  ... and %d more rejected %s (see --json)\n", r.Rejected-show, plural.Noun(r.Rejected-show, "row"))
			break
		}
		fmt.Fprintf(w, "  line %d: %s\n", e.Line, e.Reason)
	}
	return nil
}

// writeCustomColumns lists the columns kept as custom fields, each with the name a
// template inserts it by, and says which fill a field the import otherwise works out
// from the title, and which a template cannot reach because a lead field has their
// name.
func writeCustomColumns(w io.Writer, cols []lead.CustomColumn) {
	if len(cols) == 0 {
		return
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Column
		if !shadowedField(c.Field) {
			names[i] += " ({{" + c.Field + "}})"
		}
	}
	fmt.Fprintf(w, "  kept as custom fields: %s\n", strings.Join(names, ", "))
	for _, c := range cols {
		switch {
		case slices.Contains(sequence.TitleFields(), c.Field):
			fmt.Fprintf(w, "  column %q fills {{%s}} in templates in place of the %s worked out from the title (scoring still uses that one)\n",
				c.Column, c.Field, c.Field)
		case shadowedField(c.Field):
			fmt.Fprintf(w, "  column %q is kept as the custom field %s, which templates cannot insert ({{%s}} is the lead's own %s): rename the column, to my_%s say, to insert it as {{my_%s}}\n",
				c.Column, c.Field, c.Field, c.Field, c.Field, c.Field)
		}
	}
}

// shadowedField reports a custom field a template cannot insert because a lead field
// of its name wins over it: a built-in field but those a lead's own column fills
// (sequence.TitleFields, and sender_first_name for an account without a sender name).
func shadowedField(name string) bool {
	return name != "sender_first_name" && !slices.Contains(sequence.TitleFields(), name) &&
		slices.Contains(sequence.BuiltInFields(), name)
}

// countingReader counts the bytes read through it, for the progress line.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// isTerminal reports whether w is a character device (a terminal), the only place a
// progress line that rewrites itself belongs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// showProgress rewrites one line with the share of the file read until done closes.
// Small files finish before the first tick and show nothing.
func showProgress(w io.Writer, path string, c *countingReader, size int64, done <-chan struct{}) {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			fmt.Fprint(w, "\r\033[K")
			return
		case <-tick.C:
			read := c.n.Load()
			pct := 100.0
			if size > 0 {
				pct = min(100, float64(read)*100/float64(size))
			}
			if read >= size {
				fmt.Fprintf(w, "\rimporting %s: file read, finishing the write\033[K", path)
				continue
			}
			fmt.Fprintf(w, "\rimporting %s: %3.0f%% (%d of %d MB)\033[K", path, pct, read>>20, size>>20)
		}
	}
}
