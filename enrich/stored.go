package enrich

// A store writes back what the Enricher fills in a lead's blanks, except what would
// change who the lead is: its name, which it was imported under and which people and
// merges recognise it by, and its profile URL, which is one of the keys that identify
// it (a new key could make it collide with another lead). The Enricher still fills
// them in memory, so a later provider may look the lead up by them, but a report of
// what was stored must list them apart; leadrow.FillEmpty, which does the writing,
// is tested against this table.
var notStored = map[string]string{
	FieldFirstName:  "enrichment never changes a lead's name",
	FieldLastName:   "enrichment never changes a lead's name",
	FieldProfileURL: "a profile URL is one of the keys that identify a lead, which enrichment never changes",
}

// NotStored says why a value the Enricher finds for the field name is not written to
// the stored lead, and is "" for a field that is (every other field, custom ones too).
func NotStored(field string) string {
	return notStored[field]
}
