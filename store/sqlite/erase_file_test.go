package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/sqlite"
	"github.com/paceline/paceline/store/storetest"
)

// After an erasure, neither the database file nor its write-ahead log holds the
// person's name or company, not even the earlier version of the row a re-import
// replaced: deleted content is zeroed and the log is emptied, while the store is open.
func TestEraseLeavesNothingInTheFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, company := range []string{"Quartzmark Holdings", "Quartzmark Group"} {
		csv := "profileUrl,fullName,companyName,email\n" +
			"https://www.linkedin.com/in/zebulon-q,Zebulon Quixote," + company + ",zebulon@quartzmark.example\n" +
			"https://www.linkedin.com/in/bob-b,Bob Byte,Acme,\n"
		if _, err := storetest.ImportCSV(ctx, st, csv, lead.ImportOptions{List: "q"}); err != nil {
			t.Fatal(err)
		}
	}
	id, err := st.FindLeadID(ctx, lead.Key{Type: lead.KeyProfile, Value: "zebulon-q"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EraseLead(ctx, id); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(file)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"Zebulon", "Quixote", "Quartzmark", "zebulon"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s still holds %q after the erasure", filepath.Base(file), s)
			}
		}
	}
	if !bytes.Contains(must(os.ReadFile(path)), []byte("Bob Byte")) {
		t.Errorf("the other lead is not in the file: the check reads the wrong file")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
