package lead

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The suppression list an export carries reads back from either format: an entry per
// row (CSV: only the hash, reason and time set; JSON: the "suppressions" array,
// before or after "leads"), a bad one rejected with its line, and a row with a hash
// and a lead's identity refused as ambiguous.
func TestReaderReadsSuppressions(t *testing.T) {
	t.Parallel()
	h := Key{Type: KeyProfile, Value: "ghost"}.Hash()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	csv := "id,profile_url,profile_key,company_key,opted_out_at,created_at,updated_at,suppressed_key_hash,suppression_reason,suppressed_at\n" +
		",,,,,,," + h + ",erased,2026-01-02T03:04:05Z\n" +
		",,,,,,,in:abc,,\n" +
		",https://www.linkedin.com/in/x,,,,,," + h + ",,\n" +
		"1,https://www.linkedin.com/in/ann,ann,,,,,,,\n"
	json := `{"leads": [{"profile_url": "https://www.linkedin.com/in/ann"}],
"suppressions": [
  {"suppressed_key_hash": "` + h + `", "reason": "erased", "at": "2026-01-02T03:04:05Z"},
  {"suppressed_key_hash": "` + h + `", "at": "yesterday"},
  7
]}`
	for _, tc := range []struct {
		name, text string
		want       []string // per row: "sup", "lead" or the start of an error
	}{
		{"csv", csv, []string{"sup", `"in:abc" is not the hash of a key`, "has a suppressed_key_hash and a lead's", "lead"}},
		{"json", json, []string{"lead", "sup", `suppressed at "yesterday" is not a time`, "is a JSON number, not an entry"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rd, err := NewReader(strings.NewReader(tc.text), Options{})
			if err != nil {
				t.Fatal(err)
			}
			rows := readRowsOf(t, rd)
			if len(rows) != len(tc.want) {
				t.Fatalf("%d rows, want %d", len(rows), len(tc.want))
			}
			for i, want := range tc.want {
				r := rows[i]
				switch {
				case want == "sup":
					if r.Err != nil || r.Suppression == nil || *r.Suppression != (Suppression{KeyHash: h, Reason: "erased", At: at}) {
						t.Errorf("row %d: %+v %+v", i, r.Err, r.Suppression)
					}
				case want == "lead":
					if r.Err != nil || r.Suppression != nil || r.Lead.ProfileKey != "ann" {
						t.Errorf("row %d: %+v", i, r)
					}
				case r.Err == nil || !strings.Contains(r.Err.Reason, want):
					t.Errorf("row %d: %+v; want an error with %q", i, r.Err, want)
				}
			}
		})
	}
}

func TestCheckSuppression(t *testing.T) {
	t.Parallel()
	good := Key{Type: KeyEmail, Value: "a@b.io"}.Hash()
	for _, tc := range []struct {
		s  Suppression
		ok bool
	}{
		{Suppression{KeyHash: good}, true},
		{Suppression{KeyHash: good, Reason: "asked by phone"}, true},
		{Suppression{KeyHash: "email:a@b.io"}, false},
		{Suppression{KeyHash: "x:" + good[6:]}, false},
		{Suppression{KeyHash: strings.ToUpper(good)}, false},
		{Suppression{KeyHash: good, Reason: "a\x1b[2J"}, false},
		{Suppression{KeyHash: good, Reason: strings.Repeat("r", MaxSuppressionReason+1)}, false},
	} {
		if err := CheckSuppression(tc.s); (err == nil) != tc.ok {
			t.Errorf("CheckSuppression(%+v) = %v", tc.s, err)
		}
	}
}

// A sink that cannot restore a suppression list refuses the file without saying
// "nothing was imported": the callers (the CLI, the API) say it, and it came out twice.
func TestImportRefusesSuppressionsOnce(t *testing.T) {
	t.Parallel()
	h := Key{Type: KeyProfile, Value: "ghost"}.Hash()
	rd, err := NewReader(strings.NewReader(`{"suppressions": [{"suppressed_key_hash": "`+h+`"}], "leads": []}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Import(context.Background(), rd, newMemSink(), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot take one back") || strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("err = %v", err)
	}
}

// ImportOptions.Stored counts the leads written while the import runs, for the API's
// progress (which used to wrap the sink and hide its other methods to count them).
func TestImportCountsStored(t *testing.T) {
	t.Parallel()
	rd, err := NewReader(strings.NewReader("email,first_name,title\na@x.example,Ann,\nb@x.example,Bo,\na@x.example,Ann,CEO\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	if _, err := Import(context.Background(), rd, newMemSink(), ImportOptions{Stored: &n}); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 3 {
		t.Fatalf("stored %d, want 3 (two inserts, one update)", n.Load())
	}
}
