package lead

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paceline/paceline"
)

// A file whose first byte (after white space) is '[' is read as the JSON array that
// paceline leads export --format json writes, so that an export in either format
// imports back: one lead per element, streamed with json.Decoder, each element
// mapped to the columns of the paceline preset and read by the same code as a CSV
// row. The fields the import derives again (id, keys, seniority, score ...) are
// ignored, as the preset drops their columns.

// jsonColumns are the element fields read through the paceline preset, in the order
// of the record jsonLead.record builds.
var jsonColumns = []string{"first_name", "last_name", "name", "profile_url", "sales_key", "email", "company",
	"title", "location", "industry", "employees_min", "employees_max", "open_profile", "premium",
	"mutual_connections", "opted_out_at"}

// jsonLead is what the import reads of one element of the array.
type jsonLead struct {
	FirstName         string            `json:"first_name"`
	LastName          string            `json:"last_name"`
	Name              string            `json:"name"`
	ProfileURL        string            `json:"profile_url"`
	SalesKey          string            `json:"sales_key"`
	Email             string            `json:"email"`
	Company           string            `json:"company"`
	Title             string            `json:"title"`
	Location          string            `json:"location"`
	Industry          string            `json:"industry"`
	EmployeesMin      int               `json:"employees_min"`
	EmployeesMax      int               `json:"employees_max"`
	OpenProfile       bool              `json:"open_profile"`
	Premium           bool              `json:"premium"`
	MutualConnections int               `json:"mutual_connections"`
	OptedOutAt        string            `json:"opted_out_at"`
	Custom            map[string]string `json:"custom"`
	Lists             []string          `json:"lists"`
}

// record appends the element's fields to rec in the order of jsonColumns.
func (j *jsonLead) record(rec []string) []string {
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	return append(rec, j.FirstName, j.LastName, j.Name, j.ProfileURL, j.SalesKey, j.Email, j.Company,
		j.Title, j.Location, j.Industry, num(j.EmployeesMin), num(j.EmployeesMax),
		strconv.FormatBool(j.OpenProfile), strconv.FormatBool(j.Premium), num(j.MutualConnections), j.OptedOutAt)
}

// jsonLeads streams the elements of the array, or of the arrays of the object an
// export with a suppression list writes ({"suppressions": [...], "leads": [...]}).
type jsonLeads struct {
	dec      *json.Decoder
	lines    *lineCounter
	rec      []string
	maxBytes int
	done     bool
	object   bool   // the file is the object, not a bare array of leads
	section  string // the array being read: jsonLeadsKey, jsonSuppressionsKey, or "" between them
}

// The arrays of the object paceline leads export --format json writes.
const (
	jsonLeadsKey        = "leads"
	jsonSuppressionsKey = "suppressions"
)

// firstByte returns the first byte of text that is not white space, 0 when the
// start of the file holds none.
func firstByte(text *bufio.Reader) byte {
	head, _ := text.Peek(sniffSize)
	if i := bytes.IndexFunc(head, func(r rune) bool { return r != ' ' && r != '\t' && r != '\r' && r != '\n' }); i >= 0 {
		return head[i]
	}
	return 0
}

// newJSONReader prepares to stream the array of leads in text. A column map or a
// preset other than paceline's is refused: they name CSV columns.
func newJSONReader(text *bufio.Reader, enc string, opt Options) (*Reader, error) {
	if len(opt.Map) > 0 {
		return nil, paceline.FieldErrorf("map", "names CSV columns, and this file is JSON (read as the array paceline leads export --format json writes); leave --map out or import a CSV file")
	}
	if opt.Preset != "" && opt.Preset != PresetPaceline {
		return nil, paceline.FieldErrorf("preset", "%q names a CSV format, and this file is JSON (read as the array paceline leads export --format json writes); leave --preset out or import a CSV file", opt.Preset)
	}
	cols, err := mapColumns(jsonColumns, PresetPaceline, nil)
	if err != nil {
		return nil, err
	}
	lines := &lineCounter{r: text, line: 1, limit: opt.MaxRecordBytes + sniffSize}
	dec := json.NewDecoder(lines)
	open, err := dec.Token() // the '[' or '{' firstByte saw
	if err != nil {
		return nil, jsonError(lines, dec, err)
	}
	j := &jsonLeads{dec: dec, lines: lines, maxBytes: opt.MaxRecordBytes, section: jsonLeadsKey}
	if open == json.Delim('{') {
		j.object, j.section = true, ""
	}
	rd := &Reader{json: j, preset: PresetPaceline,
		encoding: enc, columns: cols, norm: NewNormalizer()}
	for i, c := range cols {
		if c.Field == FieldProfileURL {
			rd.urlCols = append(rd.urlCols, i)
		}
	}
	rd.hasEmail = true
	return rd, nil
}

