package lead

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/paceline/paceline"
)

// Limits that keep a hostile or broken file from exhausting memory.
const (
	// DefaultMaxRecordBytes bounds one record (all its fields): a 10 MB "field" is an
	// unclosed quote or a binary blob, never a lead.
	DefaultMaxRecordBytes = 1 << 20
	// DefaultMaxRecordLines bounds how many physical lines one quoted record may span.
	DefaultMaxRecordLines = 1000
	// maxPreambleLines is how far down the header line is looked for.
	maxPreambleLines = 50
)

// errRecordTooLarge is returned by the guard when a record outgrows its bound.
var errRecordTooLarge = errors.New("record too large")

// records streams the CSV records of decoded UTF-8 text with the physical line each
// starts on.
type records struct {
	csv       *csv.Reader
	guard     *guard
	lineBase  int // physical lines skipped before the header (preamble)
	maxBytes  int
	maxLines  int
	delimiter rune
	lastLine  int           // physical line the last good record started on
	buf       *bufio.Reader // what the CSV parser reads from, to tell the end of the input
}

// guard refuses to read more than a bound past the start of the current record, so a
// runaway field fails fast instead of filling memory.
type guard struct {
	r      io.Reader
	n      int64 // bytes handed out so far
	limit  int64
	quotes int64 // '"' bytes handed out so far: odd at the end when a quote was never closed
	eof    bool  // r has reported io.EOF
}

func (g *guard) Read(p []byte) (int, error) {
	if g.n >= g.limit {
		return 0, errRecordTooLarge
	}
	if rest := g.limit - g.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	g.quotes += int64(bytes.Count(p[:n], []byte{'"'}))
	if err == io.EOF {
		g.eof = true
	}
	return n, err
}

// crReader turns every CR into LF.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// newRecords finds the header line (skipping a preamble such as LinkedIn's "Notes:"
// paragraph), sniffs the delimiter from it and returns the header fields and a record
// stream positioned after it.
func newRecords(text *bufio.Reader, maxBytes, maxLines int) (*records, []string, error) {
	head, err := text.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, fmt.Errorf("read header: %w", err)
	}
	if bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0 {
		// Classic Mac line ends (Excel's "CSV (Macintosh)"): read CR as LF.
		text = bufio.NewReaderSize(crReader{text}, sniffSize)
		if head, err = text.Peek(sniffSize); err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, nil, fmt.Errorf("read header: %w", err)
		}
	}
	skipLines, skipBytes, delim := findHeader(head)
	if _, err := text.Discard(skipBytes); err != nil {
		return nil, nil, fmt.Errorf("skip preamble: %w", err)
	}
	g := &guard{r: text}
	buf := bufio.NewReaderSize(g, sniffSize)
	cr := csv.NewReader(buf) // reads buf itself, so buf.Buffered() is what the parser has not read
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	rs := &records{csv: cr, guard: g, lineBase: skipLines, maxBytes: maxBytes, maxLines: maxLines, delimiter: delim, buf: buf}
	header, line, err := rs.next()
	switch {
	case err == io.EOF:
		return nil, nil, paceline.Errorf(paceline.EINVALID, "the file has no header line; export the list again with its column names")
	case err != nil:
		return nil, nil, err
	}
	if len(header) == 1 && strings.TrimSpace(header[0]) == "" {
		return nil, nil, paceline.Errorf(paceline.EINVALID, "line %d: the header line is empty", line)
	}
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	}
	return rs, out, nil
}

// next returns the next record and the physical line it starts on. The slice is reused
// by the following call. A *RowError is a bad record the stream can go past; any other
// error ends the stream.
func (rs *records) next() ([]string, int, error) {
	rs.guard.limit = rs.guard.n + int64(rs.maxBytes) + sniffSize
	rec, err := rs.csv.Read()
	if errors.Is(err, errRecordTooLarge) && rs.lastLine == 0 {
		return nil, 0, paceline.Errorf(paceline.EINVALID,
			"line %d: the header line is longer than %d bytes; this is not a lead list", rs.lineBase+1, rs.maxBytes)
	}
	if errors.Is(err, errRecordTooLarge) {
		return nil, 0, paceline.Errorf(paceline.EINVALID,
			"after line %d: a record is longer than %d bytes (an unclosed quote, or a field that is not lead data); fix the file and import it again",
			rs.lastLine, rs.maxBytes)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, rs.lineBase + pe.StartLine, &RowError{Line: rs.lineBase + pe.StartLine, Reason: pe.Err.Error()}
	}
	if err != nil {
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		return nil, 0, fmt.Errorf("read CSV after line %d: %w", rs.lastLine, err)
	}
	line, _ := rs.csv.FieldPos(0)
	line += rs.lineBase
	rs.lastLine = line
	lastStart, _ := rs.csv.FieldPos(len(rec) - 1)
	if last := rec[len(rec)-1]; strings.IndexByte(last, '\n') >= 0 && rs.unclosedAtEnd() {
		// The parser (LazyQuotes) takes a quote that is never closed as a field running
		// to the end of the file: the rows after it were swallowed into this one and
		// would be lost without a word.
		return nil, 0, paceline.Errorf(paceline.EINVALID,
			"line %d: a quote opened in this record is never closed, so the rest of the file (to line %d) reads as one field; close the quote and import again",
			line, lastStart+rs.lineBase+strings.Count(strings.TrimSuffix(last, "\n"), "\n"))
	}
	if span := lastStart + rs.lineBase - line + 1 + strings.Count(rec[len(rec)-1], "\n"); span > rs.maxLines {
		return rec, line, &RowError{Line: line, Reason: fmt.Sprintf("spans %d lines, more than %d (an unclosed quote?)", span, rs.maxLines)}
	}
	return rec, line, nil
}

