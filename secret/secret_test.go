package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

func testKey(t *testing.T, fill byte) *Key {
	t.Helper()
	k, err := NewKey(bytes.NewReader(bytes.Repeat([]byte{fill}, KeySize)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	k := testKey(t, 1)
	for _, plain := range []string{"", "hunter2", "pässwörd with spaces", strings.Repeat("x", 5000)} {
		sealed, err := k.Seal("account/alice/smtp-password", Redact(plain))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1:"+k.ID()+":") {
			t.Errorf("sealed %q lacks the version and key prefix", sealed)
		}
		if plain != "" && strings.Contains(sealed, plain) {
			t.Errorf("sealed value shows the plaintext")
		}
		got, err := k.Open("account/alice/smtp-password", sealed)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		if got.Reveal() != plain {
			t.Errorf("open gave %q, want %q", got.Reveal(), plain)
		}
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	t.Parallel()
	k := testKey(t, 1)
	a, _ := k.Seal("l", Redact("same"))
	b, _ := k.Seal("l", Redact("same"))
	if a == b {
		t.Error("two seals of the same secret are equal: the nonce is reused")
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	k := testKey(t, 1)
	other := testKey(t, 2)
	sealed, err := k.Seal("slot-a", Redact("hunter2"))
	if err != nil {
		t.Fatal(err)
	}
	// Change one character of the ciphertext to another base64 character (a flip to
	// an arbitrary byte could leave the alphabet and test the decoder instead).
	flipped := []byte(sealed)
	if flipped[len(flipped)-3] == 'A' {
		flipped[len(flipped)-3] = 'B'
	} else {
		flipped[len(flipped)-3] = 'A'
	}
	if flipped[len(flipped)-3] == sealed[len(sealed)-3] {
		t.Fatal("test did not change the value")
	}
	tests := []struct {
		name, label, sealed, code string
	}{
		{"other label", "slot-b", sealed, paceline.EUNAUTHORIZED},
		{"tampered", "slot-a", string(flipped), paceline.EUNAUTHORIZED},
		{"no version", "slot-a", "hunter2", paceline.EINVALID},
		{"future version", "slot-a", "v2:" + sealed[3:], paceline.EINVALID},
		{"truncated", "slot-a", sealed[:12], paceline.EINVALID},
		{"bad base64", "slot-a", "v1:" + k.ID() + ":!!!", paceline.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := k.Open(tt.label, tt.sealed)
			if got := paceline.ErrorCode(err); got != tt.code {
				t.Errorf("code %q (%v), want %q", got, err, tt.code)
			}
		})
	}
	t.Run("other key", func(t *testing.T) {
		t.Parallel()
		_, err := other.Open("slot-a", sealed)
		if paceline.ErrorCode(err) != paceline.EUNAUTHORIZED || !strings.Contains(err.Error(), k.ID()) {
			t.Errorf("got %v, want an unauthorized error naming key %s", err, k.ID())
		}
	})
}

func TestRedactedNeverShows(t *testing.T) {
	t.Parallel()
	const pw = "hunter2-very-secret"
	r := Redact(pw)
	type config struct {
		User     string
		Password Redacted
		hidden   Redacted
		ptr      *Redacted
	}
	c := config{User: "alice", Password: r, hidden: r, ptr: &r}
	var logBuf bytes.Buffer
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("login", "password", r, "config", c)
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := r.MarshalText()
	yml, _ := r.MarshalYAML()
	outputs := map[string]string{
		"%s": fmt.Sprintf("%s", r), "%v": fmt.Sprintf("%v", r), "%q": fmt.Sprintf("%q", r),
		"%x": fmt.Sprintf("%x", r), "%#v": fmt.Sprintf("%#v", r), "%+v struct": fmt.Sprintf("%+v", c),
		"%#v struct": fmt.Sprintf("%#v", c), "%v ptr": fmt.Sprintf("%v", &r), "Sprint": fmt.Sprint(r),
		"error": fmt.Errorf("login with %v failed", r).Error(), "json": string(js),
		"slog": logBuf.String(), "text": string(txt), "yaml": fmt.Sprint(yml),
	}
	for name, out := range outputs {
		if strings.Contains(out, pw) || strings.Contains(out, fmt.Sprintf("%x", pw)) {
			t.Errorf("%s shows the secret: %s", name, out)
		}
	}
	if !strings.Contains(outputs["%s"], RedactedText) || !strings.Contains(outputs["json"], RedactedText) {
		t.Errorf("redacted text missing: %q %q", outputs["%s"], outputs["json"])
	}
	if r.Reveal() != pw {
		t.Errorf("Reveal = %q", r.Reveal())
	}
	if Redact("").String() != "" || !Redact("").IsZero() || r.IsZero() {
		t.Error("empty and set secrets are not told apart")
	}
}

func TestKeyNeverShowsItsBytes(t *testing.T) {
	t.Parallel()
	k := testKey(t, 7)
	for _, out := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v", k, k, k)} {
		if strings.Contains(out, k.Encode()) || strings.Contains(out, "7, 7, 7") || strings.Contains(out, "07070707") {
			t.Errorf("key printout shows key bytes: %s", out)
		}
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	k := testKey(t, 9)
	std := k.Encode()
	url := strings.NewReplacer("+", "-", "/", "_").Replace(strings.TrimRight(std, "="))
	for _, s := range []string{std, url, " " + std + "\n"} {
		got, err := ParseKey(s)
		if err != nil || got.ID() != k.ID() {
			t.Errorf("ParseKey(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "short", std[:20], "not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!!!!"} {
		if _, err := ParseKey(s); paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("ParseKey(%q) err = %v, want invalid", s, err)
		}
	}
}

func TestLoadKey(t *testing.T) {
	t.Parallel()
	k := testKey(t, 3)
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == EnvKey {
				return v
			}
			return ""
		}
	}
	t.Run("env wins over file", func(t *testing.T) {
		t.Parallel()
		got, err := LoadKey(KeySource{Getenv: env(k.Encode()), File: filepath.Join(t.TempDir(), "key"), Create: true})
		if err != nil || got.ID() != k.ID() {
			t.Fatalf("got %v, %v", got, err)
		}
	})
	t.Run("bad env names the variable", func(t *testing.T) {
		t.Parallel()
		_, err := LoadKey(KeySource{Getenv: env("nope")})
		if err == nil || !strings.Contains(err.Error(), EnvKey) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("nothing configured", func(t *testing.T) {
		t.Parallel()
		_, err := LoadKey(KeySource{Getenv: env("")})
		if paceline.ErrorCode(err) != paceline.EINVALID {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("missing file without create", func(t *testing.T) {
		t.Parallel()
		_, err := LoadKey(KeySource{Getenv: env(""), File: filepath.Join(t.TempDir(), "key")})
		if err == nil {
			t.Fatal("no error for a missing key file")
		}
	})
	t.Run("create then reload", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "sub", "key")
		first, err := LoadKey(KeySource{Getenv: env(""), File: path, Create: true})
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file mode %v, %v; want 0600", fi.Mode().Perm(), err)
		}
		again, err := LoadKey(KeySource{Getenv: env(""), File: path, Create: true})
		if err != nil || again.ID() != first.ID() {
			t.Fatalf("reload gave %v, %v; want the same key %s", again, err, first.ID())
		}
		sealed, _ := first.Seal("x", Redact("pw"))
		if got, err := again.Open("x", sealed); err != nil || got.Reveal() != "pw" {
			t.Fatalf("reloaded key does not open: %v", err)
		}
	})
	t.Run("world readable file refused", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "key")
		if err := os.WriteFile(path, []byte(k.Encode()), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadKey(KeySource{Getenv: env(""), File: path})
		if paceline.ErrorCode(err) != paceline.EFORBIDDEN || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestDeriveSeparatesPurposes(t *testing.T) {
	t.Parallel()
	k := testKey(t, 4)
	a, b := k.Derive("unsubscribe"), k.Derive("agent-token")
	if bytes.Equal(a, b) || len(a) != 32 {
		t.Errorf("derived keys %x %x", a, b)
	}
	if !bytes.Equal(a, testKey(t, 4).Derive("unsubscribe")) {
		t.Error("derivation is not deterministic")
	}
}

func FuzzOpen(f *testing.F) {
	k, _ := NewKey(bytes.NewReader(bytes.Repeat([]byte{5}, KeySize)))
	good, _ := k.Seal("l", Redact("pw"))
	for _, s := range []string{good, "", "v1:", "v1:" + k.ID() + ":", "v1:" + k.ID() + ":AAAA", "v1:x:y:z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := k.Open("l", s)
		if err == nil && s != good && got.Reveal() != "pw" {
			// Only a genuine seal under this key and label may open.
			t.Fatalf("forged value %q opened to %q", s, got.Reveal())
		}
		if err != nil && paceline.ErrorCode(err) == paceline.EINTERNAL {
			t.Fatalf("unclassified error %v", err)
		}
	})
}

func TestLoadKeyConcurrentCreateAgrees(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "key")
	const n = 8
	ids := make(chan string, n)
	for range n {
		go func() {
			k, err := LoadKey(KeySource{Getenv: func(string) string { return "" }, File: path, Create: true})
			if err != nil {
				ids <- "error: " + err.Error()
				return
			}
			ids <- k.ID()
		}()
	}
	first := <-ids
	for range n - 1 {
		if id := <-ids; id != first {
			t.Fatalf("processes disagree on the key: %s vs %s", first, id)
		}
	}
	if strings.HasPrefix(first, "error") {
		t.Fatal(first)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left %d files behind", len(entries))
	}
}
