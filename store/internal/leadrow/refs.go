package leadrow

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/lead"
)

// Refs are the references the runtime may have written a lead's keys under: the
// engine's lead key (engine.LeadKey: the profile slug, sales:ID or email:ADDRESS) and
// the in:SLUG form the lead commands show. The rows of the runtime tables that name
// any of them belong to the lead.
func Refs(keys []lead.Key) []string {
	var out []string
	for _, k := range keys {
		switch k.Type {
		case lead.KeyProfile:
			out = append(out, k.Value, "in:"+k.Value)
		case lead.KeySales:
			out = append(out, "sales:"+k.Value)
		case lead.KeyEmail:
			out = append(out, "email:"+k.Value)
		}
	}
	return out
}

// ErasedRecords are the runtime tables an erasure deletes a lead's rows from, by
// their lead column: its enrollments (with the facts and snapshot they keep), its
// assisted tasks (with their texts), its AI-written texts and its sent-mail records
// (with the address). The action ledger and the events are kept, under an alias
// (KeptRecords): the limits are counted from them.
var ErasedRecords = []string{"enrollments", "tasks", "ai_texts", "sent_mail"}

// KeptRecords are the runtime tables an erasure keeps but rewrites: the action ledger
// and the events, which the accounts' limits are counted from, and the simulated
// platform's record of what it carried out, which reconciliation matches to the
// ledger by key. In each, the lead column and the key name the person; an erasure
// writes an alias in their place (Aliases, PseudonymizeSQL).
var KeptRecords = []string{"actions", "events", "sim_executions"}

// Alias is what an erasure writes in place of one of a lead's references.
type Alias struct {
	Ref  string // the reference the runtime wrote, e.g. "ada-l" or "email:ada@acme.com"
	Name string // "erased-" and 16 random hex digits
	// KeyOnly marks a bare value (the address of "email:ADDRESS", the id of
	// "sales:ID") that a key may hold, as a sender's event key may, but that no lead
	// column does.
	KeyOnly bool
}

// Aliases returns a fresh alias for each of the lead's references (Refs), and for the
// bare address and Sales Navigator id, which share their reference's alias; the
// longest first: a key that holds "in:ada-l" also holds "ada-l", so the longer must be
// replaced first. Each reference gets its own alias, so that rows which named the
// person alike (an invite and the accept that answers it) still match each other, and
// rows which did not, do not start to; the aliases are random, so nothing in them
// leads back to the person.
func Aliases(keys []lead.Key) ([]Alias, error) {
	var out []Alias
	for _, ref := range Refs(keys) {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("draw an alias for an erased lead: %w", err)
		}
		a := Alias{Ref: ref, Name: "erased-" + hex.EncodeToString(b[:])}
		out = append(out, a)
		for _, prefix := range []string{"email:", "sales:"} {
			if bare, ok := strings.CutPrefix(ref, prefix); ok {
				out = append(out, Alias{Ref: bare, Name: a.Name, KeyOnly: true})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Ref) > len(out[j].Ref) })
	return out, nil
}

// PseudonymizeSQL returns the statement, and its arguments, that rewrites the rows of
// table (one of KeptRecords, with a lead and a key column) whose lead is one of the
// aliases' references: the lead becomes its alias, and every reference or bare value
// found in the key becomes its alias too, whatever the key's shape (the engine's action keys hold
// the lead between slashes; an event's key is whatever its sender chose). Placeholders
// are numbered, written by ph: "?%d" for SQLite, "$%d" for PostgreSQL.
func PseudonymizeSQL(table string, aliases []Alias, ph string) (string, []any) {
	p := func(i int) string { return fmt.Sprintf(ph, i) }
	args := make([]any, 0, 2*len(aliases))
	key, lead, in := "key", "CASE lead", make([]string, 0, len(aliases))
	for i, a := range aliases {
		args = append(args, a.Ref, a.Name)
		r, n := p(2*i+1), p(2*i+2)
		key = "replace(" + key + ", " + r + ", " + n + ")"
		if !a.KeyOnly {
			lead += " WHEN " + r + " THEN " + n
			in = append(in, r)
		}
	}
	lead += " ELSE lead END"
	return "UPDATE " + table + " SET key = " + key + ", lead = " + lead +
		" WHERE lead IN (" + strings.Join(in, ", ") + ")", args
}

// InFlight is the error of an erasure refused because an action for the lead is
// planned and not yet confirmed: reconciliation must still find it by its key, so its
// rows cannot be rewritten under it.
func InFlight(id int64, n int) error {
	return paceline.Errorf(paceline.ECONFLICT,
		"lead %d has %d action(s) in flight (sent to the executor, outcome not yet recorded); nothing was erased: run the erase again in a minute", id, n)
}

// RefsOfKeySQL is a subquery listing the references the runtime may know the lead
// holding one key by (its keys' own, and in:SLUG), the key's kind and value bound at
// the placeholders kind and value ("?1" and "?2", or "$1" and "$2"), for a lead IN (...)
// test.
func RefsOfKeySQL(kind, value string) string {
	owner := `(SELECT lead_id FROM lead_keys WHERE kind = ` + kind + ` AND value = ` + value + `)`
	return `SELECT CASE k.kind WHEN 'in' THEN k.value WHEN 'sales' THEN 'sales:' || k.value ELSE 'email:' || k.value END
		FROM lead_keys k WHERE k.lead_id = ` + owner + `
		UNION ALL SELECT 'in:' || k.value FROM lead_keys k WHERE k.kind = 'in' AND k.lead_id = ` + owner
}

// EnrolledRef is both stores' rule for the reference an event is stored under: ref
// itself when an enrollment runs under it (the usual case) or when it is no key of a
// stored lead, else the reference under which the same person runs (a Sales Navigator
// lead enrolled as sales:ID whom an import has since given a profile URL, reported by
// that URL's slug), so that the event reaches the enrollment. ph are the store's first
// two placeholders; first runs a query selecting one text and reports whether a row
// came back.
func EnrolledRef(ref string, ph [2]string, first func(q string, args ...any) (string, bool, error)) (string, error) {
	if ref == "" {
		return ref, nil
	}
	const running = `state IN ('new', 'active', 'waiting')`
	if _, ok, err := first(`SELECT lead FROM enrollments WHERE lead = `+ph[0]+` AND `+running, ref); err != nil || ok {
		if err != nil {
			return "", err
		}
		return ref, nil
	}
	k, err := lead.ParseRef(ref)
	if err != nil {
		return ref, nil // names no stored lead
	}
	other, ok, err := first(`SELECT lead FROM enrollments WHERE `+running+` AND lead IN (`+RefsOfKeySQL(ph[0], ph[1])+`) LIMIT 1`,
		KeyKind(k.Type), k.Value)
	switch {
	case err != nil:
		return "", err
	case !ok:
		return ref, nil
	}
	return other, nil
}
