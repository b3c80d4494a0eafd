package runtime

import (
	"database/sql"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// River named a client by host and start time to the microsecond: two workers started
// in the same microsecond shared it, and so the presence lock named by it, and the
// second was refused at start. Two job clients built one after the other, in the same
// process and so on the same host at the same instant for all the ID knows, differ.
func TestJobClientsGetTheirOwnIDs(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seen := map[string]bool{}
	for range 50 {
		j, err := NewSQLiteJobs(db, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		id := j.(*jobs[*sql.Tx]).client.ID()
		if seen[id] {
			t.Fatalf("two job clients share the ID %s", id)
		}
		seen[id] = true
	}
}

// The ID keeps within River's rules (at most 100 characters) and its own style
// (letters, digits and underscores) whatever the host is called.
func TestClientIDOf(t *testing.T) {
	t.Parallel()
	valid := regexp.MustCompile(`^[A-Za-z0-9_]{1,100}$`)
	for _, tc := range []struct{ host, want string }{
		{"worker-1.example.com", "worker_1_example_com_4242_0123456789abcdef"},
		{"", "unknown_host_4242_0123456789abcdef"},
		{strings.Repeat("h.", 80), strings.Repeat("h_", 30) + "_4242_0123456789abcdef"},
		{"hôte:1", "h_te_1_4242_0123456789abcdef"},
	} {
		got := clientIDOf(tc.host, 4242, "0123456789abcdef")
		if got != tc.want {
			t.Errorf("clientIDOf(%q) = %q, want %q", tc.host, got, tc.want)
		}
		if !valid.MatchString(got) {
			t.Errorf("clientIDOf(%q) = %q: not within River's rules", tc.host, got)
		}
	}
	if a, b := clientID(), clientID(); a == b {
		t.Errorf("two client IDs of one process at once: both %s", a)
	}
	if long := clientIDOf(strings.Repeat("x", 300), 2147483647, strings.Repeat("f", 16)); len(long) > 100 {
		t.Errorf("the longest ID has %d characters; River takes at most 100", len(long))
	}
}
