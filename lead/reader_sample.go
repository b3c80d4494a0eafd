package lead

import (
	"io"
	"slices"
)

// identitySample is how many records the Reader reads ahead, when the header names no
// identity column, to find one by its values (applyIdentityGuesses).
const identitySample = 50

// sampledRecord is a record read ahead, as records.next returned it.
type sampledRecord struct {
	rec  []string
	line int
	err  error
}

// next returns the next record: the sampled ones first, then the rest of the file.
func (r *Reader) next() ([]string, int, error) {
	if len(r.sampled) > 0 {
		s := r.sampled[0]
		r.sampled = r.sampled[1:]
		return s.rec, s.line, s.err
	}
	return r.recs.next()
}

// hasIdentity reports whether a column feeds a key: a LinkedIn URL, a Sales
// Navigator id or an email.
func hasIdentity(cols []Column) bool {
	for _, c := range cols {
		switch c.Field {
		case FieldProfileURL, FieldEmail, FieldSalesKey:
			return true
		}
	}
	return false
}

// guessIdentity reads the first records ahead (Read hands them out again) and reads
// as an identity column each custom column whose values are mostly LinkedIn URLs or
// email addresses, unless the column map names it. It returns what the error of a
// file still without an identity column should tell the user (identityHint).
// A fatal error met while reading ahead is kept for Read to return in its turn.
func (r *Reader) guessIdentity(userMap map[string]string) string {
	var sample [][]string
	for len(r.sampled) < identitySample {
		rec, line, err := r.recs.next()
		if err == io.EOF {
			break
		}
		r.sampled = append(r.sampled, sampledRecord{rec: slices.Clone(rec), line: line, err: err})
		if err != nil {
			if _, bad := err.(*RowError); !bad {
				break // fatal: Read returns it in its turn
			}
			continue
		}
		sample = append(sample, r.sampled[len(r.sampled)-1].rec)
	}
	mapped := make(map[string]bool, len(userMap))
	for col := range userMap {
		mapped[foldHeader(col)] = true
	}
	applied, hints := applyIdentityGuesses(r.columns, sample, mapped)
	for _, g := range applied {
		r.guessed = append(r.guessed, r.columns[g.column])
	}
	return identityHint(hints)
}

// Guessed returns the columns the header did not name as identities but their
// values showed to be (LinkedIn URLs or email addresses), for the caller to say so.
func (r *Reader) Guessed() []Column { return r.guessed }

// exportColumns are columns only paceline's CSV export writes, spelt as it writes
// them: a header holding them all is the export's.
var exportColumns = []string{"id", "profile_key", "company_key", "opted_out_at"}

// isExportHeader reports whether the header is paceline's own CSV export (leads
// export), whose cells the Reader may undefuse: in another file a leading quote is
// the user's to keep.
func isExportHeader(header []string) bool {
	for _, c := range exportColumns {
		if !slices.Contains(header, c) {
			return false
		}
	}
	return true
}

// GuessedColumn is a column read as an identity from its values, as an import
// report names it: the header and the field ("profile_url" or "email").
type GuessedColumn struct {
	Column string `json:"column"`
	Field  string `json:"field"`
}
