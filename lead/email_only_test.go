package lead

import (
	"strings"
	"testing"
)

// QA's case: Amy and Ben share an address, then a row with the address alone names
// Cid. Cid's row is Amy's duplicate (the address is hers) but fills only what Amy's
// lead lacks, with a warning: it used to make Amy's title CTO without a word. A row
// with Amy's name still updates her title.
func TestImportEmailOnlyRowOfAnotherNameFillsBlanksOnly(t *testing.T) {
	t.Parallel()
	sink := newMemSink()
	rep, err := runImport(t, sink, "First Name,Title,Email,LinkedIn URL,Location\n"+
		"Amy,CEO,shared@x.com,https://linkedin.com/in/amy,\n"+
		"Ben,VP,shared@x.com,https://linkedin.com/in/ben,\n"+
		"Cid,CTO,shared@x.com,,Paris\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	amy := sink.leadOf(Key{KeyProfile, "amy"})
	if amy == nil || amy.Title != "CEO" || amy.FirstName != "Amy" || amy.Location != "Paris" {
		t.Fatalf("amy: %+v; want her title kept and the location filled", amy)
	}
	if rep.Duplicates != 1 || rep.Imported != 2 || rep.Warnings != 2 || len(rep.WarningLines) != 2 {
		t.Fatalf("report %+v %+v", rep, rep.WarningLines)
	}
	w := rep.WarningLines[1]
	if w.Line != 4 || w.Field != "Email" || w.Value != "shared@x.com" || !strings.Contains(w.Reason, "names Cid") {
		t.Errorf("warning %+v", w)
	}
	rep, err = runImport(t, sink, "First Name,Title,Email\namy,Chair,shared@x.com\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if amy = sink.leadOf(Key{KeyProfile, "amy"}); amy.Title != "Chair" || rep.Warnings != 0 || rep.Updated != 1 {
		t.Errorf("amy's own row: %+v, report %+v", amy, rep)
	}
}
