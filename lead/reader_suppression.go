package lead

import (
	"slices"
	"strings"
)

// paceline's CSV export carries the database's suppression list in rows of their
// own, before the leads: only the three columns below are set, so that no such row
// reads as a lead, in a spreadsheet or to the import. Lead rows leave them empty.

// The columns of a suppression entry in paceline's CSV export.
const (
	ColumnSuppressedKeyHash = "suppressed_key_hash"
	ColumnSuppressionReason = "suppression_reason"
	ColumnSuppressedAt      = "suppressed_at"
)

// suppressionColumns are where an export's header has the entry columns.
type suppressionColumns struct {
	hash, reason, at int // -1 for a column the header lacks
	// lead lists the columns a lead row fills and an entry leaves empty.
	lead []int
}

// findSuppressionColumns finds the entry columns of an export's header and drops
// them from what rows feed (they would be custom fields); nil when the header has no
// hash column.
func findSuppressionColumns(header []string, cols []Column) *suppressionColumns {
	s := &suppressionColumns{
		hash:   slices.Index(header, ColumnSuppressedKeyHash),
		reason: slices.Index(header, ColumnSuppressionReason),
		at:     slices.Index(header, ColumnSuppressedAt),
	}
	if s.hash < 0 {
		return nil
	}
	for _, i := range []int{s.hash, s.reason, s.at} {
		if i >= 0 && cols[i].Field == FieldCustom {
			cols[i].Field, cols[i].Custom = FieldIgnore, ""
		}
	}
	for i, c := range cols {
		switch c.Field {
		case FieldProfileURL, FieldEmail, FieldSalesKey, FieldFirstName, FieldLastName, FieldFullName:
			s.lead = append(s.lead, i)
		}
	}
	return s
}

// read fills row with the entry a record holds and reports whether it holds one: a
// row with a hash is an entry of the suppression list, never a lead.
func (s *suppressionColumns) read(row *Row, rec []string) bool {
	hash := strings.TrimSpace(rec[s.hash])
	if hash == "" {
		return false
	}
	for _, i := range s.lead {
		if strings.TrimSpace(rec[i]) != "" {
			row.Err = &RowError{Line: row.Line, Reason: "has a " + ColumnSuppressedKeyHash +
				" and a lead's name or identity: a row of paceline's export is an entry of the suppression list or a lead, not both; empty one or the other"}
			return true
		}
	}
	cell := func(i int) string {
		if i < 0 {
			return ""
		}
		return rec[i]
	}
	sup, reason := parseSuppression(hash, undefuse(strings.TrimSpace(cell(s.reason))), cell(s.at))
	if sup == nil {
		row.Err = &RowError{Line: row.Line, Reason: reason}
		return true
	}
	row.Suppression = sup
	return true
}
