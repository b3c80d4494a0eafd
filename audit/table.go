package audit

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
)

// table streams the rows of one ledger CSV file and maps columns by header name, so
// column order is free and unknown extra columns are ignored. Every error it returns
// names the file and the line.
type table struct {
	name string
	r    *csv.Reader
	cols map[string]int
	// width is the header's field count; every row must have as many fields.
	width int
}

// openTable reads the header and checks that every required column is there.
func openTable(r io.Reader, name string, required []string) (*table, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked by next, with a better message
	t := &table{name: name, r: cr}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, t.errorf(1, "the file is empty; it needs the header %s", strings.Join(required, ","))
	}
	if err != nil {
		return nil, t.readError(err)
	}
	t.width = len(header)
	t.cols = make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // spreadsheets save a byte-order mark
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[h]; dup {
			return nil, t.errorf(1, "the header names column %q twice", h)
		}
		t.cols[h] = i
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, t.errorf(1, "the header lacks column %q (want at least %s)", c, strings.Join(required, ","))
		}
	}
	return t, nil
}

// next returns the next row and its line number, or io.EOF after the last row. The
// row's slice is reused by the following call.
func (t *table) next() ([]string, int, error) {
	rec, err := t.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		return nil, 0, t.readError(err)
	}
	line, _ := t.r.FieldPos(0)
	if len(rec) != t.width {
		return nil, line, t.errorf(line, "has %s but the header has %d", plural.Count(len(rec), "field"), t.width)
	}
	return rec, line, nil
}

// field returns the trimmed value of a column in rec, "" when the file lacks it.
func (t *table) field(rec []string, col string) string {
	return value(rec, t.column(col))
}

// column returns the index of col, or -1 when the file lacks it. Hot loops look the
// index up once instead of hashing the column name on every row.
func (t *table) column(col string) int {
	i, ok := t.cols[col]
	if !ok {
		return -1
	}
	return i
}

// value returns the trimmed field i of rec, "" for a missing column (i < 0).
func value(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// has reports whether the header names col.
func (t *table) has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

func (t *table) errorf(line int, format string, args ...any) error {
	return paceline.Errorf(paceline.EINVALID, "%s line %d: %s", t.name, line, fmt.Sprintf(format, args...))
}

// readError turns a CSV syntax or I/O error into one that names the file and line.
func (t *table) readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return t.errorf(pe.Line, "is not valid CSV: %v", pe.Err)
	}
	return fmt.Errorf("read %s: %w", t.name, err)
}
