package leadrow

import (
	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/internal/row"
)

// Missing is the error for an id no lead has.
func Missing(id int64) error {
	return paceline.Errorf(paceline.ENOTFOUND, "no lead has id %d", id)
}

// ReadKeys reads every lead_keys row (kind, value) of lead id. fail wraps an error of
// a row or of the result set with what the store was doing; a row that is no key is
// ParseKey's error. The caller closes rows.
func ReadKeys(rows row.Rows, id int64, fail func(error) error) ([]lead.Key, error) {
	var keys []lead.Key
	for rows.Next() {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return nil, fail(err)
		}
		k, err := ParseKey(id, kind, value)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return keys, nil
}
