package sqlite

// nextID is the expression of the id a new row of table gets: above its highest id and
// above the highest id it ever deleted (id_floors, migration 0013), so that no id is
// given twice. table is a constant of this package, never user input.
func nextID(table string) string {
	return `(SELECT max(COALESCE((SELECT max(id) FROM ` + table + `), 0),
		COALESCE((SELECT last FROM id_floors WHERE name = '` + table + `'), 0)) + 1)`
}

// idFloorQuery reads the highest id ever deleted from a table (0 when none).
const idFloorQuery = `SELECT COALESCE((SELECT last FROM id_floors WHERE name = ?), 0)`
