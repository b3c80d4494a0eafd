package lead

import (
	"bytes"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/paceline/paceline"
)

// readAll reads every row of a file: accepted rows by line, and rejections in order.
type result struct {
	reader   *Reader
	leads    map[int]paceline.Lead
	keys     map[int][]Key
	warnings map[int][]RowWarning
	rejected []RowError
	lines    []int
}

func readAll(t *testing.T, r io.Reader, opt Options) *result {
	t.Helper()
	rd, err := NewReader(r, opt)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	res := &result{reader: rd, leads: map[int]paceline.Lead{}, keys: map[int][]Key{}, warnings: map[int][]RowWarning{}}
	var row Row
	for {
		err := rd.Read(&row)
		if err == io.EOF {
			return res
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		res.lines = append(res.lines, row.Line)
		if row.Err != nil {
			res.rejected = append(res.rejected, *row.Err)
			continue
		}
		res.leads[row.Line] = row.Lead
		res.keys[row.Line] = slices.Clone(row.Keys)
		if len(row.Warnings) > 0 {
			res.warnings[row.Line] = slices.Clone(row.Warnings)
		}
	}
}

func readFile(t *testing.T, name string, opt Options) *result {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, f, opt)
}

func (res *result) lead(t *testing.T, line int) paceline.Lead {
	t.Helper()
	l, ok := res.leads[line]
	if !ok {
		t.Fatalf("no accepted row at line %d (accepted: %v, rejected: %v)", line, keysOf(res.leads), res.rejected)
	}
	return l
}

func keysOf(m map[int]paceline.Lead) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func wantRejected(t *testing.T, res *result, want map[int]string) {
	t.Helper()
	if len(res.rejected) != len(want) {
		t.Errorf("rejected %v, want lines %v", res.rejected, want)
	}
	for _, re := range res.rejected {
		frag, ok := want[re.Line]
		if !ok {
			t.Errorf("line %d rejected unexpectedly: %s", re.Line, re.Reason)
			continue
		}
		if !strings.Contains(re.Reason, frag) {
			t.Errorf("line %d rejected with %q, want it to say %q", re.Line, re.Reason, frag)
		}
	}
}

