package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/runtime"
	"github.com/paceline/paceline/store/sqlite"
)

// storedClock is a runtime store whose stored clock runs at speed (none when !ok), with
// the given accounts.
type storedClock struct {
	runtimeStore
	speed    float64
	ok       bool
	accounts []*paceline.Account
}

func (s storedClock) Clock(context.Context) (float64, time.Time, time.Time, time.Time, bool, error) {
	if !s.ok {
		return 0, time.Time{}, time.Time{}, time.Time{}, false, nil
	}
	now := time.Now()
	return s.speed, now, now, now, true, nil
}

func (s storedClock) Accounts(context.Context) ([]*paceline.Account, error) { return s.accounts, nil }

// Whatever serve's speed refusal advises is accepted next: "drop --speed" only where
// serve without --speed runs, else --speed 1 (QA: after serve --speed 3000 on a
// database with a mailbox said "drop --speed", plain serve said "add --speed 1", as the
// clock stored by an earlier sped-up run is kept without --speed).
func TestSpeedRefusalAdviceIsAccepted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	mailbox := []*paceline.Account{{Name: "bot", Executor: paceline.ExecutorSim}, {Name: "ann-mail", Executor: paceline.ExecutorEmail}}
	for _, clock := range []storedClock{{}, {speed: 1, ok: true}, {speed: 3000, ok: true}, {speed: 3360, ok: true}} {
		clock.accounts = mailbox
		for _, given := range []float64{0, 2, 3000} {
			name := fmt.Sprintf("stored %gx (%v), --speed %g", clock.speed, clock.ok, given)
			err := onlySimulated(ctx, clock, given, "p.db", "p.db")
			if err == nil {
				if given > 1 || clock.speed > 1 {
					t.Errorf("%s: not refused", name)
				}
				continue
			}
			msg := paceline.ErrorMessage(err)
			var next float64
			switch {
			case strings.Contains(msg, "drop --speed"):
				next = 0
			case strings.Contains(msg, "--speed 1"):
				next = 1
			default:
				t.Errorf("%s: the refusal advises no speed: %s", name, msg)
				continue
			}
			if err := onlySimulated(ctx, clock, next, "p.db", "p.db"); err != nil {
				t.Errorf("%s: %q\nadvises --speed %g, which is refused next: %v", name, msg, next, err)
			}
		}
	}
}

// The QA case on a real file: a simulated seat run sped up, then a mailbox added;
// serve --speed 3000 advises --speed 1 and says where the clock goes on from, and
// --speed 1 passes the check that plain serve fails.
func TestSpeedRefusalOnAFileSpedUpBefore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "p.db")
	mustCLI(t, db, "accounts", "add", "--name", "bot", "--type", "free")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// serve --speed 3000 that ran a few days of virtual time ahead, then stopped.
	reached := time.Now().Add(96 * time.Hour).UTC()
	if err := st.SetClock(ctx, 3000, reached, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	env := passwordEnv(t, "pw-"+randomWord(t))
	mustCLI(t, db, "accounts", "add", "--name", "ann-mail", "--executor", "email", "--from", "ann@example.com",
		"--smtp", "smtps://ann@127.0.0.1:1", "--imap", "imaps://ann@127.0.0.1:1",
		"--smtp-password-env", env, "--imap-password-env", env, "--skip-check")

	code, _, errOut := cli(t, db, "serve", "--speed", "3000", "--addr", "127.0.0.1:0")
	day := reached.Format("2006-01-02 15:04")
	for _, want := range []string{"give --speed 1 instead", "3000x stored in " + db, "from " + day, "a database of their own"} {
		if code != exitFailed || !strings.Contains(errOut, want) || strings.Contains(errOut, "drop --speed") {
			t.Errorf("serve --speed 3000: exit %d, %q; want exit %d and %q", code, errOut, exitFailed, want)
		}
	}
	if code, _, errOut := cli(t, db, "serve", "--addr", "127.0.0.1:0"); code != exitFailed || !strings.Contains(errOut, "add --speed 1") {
		t.Errorf("serve: exit %d, %q", code, errOut)
	}
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := onlySimulated(ctx, st, 1, db, db); err != nil {
		t.Errorf("--speed 1: %v", err)
	}
	clock, err := runtime.StartClock(ctx, st, 1)
	if err != nil {
		t.Fatal(err)
	}
	if now := clock.Now(); now.Before(reached) || now.Sub(reached) > time.Hour {
		t.Errorf("--speed 1 runs from %s, not from %s as the refusal said", now, reached)
	}
}
