package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// RunUserRemoval checks that staff can be shut out: a new password ends every session
// of its user (QA found an old cookie still got 200 for 12 hours after users passwd)
// and leaves other users' alone; deleting a user ends its sessions, revokes its tokens
// (a later revoke says when) and frees the name; the only user cannot be deleted.
func RunUserRemoval(t *testing.T, s paceline.UserStore) {
	t.Helper()
	ctx := context.Background()
	now := Clock.Truncate(Precision)
	later := now.Add(time.Hour)
	for _, name := range []string{"ann", "bob"} {
		if _, err := s.CreateUser(ctx, name, "hash-"+name); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"1", "2"} {
			if err := s.CreateSession(ctx, name+n, &paceline.Session{User: name, CSRF: "c", ExpiresAt: later}); err != nil {
				t.Fatal(err)
			}
		}
	}
	live := func(hash string) bool {
		t.Helper()
		_, err := s.SessionByHash(ctx, hash, now)
		if err != nil && paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
			t.Fatalf("SessionByHash %s: %v", hash, err)
		}
		return err == nil
	}

	if err := s.SetPassword(ctx, "ann", "new-hash"); err != nil {
		t.Fatal(err)
	}
	if live("ann1") || live("ann2") {
		t.Error("a session from before the new password still logs in")
	}
	if !live("bob1") || !live("bob2") {
		t.Error("a new password for ann ended bob's sessions")
	}
	if err := s.CreateSession(ctx, "ann3", &paceline.Session{User: "ann", CSRF: "c", ExpiresAt: later}); err != nil || !live("ann3") {
		t.Errorf("a login after the new password: %v", err)
	}

	tok, err := s.CreateToken(ctx, "bob", "ci", "plt_bob", "bobtoken")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteUser(ctx, "nobody"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("delete an unknown user: %v", err)
	}
	if n, err := s.DeleteUser(ctx, "bob"); err != nil || n != 1 {
		t.Fatalf("DeleteUser bob: %d tokens revoked, %v; want 1", n, err)
	}
	if live("bob1") || live("bob2") {
		t.Error("a deleted user's session still logs in")
	}
	if !live("ann3") {
		t.Error("deleting bob ended ann's session")
	}
	if _, err := s.TokenByHash(ctx, "bobtoken", now); paceline.ErrorCode(err) != paceline.EUNAUTHORIZED {
		t.Errorf("a deleted user's token: %v", err)
	}
	if err := s.RevokeToken(ctx, tok.ID); paceline.ErrorCode(err) != paceline.ECONFLICT || !strings.Contains(paceline.ErrorMessage(err), "already revoked") {
		t.Errorf("revoking a deleted user's token: %v", err)
	}
	if _, _, err := s.UserPassword(ctx, "bob"); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("deleted user still there: %v", err)
	}
	if err := s.CreateSession(ctx, "bob9", &paceline.Session{User: "bob", CSRF: "c", ExpiresAt: later}); paceline.ErrorCode(err) != paceline.ENOTFOUND {
		t.Errorf("a session for a deleted user: %v", err)
	}

	if _, err := s.DeleteUser(ctx, "ann"); paceline.ErrorCode(err) != paceline.ECONFLICT ||
		!strings.Contains(paceline.ErrorMessage(err), "only dashboard user") {
		t.Errorf("deleting the only user: %v", err)
	}
	if !live("ann3") {
		t.Error("the refused delete ended the session")
	}
	if _, err := s.CreateUser(ctx, "bob", "hash"); err != nil {
		t.Errorf("the deleted name cannot be taken again: %v", err)
	}

	// Two deletes at once of the last two users: one must be refused.
	errs := make(chan error, 2)
	for _, name := range []string{"ann", "bob"} {
		go func() { _, err := s.DeleteUser(ctx, name); errs <- err }()
	}
	refused := 0
	for range 2 {
		if err := <-errs; paceline.ErrorCode(err) == paceline.ECONFLICT {
			refused++
		} else if err != nil {
			t.Errorf("concurrent delete: %v", err)
		}
	}
	if users, err := s.Users(ctx); err != nil || len(users) != 1 || refused != 1 {
		t.Errorf("two deletes at once of the last two users: %d refused, %d users left (%v); want 1 and 1", refused, len(users), err)
	}
}
