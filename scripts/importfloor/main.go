// Command importfloor measures the floor of a lead import on the pure-Go SQLite
// driver: it loads a CSV file's raw columns, as text, into a plain table with no
// index, the way the sqlite3 shell's .import does, but through modernc.org/sqlite and
// database/sql as fast as they allow: one transaction, multi-row prepared INSERTs and
// the connection settings `paceline leads import` uses on a fresh database. Whatever
// an import spends beyond this is paceline's own work (normalising, deduplicating,
// scoring, keys, indexes); the gap between this and the shell is the driver's.
//
//	go run ./scripts/importfloor -db /tmp/floor.db leads.csv
//
// scripts/import-bench.sh runs it beside the import and the shell.
package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

func main() {
	dbPath := flag.String("db", "floor.db", "the SQLite `file` to create")
	batch := flag.Int("batch", 100, "rows per INSERT statement")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: importfloor [-db FILE] [-batch N] FILE.csv")
		os.Exit(2)
	}
	n, err := load(context.Background(), flag.Arg(0), *dbPath, *batch)
	if err != nil {
		fmt.Fprintln(os.Stderr, "importfloor:", err)
		os.Exit(1)
	}
	fmt.Printf("{\"rows\": %d}\n", n)
}

// load copies every record of the CSV file at src into a new table of the database at
// dst and returns how many it wrote.
func load(ctx context.Context, src, dst string, batch int) (int, error) {
	f, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.ReuseRecord = true
	header, err := rd.Read()
	if err != nil {
		return 0, fmt.Errorf("read header of %s: %w", src, err)
	}
	width := len(header)

	// The store's connection settings (store/sqlite dsn), then the ones its import
	// sets for a first load (store/sqlite ImportLeads).
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(120000)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+dst+"?"+q.Encode())
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, p := range []string{`PRAGMA cache_size = -32768`, `PRAGMA temp_store = MEMORY`,
		`PRAGMA foreign_keys = OFF`, `PRAGMA journal_mode = DELETE`} {
		if _, err := db.ExecContext(ctx, p); err != nil {
			return 0, fmt.Errorf("%s: %w", p, err)
		}
	}
	cols := make([]string, width)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d TEXT", i)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE raw (`+strings.Join(cols, ", ")+`)`); err != nil {
		return 0, fmt.Errorf("create table: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	insert := func(rows int) (*sql.Stmt, error) {
		return tx.PrepareContext(ctx, `INSERT INTO raw VALUES `+strings.TrimSuffix(strings.Repeat(group+", ", rows), ", "))
	}
	full, err := insert(batch)
	if err != nil {
		return 0, fmt.Errorf("prepare insert: %w", err)
	}
	args := make([]any, 0, batch*width)
	n := 0
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, fmt.Errorf("read %s: %w", src, err)
		}
		for _, v := range rec {
			args = append(args, v)
		}
		n++
		if len(args) == cap(args) {
			if _, err := full.ExecContext(ctx, args...); err != nil {
				return n, fmt.Errorf("insert: %w", err)
			}
			args = args[:0]
		}
	}
	if len(args) > 0 {
		st, err := insert(len(args) / width)
		if err != nil {
			return n, fmt.Errorf("prepare insert: %w", err)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return n, fmt.Errorf("insert: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return n, fmt.Errorf("commit: %w", err)
	}
	return n, nil
}
