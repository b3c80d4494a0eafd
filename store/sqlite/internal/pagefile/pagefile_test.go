package pagefile

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// testRow is a row of the test table t and its keys in the WITHOUT ROWID table k.
type testRow struct {
	id   int64
	a    string
	b    int64
	keys []string
}

// makeDB creates the tables (and an unrelated one with a row) in a new file and
// returns their roots by name.
func makeDB(t *testing.T, pageSize int) (string, map[string]uint32) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		fmt.Sprintf(`PRAGMA page_size = %d`, pageSize),
		`PRAGMA journal_mode = WAL`,
		`CREATE TABLE other (x TEXT)`,
		`INSERT INTO other VALUES ('kept')`,
		`CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER NOT NULL)`,
		`CREATE INDEX t_b ON t (b DESC, id)`,
		`CREATE INDEX t_ab ON t (a, b DESC, id)`,
		`CREATE TABLE k (kind TEXT NOT NULL, value TEXT NOT NULL, lead INTEGER NOT NULL, PRIMARY KEY (kind, value)) WITHOUT ROWID`,
		`CREATE INDEX k_lead ON k (lead)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	roots := map[string]uint32{}
	rows, err := db.Query(`SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var root uint32
		if err := rows.Scan(&name, &root); err != nil {
			t.Fatal(err)
		}
		roots[name] = root
	}
	return path, roots
}

func randomRows(r *rand.Rand, n int) []testRow {
	rows := make([]testRow, n)
	id := int64(0)
	for i := range rows {
		id += 1 + r.Int64N(3)
		if i == n-1 && n > 3 {
			id += 1 << 40 // a rowid of six bytes
		}
		size := r.IntN(60)
		switch r.IntN(40) {
		case 0:
			size = 1000 + r.IntN(20000) // overflows
		case 1:
			size = 3900 + r.IntN(300) // near a page
		}
		a := strings.Repeat(string(rune('a'+r.IntN(26))), size)
		if r.IntN(10) == 0 {
			a = "Zoë " + a
		}
		row := testRow{id: id, a: a, b: r.Int64N(200) - 20}
		if r.IntN(50) == 0 {
			row.b = -r.Int64N(1 << 50)
		}
		for k := range 1 + r.IntN(2) {
			row.keys = append(row.keys, fmt.Sprintf("%d-%d-%s", id, k, strings.Repeat("x", r.IntN(30))))
		}
		if r.IntN(100) == 0 {
			row.keys = append(row.keys, "long-"+strings.Repeat("y", 5000)+fmt.Sprint(id))
		}
		rows[i] = row
	}
	return rows
}

