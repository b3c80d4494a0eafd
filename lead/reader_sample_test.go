package lead

import (
	"io"
	"strings"
	"testing"
)

// readRowsOf reads every row of rd.
func readRowsOf(t *testing.T, rd *Reader) []Row {
	t.Helper()
	var rows []Row
	for {
		var row Row
		err := rd.Read(&row)
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

// #7: a column named as no preset knows ("Lien") but full of LinkedIn URLs is read
// as the profile URL from its values, and the records read ahead to tell come back
// in order with their lines; the file was refused for having no identity column.
func TestReaderGuessesIdentityColumn(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("Nom,Lien\n")
	for _, slug := range []string{"ann-lee", "bo-chan", "cy-dahl", "di-eve"} {
		b.WriteString(slug + ",https://www.linkedin.com/in/" + slug + "\n")
	}
	for i := range identitySample + 10 { // more than the sample: the rest streams on
		b.WriteString("p,https://www.linkedin.com/in/p-" + strings.Repeat("x", i+1) + "\n")
	}
	rd, err := NewReader(strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatalf("a Lien column of LinkedIn URLs: %v", err)
	}
	if g := rd.Guessed(); len(g) != 1 || g[0].Header != "Lien" || g[0].Field != FieldProfileURL {
		t.Errorf("guessed %+v", g)
	}
	rows := readRowsOf(t, rd)
	if len(rows) != 4+identitySample+10 || rows[0].Line != 2 || rows[0].Lead.ProfileKey != "ann-lee" ||
		rows[3].Lead.ProfileKey != "di-eve" || rows[len(rows)-1].Line != len(rows)+1 {
		t.Fatalf("%d rows, first %+v", len(rows), rows[0])
	}
	for _, r := range rows {
		if r.Err != nil || r.Lead.ProfileKey == "" {
			t.Fatalf("line %d: %+v", r.Line, r)
		}
	}

	// --map Lien=custom keeps the user's word: no identity, and the hint names
	// the column.
	_, err = NewReader(strings.NewReader(b.String()), Options{Map: map[string]string{"Lien": "custom"}})
	if err == nil || !strings.Contains(err.Error(), "--map Lien=linkedin_url") {
		t.Errorf("with --map Lien=custom: %v", err)
	}
}

// A file with no identity column at all, nor a value that looks like one, is refused
// with the hint to name one; one with a few LinkedIn URLs among other values is
// refused naming the --map that would read them.
func TestReaderNoIdentityHint(t *testing.T) {
	t.Parallel()
	_, err := NewReader(strings.NewReader("Name,Company\nAda,Engines\nBo,Acme\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), "no column holds a LinkedIn profile URL") ||
		!strings.Contains(err.Error(), "name one with --map COLUMN=linkedin_url or --map COLUMN=email") {
		t.Errorf("no identity: %v", err)
	}
	_, err = NewReader(strings.NewReader("Name,Lien profil\nAda,pas encore\nBo,https://www.linkedin.com/in/bo\nCy,\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), "if a column holds them, name it: --map 'Lien profil=linkedin_url' (1 of its 2 values looks like one)") {
		t.Errorf("a few URLs: %v", err)
	}
	_, err = NewReader(strings.NewReader("Name,Lien\nAda,x\n"), Options{NoIdentityHint: "rename a column"})
	if err == nil || !strings.HasSuffix(err.Error(), "; rename a column") {
		t.Errorf("the caller's hint: %v", err)
	}
}

// Only paceline's own CSV export has its quotes taken off: a leading quote in any
// other file is the user's.
func TestReaderUndefusesTheExportOnly(t *testing.T) {
	t.Parallel()
	export := "id,first_name,profile_url,profile_key,company_key,title,opted_out_at,created_at,updated_at,lists\n" +
		"1,'=Bob,https://www.linkedin.com/in/u-bob,u-bob,,'+33 1 23,,,,'-q1; '=x\n" +
		"2,''=Cy,https://www.linkedin.com/in/u-cy,u-cy,,'plain,,,,\n"
	rd, err := NewReader(strings.NewReader(export), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := readRowsOf(t, rd)
	if l := rows[0].Lead; l.FirstName != "=Bob" || l.Title != "+33 1 23" || len(l.Lists) != 2 || l.Lists[0] != "-q1" || l.Lists[1] != "'=x" {
		t.Errorf("export row 1: %+v", l)
	}
	if l := rows[1].Lead; l.FirstName != "'=Cy" || l.Title != "'plain" {
		t.Errorf("export row 2: %+v", l)
	}
	rd, err = NewReader(strings.NewReader("profileUrl,title,firstName\nhttps://www.linkedin.com/in/u-q,'+33,'=Al\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l := readRowsOf(t, rd)[0].Lead; l.Title != "'+33" || l.FirstName != "'=Al" {
		t.Errorf("another file's quotes: %+v", l)
	}
}
