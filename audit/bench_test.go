package audit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// benchLedger builds a ledger the way a long simulation writes one: n actions of 50
// accounts in five time zones, in time order, each account acting every 100 minutes
// with invites and messages well under their caps, so the audit is clean and the
// benchmark measures the sweep rather than message formatting.
func benchLedger(b testing.TB, n int) *Ledger {
	b.Helper()
	zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"}
	const accounts = 50
	l := &Ledger{}
	for i := range accounts {
		l.Accounts = append(l.Accounts, Account{
			Name: fmt.Sprintf("acc-%02d", i), Type: paceline.TypeFree, Location: zone(b, zones[i%len(zones)]),
			Hours: paceline.WorkingHours{Start: 0, End: 24 * 60}, Days: 1<<7 - 1, MinGap: 90 * time.Second,
			WeeklyCaps:       map[paceline.ActionKind]int{paceline.KindInvite: 100, paceline.KindMessage: 150},
			DailyCaps:        map[paceline.ActionKind]int{paceline.KindInvite: 20},
			NoteQuotaMonthly: 5,
		})
	}
	base := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	l.Actions = make([]paceline.Action, n)
	for i := range l.Actions {
		round := i / accounts
		a := paceline.Action{
			At:      base.Add(time.Duration(round)*100*time.Minute + time.Duration(i%accounts)*time.Second),
			Account: l.Accounts[i%accounts].Name,
			Kind:    paceline.KindVisit,
			Lead:    fmt.Sprintf("li:%d", i),
			Result:  paceline.ResultDone,
		}
		switch round % 10 {
		case 0:
			a.Kind = paceline.KindInvite
			a.WithNote = round%1000 == 0 // about one note in a week
		case 5:
			a.Kind = paceline.KindMessage
		}
		l.Actions[i] = a
	}
	return l
}

// BenchmarkCheck audits a million actions, as written (in time order) and shuffled
// (which forces the sort); the figure to publish is actions/s.
func BenchmarkCheck(b *testing.B) {
	sorted := benchLedger(b, 1_000_000)
	shuffled := &Ledger{Accounts: sorted.Accounts, Actions: slices.Clone(sorted.Actions)}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Actions), func(i, j int) {
		shuffled.Actions[i], shuffled.Actions[j] = shuffled.Actions[j], shuffled.Actions[i]
	})
	for _, bc := range []struct {
		name   string
		ledger *Ledger
	}{{"sorted", sorted}, {"shuffled", shuffled}} {
		b.Run(bc.name, func(b *testing.B) {
			if r := Check(bc.ledger); r.Violations != 0 {
				b.Fatalf("the benchmark ledger should be clean, got %d violations, first %+v", r.Violations, r.Details[0])
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Check(bc.ledger)
			}
			b.ReportMetric(float64(len(bc.ledger.Actions))*float64(b.N)/b.Elapsed().Seconds(), "actions/s")
		})
	}
}

// BenchmarkReadDir reads a ledger of 200,000 actions from disk.
func BenchmarkReadDir(b *testing.B) {
	l := benchLedger(b, 200_000)
	dir := b.TempDir()
	if err := WriteDir(dir, l); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadDir(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(l.Actions))*float64(b.N)/b.Elapsed().Seconds(), "actions/s")
}
