package secret

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paceline/paceline"
)

// EnvKey names the environment variable that holds the key: base64 of 32 random bytes,
// as `head -c32 /dev/urandom | base64` prints it.
const EnvKey = "PACELINE_SECRET_KEY"

// KeySize is the key length in bytes (AES-256).
const KeySize = 32

// Key is the key every stored secret is sealed with. It never prints its bytes.
type Key struct {
	b  [KeySize]byte
	id string // short public fingerprint, so a wrong key is told apart from damage
}

// NewKey returns a random key read from r (crypto/rand when r is nil).
func NewKey(r io.Reader) (*Key, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [KeySize]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return nil, fmt.Errorf("generate secret key: %w", err)
	}
	return keyOf(b), nil
}

// ParseKey reads a base64 key (standard or URL alphabet, padded or not).
func ParseKey(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil || len(raw) != KeySize {
		return nil, paceline.Errorf(paceline.EINVALID,
			"the secret key is not base64 of %d bytes (make one with: head -c32 /dev/urandom | base64)", KeySize)
	}
	var b [KeySize]byte
	copy(b[:], raw)
	return keyOf(b), nil
}

func keyOf(b [KeySize]byte) *Key {
	m := hmac.New(sha256.New, b[:])
	m.Write([]byte("paceline/key-id"))
	return &Key{b: b, id: hex.EncodeToString(m.Sum(nil)[:4])}
}

// ID is a short fingerprint of the key, safe to show: secrets sealed under another key
// carry another ID.
func (k *Key) ID() string { return k.id }

// Encode returns the key in base64, for writing it to a key file or a vault. Never log it.
func (k *Key) Encode() string { return base64.StdEncoding.EncodeToString(k.b[:]) }

// String shows the fingerprint only.
func (k *Key) String() string { return "secret.Key(" + k.id + ")" }

// GoString shows the fingerprint only, so %#v does not print the bytes.
func (k *Key) GoString() string { return k.String() }

// Derive returns a sub-key for one purpose ("unsubscribe", "agent-token"), so that one
// configured key serves every use without any two uses sharing key material.
func (k *Key) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, k.b[:])
	m.Write([]byte("paceline/derive/"))
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// KeySource says where LoadKey looks for the key.
type KeySource struct {
	// Getenv reads the environment; nil means os.Getenv. EnvKey wins over the file.
	Getenv func(string) string
	// File is the key file's path; "" means no file.
	File string
	// Create makes a new random key file (mode 0600) when File does not exist yet.
	Create bool
}

// LoadKey returns the key from the environment, else from the key file, creating the
// file when asked. A key file readable by group or others is refused, as ssh refuses a
// private key anyone can read.
func LoadKey(src KeySource) (*Key, error) {
	getenv := src.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := getenv(EnvKey); v != "" {
		k, err := ParseKey(v)
		if err != nil {
			return nil, &paceline.Error{Code: paceline.EINVALID, Field: EnvKey, Message: paceline.ErrorMessage(err)}
		}
		return k, nil
	}
	if src.File == "" {
		return nil, paceline.Errorf(paceline.EINVALID,
			"no secret key: set %s (head -c32 /dev/urandom | base64) or give a key file", EnvKey)
	}
	k, err := readKeyFile(src.File)
	if errors.Is(err, fs.ErrNotExist) && src.Create {
		return createKeyFile(src.File)
	}
	return k, err
}

func readKeyFile(path string) (*Key, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &missingKeyFile{path: path, err: err}
		}
		return nil, paceline.Errorf(paceline.EINVALID, "cannot read the secret key file %s: %v", path, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, paceline.Errorf(paceline.EFORBIDDEN,
			"the secret key file %s can be read by others (mode %04o); run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, paceline.Errorf(paceline.EINVALID, "cannot read the secret key file %s: %v", path, err)
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return nil, paceline.Errorf(paceline.EINVALID, "secret key file %s: %s", path, paceline.ErrorMessage(err))
	}
	return k, nil
}

// missingKeyFile is the error of a key file that does not exist: ENOTFOUND, saying
// how to bring the key back (a database restored without it cannot open its secrets),
// and fs.ErrNotExist in its chain, for LoadKey to create the file when asked.
type missingKeyFile struct {
	path string
	err  error
}

func (e *missingKeyFile) user() *paceline.Error {
	dir := filepath.Dir(e.path)
	return paceline.Errorf(paceline.ENOTFOUND,
		"the secret key of the database in %s is missing (no file %s): copy %s next to the database (it was made with it) or set %s",
		dir, e.path, filepath.Base(e.path), EnvKey)
}

// Error says which key is missing and what to do.
func (e *missingKeyFile) Error() string { return e.user().Error() }

// Unwrap gives the *paceline.Error a user sees and the file system's error.
func (e *missingKeyFile) Unwrap() []error { return []error{e.user(), e.err} }

// createKeyFile writes a new key to a temporary file and links it into place, so the
// key file appears complete or not at all, and two processes starting at once cannot
// each write their own key: the loser reads the winner's.
func createKeyFile(path string) (*Key, error) {
	k, err := NewKey(nil)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create secret key directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".paceline-key-*")
	if err != nil {
		return nil, fmt.Errorf("create secret key file: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, werr := f.WriteString(k.Encode() + "\n")
	if err := f.Sync(); werr == nil {
		werr = err
	}
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return nil, fmt.Errorf("write secret key file: %w", werr)
	}
	// CreateTemp makes the file 0600 already; linking fails if path exists.
	if err := os.Link(tmp, path); errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	} else if err != nil {
		return nil, fmt.Errorf("create secret key file: %w", err)
	}
	return k, nil
}
