package lead

import (
	"fmt"
	"strings"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/plural"
)

// Suppression is one entry of the suppression list as paceline's export carries it:
// the hash of a key (Key.Hash), never the key, with why and since when. An erased
// person, or one who opted out by key without ever being a lead, is on the list
// only: an export that carried the leads alone let them back in when its file was
// imported into another database.
type Suppression struct {
	KeyHash string    `json:"suppressed_key_hash"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
}

// SuppressionRestorer is a Sink that puts entries of a suppression list back, inside
// the import's transaction: the file is paceline's export of a database with a
// suppression list. An import of such a file into a sink without the method fails
// rather than leave those people out.
type SuppressionRestorer interface {
	// RestoreSuppressions adds the entries whose hash is not on the list yet (one
	// already there keeps its reason and time) and returns how many it added. A zero
	// At is the import's time; an empty Reason is paceline.ReasonOptOut.
	RestoreSuppressions(entries []Suppression) (added int, err error)
}

// MaxSuppressionReason bounds the reason of an entry read from a file, in bytes.
const MaxSuppressionReason = 200

// CheckSuppression refuses an entry a store must not keep: a hash that is not
// "in:", "sales:" or "email:" and 64 lower-case hex digits (what Key.Hash writes),
// a reason with a control character or over MaxSuppressionReason bytes.
func CheckSuppression(s Suppression) error {
	kind, sum, ok := strings.Cut(s.KeyHash, ":")
	if !ok || kind != KeyProfile.String() && kind != KeySales.String() && kind != KeyEmail.String() ||
		len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return paceline.FieldErrorf("suppressed_key_hash", "%q is not the hash of a key as paceline writes it (in:, sales: or email: and 64 hex digits); export the suppression list again", clip(s.KeyHash))
	}
	if len(s.Reason) > MaxSuppressionReason {
		return paceline.FieldErrorf("reason", "the reason is %d bytes long, more than %d", len(s.Reason), MaxSuppressionReason)
	}
	if strings.ContainsFunc(s.Reason, func(r rune) bool { return r < ' ' || r == 0x7F }) {
		return paceline.FieldErrorf("reason", "the reason %q has a control character", s.Reason)
	}
	return nil
}

// parseSuppression reads an entry as a file writes it: the hash, the reason and the
// time in RFC 3339 (empty for the import's time). It returns why it cannot.
func parseSuppression(hash, reason, at string) (*Suppression, string) {
	s := &Suppression{KeyHash: strings.TrimSpace(hash), Reason: strings.TrimSpace(reason)}
	if at = strings.TrimSpace(at); at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return nil, fmt.Sprintf("suppressed at %q is not a time as paceline's export writes it (RFC 3339, such as 2026-03-01T10:00:00Z)", clip(at))
		}
		s.At = t.UTC()
	}
	if err := CheckSuppression(*s); err != nil {
		return nil, paceline.ErrorMessage(err)
	}
	return s, ""
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 80 {
		return strings.ToValidUTF8(s[:80], "") + "..."
	}
	return s
}

// restore puts the entries of the suppression list among items back on the list,
// in one call for the batch, before its rows are placed: a row after an entry was
// suppressed by it on the reading side, and an opt-out the batch spreads must find
// the entry's reason in place.
func (p *pipeline) restore(items []importItem) error {
	var entries []Suppression
	first := 0
	for i := range items {
		if items[i].restore != nil {
			if len(entries) == 0 {
				first = items[i].line
			}
			entries = append(entries, *items[i].restore)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	sr, ok := p.sink.(SuppressionRestorer)
	if !ok {
		return paceline.Errorf(paceline.EINVALID, "the file carries a suppression list (%s, from line %d) and this store cannot take one back",
			plural.Count(len(entries), "entry"), first)
	}
	n, err := sr.RestoreSuppressions(entries)
	if err != nil {
		return fmt.Errorf("restore the suppression list the file carries: %w", err)
	}
	p.rep.SuppressionsAdded += n
	return nil
}
