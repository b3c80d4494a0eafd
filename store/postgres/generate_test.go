package postgres

import (
	"os/exec"
	"testing"
)

// The typed code in internal/dbsqlc is committed; it must be what sqlc makes of
// queries/ and migrations/ today. sqlc takes minutes to build (it needs cgo), so the
// check runs where an sqlc binary is on PATH (make generate builds one) and says so
// when it is skipped.
func TestGeneratedCodeIsCurrent(t *testing.T) {
	t.Parallel()
	sqlc, err := exec.LookPath("sqlc")
	if err != nil {
		t.Skip("sqlc not on PATH: generated code not checked (go install github.com/sqlc-dev/sqlc/cmd/sqlc@v1.31.1)")
	}
	out, err := exec.Command(sqlc, "diff").CombinedOutput()
	if err != nil {
		t.Fatalf("internal/dbsqlc is stale (run go generate ./store/postgres): %v\n%s", err, out)
	}
}
