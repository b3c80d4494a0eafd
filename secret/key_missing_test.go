package secret_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/secret"
)

// A database restored without its key file: the error is the user's to act on
// (ENOTFOUND, not an internal error), names the database's folder and says to copy
// paceline.key beside it or set PACELINE_SECRET_KEY. Asked to create the file,
// LoadKey still does.
func TestMissingKeyFileSaysHowToBringItBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "paceline.key")
	noEnv := func(string) string { return "" }
	_, err := secret.LoadKey(secret.KeySource{Getenv: noEnv, File: file})
	if got := paceline.ErrorCode(err); got != paceline.ENOTFOUND {
		t.Fatalf("code %q (%v), want %q", got, err, paceline.ENOTFOUND)
	}
	msg := paceline.ErrorMessage(err)
	for _, want := range []string{"the secret key of the database in " + dir + " is missing", "copy paceline.key next to the database (it was made with it)", "or set PACELINE_SECRET_KEY"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v: not fs.ErrNotExist", err)
	}
	k, err := secret.LoadKey(secret.KeySource{Getenv: noEnv, File: file, Create: true})
	if err != nil || k == nil {
		t.Fatalf("create the key file: %v", err)
	}
	again, err := secret.LoadKey(secret.KeySource{Getenv: noEnv, File: file})
	if err != nil || again.ID() != k.ID() {
		t.Fatalf("read back %v (%v), want key %s", again, err, k.ID())
	}
}
