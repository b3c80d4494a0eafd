package sim

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// identityGolden holds a digest of every run TestRunsUnchanged makes, recorded from the
// build before a speed change: a faster simulator must give the very same runs.
const identityGolden = "testdata/runs.golden"

// ledgerDigest hashes a run's whole ledger (every field of every attempt, the accounts
// as audited) and its result without the wall time.
func ledgerDigest(t *testing.T, res *Result) string {
	t.Helper()
	h := sha256.New()
	var n [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	num := func(v int64) {
		binary.LittleEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	for _, a := range res.Ledger.Actions {
		num(a.ID)
		str(a.Key)
		num(a.At.UnixNano())
		str(a.At.Location().String())
		str(a.Account)
		str(string(a.Kind))
		str(a.Lead)
		str(string(a.Result))
		str(fmt.Sprint(a.WithNote))
		str(a.Campaign)
		str(a.Step)
	}
	for _, a := range res.Ledger.Accounts {
		loc := a.Location
		a.Location = nil // a pointer: its zone's name is what matters
		str(fmt.Sprintf("%+v %v", a, loc))
	}
	for _, at := range res.RepliedAt {
		num(at.UnixNano())
	}
	r := *res
	r.WallSeconds = 0
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// TestRunsUnchanged runs every strategy in UTC and in a zone with daylight saving time,
// for several seeds, plus a forecast, and compares digests of the whole ledgers with
// those recorded before (-update records them again: only for a change meant to alter
// the runs).
func TestRunsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 26 simulations")
	}
	seats, err := ParseSeats("free:3,sales-navigator:2")
	if err != nil {
		t.Fatal(err)
	}
	leads := Leads(3000, rand.New(rand.NewPCG(1, 2)))
	var lines []string
	for _, zone := range []string{"UTC", "America/New_York"} {
		for _, st := range Strategies {
			for seed := range uint64(4) {
				res, err := Run(context.Background(), Config{Accounts: seats, Leads: leads, Weeks: 12, Strategy: st, Seed: seed, TimeZone: zone})
				if err != nil {
					t.Fatal(err)
				}
				lines = append(lines, fmt.Sprintf("%s %s %d %d %s", zone, st, seed, len(res.Ledger.Actions), ledgerDigest(t, res)))
			}
		}
	}
	large, err := ParseSeats("free:60,sales-navigator:40")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Accounts: large, Leads: Leads(50000, rand.New(rand.NewPCG(1, 2))), Weeks: 12, Strategy: Paceline, TimeZone: "Europe/Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, fmt.Sprintf("large %s 0 %d %s", Paceline, len(res.Ledger.Actions), ledgerDigest(t, res)))
	f, err := RunForecast(context.Background(), ForecastConfig{Config: Config{Accounts: seats, Leads: leads, Weeks: 12, Strategy: Paceline, Seed: 7}, Runs: 8, Parallel: 2})
	if err != nil {
		t.Fatal(err)
	}
	f.WallSeconds = 0
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	lines = append(lines, "forecast "+hex.EncodeToString(sum[:]))
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.FromSlash(identityGolden)
	if want := golden(t, path, []byte(got)); got != string(want) {
		t.Errorf("runs differ from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
