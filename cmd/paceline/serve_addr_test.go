package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An --addr that is no HOST:PORT is refused as the user's mistake (exit 1) before the
// database is created, not reported as an unavailable server (exit 3) after it was
// migrated.
func TestServeRefusesAnAddressWithoutPort(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	code, _, errOut := cli(t, db, "serve", "--addr", "localhost")
	if code != exitFailed || !strings.Contains(errOut, `addr: "localhost" is not HOST:PORT: give an address such as 127.0.0.1:8080`) {
		t.Errorf("serve --addr localhost: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("serve with a bad --addr created %s", db)
	}
}
