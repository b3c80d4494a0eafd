package linkedinexport

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paceline/paceline/lead"
)

// testArchive is the folder the realistic archive lives in.
const testArchive = "testdata/archive"

// zipDir packs a folder into a zip file in a temporary directory, as LinkedIn sends
// it, with extra entries added verbatim (name -> content).
func zipDir(t testing.TB, dir string, extra map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range extra {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "Basic_LinkedInDataExport_01-30-2026.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeZip builds a zip from entries written by fill.
func writeZip(t testing.TB, fill func(zw *zip.Writer)) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fill(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "archive.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	return loc
}

func key(t testing.TB, url string) lead.Key {
	t.Helper()
	k, err := lead.CanonicalProfileKey(url)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testLeads are the leads paceline knows in the realistic archive's story, with what
// the ledger holds of them.
func testLeads(t testing.TB) LeadMap {
	t.Helper()
	return LeadMap{
		key(t, "linkedin.com/in/zoe-dupont"):         {ID: "zoe-dupont"},
		key(t, "linkedin.com/in/łukasz-kowalski"):    {ID: "łukasz-kowalski", Invites: []time.Time{utc("2026-01-05T10:00:00Z")}, Contacted: utc("2026-01-05T10:00:00Z")},
		key(t, "linkedin.com/in/li-wei-8a7b6c"):      {ID: "li-wei-8a7b6c"},
		key(t, "linkedin.com/in/jordan-lee"):         {ID: "jordan-lee"},
		key(t, "linkedin.com/in/sam-patel"):          {ID: "sam-patel"},
		key(t, "linkedin.com/in/priya-shah"):         {ID: "priya-shah", Invites: []time.Time{utc("2026-01-10T09:00:00Z")}},
		key(t, "linkedin.com/in/elena-garcia"):       {ID: "elena-garcia", Invites: []time.Time{utc("2026-01-20T15:30:00Z")}},
		key(t, "linkedin.com/in/bad-date"):           {ID: "bad-date"},
		key(t, "linkedin.com/in/someone-not-in-zip"): {ID: "someone-not-in-zip"},
	}
}
