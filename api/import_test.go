package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/lead"
)

// uploadCSV is a LinkedIn connections export: two good rows and one without a
// profile or an email, which the import rejects.
const uploadCSV = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
	"Marie,Curie,https://www.linkedin.com/in/marie-curie-upload,,Radium Institute,Head of Research,12 Jan 2026\n" +
	"Pierre,Curie,,,Sorbonne,Professor,03 Dec 2025\n" +
	"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-upload,ada@engines.example,Analytical Engines,CTO,01 Jan 2026\n"

// uploadJSON holds the leads of uploadCSV as paceline leads export --format json writes
// them: Pierre, with neither a profile nor an email, is refused on line 3, as in the CSV.
const uploadJSON = `[
  {"first_name": "Marie", "last_name": "Curie", "profile_url": "https://www.linkedin.com/in/marie-curie-upload", "company": "Radium Institute", "title": "Head of Research"},
  {"first_name": "Pierre", "last_name": "Curie", "company": "Sorbonne", "title": "Professor"},
  {"first_name": "Ada", "last_name": "Lovelace", "profile_url": "https://www.linkedin.com/in/ada-lovelace-upload", "email": "ada@engines.example", "company": "Analytical Engines", "title": "CTO"}
]
`

// multipartBody builds a form with the fields, in order, then the file.
func multipartBody(t *testing.T, file string, fields ...string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", "leads.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(file))
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

// waitImport polls an import until it ends.
func waitImport(t *testing.T, h http.Handler, id string) api.ImportStatus {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := call(t, h, "GET", "/api/v1/leads/imports/"+id, "")
		if code != http.StatusOK {
			t.Fatalf("status of %s: %d %s", id, code, body)
		}
		var st api.ImportStatus
		decodeJSON(t, body, &st)
		if st.State != api.ImportRunning {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("import %s still running: %s", id, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func leadCount(t *testing.T, f *apitest.Fixture) int {
	t.Helper()
	leads, err := f.Store.ListLeads(context.Background(), paceline.LeadFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(leads)
}

func TestImportUpload(t *testing.T) {
	t.Parallel()
	multi, multiType := multipartBody(t, uploadCSV, "list", "from-form")
	tests := []struct {
		name, query, body, contentType, wantList string
		wantPreset                               string
	}{
		{"multipart", "", multi, multiType, "from-form", lead.PresetLinkedInConnections},
		{"raw csv", "?list=raw&preset=linkedin-connections", uploadCSV, "text/csv; charset=utf-8", "raw", lead.PresetLinkedInConnections},
		{"raw json export", "?list=json", uploadJSON, "application/json", "json", lead.PresetPaceline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, f := newAPI(t)
			before := leadCount(t, f)
			code, body := call(t, a, "POST", "/api/v1/leads/imports"+tt.query, tt.body, "Content-Type", tt.contentType)
			if code != http.StatusAccepted {
				t.Fatalf("upload: %d %s", code, body)
			}
			var started api.ImportStatus
			decodeJSON(t, body, &started)
			// Three rows may be imported before the answer is written: done is as good
			// as running here.
			if started.ID == "" || (started.State != api.ImportRunning && started.State != api.ImportDone) || started.TotalBytes != fileBytes(tt.name, tt.body) {
				t.Fatalf("started: %+v", started)
			}
			st := waitImport(t, a, started.ID)
			if st.State != api.ImportDone || st.Error != "" || st.Report == nil {
				t.Fatalf("ended: %+v", st)
			}
			r := st.Report
			if r.Preset != tt.wantPreset || r.Rows != 3 || r.Imported != 2 || r.Rejected != 1 ||
				len(r.Errors) != 1 || r.Errors[0].Line != 3 || st.Rows != 3 || st.BytesRead != st.TotalBytes {
				t.Fatalf("report: %+v errors %+v", st, r.Errors)
			}
			if got := leadCount(t, f); got != before+2 {
				t.Fatalf("%d leads after the import, want %d", got, before+2)
			}
			listed, err := f.Store.ListLeads(context.Background(), paceline.LeadFilter{List: tt.wantList, Limit: 10})
			if err != nil || len(listed) != 2 {
				t.Fatalf("list %s: %d leads, %v", tt.wantList, len(listed), err)
			}
		})
	}
}

// fileBytes is the size of the file an upload carries: the form's file part, or the
// whole raw body.
func fileBytes(name, body string) int64 {
	if name == "multipart" {
		return int64(len(uploadCSV))
	}
	return int64(len(body))
}

func TestImportRefusals(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("First Name,Last Name,URL\n", 200)
	tests := []struct {
		name, query, body, contentType string
		header                         []string
		want                           int
	}{
		{"no token", "", uploadCSV, "text/csv", []string{"Authorization", ""}, http.StatusUnauthorized},
		{"oversized raw", "", big, "text/csv", nil, http.StatusRequestEntityTooLarge},
		{"json body", "", `"leads"`, "application/json", nil, http.StatusUnsupportedMediaType},
		{"unknown preset", "?preset=excel", uploadCSV, "text/csv", nil, http.StatusBadRequest},
		{"bad map", "?map=Profil", uploadCSV, "text/csv", nil, http.StatusBadRequest},
		{"control character in list", "?list=q1%00", uploadCSV, "text/csv", nil, http.StatusBadRequest},
		{"long list", "?list=" + strings.Repeat("l", 201), uploadCSV, "text/csv", nil, http.StatusBadRequest},
	}
	multi, multiType := multipartBody(t, big)
	tests = append(tests, struct {
		name, query, body, contentType string
		header                         []string
		want                           int
	}{"oversized multipart", "", multi, multiType, nil, http.StatusRequestEntityTooLarge})
	noFile := "--b\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\nx\r\n--b--\r\n"
	tests = append(tests, struct {
		name, query, body, contentType string
		header                         []string
		want                           int
	}{"form without file", "", noFile, "multipart/form-data; boundary=b", nil, http.StatusBadRequest})
	// A list sent after the file used to be dropped, and the leads imported into no list.
	listAfter := "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.csv\"\r\n\r\n" + uploadCSV +
		"\r\n--b\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\nq1\r\n--b--\r\n"
	tests = append(tests, struct {
		name, query, body, contentType string
		header                         []string
		want                           int
	}{"list after the file", "", listAfter, "multipart/form-data; boundary=b", nil, http.StatusBadRequest})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := apitest.New(t)
			a := api.New(api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users, Importer: f.Store, MaxUpload: 1024})
			before := leadCount(t, f)
			header := append([]string{"Content-Type", tt.contentType}, tt.header...)
			code, body := call(t, a, "POST", "/api/v1/leads/imports"+tt.query, tt.body, header...)
			if code != tt.want {
				t.Fatalf("got %d %s, want %d", code, body, tt.want)
			}
			errorCode(t, body)
			if got := leadCount(t, f); got != before {
				t.Fatalf("%d leads after a refused upload, want %d", got, before)
			}
			// The refusal gave the import slot back.
			code, body = call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
			if code != http.StatusAccepted {
				t.Fatalf("upload after the refusal: %d %s", code, body)
			}
			var st api.ImportStatus
			decodeJSON(t, body, &st)
			waitImport(t, a, st.ID)
		})
	}
}