// readJSON fills row with the next element of the array; Read's contract.
func (r *Reader) readJSON(row *Row) error {
	*row = Row{Keys: row.Keys[:0], Warnings: row.Warnings[:0]}
	j := r.json
	if j.done {
		return io.EOF
	}
	if err := j.advance(); err != nil {
		if err == io.EOF {
			j.done = true
		}
		return err
	}
	row.Line = j.lines.lineAt(j.lines.start)
	if j.section == jsonSuppressionsKey {
		return j.readSuppression(row)
	}
	var el jsonLead
	if ok, err := j.decode(row, &el, "a lead"); !ok {
		return err
	}
	j.rec = el.record(j.rec[:0])
	if reason := r.checkShape(j.rec); reason != "" {
		row.Err = &RowError{Line: row.Line, Reason: reason}
		return nil
	}
	r.fill(row, j.rec)
	if row.Err != nil {
		return nil
	}
	for k, v := range el.Custom {
		if k, v = strings.TrimSpace(dropControls(k)), strings.TrimSpace(dropControls(v)); k != "" && v != "" {
			if row.Lead.Custom == nil {
				row.Lead.Custom = make(map[string]string, len(el.Custom))
			}
			row.Lead.Custom[k] = v
		}
	}
	for _, name := range el.Lists {
		r.addList(row, "lists", name)
	}
	return nil
}

// advance moves the decoder to the next element of an array, past the ends of
// arrays and the keys of the object, and returns io.EOF after the end of the file.
func (j *jsonLeads) advance() error {
	for {
		j.lines.start = j.dec.InputOffset()
		if j.section != "" {
			if j.dec.More() {
				return nil
			}
			if _, err := j.dec.Token(); err != nil { // the closing ']'
				return jsonError(j.lines, j.dec, err)
			}
			j.section = ""
			if !j.object {
				return j.end("array of leads")
			}
			continue
		}
		tok, err := j.dec.Token()
		if err != nil {
			return jsonError(j.lines, j.dec, err)
		}
		if tok == json.Delim('}') {
			return j.end("object")
		}
		key, _ := tok.(string)
		if key != jsonLeadsKey && key != jsonSuppressionsKey {
			return paceline.Errorf(paceline.EINVALID, "line %d: the JSON object has a field %q; import takes the object leads export --format json writes, with the arrays \"suppressions\" and \"leads\"",
				j.lines.lineAt(j.lines.start), clip(fmt.Sprint(tok)))
		}
		if tok, err = j.dec.Token(); err != nil {
			return jsonError(j.lines, j.dec, err)
		}
		if tok != json.Delim('[') {
			return paceline.Errorf(paceline.EINVALID, "line %d: the field %q of the JSON object is not an array; export the leads again",
				j.lines.lineAt(j.lines.start), key)
		}
		j.section = key
	}
}

// end checks that nothing follows what ended (the array or the object), and
// returns io.EOF.
func (j *jsonLeads) end(what string) error {
	j.lines.start = j.dec.InputOffset()
	_, err := j.dec.Token()
	switch {
	case err == io.EOF:
		return io.EOF
	case err == nil:
		return paceline.Errorf(paceline.EINVALID, "line %d: the file goes on after the %s ends; import takes one JSON array or object, as leads export --format json writes it",
			j.lines.lineAt(j.lines.start), what)
	}
	return jsonError(j.lines, j.dec, err)
}

