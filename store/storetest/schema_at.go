package storetest

import (
	"fmt"
	"io/fs"
	"testing"

	"github.com/paceline/paceline/store/internal/migration"
)

// SchemaAt builds, through exec, the schema as the first version migrations of fsys
// leave it, with their rows in schema_migrations: a database as an older paceline
// wrote it, for a test of what the later migrations do to its rows.
func SchemaAt(t *testing.T, fsys fs.FS, version int, exec func(q string) error) {
	t.Helper()
	ms, err := migration.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	q := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
		name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`}
	for _, m := range ms[:version] {
		q = append(q, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, '%s', '2026-01-01')`, m.Version, m.Name))
	}
	for _, s := range q {
		if err := exec(s); err != nil {
			t.Fatalf("%.60s: %v", s, err)
		}
	}
}