func TestImportBadFileFails(t *testing.T) {
	t.Parallel()
	a, f := newAPI(t)
	before := leadCount(t, f)
	binary := string([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0, 1, 0, 0xff, 0xfe, 0})
	code, body := call(t, a, "POST", "/api/v1/leads/imports", binary, "Content-Type", "application/octet-stream")
	if code != http.StatusAccepted {
		t.Fatalf("upload: %d %s", code, body)
	}
	var started api.ImportStatus
	decodeJSON(t, body, &started)
	st := waitImport(t, a, started.ID)
	if st.State != api.ImportFailed || st.Report != nil || !strings.Contains(st.Error, "binary") || !strings.HasSuffix(st.Error, "nothing was imported") {
		t.Fatalf("binary file: %+v", st)
	}
	if got := leadCount(t, f); got != before {
		t.Fatalf("%d leads after a failed import, want %d", got, before)
	}
}

func TestImportUnknownAndUnavailable(t *testing.T) {
	t.Parallel()
	a, _ := newAPI(t)
	if code, body := call(t, a, "GET", "/api/v1/leads/imports/nope", ""); code != http.StatusNotFound {
		t.Fatalf("unknown import: %d %s", code, body)
	}
	f := apitest.New(t)
	none := api.New(api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users})
	code, body := call(t, none, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
	if code != http.StatusServiceUnavailable || errorCode(t, body) != paceline.EUNAVAILABLE {
		t.Fatalf("no importer: %d %s", code, body)
	}
}

// blockingImporter holds every import until release closes.
type blockingImporter struct {
	api.LeadImporter
	release chan struct{}
}

func (b blockingImporter) ImportLeads(ctx context.Context, fn func(lead.Sink) error) error {
	<-b.release
	return b.LeadImporter.ImportLeads(ctx, fn)
}

func TestImportOneAtATime(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	imp := blockingImporter{LeadImporter: f.Store, release: make(chan struct{})}
	a := api.New(api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users, Importer: imp})
	code, body := call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
	if code != http.StatusAccepted {
		t.Fatalf("first upload: %d %s", code, body)
	}
	var first api.ImportStatus
	decodeJSON(t, body, &first)
	code, body = call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
	if code != http.StatusConflict || errorCode(t, body) != paceline.ECONFLICT || !strings.Contains(body, "/api/v1/leads/imports/"+first.ID) {
		t.Fatalf("second upload while one runs (the refusal names the running import): %d %s", code, body)
	}
	if got := a.RunningImport(); got != first.ID {
		t.Fatalf("RunningImport %q, want %q", got, first.ID)
	}
	code, body = call(t, a, "GET", "/api/v1/leads/imports/"+first.ID, "")
	if code != http.StatusOK || !strings.Contains(body, `"state": "running"`) {
		t.Fatalf("status while held: %d %s", code, body)
	}
	close(imp.release)
	if st := waitImport(t, a, first.ID); st.State != api.ImportDone {
		t.Fatalf("first import: %+v", st)
	}
	if got := a.RunningImport(); got != "" {
		t.Fatalf("RunningImport %q after the import ended", got)
	}
	code, body = call(t, a, "POST", "/api/v1/leads/imports", uploadCSV, "Content-Type", "text/csv")
	if code != http.StatusAccepted {
		t.Fatalf("upload after the first ended: %d %s", code, body)
	}
	var second api.ImportStatus
	decodeJSON(t, body, &second)
	if st := waitImport(t, a, second.ID); st.State != api.ImportDone || st.Report.Duplicates != 2 || st.Report.Imported != 0 {
		t.Fatalf("second import: %+v %+v", st, st.Report)
	}
}