func check[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestReaderLinkedInConnections(t *testing.T) {
	t.Parallel()
	res := readFile(t, "linkedin_connections.csv", Options{})
	check(t, "preset", res.reader.Preset(), PresetLinkedInConnections)
	check(t, "delimiter", res.reader.Delimiter(), ',')
	check(t, "lines", slices.Equal(res.lines, []int{5, 6, 7, 8, 9, 10, 11}), true)
	wantRejected(t, res, map[int]string{9: "no LinkedIn profile URL and no email"})

	marie := res.lead(t, 5)
	check(t, "marie key", marie.ProfileKey, "marie-dupont-3b2a1c")
	check(t, "marie connected_on", marie.Custom["connected_on"], "12 Jan 2026")
	check(t, "marie seniority", marie.Seniority, paceline.SeniorityHead)
	check(t, "marie department", marie.Department, "marketing")

	james := res.lead(t, 6)
	check(t, "james last", james.LastName, "O'Connor")
	check(t, "james display", james.DisplayName, "James O'Connor")
	check(t, "james company", james.Company, "Northwind Traders, Inc.")
	check(t, "james company key", james.CompanyKey, "northwind traders")
	check(t, "james email", james.Email, "james.oconnor@northwind.io")
	check(t, "james seniority", james.Seniority, paceline.SeniorityVP)
	check(t, "james department", james.Department, "sales")

	zoe := res.lead(t, 7)
	check(t, "zoe first", zoe.FirstName, "Zoë")
	check(t, "zoe last", zoe.LastName, "Bäcker")
	check(t, "zoe key", zoe.ProfileKey, "zoë-bäcker")

	priya := res.lead(t, 8)
	check(t, "priya first", priya.FirstName, "Priya")
	check(t, "priya seniority", priya.Seniority, paceline.SeniorityCLevel)

	check(t, "duplicate key", res.lead(t, 10).ProfileKey, marie.ProfileKey)
}

func TestReaderExcelSemicolonBOMCRLF(t *testing.T) {
	t.Parallel()
	res := readFile(t, "excel_semicolon.csv", Options{})
	check(t, "preset", res.reader.Preset(), PresetGeneric)
	check(t, "encoding", res.reader.Encoding(), EncodingUTF8BOM)
	check(t, "delimiter", res.reader.Delimiter(), ';')
	// Élodie's note spans lines 2-3, so the next record starts on line 4.
	check(t, "lines", slices.Equal(res.lines, []int{2, 4, 5, 6, 7}), true)
	wantRejected(t, res, map[int]string{6: "email", 7: "no LinkedIn profile URL and no email"})

	elodie := res.lead(t, 2)
	check(t, "elodie first", elodie.FirstName, "Élodie")
	check(t, "elodie key", elodie.ProfileKey, "elodie-martin")
	check(t, "elodie notes", elodie.Custom["notes"], "Rencontrée au salon VivaTech\nsuivi en mars")
	check(t, "elodie company key", elodie.CompanyKey, "danone")
	check(t, "elodie seniority", elodie.Seniority, paceline.SeniorityDirector)
	check(t, "elodie department", elodie.Department, "marketing")
	check(t, "elodie zone", elodie.TimeZone, "Europe/Paris")
	check(t, "elodie location", elodie.Location, "Paris, France")

	jerome := res.lead(t, 4)
	check(t, "jerome email", jerome.Email, "jerome.lefevre@socgen.com")
	check(t, "jerome profile", jerome.ProfileKey, "")
	check(t, "jerome department", jerome.Department, "hr")

	francois := res.lead(t, 5)
	check(t, "francois key", francois.ProfileKey, "françois-nguyen")
	check(t, "francois notes", francois.Custom["notes"], `Parle "couramment" le Go`)
	check(t, "francois department", francois.Department, "engineering")
}

func TestReaderUTF16(t *testing.T) {
	t.Parallel()
	res := readFile(t, "excel_unicode_text.txt", Options{})
	check(t, "encoding", res.reader.Encoding(), EncodingUTF16LE)
	check(t, "delimiter", res.reader.Delimiter(), '\t')
	check(t, "rows", len(res.leads), 3)
	wantRejected(t, res, nil)
	soren := res.lead(t, 2)
	check(t, "soren first", soren.FirstName, "Søren")
	check(t, "soren zone", soren.TimeZone, "Europe/Copenhagen")
	check(t, "soren seniority", soren.Seniority, paceline.SeniorityOwner)
	ana := res.lead(t, 3)
	check(t, "ana zone", ana.TimeZone, "Europe/Madrid")
	check(t, "ana company key", ana.CompanyKey, "telefónica")
	check(t, "zhang key", res.lead(t, 4).ProfileKey, "张伟")
}

func TestReaderSalesNavigator(t *testing.T) {
	t.Parallel()
	res := readFile(t, "sales_navigator.csv", Options{})
	check(t, "preset", res.reader.Preset(), PresetSalesNavigator)
	wantRejected(t, res, map[int]string{6: "company page"})

	sarah := res.lead(t, 2)
	check(t, "sarah sales key", sarah.SalesKey, "ACwAAAA1bGVhZF9vbmUxMjM0NTY3ODkw")
	check(t, "sarah profile key", sarah.ProfileKey, "sarahchen-revops")
	check(t, "sarah open profile", sarah.OpenProfile, true)
	check(t, "sarah premium", sarah.Premium, true)
	check(t, "sarah mutual", sarah.MutualConnections, 14)
	check(t, "sarah zone", sarah.TimeZone, "America/Los_Angeles")
	check(t, "sarah seniority", sarah.Seniority, paceline.SeniorityHead)
	check(t, "sarah vmid custom", sarah.Custom["vmid"], "ACwAAAA1bGVhZF9vbmUxMjM0NTY3ODkw")

	miguel := res.lead(t, 3)
	check(t, "miguel first", miguel.FirstName, "Miguel")
	check(t, "miguel last", miguel.LastName, "Ángel Torres")
	check(t, "miguel member id kept", miguel.ProfileKey, "ACwAAAB0d29fbGVhZHh5ejEyMzQ1Njc")
	check(t, "miguel open profile", miguel.OpenProfile, false)
	check(t, "miguel zone", miguel.TimeZone, "America/Argentina/Buenos_Aires")

	olivia := res.lead(t, 4)
	check(t, "olivia key", olivia.ProfileKey, "olivia-brown-canva")
	check(t, "olivia seniority", olivia.Seniority, paceline.SeniorityManager)
	check(t, "olivia department", olivia.Department, "hr")
	check(t, "olivia zone", olivia.TimeZone, "Australia/Sydney")

	// The second Sarah row carries only the member-id URL and the Sales Navigator URL:
	// the sales key ties it to the first.
	x := NewIndex()
	first := x.Match(res.keys[2])
	again := x.Match(res.keys[5])
	check(t, "second sarah is a duplicate", again.New, false)
	check(t, "second sarah id", again.ID, first.ID)
}

func TestReaderApollo(t *testing.T) {
	t.Parallel()
	res := readFile(t, "apollo.csv", Options{})
	check(t, "preset", res.reader.Preset(), PresetApollo)
	wantRejected(t, res, map[int]string{4: "domain without a dot"})
	rachel := res.lead(t, 2)
	check(t, "rachel company key", rachel.CompanyKey, "ralph lauren")
	check(t, "rachel employees", rachel.EmployeesMin, 23000)
	check(t, "rachel location", rachel.Location, "New York, New York, United States")
	check(t, "rachel zone", rachel.TimeZone, "America/New_York")
	check(t, "rachel technologies", rachel.Custom["technologies"], "Salesforce, Shopify")
	check(t, "rachel apollo seniority kept", rachel.Custom["seniority"], "Director")
	check(t, "rachel seniority", rachel.Seniority, paceline.SeniorityDirector)
	monica := res.lead(t, 5)
	check(t, "monica employees", [2]int{monica.EmployeesMin, monica.EmployeesMax}, [2]int{11, 50})
	check(t, "monica zone", monica.TimeZone, "America/Chicago")
	check(t, "ross department", res.lead(t, 3).Department, "education")
}

func TestReaderHubSpot(t *testing.T) {
	t.Parallel()
	res := readFile(t, "hubspot.csv", Options{})
	check(t, "preset", res.reader.Preset(), PresetHubSpot)
	wantRejected(t, res, map[int]string{4: "not a linkedin.com URL", 5: "has 16 fields, the header has 15"})
	leslie := res.lead(t, 2)
	check(t, "leslie seniority", leslie.Seniority, paceline.SeniorityDirector)
	check(t, "leslie zone", leslie.TimeZone, "America/New_York")
	check(t, "leslie record id", leslie.Custom["record_id"], "51")
	check(t, "ben email", res.lead(t, 3).Email, "ben.wyatt@pawnee.gov")
}

func TestReaderForcedPresetAndMap(t *testing.T) {
	t.Parallel()
	in := "Who,Where,Profile,Mail\nJane Roe,Berlin,https://de.linkedin.com/in/janeroe,jane@roe.de\n"
	res := readAll(t, strings.NewReader(in), Options{Preset: PresetGeneric, Map: map[string]string{
		"Who": "full_name", "Profile": "profile_url", "Where": "location",
	}})
	jane := res.lead(t, 2)
	check(t, "first", jane.FirstName, "Jane")
	check(t, "key", jane.ProfileKey, "janeroe")
	check(t, "email", jane.Email, "jane@roe.de")
	check(t, "zone", jane.TimeZone, "Europe/Berlin")

	_, err := NewReader(strings.NewReader(in), Options{Map: map[string]string{"Nope": "email"}})
	check(t, "unknown map column", paceline.ErrorCode(err), paceline.EINVALID)
	_, err = NewReader(strings.NewReader(in), Options{Map: map[string]string{"Who": "shoe_size"}})
	check(t, "unknown field", paceline.ErrorCode(err), paceline.EINVALID)
	_, err = NewReader(strings.NewReader(in), Options{Preset: "salesforce"})
	check(t, "unknown preset", paceline.ErrorCode(err), paceline.EINVALID)
}

func TestParseColumnMap(t *testing.T) {
	t.Parallel()
	m, err := ParseColumnMap([]string{"Profile=profile_url", " Mail = email ", "Notes=-"})
	if err != nil || m["Profile"] != "profile_url" || m["Mail"] != "email" || m["Notes"] != "-" {
		t.Errorf("ParseColumnMap = %v, %v", m, err)
	}
	for _, bad := range [][]string{{"Profile"}, {"=email"}, {"a=shoe_size"}, {"a=email", "a=title"}} {
		if _, err := ParseColumnMap(bad); paceline.ErrorCode(err) != paceline.EINVALID {
			t.Errorf("ParseColumnMap(%q) error %v, want EINVALID", bad, err)
		}
	}
}

func TestReaderWindows1252(t *testing.T) {
	t.Parallel()
	in := "Pr\xe9nom;Nom;Email\r\nJ\xe9r\xf4me;Lef\xe8vre;jerome@example.fr\r\n"
	res := readAll(t, strings.NewReader(in), Options{})
	check(t, "encoding", res.reader.Encoding(), EncodingWindows1252)
	check(t, "last name", res.lead(t, 2).LastName, "Lefèvre")
}

func TestReaderBadInput(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(1))
	noise := make([]byte, 4096)
	rng.Read(noise)
	tests := []struct {
		name string
		in   []byte
		want string // a fragment of the error
	}{
		{"binary", noise, "binary"},
		{"binary after BOM", append([]byte("\xef\xbb\xbf"), noise...), "binary"},
		{"xlsx", append([]byte("PK\x03\x04"), noise...), "xlsx"},
		{"empty", nil, "empty"},
		{"invalid UTF-8 runs", bytes.Repeat([]byte("\xc3\x28\xa0\xa1\xe2\x28\xa1"), 600), "binary"},
		{"blank lines", []byte("\n\r\n\n"), "no header"},
		{"no identity column", mustRead(t, "no_identity.csv"), "no column holds a LinkedIn profile URL or an email"},
	}
	for _, tt := range tests {
		_, err := NewReader(bytes.NewReader(tt.in), Options{})
		if err == nil || paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want EINVALID saying %q", tt.name, err, tt.want)
		}
	}
}