// unclosedAtEnd reports whether the record just read ran to the end of the input with
// a quote left open: nothing is left to read and the input held an odd number of
// quote characters (a closed quoted field, an escaped "" and a pair of stray quotes all
// count two).
func (rs *records) unclosedAtEnd() bool {
	if !rs.guard.eof || rs.buf.Buffered() > 0 || rs.guard.quotes%2 == 0 {
		return false
	}
	_, err := rs.buf.Peek(1)
	return err == io.EOF
}

// findHeader looks at the first lines for the header: the first line that a preset
// recognises, else the first non-empty line. It returns how many physical lines and
// bytes come before it, and the delimiter sniffed from it, or the one Excel's sep=
// hint on the first line names (the hint is then part of the preamble).
func findHeader(head []byte) (lines, offset int, delim rune) {
	first, firstOff, firstLines := -1, 0, 0
	off, start := 0, 0
	hint, hintEnd, hinted := sepHint(head)
	if hinted {
		off, start = hintEnd, 1
	}
	for n := start; n < maxPreambleLines && off < len(head); n++ {
		end := bytes.IndexByte(head[off:], '\n')
		if end < 0 {
			end = len(head) - off
		}
		line := strings.TrimRight(string(head[off:off+end]), "\r")
		if strings.TrimSpace(line) != "" {
			d := sniffDelimiter(line)
			if hinted {
				d = hint
			}
			if first < 0 {
				first, firstOff, firstLines = n, off, n
				delim = d
			}
			if isKnownHeader(splitHeader(line, d)) {
				return n, off, d
			}
		}
		off += end + 1
	}
	if first < 0 {
		if hinted {
			return start, hintEnd, hint
		}
		return 0, 0, ','
	}
	return firstLines, firstOff, delim
}

// sepHint reads Excel's delimiter hint, a first line "sep=;" (after a byte order mark,
// quoted or padded with the delimiter as some tools write it), which Excel writes
// so that the file opens in columns whatever the reader's locale. It returns the
// delimiter and the offset of the line after the hint; ok is false when the first line
// is no hint or names a delimiter a CSV cannot have (a quote, a line break).
func sepHint(head []byte) (delim rune, next int, ok bool) {
	end := bytes.IndexByte(head, '\n')
	next = end + 1
	if end < 0 {
		end, next = len(head), len(head)
	}
	line := strings.TrimPrefix(strings.TrimRight(string(head[:end]), "\r"), "\uFEFF")
	if u, quoted := strings.CutPrefix(line, `"`); quoted {
		if i := strings.IndexByte(u, '"'); i >= 0 {
			line = u[:i] + u[i+1:] // "sep=;" and "sep=;";; as a spreadsheet quotes it
		}
	}
	if len(line) < 5 || !strings.EqualFold(line[:4], "sep=") {
		return 0, 0, false
	}
	d, size := utf8.DecodeRuneInString(line[4:])
	if strings.Trim(line[4+size:], string(d)) != "" || d == '"' || d == '\r' || d == '\n' || d == utf8.RuneError || d == 0 {
		return 0, 0, false
	}
	return d, next, true
}

// sniffDelimiter counts ',', ';' and tab outside quotes in the header line and picks
// the most frequent; ',' on a tie or when none is present.
func sniffDelimiter(line string) rune {
	var comma, semi, tab int
	quoted := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				comma++
			}
		case ';':
			if !quoted {
				semi++
			}
		case '\t':
			if !quoted {
				tab++
			}
		}
	}
	switch {
	case tab > comma && tab > semi:
		return '\t'
	case semi > comma:
		return ';'
	default:
		return ','
	}
}

// splitHeader splits one header line on the delimiter, unquoting simply; it is only
// used to recognise a header, the real parse is encoding/csv's.
func splitHeader(line string, d rune) []string {
	parts := strings.Split(line, string(d))
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"`)
	}
	return parts
}

// isKnownHeader reports whether a line is a preset's header: it holds a signature
// column and at least two other known columns.
func isKnownHeader(fields []string) bool {
	if len(fields) < 3 {
		return false
	}
	return detectPreset(fields) != PresetGeneric
}
