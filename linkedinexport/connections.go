package linkedinexport

import (
	"io"
	"time"

	"github.com/paceline/paceline/lead"
)

// Connection is one row of Connections.csv: a first-degree connection of the archive's
// owner.
type Connection struct {
	Line      int
	FirstName string
	LastName  string
	URL       string
	Key       lead.Key
	Email     string
	Company   string
	Position  string
	// ConnectedOn is the start of the local calendar day LinkedIn gives (the file has
	// dates only, in the owner's time zone).
	ConnectedOn time.Time
}

const (
	connFirst = iota
	connLast
	connURL
	connEmail
	connCompany
	connPosition
	connOn
)

var connectionColumns = []column{
	connFirst:    {names: []string{"first name"}, required: true},
	connLast:     {names: []string{"last name"}, required: true},
	connURL:      {names: []string{"url", "profile url"}, required: true},
	connEmail:    {names: []string{"email address", "email"}},
	connCompany:  {names: []string{"company"}},
	connPosition: {names: []string{"position"}},
	connOn:       {names: []string{"connected on"}, required: true},
}

// ReadConnections parses Connections.csv: a "Notes:" preamble, then the header
// First Name,Last Name,URL,Email Address,Company,Position,Connected On. Dates such as
// "15 Jan 2026" are read as local dates in loc (nil means UTC). A row without a
// readable profile URL or date is returned as Unmatched; a file without the required
// columns, or with broken CSV, is an error naming the file and line.
func ReadConnections(r io.Reader, file string, loc *time.Location) ([]Connection, []Unmatched, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, err := newTable(r, file, connectionColumns)
	if err != nil {
		return nil, nil, err
	}
	var rows []Connection
	var bad []Unmatched
	for {
		ok, err := t.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return rows, bad, nil
		}
		if t.blank() {
			continue
		}
		c := Connection{
			Line: t.line, FirstName: t.get(connFirst), LastName: t.get(connLast),
			URL: t.get(connURL), Email: t.get(connEmail), Company: t.get(connCompany),
			Position: t.get(connPosition),
		}
		var why string
		var cause Cause
		if c.Key, cause, why = profileKey(c.URL); why != "" {
			bad = append(bad, Unmatched{file, t.line, cause, subject(fullName(c.FirstName, c.LastName), why)})
			continue
		}
		on, ok := parseDate(t.get(connOn), connectedLayouts, loc)
		if !ok {
			bad = append(bad, Unmatched{file, t.line, CauseBadDate, subject(fullName(c.FirstName, c.LastName), "unreadable Connected On date "+quote(t.get(connOn)))})
			continue
		}
		c.ConnectedOn = on
		rows = append(rows, c)
	}
}