// TestReaderInvalidUTF8Later checks bytes that are not UTF-8 past the sniffed head of
// a UTF-8 file reject their row, with its line, and the import goes on.
func TestReaderInvalidUTF8Later(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("email,notes\n")
	for i := 0; i < 2000; i++ {
		b.WriteString("someone@example.com,plain ascii notes to fill the sniff window\n")
	}
	b.WriteString("bad@example.com,caf\xe9\n")
	b.WriteString("good@example.com,caf\u00e9\n")
	res := readAll(t, strings.NewReader(b.String()), Options{})
	check(t, "encoding", res.reader.Encoding(), EncodingUTF8)
	wantRejected(t, res, map[int]string{2002: "not valid UTF-8"})
	check(t, "next row", res.lead(t, 2003).Custom["notes"], "café")
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReaderHugeField checks a 10 MB field stops the import with a clear error that
// names the line, and that the reader did not hold the field in memory to say so.
func TestReaderHugeField(t *testing.T) {
	t.Parallel()
	for _, quoted := range []bool{true, false} {
		var b bytes.Buffer
		b.WriteString("email,notes\nok@example.com,fine\n")
		b.WriteString("big@example.com,")
		if quoted {
			b.WriteByte('"')
		}
		b.Write(bytes.Repeat([]byte("x"), 10<<20))
		b.WriteString("\nlast@example.com,fine\n")
		rd, err := NewReader(&b, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var row Row
		if err := rd.Read(&row); err != nil || row.Err != nil || row.Line != 2 {
			t.Fatalf("first row: %v %v line %d", err, row.Err, row.Line)
		}
		err = rd.Read(&row)
		if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "after line 2") ||
			!strings.Contains(err.Error(), "longer than") {
			t.Errorf("quoted=%v: error %v, want EINVALID after line 2", quoted, err)
		}
	}
}

func TestReaderRaggedAndBlank(t *testing.T) {
	t.Parallel()
	in := "email,company\n" +
		"a@example.com,Acme\n" +
		"b@example.com\n" + // short
		"\n" + // blank: skipped, counted
		"c@example.com,Acme,,\n" + // trailing empties are fine
		"d@example.com,Acme,surprise\n" + // extra content
		"\"e@example.com\",\"Multi\nline\nCo\"\n" +
		"f@example.com,Last\n"
	res := readAll(t, strings.NewReader(in), Options{})
	wantRejected(t, res, map[int]string{3: "has 1 field, the header has 2", 6: "has 3 fields"})
	check(t, "lines", slices.Equal(res.lines, []int{2, 3, 5, 6, 7, 10}), true)
	check(t, "multi-line company", res.lead(t, 7).Company, "Multi\nline\nCo")
}

func TestReaderClassicMacLineEnds(t *testing.T) {
	t.Parallel()
	in := "email,company\ra@example.com,Acme\r\"b@example.com\",\"Two\rlines\"\rc@example.com,Globex\r"
	res := readAll(t, strings.NewReader(in), Options{})
	check(t, "lines", slices.Equal(res.lines, []int{2, 3, 5}), true)
	check(t, "company", res.lead(t, 5).Company, "Globex")
}

// TestReaderDropsControlCharacters reads a scraped row whose fields carry terminal
// escape sequences (set the window title, clear the screen), a C1 control and a bare
// carriage return: the lead keeps the text, tabs and line breaks and loses the rest,
// so that leads show and leads list never send them to a terminal.
func TestReaderDropsControlCharacters(t *testing.T) {
	t.Parallel()
	in := "email,company,title,notes\n" +
		"a@example.com,\"Acme\x1b]0;pwned\x07\x1b[2J\",\"C\u009bE\x7fO\",\"one\rtwo\r\nthree\tfour\"\n" +
		strings.Repeat("b@example.com,Globex,Engineer,a row of plain text in a file of many\n", 20) // the controls are rare
	res := readAll(t, strings.NewReader(in), Options{})
	l := res.lead(t, 2)
	check(t, "company", l.Company, "Acme]0;pwned[2J")
	check(t, "title", l.Title, "CEO")
	check(t, "seniority", string(l.Seniority), "c-level")
	check(t, "notes", l.Custom["notes"], "one\ntwo\nthree\tfour")
}

// TestReaderPacelineExport reads the CSV paceline leads export writes: the preset is
// told from its own columns, the Sales Navigator key and the head count come back as
// fields, the columns the import derives again (ids, keys, score, timestamps ...) are
// dropped instead of kept as custom fields, and an opted-out person's row is marked.
func TestReaderPacelineExport(t *testing.T) {
	t.Parallel()
	in := "id,first_name,last_name,name,profile_url,profile_key,sales_key,email,company,company_key,title,seniority," +
		"department,location,time_zone,industry,employees_min,employees_max,open_profile,premium,mutual_connections," +
		"score,lists,opted_out_at,created_at,updated_at,favourite_tool\n" +
		"4,Anna,Berg,Anna Berg,https://www.linkedin.com/in/anna-berg/,anna-berg,ACwAAA123,,Nordic AB,nordic,VP Engineering,vp," +
		"engineering,\"Stockholm, Sweden\",Europe/Stockholm,Software,51,200,true,true,12,69,q1,,2026-11-27T09:10:04Z,2026-11-27T09:10:04Z,vim\n" +
		"5,Eva,Schmidt,Eva Schmidt,https://www.linkedin.com/in/eva-schmidt/,eva-schmidt,,eva@schmidt.de,Schmidt KG,schmidt,Manager,manager," +
		"marketing,,,,0,0,false,false,0,33,,2026-11-27T09:12:00Z,2026-11-27T09:10:04Z,2026-11-27T09:10:04Z,\n"
	res := readAll(t, strings.NewReader(in), Options{})
	check(t, "preset", res.reader.Preset(), PresetPaceline)
	anna := res.lead(t, 2)
	check(t, "sales key", anna.SalesKey, "ACwAAA123")
	check(t, "profile key", anna.ProfileKey, "anna-berg")
	check(t, "employees", [2]int{anna.EmployeesMin, anna.EmployeesMax}, [2]int{51, 200})
	check(t, "mutual", anna.MutualConnections, 12)
	check(t, "open profile", anna.OpenProfile, true)
	check(t, "custom fields", len(anna.Custom), 1)
	check(t, "custom favourite_tool", anna.Custom["favourite_tool"], "vim")
	eva := res.lead(t, 3)
	check(t, "unknown size", [2]int{eva.EmployeesMin, eva.EmployeesMax}, [2]int{0, 0})
	if len(res.warnings) != 0 {
		t.Errorf("warnings %v, want none", res.warnings)
	}

	rd, err := NewReader(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var row Row
	for _, want := range []bool{false, true} {
		if err := rd.Read(&row); err != nil || row.Err != nil {
			t.Fatalf("read: %v %v", err, row.Err)
		}
		check(t, "opted out", row.OptedOut, want)
	}
}

// TestReaderUnclosedQuote reads files where a quote opened in a row is never closed,
// so that the parser would take every later row into that field: the reader stops
// with an error naming the row and the last line, whether the file ends with a line
// break or not. A closed multi-line field at the end and a stray quote are still read.
func TestReaderUnclosedQuote(t *testing.T) {
	t.Parallel()
	for _, end := range []string{"\n", "\r\n", ""} {
		in := "email,title\na@x.com,CEO\nb@x.com,\"CTO\nc@x.com,CFO\nd@x.com,COO" + end
		rd, err := NewReader(strings.NewReader(in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var row Row
		if err := rd.Read(&row); err != nil || row.Err != nil {
			t.Fatalf("row 2: %v %v", err, row.Err)
		}
		err = rd.Read(&row)
		if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "line 3: a quote opened in this record is never closed, so the rest of the file (to line 5)") {
			t.Errorf("end %q: error %v, want the unclosed quote of line 3 named", end, err)
		}
	}
	in := "email,title\na@x.com,5'10\"\nb@x.com,\"CTO\nand more\"\nc@x.com,\"CFO\n\"\n"
	res := readAll(t, strings.NewReader(in), Options{})
	check(t, "rows", len(res.leads), 3)
	check(t, "multi-line title", res.lead(t, 3).Title, "CTO\nand more")
}

func TestReaderHugeHeader(t *testing.T) {
	t.Parallel()
	in := "email," + strings.Repeat("x", 3<<20) + "\na@example.com,1\n"
	_, err := NewReader(strings.NewReader(in), Options{})
	if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), "header line is longer") {
		t.Errorf("error %v, want the header named", err)
	}
}

func TestReaderMaxRecordLines(t *testing.T) {
	t.Parallel()
	in := "email,notes\na@example.com,\"" + strings.Repeat("x\n", 20) + "\"\nb@example.com,ok\n"
	res := readAll(t, strings.NewReader(in), Options{MaxRecordLines: 10})
	wantRejected(t, res, map[int]string{2: "spans 21 lines"})
	check(t, "next row line", res.lead(t, 23).Email, "b@example.com")
}

func TestIndexURLVariantsCollapse(t *testing.T) {
	t.Parallel()
	in := "name,url,sales,email\n" +
		"Marie Curie,https://www.linkedin.com/in/marie-curie,,\n" +
		"Marie Curie,http://fr.linkedin.com/in/Marie-Curie/?trk=x,,\n" +
		"M. Curie,,https://www.linkedin.com/sales/lead/ACwAAAxyzxyzxyzxyzxyz123,,\n" +
		"Marie,linkedin.com/in/marie-curie#top,\"https://www.linkedin.com/sales/people/ACwAAAxyzxyzxyzxyzxyz123,name,abc\",\n" +
		"Marie Curie,,,MARIE@radium.fr\n" +
		"Marie S. Curie,https://m.linkedin.com/in/marie%2Dcurie,,marie@radium.fr\n" +
		"Pierre Curie,https://www.linkedin.com/in/pierre-curie,,\n"
	res := readAll(t, strings.NewReader(in), Options{Map: map[string]string{"sales": "profile_url"}})
	x := NewIndex()
	var matches []Match
	for _, line := range res.lines {
		if keys, ok := res.keys[line]; ok {
			matches = append(matches, x.Match(keys))
		}
	}
	// Rows 2 and 3 are one lead; row 4 starts another (sales key only); row 5 carries
	// both keys and merges them; row 6 is a new email-only lead that row 7 folds in.
	check(t, "accepted", len(matches), 7)
	check(t, "row 3 duplicate", matches[1].ID, matches[0].ID)
	check(t, "row 4 new", matches[2].New, true)
	check(t, "row 5 merges", slices.Equal(matches[3].Merged, []int64{matches[2].ID}), true)
	check(t, "row 5 id", matches[3].ID, matches[0].ID)
	check(t, "row 7 merges email lead", slices.Equal(matches[5].Merged, []int64{matches[4].ID}), true)
	check(t, "pierre new", matches[6].New, true)
	check(t, "distinct leads", x.Len(), 2)
	id, ok := x.Lookup(Key{KeySales, "ACwAAAxyzxyzxyzxyzxyz123"})
	check(t, "sales key resolves to marie", id == matches[0].ID && ok, true)
}

func TestIndexAddPreloaded(t *testing.T) {
	t.Parallel()
	x := NewIndex()
	x.Add(41, Key{KeyProfile, "a"})
	x.Add(7, Key{KeyEmail, "b@x.io"})
	m := x.Match([]Key{{KeyProfile, "new"}})
	check(t, "new id after highest", m.ID, int64(42))
	m = x.Match([]Key{{KeyProfile, "a"}, {KeyEmail, "b@x.io"}})
	check(t, "merge keeps the older id", m.ID, int64(7))
	check(t, "merged", slices.Equal(m.Merged, []int64{41}), true)
	check(t, "empty keys", x.Match(nil).ID, int64(0))
}

func TestLeadFill(t *testing.T) {
	t.Parallel()
	dst := paceline.Lead{FirstName: "Marie", ProfileKey: "marie", Title: "Physicist", OpenProfile: true,
		Custom: map[string]string{"a": "1"}, Lists: []string{"q1"}}
	src := paceline.Lead{FirstName: "M.", LastName: "Curie", Email: "m@r.fr", Title: "", Company: "Radium Institute",
		CompanyKey: "radium institute", Custom: map[string]string{"b": "2", "a": ""}, Lists: []string{"q1", "q2"}}
	dst.Fill(&src)
	check(t, "first kept", dst.FirstName, "Marie")
	check(t, "last filled", dst.LastName, "Curie")
	check(t, "email filled", dst.Email, "m@r.fr")
	check(t, "title not blanked", dst.Title, "Physicist")
	check(t, "company updated", dst.CompanyKey, "radium institute")
	check(t, "open profile not cleared", dst.OpenProfile, true)
	check(t, "custom a kept", dst.Custom["a"], "1")
	check(t, "custom b added", dst.Custom["b"], "2")
	check(t, "lists united", slices.Equal(dst.Lists, []string{"q1", "q2"}), true)
}

func FuzzReader(f *testing.F) {
	for _, name := range []string{"linkedin_connections.csv", "excel_semicolon.csv", "excel_unicode_text.txt",
		"sales_navigator.csv", "apollo.csv", "hubspot.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("email\n\"a@b.co\n"))
	f.Add([]byte("url;x\n\"https://linkedin.com/in/a\"\"b\";\"\n"))
	f.Add([]byte("\xff\xfee\x00m\x00a\x00i\x00l\x00\n\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rd, err := NewReader(bytes.NewReader(in), Options{MaxRecordBytes: 4096, MaxRecordLines: 50})
		if err != nil {
			if paceline.ErrorCode(err) == paceline.EINTERNAL {
				t.Fatalf("NewReader: internal error %v", err)
			}
			return
		}
		var row Row
		prev := 0
		for i := 0; ; i++ {
			if i > len(in)+1 {
				t.Fatal("more rows than bytes: the reader does not advance")
			}
			err := rd.Read(&row)
			if err == io.EOF {
				return
			}
			if err != nil {
				if paceline.ErrorCode(err) == paceline.EINTERNAL {
					t.Fatalf("Read: internal error %v", err)
				}
				return
			}
			if row.Line <= prev {
				t.Fatalf("line %d after line %d", row.Line, prev)
			}
			prev = row.Line
			if row.Err == nil && len(row.Keys) == 0 {
				t.Fatalf("accepted row at line %d has no key", row.Line)
			}
			if row.Err == nil {
				checkNoControls(t, &row.Lead)
			}
		}
	})
}

// checkNoControls fails when a text field of an accepted lead holds a control
// character other than a tab or a line break (see dropControls).
func checkNoControls(t *testing.T, l *paceline.Lead) {
	t.Helper()
	fields := []string{l.FirstName, l.LastName, l.DisplayName, l.Email, l.Company, l.Title, l.Location, l.Industry}
	for k, v := range l.Custom {
		fields = append(fields, k, v)
	}
	for _, f := range fields {
		if strings.ContainsFunc(f, func(r rune) bool { return r != '\t' && r != '\n' && unicode.IsControl(r) }) {
			t.Fatalf("field %q keeps a control character", f)
		}
	}
}