// jsonSuppression is one element of the "suppressions" array, read as written.
type jsonSuppression struct {
	KeyHash string `json:"suppressed_key_hash"`
	Reason  string `json:"reason"`
	At      string `json:"at"`
}

// readSuppression fills row with the entry of the suppression list the decoder is at.
func (j *jsonLeads) readSuppression(row *Row) error {
	var el jsonSuppression
	if ok, err := j.decode(row, &el, "an entry of the suppression list"); !ok {
		return err
	}
	sup, reason := parseSuppression(el.KeyHash, el.Reason, el.At)
	if sup == nil {
		row.Err = &RowError{Line: row.Line, Reason: reason}
		return nil
	}
	row.Suppression = sup
	return nil
}

// decode reads the element the decoder is at into el. An element of the wrong shape is
// the row's error (ok false, err nil: the next element can still be read); JSON that
// stops making sense is err, and nothing after it can be read. what names the element
// expected, for the row's error.
func (j *jsonLeads) decode(row *Row, el any, what string) (ok bool, err error) {
	err = j.dec.Decode(el)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field == "":
		row.Err = &RowError{Line: row.Line, Reason: fmt.Sprintf("is a JSON %s, not %s (an object)", te.Value, what)}
		return false, nil
	case errors.As(err, &te):
		row.Err = &RowError{Line: row.Line, Reason: fmt.Sprintf("field %q holds a JSON %s, not a %s", te.Field, te.Value, te.Type)}
		return false, nil
	case err != nil:
		return false, jsonError(j.lines, j.dec, err)
	}
	return true, nil
}

// jsonError says where the JSON stops making sense; nothing after it can be read.
func jsonError(lines *lineCounter, dec *json.Decoder, err error) error {
	if errors.Is(err, errRecordTooLarge) {
		return paceline.Errorf(paceline.EINVALID,
			"line %d: a lead is longer than %d bytes (an unclosed string, or data that is not a lead); fix the file and import it again",
			lines.lineAt(lines.start), lines.limit-sniffSize)
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return paceline.Errorf(paceline.EINVALID, "the JSON array of leads is cut short (no closing ]); export it again")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return paceline.Errorf(paceline.EINVALID, "line %d: not valid JSON: %s; fix the file or export it again",
			lines.lineAt(se.Offset-1), se.Error())
	}
	return fmt.Errorf("read JSON leads: %w", err)
}

// lineCounter passes reads through and keeps the bytes from the last offset it was
// asked about on, so that the line of a later offset can be counted. It refuses to
// hold more than limit bytes past start, the beginning of the element being
// decoded: an endless string fails fast instead of filling memory.
type lineCounter struct {
	r     io.Reader
	buf   []byte // the bytes read from base on
	base  int64
	line  int   // the line base is on
	start int64 // where the current element begins
	limit int
}

func (c *lineCounter) Read(p []byte) (int, error) {
	if held := c.base + int64(len(c.buf)) - c.start; held > int64(c.limit) {
		return 0, errRecordTooLarge
	}
	n, err := c.r.Read(p)
	c.buf = append(c.buf, p[:n]...)
	return n, err
}

// lineAt returns the line of the first byte at or after off that is neither white
// space nor a comma (where the next element begins), and forgets the bytes before
// off. Offsets must not go back.
func (c *lineCounter) lineAt(off int64) int {
	d := int(min(max(off-c.base, 0), int64(len(c.buf))))
	c.line += bytes.Count(c.buf[:d], []byte{'\n'})
	c.base += int64(d)
	c.buf = c.buf[:copy(c.buf, c.buf[d:])]
	line := c.line
	for _, b := range c.buf {
		switch b {
		case '\n':
			line++
		case ' ', '\t', '\r', ',':
		default:
			return line
		}
	}
	return line
}
