package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
	"github.com/paceline/paceline/score"
)

// ledgerOutcomes reads the outcomes of the leads this database's campaigns reached.
// With none, learning has nothing to go on, which the user is told rather than
// getting the rules back unchanged.
func ledgerOutcomes(ctx context.Context, st leadStore) ([]score.Outcome, error) {
	found, unknown, err := st.LedgerOutcomes(ctx)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		why := "no imported lead has been sent an invite, a message or an email yet"
		if unknown > 0 {
			why = fmt.Sprintf("the %s it reached %s not among the imported leads", plural.Count(unknown, "lead"), plural.Verb(unknown, "is", "are"))
		}
		return nil, paceline.FieldErrorf("learn", "the ledger has no outcomes to learn from: %s; run a campaign first, or give outcomes from elsewhere with --outcomes FILE", why)
	}
	for i := range found {
		// A reply needs a connection or an answer to an InMail or email: a lead who
		// replied counts as having accepted, as in the CSV.
		found[i].Accepted = found[i].Accepted || found[i].Replied
	}
	return found, nil
}

// readOutcomes reads a key,accepted,replied CSV and finds each lead. Any line that
// does not parse or names no lead is an error naming the line: learning from a file
// half read would skew the weights silently. Rows are resolved to leads first, so a
// person listed twice (by URL and by email, say) counts once: counted twice, their
// outcome would weigh double and the weights would look surer than they are. Rows
// that give one lead different outcomes are refused with their line numbers, since
// either might be the one the user meant.
func readOutcomes(ctx context.Context, st leadStore, path string) ([]score.Outcome, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, paceline.FieldErrorf("outcomes", "cannot read %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, paceline.FieldErrorf("outcomes", "%s is a directory; give the CSV file of outcomes (key,accepted,replied)", path)
	}
	r, cols, err := outcomesReader(f)
	if err != nil {
		return nil, paceline.FieldErrorf("outcomes", "%s: %s", path, paceline.ErrorMessage(err))
	}
	var obs outcomeRows
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, paceline.FieldErrorf("outcomes", "%s: %v", path, err)
		}
		ref, err := parseLeadRef(rec[cols[0]])
		if err != nil {
			return nil, paceline.FieldErrorf("outcomes", "%s line %d: %s", path, line, paceline.ErrorMessage(err))
		}
		accepted, ok1 := parseYes(rec[cols[1]])
		replied, ok2 := parseYes(rec[cols[2]])
		if !ok1 || !ok2 {
			return nil, paceline.FieldErrorf("outcomes", "%s line %d: accepted and replied must be true or false", path, line)
		}
		id, err := ref.find(ctx, st)
		if err != nil {
			return nil, paceline.FieldErrorf("outcomes", "%s line %d: %s", path, line, paceline.ErrorMessage(err))
		}
		if obs.seen(id, line, accepted || replied, replied) {
			continue
		}
		l, err := st.Lead(ctx, id)
		if err != nil {
			return nil, err
		}
		obs.add(line, score.Outcome{Lead: l, Accepted: accepted || replied, Replied: replied})
	}
	if err := obs.conflicts(path); err != nil {
		return nil, err
	}
	return obs.list, nil
}

// outcomeRows are the outcomes of a file, one per lead, with the line that gave each
// and the later lines that gave its lead another outcome.
type outcomeRows struct {
	list     []score.Outcome
	byLead   map[int64]int // lead id to its index in list
	lines    []int         // the line of each outcome in list
	conflict []outcomeConflict
}

// outcomeConflict is a line that gave a lead another outcome than an earlier line.
type outcomeConflict struct {
	lead        *paceline.Lead
	first, line int
}

// seen reports whether the lead already has an outcome, noting a conflict when the
// new one differs from it.
func (o *outcomeRows) seen(id int64, line int, accepted, replied bool) bool {
	i, ok := o.byLead[id]
	if !ok {
		return false
	}
	if prev := o.list[i]; prev.Accepted != accepted || prev.Replied != replied {
		o.conflict = append(o.conflict, outcomeConflict{lead: prev.Lead, first: o.lines[i], line: line})
	}
	return true
}

func (o *outcomeRows) add(line int, oc score.Outcome) {
	if o.byLead == nil {
		o.byLead = map[int64]int{}
	}
	o.byLead[oc.Lead.ID] = len(o.list)
	o.list = append(o.list, oc)
	o.lines = append(o.lines, line)
}

// conflicts says which lines gave one lead different outcomes, the first few of them.
func (o *outcomeRows) conflicts(path string) error {
	if len(o.conflict) == 0 {
		return nil
	}
	const show = 5
	var b strings.Builder
	for i, c := range o.conflict {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(o.conflict)-show)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "lines %d and %d are both lead %d", c.first, c.line, c.lead.ID)
		if name := c.lead.Name(); name != "" {
			fmt.Fprintf(&b, " (%s)", name)
		}
	}
	leads := map[int64]bool{}
	for _, c := range o.conflict {
		leads[c.lead.ID] = true
	}
	return paceline.FieldErrorf("outcomes", "%s gives %s different outcomes: %s; keep one row per lead, with the outcome that happened",
		path, plural.Count(len(leads), "lead"), b.String())
}

// outcomesReader reads the header of an outcomes file as a spreadsheet saves it: a
// UTF-8 byte order mark (Excel's "CSV UTF-8") is skipped, the delimiter is the comma,
// semicolon or tab the header uses (Excel writes semicolons in many locales) and the
// columns key, accepted and replied may come in any order. It returns the reader
// positioned on the first row and the positions of the three columns. Such files were
// refused as not starting with the header they started with.
func outcomesReader(f io.Reader) (*csv.Reader, [3]int, error) {
	const want = "the first line must be the header key,accepted,replied"
	var cols [3]int
	br := bufio.NewReader(f)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	first, err := br.Peek(4096)
	if len(first) == 0 {
		if err != nil && err != io.EOF {
			return nil, cols, fmt.Errorf("read outcomes: %w", err)
		}
		return nil, cols, paceline.Errorf(paceline.EINVALID, "the file is empty; %s", want)
	}
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	r := csv.NewReader(br)
	r.Comma = ','
	for _, d := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(d))) > bytes.Count(first, []byte(string(r.Comma))) {
			r.Comma = d
		}
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, cols, paceline.Errorf(paceline.EINVALID, "%s (the file is not CSV text: %v)", want, err)
	}
	seen := map[string]int{}
	for i, h := range header {
		seen[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for i, name := range []string{"key", "accepted", "replied"} {
		c, ok := seen[name]
		if !ok || len(header) != 3 {
			return nil, cols, paceline.Errorf(paceline.EINVALID, "%s, not %q", want, strings.Join(header, string(r.Comma)))
		}
		cols[i] = c
	}
	r.FieldsPerRecord = 3
	return r, cols, nil
}

func parseYes(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "y", "1":
		return true, true
	case "false", "no", "n", "0", "":
		return false, true
	}
	return false, false
}
