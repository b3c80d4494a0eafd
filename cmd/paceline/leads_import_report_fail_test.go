package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failWriter fails every write, as stdout redirected to a full disk does.
type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("no space left on device") }

// An import into a new database commits; when printing its report then fails (stdout
// on a full disk), the database the leads were committed into stays: the clean-up of
// a failed import into a new file removed it.
func TestImportKeepsItsDatabaseWhenTheReportFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	csv := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(csv, []byte("profileUrl,fullName\nhttps://www.linkedin.com/in/jane-roe,Jane Roe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	for _, extra := range [][]string{{"--json"}, nil} {
		os.Remove(db)
		var errOut strings.Builder
		args := append([]string{"leads", "import", csv, "--db", db}, extra...)
		code := run(args, strings.NewReader(""), failWriter{}, &errOut)
		t.Logf("%v: exit %d, stderr %q", extra, code, errOut.String())
		if _, err := os.Stat(db); err != nil {
			t.Errorf("%v: the import committed, its report could not be printed, and the database is gone: %v", extra, err)
		}
	}
}
