package postgres

import (
	"testing"

	"github.com/paceline/paceline/store/storetest"
)

// BenchmarkImportLeads: 100,000 rows imported whole into a fresh schema (see
// storetest.BenchImportLeads), to set beside the SQLite store's figure.
func BenchmarkImportLeads(b *testing.B) {
	storetest.BenchImportLeads(b, func(b *testing.B) storetest.LeadStore { return openTest(b) })
}

// BenchmarkStoreLeadRows: the store's side of that import alone (see
// storetest.BenchStoreLeadRows).
func BenchmarkStoreLeadRows(b *testing.B) {
	storetest.BenchStoreLeadRows(b, func(b *testing.B) storetest.LeadStore { return openTest(b) })
}