// build writes rows into the file's empty trees.
func build(t *testing.T, path string, roots map[string]uint32, rows []testRow) {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec Record
	tw, err := f.Table(roots["t"])
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		rec.Reset()
		rec.Null()
		rec.Text(r.a)
		rec.Int(r.b)
		if err := tw.Add(r.id, rec.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	byB := slices.Clone(rows)
	slices.SortFunc(byB, func(x, y testRow) int {
		if x.b != y.b {
			return -cmp.Compare(x.b, y.b)
		}
		return cmp.Compare(x.id, y.id)
	})
	index(t, f, roots["t_b"], len(byB), func(i int, rec *Record) {
		rec.Int(byB[i].b)
		rec.Int(byB[i].id)
		rec.Int(byB[i].id) // the rowid, which every index of a rowid table ends with
	})
	byAB := slices.Clone(rows)
	slices.SortFunc(byAB, func(x, y testRow) int {
		if c := strings.Compare(x.a, y.a); c != 0 {
			return c
		}
		if x.b != y.b {
			return -cmp.Compare(x.b, y.b)
		}
		return cmp.Compare(x.id, y.id)
	})
	index(t, f, roots["t_ab"], len(byAB), func(i int, rec *Record) {
		rec.Text(byAB[i].a)
		rec.Int(byAB[i].b)
		rec.Int(byAB[i].id)
		rec.Int(byAB[i].id)
	})
	type key struct {
		value string
		lead  int64
	}
	var keys []key
	for _, r := range rows {
		for _, k := range r.keys {
			keys = append(keys, key{k, r.id})
		}
	}
	slices.SortFunc(keys, func(x, y key) int { return strings.Compare(x.value, y.value) })
	index(t, f, roots["k"], len(keys), func(i int, rec *Record) {
		rec.Text("in")
		rec.Text(keys[i].value)
		rec.Int(keys[i].lead)
	})
	slices.SortFunc(keys, func(x, y key) int {
		if x.lead != y.lead {
			return cmp.Compare(x.lead, y.lead)
		}
		return strings.Compare(x.value, y.value)
	})
	index(t, f, roots["k_lead"], len(keys), func(i int, rec *Record) {
		rec.Int(keys[i].lead)
		rec.Text("in")
		rec.Text(keys[i].value)
	})
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func index(t *testing.T, f *File, root uint32, n int, fill func(i int, rec *Record)) {
	t.Helper()
	var rec Record
	err := f.Index(root, n, func(i int) []byte {
		rec.Reset()
		fill(i, &rec)
		return rec.Bytes()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTreesSQLiteReads builds the trees of tables of every size from none to
// thousands of rows (texts that overflow into chains of pages, six-byte rowids,
// negative numbers), then has SQLite check the file (integrity_check compares every
// index with its table and every page's order and accounting), read it back through
// each index, and write to it.
func TestTreesSQLiteReads(t *testing.T) {
	for _, pageSize := range []int{4096, 1024, 65536} {
		for _, n := range []int{0, 1, 2, 5, 40, 700, 6000} {
			t.Run(fmt.Sprintf("page%d/rows%d", pageSize, n), func(t *testing.T) {
				if pageSize != 4096 && n == 6000 && testing.Short() {
					t.Skip("short")
				}
				r := rand.New(rand.NewPCG(uint64(n), uint64(pageSize)))
				rows := randomRows(r, n)
				path, roots := makeDB(t, pageSize)
				build(t, path, roots, rows)
				check(t, path, rows)
			})
		}
	}
}

func check(t *testing.T, path string, rows []testRow) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var res []string
	qr, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	for qr.Next() {
		var s string
		qr.Scan(&s)
		res = append(res, s)
	}
	qr.Close()
	if len(res) != 1 || res[0] != "ok" {
		t.Fatalf("integrity_check: %q", res[:min(len(res), 10)])
	}
	var n, sum int64
	if err := db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(b), 0) FROM t`).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, r := range rows {
		want += r.b
	}
	if n != int64(len(rows)) || sum != want {
		t.Fatalf("t holds %d rows summing %d, want %d and %d", n, sum, len(rows), want)
	}
	for _, r := range rows[:min(len(rows), 50)] {
		var a string
		var b int64
		if err := db.QueryRow(`SELECT a, b FROM t WHERE id = ?`, r.id).Scan(&a, &b); err != nil || a != r.a || b != r.b {
			t.Fatalf("row %d: %v (a of %d bytes, b %d)", r.id, err, len(a), b)
		}
		for _, k := range r.keys {
			var lead int64
			if err := db.QueryRow(`SELECT lead FROM k WHERE kind = 'in' AND value = ?`, k).Scan(&lead); err != nil || lead != r.id {
				t.Fatalf("key %.20s: %v, lead %d", k, err, lead)
			}
		}
	}
	var other string
	if err := db.QueryRow(`SELECT x FROM other`).Scan(&other); err != nil || other != "kept" {
		t.Fatalf("other table: %q, %v", other, err)
	}
	// The trees take writes afterwards, splits and all.
	for i := range 300 {
		if _, err := db.Exec(`INSERT INTO t (a, b) VALUES (?, ?)`, strings.Repeat("n", i*7), i%50); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO k VALUES ('in', ?, ?)`, fmt.Sprintf("new-%d", i), i); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`DELETE FROM t WHERE id % 3 = 0`); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&other); err != nil || other != "ok" {
		t.Fatalf("integrity_check after writes: %q, %v", other, err)
	}
}

