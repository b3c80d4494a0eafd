package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline/lead"
)

// TestSuppressedAmongProbesTheIndex fills the suppression list with 100,000 entries
// and asks about a tick's 15,000 keys (an account with 5,000 running enrollments), 50
// of them on the list: the plan probes the key_hash index per key rather than reading
// the whole list (a hashed sequential scan, whose cost grew with the list, was the plan
// of key_hash = ANY($1)), and the answer is those 50 keys.
func TestSuppressedAmongProbesTheIndex(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	// The hash of lead.Key{Type: lead.KeyProfile, Value: "s<n>"}, as lead.Key.Hash makes it.
	if _, err := s.pool.Exec(ctx, `INSERT INTO suppressions (key_hash, reason, at)
		SELECT 'in:' || encode(sha256(convert_to('in:s' || g, 'UTF8')), 'hex'), 'opted_out', now()
		FROM generate_series(1, 100000) g`); err != nil {
		t.Fatalf("fill the suppression list: %v", err)
	}
	if _, err := s.pool.Exec(ctx, `ANALYZE suppressions`); err != nil {
		t.Fatalf("analyze: %v", err)
	}
	var keys, want []lead.Key
	for i := 1; i <= 15000; i++ {
		k := lead.Key{Type: lead.KeyProfile, Value: fmt.Sprintf("x%d", i)}
		if i%300 == 0 {
			k.Value = fmt.Sprintf("s%d", i)
			want = append(want, k)
		}
		keys = append(keys, k)
	}
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = k.Hash()
	}
	slices.Sort(hashes)
	rows, err := s.pool.Query(ctx, `EXPLAIN `+suppressedAmongQuery, hashes)
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		if len(line) > 160 { // the array of hashes, in a plan that filters by it
			line = line[:160] + "..."
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if !strings.Contains(plan, "Index") || !strings.Contains(plan, "suppressions_key_hash_key") {
		t.Errorf("the plan does not probe suppressions_key_hash_key:\n%s", plan)
	}
	if strings.Contains(plan, "Seq Scan on suppressions") {
		t.Errorf("the plan reads the whole suppression list:\n%s", plan)
	}

	got, err := s.SuppressedAmong(ctx, keys)
	if err != nil {
		t.Fatalf("SuppressedAmong: %v", err)
	}
	cmp := func(a, b lead.Key) int { return strings.Compare(a.Value, b.Value) }
	slices.SortFunc(got, cmp)
	slices.SortFunc(want, cmp)
	if !slices.Equal(got, want) {
		t.Errorf("SuppressedAmong: %d keys %v, want the %d keys %v", len(got), got, len(want), want)
	}
}
