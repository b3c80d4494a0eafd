package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/web"
)

const uploadCSV = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
	"Marie,Curie,https://www.linkedin.com/in/marie-curie-web,,Radium Institute,Head of Research,12 Jan 2026\n" +
	"Pierre,Curie,,,Sorbonne,Professor,03 Dec 2025\n" +
	"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-web,ada@engines.example,Analytical Engines,CTO,01 Jan 2026\n"

// uploadForm posts the leads page's form as a browser does: the fields in order, then
// the file.
func uploadForm(t *testing.T, c *http.Client, u, file string, fields ...string) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, _ := mw.CreateFormFile("file", "leads.csv")
	io.WriteString(fw, file)
	mw.Close()
	res, err := c.Post(u, mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

var (
	importID = regexp.MustCompile(`/leads/imports/([0-9a-f]+)`)
	seconds  = regexp.MustCompile(`Imported in [0-9.]+ s`)
)

func TestImportThroughDashboard(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, token := login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/leads")
	if !strings.Contains(page, `action="/leads/imports" enctype="multipart/form-data"`) || !strings.Contains(page, `name="file"`) {
		t.Fatalf("leads page has no upload form:\n%s", page)
	}
	before := countLeads(t, f)

	// Without the token, or with a stale one, nothing is stored.
	for _, fields := range [][]string{{"list", "x"}, {"csrf", "stale", "list", "x"}} {
		res, body := uploadForm(t, c, srv.URL+"/leads/imports", uploadCSV, fields...)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("upload with fields %v: %d %s", fields, res.StatusCode, body)
		}
	}
	// Logged out, the upload is refused too.
	res, _ := uploadForm(t, client(t), srv.URL+"/leads/imports", uploadCSV, "csrf", token)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("logged-out upload: %d", res.StatusCode)
	}
	time.Sleep(50 * time.Millisecond) // an import wrongly started would have stored by now
	if got := countLeads(t, f); got != before {
		t.Fatalf("%d leads after refused uploads, want %d", got, before)
	}

	res, _ = uploadForm(t, c, srv.URL+"/leads/imports", uploadCSV, "csrf", token, "list", "web-upload", "preset", "")
	m := importID.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var st api.ImportStatus
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		code, body := get(t, c, srv.URL+"/leads/imports/"+m[1]+"/status")
		if code != http.StatusOK {
			t.Fatalf("status: %d %s", code, body)
		}
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			t.Fatal(err)
		}
		if st.State != api.ImportRunning || time.Now().After(deadline) {
			break
		}
	}
	if st.State != api.ImportDone || st.Report.Imported != 2 || st.Report.Rejected != 1 {
		t.Fatalf("import: %+v", st)
	}
	if got := countLeads(t, f); got != before+2 {
		t.Fatalf("%d leads after the import, want %d", got, before+2)
	}

	// The page the upload went to links to the imported list's leads.
	code, body := get(t, c, srv.URL+res.Header.Get("Location"))
	if code != http.StatusOK {
		t.Fatalf("progress page: %d", code)
	}
	if !strings.Contains(body, `<a href="/leads?list=web-upload">See the leads</a>`) {
		t.Errorf("the report does not link to the imported list's leads:\n%s", body)
	}
	// The list travels tagged: a forged one links to all the leads.
	if _, forged := get(t, c, srv.URL+"/leads/imports/"+m[1]+"?list=evil&tag=x"); strings.Contains(forged, "list=evil") || !strings.Contains(forged, `<a href="/leads">See the leads</a>`) {
		t.Errorf("a forged list is linked to:\n%s", forged)
	}
	body = tokenValue.ReplaceAllString(body, `${1}TOKEN"`)
	body = strings.ReplaceAll(body, m[1], "ID")
	body = seconds.ReplaceAllString(body, "Imported in S s")
	path := filepath.Join("testdata", "import.html")
	if *update {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(path); err != nil {
		t.Fatalf("%v (run go test ./web -update)", err)
	} else if body != string(want) {
		t.Errorf("import page differs from %s (go test ./web -update rewrites it):\n%s", path, firstDiff(body, string(want)))
	}
	if code, _ := get(t, c, srv.URL+"/leads/imports/nope"); code != http.StatusNotFound {
		t.Fatalf("unknown import page: %d", code)
	}
	if code, js := get(t, c, srv.URL+"/static/import.js"); code != http.StatusOK || !strings.Contains(js, "data-status") && !strings.Contains(js, "dataset.status") {
		t.Fatalf("import.js: %d", code)
	}
}

