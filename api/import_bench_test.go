package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// BenchmarkImportUpload measures an upload through the API to the end of its import:
// spooling, the background import into SQLite and the status polls.
func BenchmarkImportUpload(b *testing.B) {
	const rows = 20_000
	var sb strings.Builder
	sb.WriteString("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
	for i := range rows {
		fmt.Fprintf(&sb, "First%d,Last%d,https://www.linkedin.com/in/bench-%d,p%d@ex%d.example,Company %d,VP Sales,01 Jan 2026\n", i, i, i, i, i%500, i%3000)
	}
	csv := sb.String()
	b.SetBytes(int64(len(csv)))
	for b.Loop() {
		b.StopTimer()
		f := apitest.New(b)
		a := api.New(api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users, Importer: f.Store})
		b.StartTimer()
		req := httptest.NewRequest("POST", "/api/v1/leads/imports", strings.NewReader(csv))
		req.Header.Set("Authorization", "Bearer "+apitest.Token)
		req.Header.Set("Content-Type", "text/csv")
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != http.StatusAccepted {
			b.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}
		var st api.ImportStatus
		if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
			b.Fatal(err)
		}
		for st.State == api.ImportRunning {
			time.Sleep(time.Millisecond)
			var err error
			if st, err = a.ImportStatusOf(st.ID); err != nil {
				b.Fatal(err)
			}
		}
		if st.State != api.ImportDone || st.Report.Imported != rows {
			b.Fatalf("import: %+v", st)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
