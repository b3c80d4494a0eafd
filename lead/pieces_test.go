package lead

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
)

// TestImportAtOnceOrInPieces imports the same random rows once as one file and once
// as several files in a row, and compares the leads and keys that result. Rows repeat
// people exactly (the path that skips the store), change their fields, add keys and
// bridge two people into one; in one file the leads they touch are the import's own,
// in pieces they were stored by an earlier import. Either way each person is one lead,
// the last row's fields win where they change over time, and nothing is lost.
func TestImportAtOnceOrInPieces(t *testing.T) {
	t.Parallel()
	score := func(l *paceline.Lead) { l.Score = len(l.Title) + 3*len(l.Company) }
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 17))
		rows := piecesRows(rng, 2500)
		whole := newMemSink()
		if _, err := runImport(t, whole, piecesCSV(rows), ImportOptions{ScoreFunc: score}); err != nil {
			t.Fatal(err)
		}
		pieces := newMemSink()
		for start := 0; start < len(rows); {
			end := min(len(rows), start+1+rng.IntN(200))
			if _, err := runImport(t, pieces, piecesCSV(rows[start:end]), ImportOptions{ScoreFunc: score}); err != nil {
				t.Fatal(err)
			}
			start = end
		}
		if a, b := leadDump(whole), leadDump(pieces); a != b {
			x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
			for i := range min(len(x), len(y)) {
				if x[i] != y[i] {
					t.Fatalf("seed %d: at once and in pieces differ (%d and %d lines), first at line %d:\nat once   %s\nin pieces %s", seed, len(x), len(y), i, x[i], y[i])
				}
			}
			t.Fatalf("seed %d: %d leads at once, %d in pieces", seed, len(x), len(y))
		}
	}
}

// piecesRows are n rows of 600 people; a row carries the person's profile, or Sales
// Navigator id, or email, or several, with a title and company that change now and
// then; one row in 50 gives a person another's email.
func piecesRows(rng *rand.Rand, n int) []string {
	titles := []string{"", "CEO", "VP Sales", "Head of Growth"}
	rows := make([]string, n)
	for i := range rows {
		who := rng.IntN(600)
		var profile, sales, email string
		switch rng.IntN(4) {
		case 0:
			profile = fmt.Sprintf("https://www.linkedin.com/in/p-%d", who)
		case 1:
			sales = fmt.Sprintf("https://www.linkedin.com/sales/lead/ACwAAB%05d", who)
		case 2:
			profile = fmt.Sprintf("https://www.linkedin.com/in/p-%d", who)
			email = fmt.Sprintf("e%d@example.com", who)
		default:
			profile = fmt.Sprintf("https://www.linkedin.com/in/p-%d", who)
			sales = fmt.Sprintf("https://www.linkedin.com/sales/lead/ACwAAB%05d", who)
		}
		if rng.IntN(50) == 0 {
			email = fmt.Sprintf("e%d@example.com", rng.IntN(600))
		}
		rows[i] = fmt.Sprintf("%s,%s,Person %d,%s,%s,Company %d", profile, sales, who, email,
			titles[rng.IntN(len(titles))], rng.IntN(3))
	}
	return rows
}

func piecesCSV(rows []string) string {
	return "profileUrl,salesNavigatorUrl,fullName,email,title,companyName\n" + strings.Join(rows, "\n") + "\n"
}

// leadDump is every lead of the sink with its keys, ordered by its keys, without the
// ids and timestamps (which may differ and mean nothing here).
func leadDump(m *memSink) string {
	keysOf := map[int64][]string{}
	for k, id := range m.keys {
		keysOf[id] = append(keysOf[id], k.String())
	}
	var lines []string
	for id, l := range m.leads {
		keys := keysOf[id]
		slices.Sort(keys)
		c := *l
		c.ID, c.CreatedAt, c.UpdatedAt = 0, time.Time{}, time.Time{}
		if len(c.Custom) == 0 {
			c.Custom = nil
		}
		lines = append(lines, fmt.Sprintf("%v %+v", keys, c))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
