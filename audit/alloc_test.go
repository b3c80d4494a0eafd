package audit

import (
	"runtime"
	"testing"
)

// TestCheckAllocatesLittlePerAction bounds the bytes Check allocates for a clean
// ledger: a simulation audits every run, and what the audit allocates is cleared and
// brings collections on. Its grouping and counting arrays take 4 + 16 bytes an action
// and the rolling counts up to 8 more; with positions as int, 8 + 24 + 16.
// Not parallel: it reads the process's allocation counter.
func TestCheckAllocatesLittlePerAction(t *testing.T) {
	l := benchLedger(t, 20_000)
	if r := Check(l); r.Violations != 0 {
		t.Fatalf("the ledger should be clean, got %d violations", r.Violations)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Check(l)
	runtime.ReadMemStats(&after)
	per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(l.Actions))
	t.Logf("%.1f bytes an action", per)
	if per > 32 {
		t.Errorf("Check allocated %.1f bytes an action, want at most 32", per)
	}
}
