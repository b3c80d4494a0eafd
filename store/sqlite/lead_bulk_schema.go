package sqlite

import (
	"context"
	"fmt"
	"strings"
)

// bulkSchema is what a bulk import needs of the schema: the root page of every tree
// it builds and the order of the leads table's columns.
type bulkSchema struct {
	roots   map[string]uint32 // by table or index name
	columns []string          // the leads table's, in the order its records hold them
}

// bulkTrees are the trees a bulk import builds, each with the columns of its records
// as PRAGMA index_xinfo lists them ("rowid" for the rowid an index entry ends with,
// " desc" after a descending column): a schema that does not match exactly is imported
// through SQLite as before, so a migration that changes these tables cannot make the
// bulk writer write records SQLite does not expect.
var bulkTrees = map[string]string{
	"leads_score":                     "score desc,id,rowid",
	"leads_seniority":                 "seniority,score desc,id,rowid",
	"lead_keys_lead":                  "lead_id,kind,value",
	"sqlite_autoindex_list_members_1": "list_id,lead_id,rowid",
	"list_members_lead":               "lead_id,rowid",
}

// bulkTables are the tables a bulk import fills, with their columns.
var bulkTables = map[string]string{
	"lead_keys":    "kind,value,lead_id",
	"list_members": "list_id,lead_id,added_at",
}

// readBulkSchema reads the schema and reports, when a bulk import cannot write it, why.
func readBulkSchema(ctx context.Context, q leadQuerier) (*bulkSchema, string, error) {
	sc := &bulkSchema{roots: map[string]uint32{}}
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, rootpage, COALESCE(sql, '') FROM sqlite_master
		WHERE tbl_name IN ('leads', 'lead_keys', 'list_members')`)
	if err != nil {
		return nil, "", fmt.Errorf("read the schema: %w", err)
	}
	defer rows.Close()
	var indexes []string
	for rows.Next() {
		var typ, name, table, def string
		var root uint32
		if err := rows.Scan(&typ, &name, &table, &root, &def); err != nil {
			return nil, "", fmt.Errorf("read the schema: %w", err)
		}
		switch typ {
		case "table":
			sc.roots[name] = root
		case "index":
			if _, ok := bulkTrees[name]; !ok {
				return nil, "index " + name + " is not one the bulk import builds", nil
			}
			sc.roots[name] = root
			indexes = append(indexes, name)
		case "trigger":
			// Only deletes fire the schema's triggers; a bulk import inserts.
			if !strings.Contains(strings.ToUpper(def), "AFTER DELETE ON") {
				return nil, "trigger " + name + " may fire on insert", nil
			}
		default:
			return nil, typ + " " + name + " is not one the bulk import knows", nil
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("read the schema: %w", err)
	}
	rows.Close()
	if len(indexes) != len(bulkTrees) {
		return nil, "the lead tables lack an index", nil
	}
	// lead_keys is WITHOUT ROWID: its primary key is the table's own tree.
	for _, name := range append(indexes, "lead_keys") {
		want := bulkTrees[name]
		if name == "lead_keys" {
			want = bulkTables[name]
		}
		got, err := indexColumns(ctx, q, name)
		if err != nil {
			return nil, "", err
		}
		if got != want {
			return nil, fmt.Sprintf("index %s holds %s", name, got), nil
		}
	}
	for table, want := range bulkTables {
		cols, err := tableColumns(ctx, q, table)
		if err != nil {
			return nil, "", err
		}
		if got := strings.Join(cols, ","); got != want {
			return nil, fmt.Sprintf("table %s holds %s", table, got), nil
		}
	}
	if sc.columns, err = tableColumns(ctx, q, "leads"); err != nil {
		return nil, "", err
	}
	for _, c := range sc.columns {
		if !knownLeadColumn(c) {
			return nil, "the bulk import does not know the leads column " + c, nil
		}
	}
	return sc, "", nil
}

// indexColumns lists an index's record columns as bulkTrees spells them, with any
// collation other than BINARY, which the bulk import's sorting does not follow.
func indexColumns(ctx context.Context, q leadQuerier, index string) (string, error) {
	rows, err := q.QueryContext(ctx, `SELECT cid, COALESCE(name, ''), desc, coll FROM pragma_index_xinfo(?) ORDER BY seqno`, index)
	if err != nil {
		return "", fmt.Errorf("read index %s: %w", index, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var cid int
		var name, coll string
		var desc bool
		if err := rows.Scan(&cid, &name, &desc, &coll); err != nil {
			return "", fmt.Errorf("read index %s: %w", index, err)
		}
		if cid == -1 {
			name = "rowid"
		}
		if desc {
			name += " desc"
		}
		if coll != "BINARY" {
			name += " collate " + coll
		}
		cols = append(cols, name)
	}
	return strings.Join(cols, ","), rows.Err()
}

// tableColumns lists a table's columns in order, hidden ones included.
func tableColumns(ctx context.Context, q leadQuerier, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_xinfo(?) ORDER BY cid`, table)
	if err != nil {
		return nil, fmt.Errorf("read table %s: %w", table, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("read table %s: %w", table, err)
		}
		cols = append(cols, name)
	}
	return cols, rows.Err()
}