func countLeads(t *testing.T, f *apitest.Fixture) int {
	t.Helper()
	leads, err := f.Store.ListLeads(context.Background(), paceline.LeadFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(leads)
}

// heldImporter holds every import until release closes, to see the page of a running
// import.
type heldImporter struct {
	api.LeadImporter
	release chan struct{}
}

func (h heldImporter) ImportLeads(ctx context.Context, fn func(lead.Sink) error) error {
	<-h.release
	return h.LeadImporter.ImportLeads(ctx, fn)
}

func TestImportProgressPage(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	held := heldImporter{LeadImporter: f.Store, release: make(chan struct{})}
	s, err := web.New(web.Deps{API: api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users, Importer: held}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := client(t)
	_, token := login(t, c, srv.URL, apitest.Password)
	res, _ := uploadForm(t, c, srv.URL+"/leads/imports", uploadCSV, "csrf", token)
	m := importID.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	code, page := get(t, c, srv.URL+"/leads/imports/"+m[1])
	want := fmt.Sprintf(`data-status="/leads/imports/%s/status" data-state="running"`, m[1])
	if code != http.StatusOK || !strings.Contains(page, want) || !strings.Contains(page, `<progress id="import-progress" max="100" value="`) ||
		!strings.Contains(page, fmt.Sprintf("of %d bytes", len(uploadCSV))) {
		t.Fatalf("running import page: %d\n%s", code, page)
	}
	// A second upload while this one runs is refused: the user lands on the running
	// import's page, told that the file was not imported.
	res, body := uploadForm(t, c, srv.URL+"/leads/imports", uploadCSV, "csrf", token)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/leads/imports/"+m[1]+"?") {
		t.Fatalf("second upload: %d to %q, want the running import's page\n%s", res.StatusCode, loc, body)
	}
	if code, page = get(t, c, srv.URL+res.Header.Get("Location")); code != http.StatusOK || !strings.Contains(page, "Your file was not imported: this import was running") ||
		!strings.Contains(page, want) {
		t.Fatalf("running import page after a second upload: %d\n%s", code, page)
	}
	close(held.release)
}

// waitImport polls an import's status until it stops running.
func waitImport(t *testing.T, c *http.Client, base, id string) api.ImportStatus {
	t.Helper()
	var st api.ImportStatus
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		code, body := get(t, c, base+"/leads/imports/"+id+"/status")
		if code != http.StatusOK {
			t.Fatalf("status: %d %s", code, body)
		}
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			t.Fatal(err)
		}
		if st.State != api.ImportRunning || time.Now().After(deadline) {
			return st
		}
	}
}

// A file whose columns name no profile URL or address cannot be fixed on the
// dashboard with a CLI flag: the failure names the form's Map field, which the form
// has (left blank, it maps nothing), and filling it in imports the file.
func TestImportWithoutIdentityColumnNamesTheMapField(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, token := login(t, c, srv.URL, apitest.Password)
	_, page := get(t, c, srv.URL+"/leads")
	if i, j := strings.Index(page, `name="map"`), strings.Index(page, `name="file"`); i < 0 || i > j {
		t.Fatalf("the upload form has no map field before the file:\n%s", page)
	}
	const file = "Contact,Who\nquentin@fields.example,Quentin Fields\n"
	res, body := uploadForm(t, c, srv.URL+"/leads/imports", file, "csrf", token, "list", "", "preset", "", "map", "")
	m := importID.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("upload with a blank map: %d %s", res.StatusCode, body)
	}
	st := waitImport(t, c, srv.URL, m[1])
	if st.State != api.ImportFailed || strings.Contains(st.Error, "--map") || !strings.Contains(st.Error, "Map columns") {
		t.Fatalf("import of a file without identity column: %+v", st)
	}
	before := countLeads(t, f)
	res, body = uploadForm(t, c, srv.URL+"/leads/imports", file, "csrf", token, "map", "Contact=email")
	if m = importID.FindStringSubmatch(res.Header.Get("Location")); m == nil {
		t.Fatalf("upload with a map: %d %s", res.StatusCode, body)
	}
	if st = waitImport(t, c, srv.URL, m[1]); st.State != api.ImportDone || st.Report.Imported != 1 {
		t.Fatalf("import with Contact=email: %+v", st)
	}
	if got := countLeads(t, f); got != before+1 {
		t.Fatalf("%d leads after the mapped import, want %d", got, before+1)
	}
}

// An upload the form's options refuse (a list name too long, a map that is not
// COLUMN=FIELD) answers the leads page again, saying what to fix and keeping what
// the user typed, instead of an error page that loses the form.
func TestImportFormKeepsWhatTheUserTyped(t *testing.T) {
	t.Parallel()
	srv, f := newServer(t)
	c := client(t)
	_, token := login(t, c, srv.URL, apitest.Password)
	before := countLeads(t, f)
	long := strings.Repeat("q", 201)
	for _, tc := range []struct {
		fields []string
		want   []string
	}{
		{[]string{"csrf", token, "list", long, "preset", "apollo", "map", ""}, []string{"give the list a short name", `name="list" value="` + long + `"`, `<option selected>apollo</option>`}},
		{[]string{"csrf", token, "list", "q1 <b>", "map", "Profile"}, []string{"is not COLUMN=FIELD", `name="list" value="q1 &lt;b&gt;"`, `name="map" placeholder="Profile=profile_url" value="Profile"`}},
	} {
		res, body := uploadForm(t, c, srv.URL+"/leads/imports", uploadCSV, tc.fields...)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `action="/leads/imports"`) {
			t.Errorf("upload with %v: %d, want 400 with the leads page\n%s", tc.fields[2:], res.StatusCode, body)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(body, want) {
				t.Errorf("upload with %v: the page lacks %q", tc.fields[2:], want)
			}
		}
	}
	time.Sleep(50 * time.Millisecond)
	if got := countLeads(t, f); got != before {
		t.Fatalf("%d leads after refused uploads, want %d", got, before)
	}
}
