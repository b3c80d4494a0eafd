package leadrow

import "github.com/paceline/paceline/lead"

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
// (with the address). The action ledger and the events are kept: the limits are
// counted from them.
var ErasedRecords = []string{"enrollments", "tasks", "ai_texts", "sent_mail"}