// TestOpenRefuses: a file with changes in its write-ahead log, one that is not a
// database, and a root that is not an empty tree are refused.
func TestOpenRefuses(t *testing.T) {
	path, roots := makeDB(t, 4096)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t (a, b) VALUES ('x', 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "write-ahead log") {
		t.Errorf("open with a WAL in use: %v", err)
	}
	db.Close()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Table(roots["t"]); err == nil || !strings.Contains(err.Error(), "not an empty tree") {
		t.Errorf("a root with a row: %v", err)
	}
	if err := f.Index(roots["t"], 0, nil); err == nil {
		t.Error("a table root taken for an index")
	}
	f.Close()
}

// TestFindReadsRowsBack: while a table is being written, every row added can be read
// back by rowid, whether its leaf is on disk, waiting to be written, held as the only
// one or still being filled; and Values decodes its record.
func TestFindReadsRowsBack(t *testing.T) {
	for _, n := range []int{1, 3, 40, 3000} {
		r := rand.New(rand.NewPCG(uint64(n), 7))
		rows := randomRows(r, n)
		path, roots := makeDB(t, 4096)
		f, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		tw, err := f.Table(roots["t"])
		if err != nil {
			t.Fatal(err)
		}
		var rec Record
		check := func(row testRow) {
			t.Helper()
			got, ok, err := tw.Find(row.id)
			if err != nil || !ok {
				t.Fatalf("find %d: %v, %v", row.id, ok, err)
			}
			vals, err := Values(got, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(vals) != 3 || vals[0] != nil || vals[1] != row.a || vals[2] != row.b {
				t.Fatalf("row %d read back as %.40v", row.id, vals)
			}
		}
		for i, row := range rows {
			rec.Reset()
			rec.Null()
			rec.Text(row.a)
			rec.Int(row.b)
			if err := tw.Add(row.id, rec.Bytes()); err != nil {
				t.Fatal(err)
			}
			check(row)
			check(rows[r.IntN(i+1)])
			if _, ok, _ := tw.Find(row.id + 1); ok && (i+1 == len(rows) || rows[i+1].id != row.id+1) {
				t.Fatalf("found a row %d never added", row.id+1)
			}
		}
		for _, row := range rows {
			check(row)
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

// TestAllocPassesTheLockPage: the page holding SQLite's lock bytes, at 1 GiB, is never
// handed out (a tree pointing at it is a corrupt database).
func TestAllocPassesTheLockPage(t *testing.T) {
	for _, size := range []int{512, 4096, 65536} {
		f := &File{pageSize: size, usable: size, pages: uint32(pendingByte/size) - 2}
		var got []uint32
		for range 4 {
			got = append(got, f.alloc())
		}
		lock := uint32(pendingByte/size) + 1
		if slices.Contains(got, lock) || got[3] != lock+2 {
			t.Errorf("page size %d: alloc gave %v around the lock page %d", size, got, lock)
		}
	}
}

// TestTreesPastOneGiB builds a table of 1.1 GB and has SQLite check it: the lock page
// at 1 GiB is passed over. It writes 1.1 GB, so it runs only when
// PACELINE_BIG_TESTS is set (make test-big).
func TestTreesPastOneGiB(t *testing.T) {
	if os.Getenv("PACELINE_BIG_TESTS") == "" {
		t.Skip("writes 1.1 GB: set PACELINE_BIG_TESTS=1")
	}
	path, roots := makeDB(t, 4096)
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := f.Table(roots["t"])
	if err != nil {
		t.Fatal(err)
	}
	var rec Record
	val := strings.Repeat("v", 1<<20)
	var rows []testRow
	for i := range 1100 {
		rec.Reset()
		rec.Null()
		rec.Text(val)
		rec.Int(int64(i))
		if err := w.Add(int64(i+1), rec.Bytes()); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, testRow{id: int64(i + 1), a: val, b: int64(i)})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"t_b", "t_ab"} {
		err := f.Index(roots[name], len(rows), func(i int) []byte {
			r := rows[len(rows)-1-i] // by b descending (a is the same in every row)
			rec.Reset()
			if name == "t_ab" {
				rec.Text(r.a)
			}
			rec.Int(r.b)
			rec.Int(r.id)
			rec.Int(r.id)
			return rec.Bytes()
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	check(t, path, rows)
}
