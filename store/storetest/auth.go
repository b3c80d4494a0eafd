package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// testAuth checks the dashboard's users, API tokens (found by hash, stamped when used,
// revocable) and sessions (found by hash until they expire).
func testAuth(t *testing.T, st Store) {
	s, ok := st.(paceline.UserStore)
	if !ok {
		t.Fatalf("%T does not implement paceline.UserStore", st)
	}
	ctx := context.Background()
	clock := Clock.Truncate(Precision)
	if _, err := s.CreateUser(ctx, "", "h"); paceline.ErrorCode(err) != paceline.EINVALID {
		t.Errorf("empty name: %v", err)
	}
	u, err := s.CreateUser(ctx, "admin", "hash1")
	if err != nil || u.ID == 0 {
		t.Fatalf("CreateUser: %v %+v", err, u)
	}
	if _, err := s.CreateUser(ctx, "admin", "x"); paceline.ErrorCode(err) != paceline.ECONFLICT {
		t.Errorf("duplicate user: %v", err)
	}
	if err := s.SetPassword(ctx, "admin", "hash2"); err != nil {
		t.Fatal(err)
	}
	if _, h, err := s.UserPassword(ctx, "admin"); err != nil || h != "hash2" {
		t.Errorf("UserPassword: %q %v", h, err)
	}
	for _, err := range []error{s.SetPassword(ctx, "nobody", "x"), func() error { _, _, err := s.UserPassword(ctx, "nobody"); return err }()} {
		if paceline.ErrorCode(err) != paceline.ENOTFOUND {
			t.Errorf("unknown user: %v", err)
		}
	}

	tok, err := s.CreateToken(ctx, "admin", "ci", "plt_abcd", "tokhash")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, "nobody", "ci", "p", "h2"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("token for unknown user: %v", err)
	}
	got, err := s.TokenByHash(ctx, "tokhash", clock)
	if err != nil || got.User != "admin" || got.Name != "ci" || !got.LastUsedAt.Truncate(Precision).Equal(clock) {
		t.Fatalf("TokenByHash: %+v %v", got, err)
	}
	if _, err := s.TokenByHash(ctx, "other", clock); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("unknown token: %v", err)
	}
	if list, err := s.Tokens(ctx); err != nil || len(list) != 1 {
		t.Errorf("Tokens: %v %v", list, err)
	}
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenByHash(ctx, "tokhash", clock); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("revoked token still works: %v", err)
	}
	// A second revoke says the token was revoked, and when, not that no token has
	// that id; an id no token ever had is not found.
	if err := s.RevokeToken(ctx, tok.ID); paceline.ErrorCode(err) != paceline.ECONFLICT ||
		!strings.Contains(paceline.ErrorMessage(err), "already revoked on "+clock.UTC().Format("2006-01-02 15:04 UTC")) {
		t.Errorf("second revoke: %v", err)
	}
	if err := s.RevokeToken(ctx, tok.ID+1000); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("revoke of an id no token had: %v", err)
	}
	// The revoked token was the newest: the next one must not get its id, or a revoke
	// written for the old one would revoke it.
	if next, err := s.CreateToken(ctx, "admin", "ci2", "plt_efgh", "tokhash2"); err != nil || next.ID <= tok.ID {
		t.Errorf("the token after a revoked one: %+v, %v; want an id above %d", next, err, tok.ID)
	}

	sess := &paceline.Session{User: "admin", CSRF: "c", ExpiresAt: clock.Add(time.Hour)}
	if err := s.CreateSession(ctx, "sesshash", sess); err != nil {
		t.Fatal(err)
	}
	if got, err := s.SessionByHash(ctx, "sesshash", clock); err != nil || got.User != "admin" || got.CSRF != "c" {
		t.Errorf("SessionByHash: %+v %v", got, err)
	}
	if _, err := s.SessionByHash(ctx, "sesshash", clock.Add(time.Hour)); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("expired session: %v", err)
	}
	if err := s.DeleteSession(ctx, "sesshash"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "sesshash", clock); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("deleted session: %v", err)
	}
	if err := s.CreateSession(ctx, "h", &paceline.Session{User: "nobody", ExpiresAt: clock.Add(time.Hour)}); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("session of unknown user: %v", err)
	}
}
