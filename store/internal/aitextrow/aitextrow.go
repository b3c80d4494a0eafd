// Package aitextrow is how both stores keep what AI writing produced (migration 0009
// of each store holds the same columns): what an entry needs, the selection of a
// filter, the errors the stores answer with, and the decoding of a row. The SQL stays
// in each store; what it selects is Columns, in the order Scan reads.
package aitextrow

import (
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/personalize/aiwrite"
	"github.com/paceline/paceline/store/internal/row"
)

// Columns an entry is written and read with, in the order Scan reads them.
const Columns = `lead, campaign, step, text, status, cause, reason, tokens, cost, payload, created_at, sent_at`

// Check refuses an entry that could not be found again or reviewed.
func Check(e aiwrite.Entry) error {
	if e.LeadKey == "" || e.StepID == "" || e.Status == "" {
		return paceline.Errorf(paceline.EINVALID, "an AI text needs its lead, step and status")
	}
	return nil
}

// Fallback is the cause and reason columns of e: empty when the text is the AI's own.
func Fallback(e aiwrite.Entry) (cause, reason string) {
	if f := e.Fallback; f != nil {
		return string(f.Cause), f.Reason
	}
	return "", ""
}

// Missing is the error for marking sent a text that does not exist.
func Missing(k aiwrite.Key) error {
	return paceline.Errorf(paceline.ENOTFOUND, "there is no AI text for %s", k)
}

// Where is the clause that selects the texts of f ("" for all) with its arguments;
// none reports a filter that selects nothing. in is the store's condition that the
// status is one of statuses, with its arguments.
func Where(f aiwrite.EntryFilter, in func(statuses []string) (string, []any)) (clause string, args []any, none bool) {
	var where []string
	if f.Statuses != nil {
		if len(f.Statuses) == 0 {
			return "", nil, true
		}
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			statuses[i] = string(st)
		}
		cond, a := in(statuses)
		where, args = append(where, cond), a
	}
	if f.Unsent {
		where = append(where, "payload <> '' AND sent_at IS NULL")
	}
	if len(where) > 0 {
		clause = "WHERE " + strings.Join(where, " AND ")
	}
	return clause, args, false
}

// Scan reads a row of Columns. N is the driver's scan target for the nullable
// sent_at, and fromNull turns it into a time (zero for NULL). Its error is the
// driver's as it is.
func Scan[N any](r row.Scanner, fromNull func(N) time.Time) (aiwrite.Entry, error) {
	var e aiwrite.Entry
	var status, cause, reason string
	var tokens int64
	var sent N
	if err := r.Scan(&e.LeadKey, &e.Campaign, &e.StepID, &e.Text, &status, &cause, &reason, &tokens, &e.Cost,
		&e.Payload, &e.CreatedAt, &sent); err != nil {
		return aiwrite.Entry{}, err
	}
	e.Status, e.Tokens, e.CreatedAt, e.SentAt = aiwrite.Status(status), int(tokens), e.CreatedAt.UTC(), fromNull(sent)
	if cause != "" || reason != "" {
		e.Fallback = &aiwrite.Fallback{Cause: aiwrite.Cause(cause), Reason: reason}
	}
	return e, nil
}
