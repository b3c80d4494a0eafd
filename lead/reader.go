package lead

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
)

// Options steer a Reader. The zero value detects everything.
type Options struct {
	// Preset forces a header preset (see Presets); "" detects it from the header.
	Preset string
	// Map maps header names to field names ("Profile" -> "profile_url"), on top of the
	// preset; a field name of "-" drops the column.
	Map map[string]string
	// MaxRecordBytes and MaxRecordLines bound one record; zero means the defaults.
	MaxRecordBytes int
	MaxRecordLines int
	// NoIdentityHint is what the error of a file with no identity column tells the
	// user to do; "" names --map, which leads import takes.
	NoIdentityHint string
}

// RowError is a row the import rejects: the physical line of the file it starts on
// (1-based, counting a skipped preamble) and why.
type RowError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// RowWarning is a value an accepted row lost: the line it is on, the column as the
// file heads it, the value as written and why it was dropped ("# Employees" = "abc"
// is not a head count).
type RowWarning struct {
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// Error formats the rejection as "line N: reason".
func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Row is one record of the file, normalised. A rejected row has Err set and its Lead is
// not to be used. Warnings say what was dropped from an accepted row (a bad email next
// to a good profile URL, for instance).
type Row struct {
	Line int
	Lead paceline.Lead
	// Keys are the row's canonical keys, the lead's own first (Keys), then those the
	// lead has no field for: a member-id /in/ key beside a vanity slug, the addresses
	// of the row's email columns after the first. Reused by the next Read.
	Keys     []Key
	Err      *RowError
	Warnings []RowWarning // reused by the next Read
	// OptedOut is set when the row says the person opted out (FieldOptedOutAt holds a
	// yes or a date): the import puts its keys on the suppression list and counts it
	// suppressed.
	OptedOut bool
	// OptedOutAt is when, as the row says it (paceline's export writes RFC 3339); zero
	// when the row only says yes.
	OptedOutAt time.Time
	// Suppression is set, and the rest left empty, for a row that is an entry of the
	// suppression list paceline's export carries (reader_suppression.go): the import
	// puts it back on the list.
	Suppression *Suppression

	emailCol int // 1 + the index in Columns of the column the email came from; 0 for none
}

// Reader streams the leads of a CSV file: it decodes the text, skips a preamble, finds
// and maps the header, and then yields one normalised Row per record, holding only the
// current record in memory.
type Reader struct {
	recs     *records
	json     *jsonLeads // set instead of recs for a JSON array (reader_json.go)
	preset   string
	encoding string
	columns  []Column
	norm     *Normalizer

	urlCols    []int
	hasEmail   bool
	customCols int

	// defused is set for paceline's own CSV export, whose text cells may carry the
	// quote the export puts before a would-be formula (undefuse).
	defused bool
	// sampled holds the records read ahead to guess identity columns by their values
	// (reader_sample.go), handed out by Read before the rest of the file.
	sampled []sampledRecord
	// guessed lists the columns read as identities from their values.
	guessed []Column
	// sup holds the columns of the suppression list in paceline's export
	// (reader_suppression.go); nil when the file has none.
	sup *suppressionColumns
	// moreEmails holds, while fill reads a record, its addresses after the first.
	moreEmails []string
}

// NewReader reads the header of r and prepares to stream its rows. It fails, before any
// row is read, on an empty or binary file, on an unknown preset or map column, and on a
// header with no column that can identify a lead (a LinkedIn URL or an email).
func NewReader(r io.Reader, opt Options) (*Reader, error) {
	if opt.MaxRecordBytes <= 0 {
		opt.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if opt.MaxRecordLines <= 0 {
		opt.MaxRecordLines = DefaultMaxRecordLines
	}
	text, enc, err := decodeText(r)
	if err != nil {
		return nil, err
	}
	switch firstByte(text) {
	case '[', '{':
		return newJSONReader(text, enc, opt)
	}
	recs, header, err := newRecords(text, opt.MaxRecordBytes, opt.MaxRecordLines)
	if err != nil {
		return nil, err
	}
	name := opt.Preset
	if name == "" {
		name = detectPreset(header)
	}
	cols, err := mapColumns(header, name, opt.Map)
	if err != nil {
		return nil, err
	}
	rd := &Reader{recs: recs, preset: name, encoding: enc, columns: cols, norm: NewNormalizer(),
		defused: isExportHeader(header)}
	if rd.defused {
		rd.sup = findSuppressionColumns(header, cols)
	}
	if !hasIdentity(cols) {
		// The header names no identity column: the values of the first records may
		// show one (preset_values.go).
		hint := rd.guessIdentity(opt.Map)
		if opt.NoIdentityHint == "" {
			opt.NoIdentityHint = hint
		}
	}
	for i, c := range cols {
		switch c.Field {
		case FieldProfileURL:
			rd.urlCols = append(rd.urlCols, i)
		case FieldEmail:
			rd.hasEmail = true
		case FieldCustom:
			rd.customCols++
		}
	}
	if len(rd.urlCols) == 0 && !rd.hasEmail {
		return nil, paceline.Errorf(paceline.EINVALID,
			"no column holds a LinkedIn profile URL or an email address, so no lead can be identified (columns: %s); %s",
			quoteList(header), opt.NoIdentityHint)
	}
	return rd, nil
}

// Preset returns the preset in use, detected or forced.
func (r *Reader) Preset() string { return r.preset }

// Encoding returns the text encoding the file was read in.
func (r *Reader) Encoding() string { return r.encoding }

// Delimiter returns the field delimiter sniffed from the header line; 0 for JSON.
func (r *Reader) Delimiter() rune {
	if r.recs == nil {
		return 0
	}
	return r.recs.delimiter
}

// Columns returns the header columns and the field each one feeds.
func (r *Reader) Columns() []Column { return r.columns }

// Read fills row with the next record. It returns io.EOF after the last one and any
// other error when the file cannot be read on (a record over the size bound, an I/O
// error); a bad row is not an error but a Row with Err set.
func (r *Reader) Read(row *Row) error {
	if r.json != nil {
		return r.readJSON(row)
	}
	*row = Row{Keys: row.Keys[:0], Warnings: row.Warnings[:0]}
	rec, line, err := r.next()
	row.Line = line
	if re, ok := err.(*RowError); ok {
		row.Err = re
		return nil
	}
	if err != nil {
		return err
	}
	if reason := r.checkShape(rec); reason != "" {
		row.Err = &RowError{Line: line, Reason: reason}
		return nil
	}
	if r.sup != nil && r.sup.read(row, rec) {
		return nil
	}
	r.fill(row, rec)
	return nil
}

// checkShape rejects a record with a field count unlike the header's (extra empty
// trailing fields, as spreadsheets leave, are fine) or with bytes that are not text,
// and drops control characters from the fields of a record it keeps (dropControls).
func (r *Reader) checkShape(rec []string) string {
	n := len(r.columns)
	if len(rec) < n {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			return "is blank"
		}
		return fmt.Sprintf("has %s, the header has %d", plural.Count(len(rec), "field"), n)
	}
	for _, f := range rec[n:] {
		if strings.TrimSpace(f) != "" {
			return fmt.Sprintf("has %s, the header has %d", plural.Count(len(rec), "field"), n)
		}
	}
	for i, f := range rec[:n] {
		if isPlainText(f) {
			continue
		}
		if !utf8.ValidString(f) {
			return fmt.Sprintf("column %q is not valid UTF-8 text; save the file as CSV UTF-8", r.columns[i].Header)
		}
		if strings.IndexByte(f, 0) >= 0 {
			return fmt.Sprintf("column %q holds a NUL byte (binary data?)", r.columns[i].Header)
		}
		rec[i] = dropControls(f)
	}
	return ""
}

// isPlainText reports, in one pass, whether s is printable ASCII, tabs and line
// breaks: the common case that needs no closer look.
func isPlainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' && c != '\n' || c >= 0x7F {
			return false
		}
	}
	return true
}

