package main

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// Messages name a PostgreSQL database by its host and name, never with the URL's
// password: a worker on the restored copy qa2_restore is not told from the live one's
// by the host alone (QA).
func TestShownDBHidesThePassword(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ db, want string }{
		{"postgres://pl:hunter2@db.example.com:5432/pl?sslmode=require", "PostgreSQL at db.example.com:5432/pl"},
		{"postgresql://pl:hunter2@10.0.0.7/pl", "PostgreSQL at 10.0.0.7:5432/pl"},
		{"postgres://pl:hunter2@[::1]/pl", "PostgreSQL at [::1]:5432/pl"},
		{"postgres://postgres@127.0.0.1:5432/qa2_restore?password=hunter2", "PostgreSQL at 127.0.0.1:5432/qa2_restore"},
		{"postgres://pl:hunter2@db.example.com", "PostgreSQL at db.example.com:5432/pl"},
		{"/var/lib/paceline/p.db", "/var/lib/paceline/p.db"},
	} {
		if got := (&app{dbPath: tc.db}).shownDB(); got != tc.want || strings.Contains(got, "hunter2") {
			t.Errorf("shownDB(%s) = %q, want %q", tc.db, got, tc.want)
		}
	}
}

// A PostgreSQL database's secret key is PACELINE_SECRET_KEY: without it the sentence
// says to set it; a malformed one is refused; a good one is used.
func TestPostgresSecretKey(t *testing.T) {
	t.Parallel()
	raw := make([]byte, secret.KeySize)
	rand.Read(raw)
	for _, tc := range []struct {
		value string
		code  string
	}{
		{"", paceline.EINVALID},
		{"not base64!", paceline.EINVALID},
		{base64.StdEncoding.EncodeToString(raw), ""},
	} {
		a := &app{dbPath: "postgres://pl@127.0.0.1/pl", getenv: func(name string) string {
			if name == secret.EnvKey {
				return tc.value
			}
			return ""
		}}
		k, err := a.loadSecretKey(true)
		if paceline.ErrorCode(err) != tc.code {
			t.Errorf("key %q: %v, want code %q", tc.value, err, tc.code)
		}
		if tc.code == "" && k == nil {
			t.Errorf("key %q: no key", tc.value)
		}
		if tc.value == "" && !strings.Contains(paceline.ErrorMessage(err), "set "+secret.EnvKey) {
			t.Errorf("without a key: %q does not say to set %s", paceline.ErrorMessage(err), secret.EnvKey)
		}
	}
}
