package linkedinexport

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/paceline/paceline"
)

// column is one column a parser wants, known by any of its header names (compared
// after normalizeHeader).
type column struct {
	names    []string
	required bool
}

// maxPreamble is how many records may come before the header. Connections.csv starts
// with a "Notes:" paragraph of a few lines; fifty is generous and still stops a
// parser from reading a whole wrong file looking for a header.
const maxPreamble = 50

// table reads a CSV file whose header is found by name after an optional preamble and
// hands out the wanted columns of each record.
type table struct {
	file string
	r    *csv.Reader
	idx  []int // per wanted column, its index in the record, -1 when absent
	rec  []string
	line int
	done bool // the file is empty: next reports the end at once
}

// newTable skips a byte order mark and any preamble, finds the header line and maps
// the wanted columns. A header lacking a required column is an error that names the
// file, the line and the column.
func newTable(r io.Reader, file string, cols []column) (*table, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	t := &table{file: file, r: cr, idx: make([]int, len(cols))}
	n := 0
	for ; n < maxPreamble; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, t.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		found, missing := t.mapHeader(rec, cols)
		if missing < 0 {
			return t, nil
		}
		if found >= 2 {
			return nil, paceline.Errorf(paceline.EINVALID, "%s line %d: the header has no %q column; export the archive again, or add the column", file, line, cols[missing].names[0])
		}
	}
	if n == 0 {
		// An empty file (LinkedIn writes one when there is nothing to list) has no rows.
		t.done = true
		return t, nil
	}
	return nil, paceline.Errorf(paceline.EINVALID, "%s has no header line with %s in its first %d lines; is it the file LinkedIn exported?", file, requiredList(cols), maxPreamble)
}

// mapHeader maps the wanted columns onto a candidate header record. It returns how
// many wanted columns it found and the first required one missing (-1 when none is).
func (t *table) mapHeader(rec []string, cols []column) (found, missing int) {
	missing = -1
	for i, c := range cols {
		t.idx[i] = -1
		for j, h := range rec {
			if nameMatches(normalizeHeader(h), c.names) {
				t.idx[i] = j
				found++
				break
			}
		}
		if t.idx[i] < 0 && c.required && missing < 0 {
			missing = i
		}
	}
	return found, missing
}

func nameMatches(h string, names []string) bool {
	for _, n := range names {
		if h == n {
			return true
		}
	}
	return false
}

// normalizeHeader lower-cases a header cell and folds its spaces, so "Connected On",
// "CONNECTED  ON " and "connected on" are one name.
func normalizeHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	return strings.ToLower(strings.Join(strings.Fields(h), " "))
}

func requiredList(cols []column) string {
	var names []string
	for _, c := range cols {
		if c.required {
			names = append(names, c.names[0])
		}
	}
	return strings.Join(names, ", ")
}

// next reads the next record; it returns false at the end of the file.
func (t *table) next() (bool, error) {
	if t.done {
		return false, nil
	}
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, t.csvError(err)
	}
	t.rec = rec
	t.line, _ = t.r.FieldPos(0)
	return true, nil
}

// get returns wanted column i of the current record, trimmed; "" when the column is
// absent from the header or the record is short.
func (t *table) get(i int) string {
	j := t.idx[i]
	if j < 0 || j >= len(t.rec) {
		return ""
	}
	return strings.TrimSpace(t.rec[j])
}

// has reports whether the header holds wanted column i.
func (t *table) has(i int) bool { return t.idx[i] >= 0 }

// blank reports whether the current record holds nothing but spaces.
func (t *table) blank() bool {
	for _, f := range t.rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvError turns a CSV syntax error into one that names the file and the line; a
// bounds refusal from the archive passes through as it is.
func (t *table) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return paceline.Errorf(paceline.EINVALID, "%s line %d: the CSV is malformed (%v); export the archive again", t.file, pe.Line, pe.Err)
	}
	var e *paceline.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) {
		return paceline.Errorf(paceline.EINVALID, "%s is damaged (%v); download the archive again", t.file, err)
	}
	return fmt.Errorf("read %s: %w", t.file, err)
}