// dropControls removes the control characters of a field but its tabs and line breaks
// (a carriage return becomes a line break). A scraped field can hold a terminal escape
// sequence (ESC ] 0; ... BEL sets the window title, ESC [2J clears the screen), which
// leads show and leads list would otherwise send to the user's terminal as it came.
func dropControls(s string) string {
	clean := func(r rune) bool { return r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) }
	if !strings.ContainsFunc(s, clean) && !strings.ContainsRune(s, '\r') {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case clean(r):
			return -1
		}
		return r
	}, s)
}

// fill maps and normalises one well-shaped record into row.
func (r *Reader) fill(row *Row, rec []string) {
	l := &row.Lead
	var first, last, full, city, state, country string
	var urlErr, emailErr error
	var urlCol, emailCol int // the columns urlErr and emailErr came from
	var empMin, empMax int
	// The row's /in/ keys: its first vanity slug and its first member id. A row may
	// give both (a Sales Navigator export's linkedInProfileUrl and defaultProfileUrl):
	// the lead's ProfileKey is the slug, and both are its keys, so the row is matched
	// to and suppressed by either.
	var vanity, member string
	r.moreEmails = r.moreEmails[:0]
	for i, c := range r.columns {
		v := strings.TrimSpace(rec[i])
		if r.defused {
			v = strings.TrimSpace(undefuse(v))
		}
		if v == "" {
			continue
		}
		switch c.Field {
		case FieldCustom:
			if l.Custom == nil {
				l.Custom = make(map[string]string, r.customCols)
			}
			l.Custom[c.Custom] = v
		case FieldFirstName:
			first = v
		case FieldLastName:
			last = v
		case FieldFullName:
			full = v
		case FieldProfileURL:
			k, err := CanonicalProfileKey(v)
			switch {
			case err != nil:
				if urlErr == nil {
					urlErr, urlCol = err, i
				}
			case k.Type == KeyProfile && isMemberID(k.Value):
				if member == "" {
					member = k.Value
				}
			case k.Type == KeyProfile:
				if vanity == "" {
					vanity = k.Value
				}
			case k.Type == KeySales && l.SalesKey == "":
				l.SalesKey = k.Value
			}
		case FieldEmail:
			e, err := CanonicalEmail(v)
			if err == nil && isPlaceholderEmail(e) {
				err = paceline.FieldErrorf("email", "%q is a placeholder that list vendors write where they hold no address (Apollo: a locked email), not anyone's address", v)
			}
			switch {
			case err != nil:
				emailErr, emailCol = err, i
			case l.Email == "":
				l.Email, row.emailCol = e, i+1
			case e != l.Email && !slices.Contains(r.moreEmails, e):
				// Work Email and Personal Email: both are the person's, and both are
				// keys; the lead's Email is the first.
				r.moreEmails = append(r.moreEmails, e)
			}
		case FieldCompany:
			l.Company = v
		case FieldTitle:
			l.Title = v
		case FieldLocation:
			l.Location = v
		case FieldCity:
			city = v
		case FieldState:
			state = v
		case FieldCountry:
			country = v
		case FieldIndustry:
			l.Industry = v
		case FieldCompanySize:
			if lo, hi, ok := ParseEmployees(v); ok {
				l.EmployeesMin, l.EmployeesMax = lo, hi
			} else {
				row.Warnings = append(row.Warnings, RowWarning{Line: row.Line, Field: c.Header, Value: v,
					Reason: fmt.Sprintf("company size %q is not a head count; ignored", v)})
			}
		case FieldPremium:
			l.Premium = parseFlag(v)
		case FieldOpenProfile:
			l.OpenProfile = parseFlag(v)
		case FieldMutualConnections:
			l.MutualConnections = leadingInt(v)
		case FieldSalesKey:
			k, err := CanonicalProfileKey("https://www.linkedin.com/sales/lead/" + v)
			switch {
			case err != nil || k.Type != KeySales:
				if urlErr == nil {
					urlErr, urlCol = paceline.Errorf(paceline.EINVALID, "sales key %q is not a Sales Navigator member id", v), i
				}
			case l.SalesKey == "":
				l.SalesKey = k.Value
			}
		case FieldEmployeesMin:
			empMin = leadingInt(v)
		case FieldEmployeesMax:
			empMax = leadingInt(v)
		case FieldOptedOutAt:
			var ok bool
			if row.OptedOut, row.OptedOutAt, ok = parseOptOut(v); !ok {
				row.Err = &RowError{Line: row.Line, Reason: optOutValueError(c.Header, v)}
				return
			}
		case FieldLists:
			for name := range strings.SplitSeq(v, listSeparator) {
				r.addList(row, c.Header, name)
			}
		}
	}
	l.ProfileKey = vanity // a vanity slug beats an opaque member id
	if vanity == "" {
		l.ProfileKey = member
	}
	if l.SalesKey == "" {
		l.SalesKey = memberSalesKey(member)
	}
	if (empMin > 0 || empMax > 0) && l.EmployeesMin == 0 && l.EmployeesMax == 0 {
		l.EmployeesMin, l.EmployeesMax = empMin, empMax
	}
	if l.ProfileKey == "" && l.SalesKey == "" && l.Email == "" {
		reason := "has no LinkedIn profile URL and no email address"
		switch {
		case urlErr != nil:
			reason = paceline.ErrorMessage(urlErr)
		case emailErr != nil:
			reason = paceline.ErrorMessage(emailErr)
		}
		row.Err = &RowError{Line: row.Line, Reason: reason}
		return
	}
	if urlErr != nil {
		row.Warnings = append(row.Warnings, RowWarning{Line: row.Line, Field: r.columns[urlCol].Header,
			Value: strings.TrimSpace(rec[urlCol]), Reason: paceline.ErrorMessage(urlErr) + "; the URL was ignored"})
	}
	if emailErr != nil {
		row.Warnings = append(row.Warnings, RowWarning{Line: row.Line, Field: r.columns[emailCol].Header,
			Value: strings.TrimSpace(rec[emailCol]), Reason: paceline.ErrorMessage(emailErr) + "; the email was ignored"})
	}

	first, last = CleanName(first), CleanName(last)
	if first == "" && last == "" && full != "" {
		first, last = SplitName(CleanName(full))
	}
	l.FirstName, l.LastName = first, last
	switch {
	case first != "" && last != "":
		l.DisplayName = first + " " + last
	case first != "":
		l.DisplayName = first
	default:
		l.DisplayName = last
	}
	if l.Company != "" {
		l.CompanyKey = r.norm.Company(l.Company)
	}
	if l.Title != "" {
		l.Seniority, l.Department = r.norm.Title(l.Title)
	}
	if l.Location == "" {
		l.Location = joinNonEmpty(city, state, country)
	} else if country != "" && !strings.Contains(strings.ToLower(l.Location), strings.ToLower(country)) {
		l.Location += ", " + country
	}
	if l.Location != "" {
		l.TimeZone = r.norm.TimeZone(l.Location)
	}
	row.Keys = append(row.Keys, Keys(l)...)
	if vanity != "" && member != "" {
		row.Keys = append(row.Keys, Key{KeyProfile, member})
	}
	for _, e := range r.moreEmails {
		row.Keys = append(row.Keys, Key{KeyEmail, e})
	}
}

