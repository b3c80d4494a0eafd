package paceline

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "pbkdf2-sha256$1000$") || strings.Contains(h, "horse") {
		t.Errorf("hash %q", h)
	}
	h2, _ := HashPassword("correct horse battery", 1000)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		hash, password string
		want           bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"pbkdf2-sha256$x$aa$bb", "correct horse battery", false},
		{"md5$1$aa$bb", "correct horse battery", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := CheckPassword(tt.hash, tt.password); got != tt.want {
			t.Errorf("CheckPassword(%q, %q) = %v", tt.hash, tt.password, got)
		}
	}
	if _, err := HashPassword("short", 1000); ErrorCode(err) != EINVALID {
		t.Errorf("short password: %v", err)
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	a, _ := NewSecret(TokenPrefix)
	b, _ := NewSecret(TokenPrefix)
	if a == b || !strings.HasPrefix(a, TokenPrefix) || len(a) != len(TokenPrefix)+43 {
		t.Errorf("secrets %q %q", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 || HashSecret(a) != HashSecret(a) {
		t.Error("HashSecret is not a 64-hex digest that tells secrets apart")
	}
}
