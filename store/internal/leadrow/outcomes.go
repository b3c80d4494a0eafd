package leadrow

import "github.com/paceline/paceline/store/internal/row"

// ReadOutcomes folds every row of the outcome query (the stored lead's id or NULL,
// whether it accepted, whether it replied) into Outcomes. fail wraps an error of a row
// or of the result set with what the store was doing; the caller closes rows.
func ReadOutcomes(rows row.Rows, fail func(error) error) (*Outcomes, error) {
	var o Outcomes
	for rows.Next() {
		var id *int64
		var accepted, replied bool
		if err := rows.Scan(&id, &accepted, &replied); err != nil {
			return nil, fail(err)
		}
		o.Add(id, accepted, replied)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return &o, nil
}