// listSeparator parts the lists of a lead in one cell, as paceline's export joins them.
const listSeparator = "; "

// addList makes the lead a member of the list name, or drops the name with a warning
// when CheckListName refuses it.
func (r *Reader) addList(row *Row, header, name string) {
	name = strings.TrimSpace(name)
	if name == "" || slices.Contains(row.Lead.Lists, name) {
		return
	}
	if CheckListName(name) != nil {
		reason := fmt.Sprintf("list name %q has a control character; the list was ignored", name)
		if len(name) > MaxListName {
			reason = fmt.Sprintf("list name is %d bytes long, more than %d; the list was ignored", len(name), MaxListName)
		}
		row.Warnings = append(row.Warnings, RowWarning{Line: row.Line, Field: header, Value: name, Reason: reason})
		return
	}
	row.Lead.Lists = append(row.Lead.Lists, name)
}

// undefuse takes off the quote paceline's export puts before a cell a spreadsheet
// would run as a formula (=, +, -, @, tab or CR first), or before a cell that starts
// with such a quote itself, so that "'+33" comes back as it was written. The Reader
// calls it for paceline's own CSV export only (isExportHeader): in any other file a
// leading quote is the user's.
func undefuse(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.IndexByte("=+-@\t\r'", v[1]) >= 0 {
		return v[1:]
	}
	return v
}

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += p
	}
	return out
}

// parseFlag reads the ways exports write a yes: true, yes, y, 1, x, oui, ja, si.
func parseFlag(s string) bool {
	switch strings.ToLower(s) {
	case "true", "yes", "y", "1", "x", "oui", "ja", "si", "sí", "t", "✓":
		return true
	default:
		return false
	}
}

// leadingInt reads the number a count column starts with ("12", "500+", "1,204 mutual").
func leadingInt(s string) int {
	n, digits := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if n < 1e9 {
				n = n*10 + int(c-'0')
			}
			digits++
		case c == ',' && digits > 0:
		default:
			if digits > 0 {
				return n
			}
			if c != ' ' {
				return 0
			}
		}
	}
	return n
}
