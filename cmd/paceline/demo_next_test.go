package main

import (
	"bytes"
	"github.com/paceline/paceline/shellword"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// enrolledAll finds the status line counting the demo's 200 leads, however wide the
// table's first column is.
var enrolledAll = regexp.MustCompile(`(?m)^\s*enrolled\s+200\b`)

// Every command the demo prints for its database runs there and succeeds, pasted as
// printed; the demo's campaign status among them counts its leads.
func TestDemoSuggestsCommandsThatWork(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := cli(t, db, "demo", "--addr", "127.0.0.1:0", "--speed", "100000", "--leads", "200", "--stop-after", "1s")
	if code != exitOK {
		t.Fatalf("demo exit %d: %s %s", code, out, errOut)
	}
	_, after, ok := strings.Cut(out, "From another terminal, on the demo's database:\n")
	if !ok {
		t.Fatalf("the demo suggests no command:\n%s", out)
	}
	var ran []string
	for _, line := range strings.Split(after, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		// The test binary is built as go run builds: either form is fine.
		args, ok := strings.CutPrefix(line, selfCommand(os.Args[0])+" ")
		if !ok {
			t.Fatalf("suggested command %q does not start with %s", line, selfCommand(os.Args[0]))
		}
		if !strings.HasSuffix(args, " --db "+db) {
			t.Errorf("suggested command %q does not name the demo's database", line)
		}
		var stdout, stderr bytes.Buffer
		if code := run(strings.Fields(args), strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Errorf("%s: exit %d\n%s%s", line, code, stdout.String(), stderr.String())
		}
		if strings.HasPrefix(args, "campaigns status") && !enrolledAll.MatchString(stdout.String()) {
			t.Errorf("%s does not count the demo's 200 leads:\n%s", line, stdout.String())
		}
		ran = append(ran, args)
	}
	if len(ran) < 3 {
		t.Errorf("only %d commands suggested: %q", len(ran), ran)
	}
}

func TestSelfCommand(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ arg0, want string }{
		{"/tmp/go-build1234/b001/exe/paceline", "go run ./cmd/paceline"},
		{"/usr/local/bin/paceline", "paceline"},
		{"paceline", "paceline"},
	} {
		if got := selfCommand(c.arg0); got != c.want {
			t.Errorf("selfCommand(%q) = %q, want %q", c.arg0, got, c.want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"paceline-demo.db", "paceline-demo.db"},
		{"/tmp/x/demo.db", "/tmp/x/demo.db"},
		{"my demo.db", "'my demo.db'"},
		{"it's.db", `'it'\''s.db'`},
		{"", "''"},
	} {
		if got := shellword.Quote(c.in); got != c.want {
			t.Errorf("shellword.Quote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
