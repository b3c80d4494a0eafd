package lead

import (
	"testing"
	"time"
)

// A file opts out stored lead B (in:bea-bee, bea@bee.io) by its profile, then ties
// stored lead A's Sales Navigator id to B's email, then gives B's email with a new
// Sales Navigator id. Both later rows are the person who opted out: each is
// suppressed, A is opted out (its key was tied to the person), the new id goes on the
// suppression list, and nothing is merged or updated. The file's opt-out set held the
// opt-out row's keys only, so B was folded into A and the new id was added to the
// lead, contactable.
func TestImportOptOutBarsTheLeadsOtherKeys(t *testing.T) {
	t.Parallel()
	sink := &optOutSink{memSink: newMemSink(), optedOut: map[int64]time.Time{}}
	if _, err := runImport(t, sink, "profileUrl,fullName,email\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAzzz111,Ann A,\n"+
		"https://www.linkedin.com/in/bea-bee,Bea Bee,bea@bee.io\n", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := runImport(t, sink, "profile_url,email,first_name,last_name,opted_out_at\n"+
		"https://www.linkedin.com/in/bea-bee,,Bea,Bee,2026-01-01T00:00:00Z\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAzzz111,bea@bee.io,Bea,Bee,\n"+
		"https://www.linkedin.com/sales/lead/ACwAAAnew222,bea@bee.io,Bea,Bee,\n", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Suppressed != 3 || rep.OptedOut != 1 || rep.Merged != 0 || rep.Duplicates != 0 || rep.Updated != 0 || rep.Imported != 0 {
		t.Errorf("report %+v, want the three rows suppressed and nothing merged or updated", rep)
	}
	for id := range sink.leads {
		if _, ok := sink.optedOut[id]; !ok {
			t.Errorf("lead %d %+v holds a key of the person who opted out and is not opted out", id, sink.leads[id])
		}
	}
	for _, k := range []Key{{KeySales, "ACwAAAzzz111"}, {KeySales, "ACwAAAnew222"}, {KeyEmail, "bea@bee.io"}} {
		if _, ok := sink.suppressed[k.Hash()]; !ok {
			t.Errorf("%s is not on the suppression list", k)
		}
	}
}
