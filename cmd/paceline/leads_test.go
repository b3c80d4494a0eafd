package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
	"github.com/paceline/paceline/store/sqlite"
)

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileSum returns the SHA-256 of a file, or zero when it does not exist.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return [32]byte{}
	}
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

const salesNavCSV = "profileUrl,fullName,companyName,title,location,industry,isPremium,isOpenLink,sharedConnectionsCount,email\n" +
	"https://www.linkedin.com/in/lena-fischer,Lena Fischer,Acme GmbH,VP Sales,\"Berlin, Germany\",Software Development,true,true,12,lena@acme.de\n" +
	"https://www.linkedin.com/in/tom-baker/,Tom Baker 🚀,\"Baker & Sons, Inc.\",Software Engineer,Greater London,Retail,false,false,0,\n" +
	"not a url,Nobody,,,,,,,,\n" +
	"http://DE.linkedin.com/in/Lena-Fischer?trk=x,Lena Fischer,Acme GmbH,Chief Revenue Officer,\"Berlin, Germany\",,,,,\n"

// excelCSV is what Excel writes for "CSV UTF-8" in a European locale: a BOM,
// semicolons and CRLF line ends.
const excelCSV = "\uFEFFVorname;Nachname;LinkedIn;E-Mail;Firma;Position\r\n" +
	"Jürgen;Müller;https://www.linkedin.com/in/juergen-mueller;j.mueller@beispiel.de;Beispiel AG;Leiter Vertrieb\r\n"

type importJSON struct {
	Preset     string `json:"preset"`
	Rows       int    `json:"rows"`
	Imported   int    `json:"imported"`
	Updated    int    `json:"updated"`
	Duplicates int    `json:"duplicates"`
	Suppressed int    `json:"suppressed"`
	OptedOut   int    `json:"opted_out"`
	Rejected   int    `json:"rejected"`
	// Suppressions and SuppressionsAdded count the entries of the suppression list
	// the file carries, and those new to the database.
	Suppressions      int `json:"suppressions"`
	SuppressionsAdded int `json:"suppressions_added"`
	Errors            []struct {
		Line   int    `json:"line"`
		Reason string `json:"reason"`
	} `json:"errors"`
	Seconds *float64 `json:"seconds"`
}

func importLeadsJSON(t *testing.T, db string, args ...string) importJSON {
	t.Helper()
	out := mustCLI(t, db, append([]string{"leads", "import", "--json"}, args...)...)
	var r importJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	return r
}

func TestLeadsImportReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	r := importLeadsJSON(t, db, writeFile(t, dir, "sn.csv", salesNavCSV), "--list", "q1")
	if r.Preset != "sales-navigator" || r.Rows != 4 || r.Imported != 2 || r.Duplicates != 1 || r.Rejected != 1 ||
		r.Suppressed != 0 || r.Updated != 0 || r.Seconds == nil {
		t.Errorf("report %+v", r)
	}
	if len(r.Errors) != 1 || r.Errors[0].Line != 4 || !strings.Contains(r.Errors[0].Reason, "not a url") {
		t.Errorf("errors %+v, want line 4 naming the bad URL", r.Errors)
	}

	r = importLeadsJSON(t, db, writeFile(t, dir, "excel.csv", excelCSV))
	if r.Imported != 1 || r.Rejected != 0 {
		t.Errorf("Excel file: %+v", r)
	}

	out := mustCLI(t, db, "leads", "import", writeFile(t, dir, "sn2.csv", salesNavCSV))
	for _, want := range []string{"preset sales-navigator", "4 rows: 0 new leads, 3 duplicates", "line 4:"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestLeadsImportBadInput(t *testing.T) {
	t.Parallel()
	huge := "profileUrl,fullName\nhttps://www.linkedin.com/in/ok,OK\nhttps://www.linkedin.com/in/big,\"" +
		strings.Repeat("A", 10<<20) + "\"\n"
	tests := []struct {
		name, content, want string
	}{
		{"binary", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4\x00\x00\x00L\x02\x00\x00\x13\x00", "not CSV"},
		{"empty", "", "empty"},
		{"no identity column", "Name,Company,Title\nAda,Engines,CTO\n", "no column holds a LinkedIn profile URL or an email"},
		{"10 MB field", huge, "longer than"},
		{"unclosed quote", "profileUrl,fullName\nhttps://www.linkedin.com/in/ok,\"OK\nhttps://www.linkedin.com/in/two,Two\n", "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "p.db")
			file := writeFile(t, dir, "in.csv", tt.content)

			// Against no database: an error, and no database left behind.
			code, _, errOut := cli(t, db, "leads", "import", file)
			if code == exitOK || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "nothing was imported") {
				t.Errorf("exit %d, stderr %q, want an error with %q", code, errOut, tt.want)
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Errorf("a database was left for a bad file: %v", err)
			}

			// Against a database with leads: the same error, the file byte for byte
			// as it was.
			os.Remove(db)
			importLeadsJSON(t, db, writeFile(t, dir, "good.csv", salesNavCSV))
			before := fileSum(t, db)
			code, _, errOut = cli(t, db, "leads", "import", file, "--json")
			if code == exitOK || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q", code, errOut)
			}
			if fileSum(t, db) != before {
				t.Error("the database file changed")
			}
			var list []leadView
			if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--json")), &list); err != nil || len(list) != 2 {
				t.Errorf("%d leads after the failed import (%v), want the 2 of before", len(list), err)
			}
		})
	}
}

// leads import - says that standard input is not read, instead of looking for a file
// named "-".
func TestLeadsImportStdin(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	code, _, errOut := cli(t, db, "leads", "import", "-")
	if code != exitFailed || !strings.Contains(errOut, "not standard input: save the CSV to a file") {
		t.Errorf("leads import -: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("leads import - created a database")
	}
}

func TestLeadsImportFlagErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	file := writeFile(t, dir, "sn.csv", salesNavCSV)
	for _, args := range [][]string{
		{"--preset", "salesforce"},
		{"--map", "nonsense"},
		{"--map", "A=not_a_field"},
		{"--icp", filepath.Join(dir, "missing.yaml")},
		{"--list", "q1\x1b[2J"},
		{"--list", strings.Repeat("l", 201)},
	} {
		code, _, errOut := cli(t, db, append([]string{"leads", "import", file}, args...)...)
		if code != exitFailed || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("bad flags created a database")
	}
}

func TestLeadsShowOptOutEraseExport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "sn.csv", salesNavCSV), "--list", "q1")

	var lena leadView
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "https://fr.linkedin.com/in/LENA-FISCHER/", "--json")), &lena); err != nil {
		t.Fatal(err)
	}
	if lena.Email != "lena@acme.de" || lena.Title != "Chief Revenue Officer" || lena.Seniority != "c-level" ||
		!lena.OpenProfile || lena.MutualConnections != 12 || lena.TimeZone != "Europe/Berlin" || len(lena.Explanation) == 0 ||
		lena.Lists[0] != "q1" {
		t.Errorf("show: %+v", lena)
	}
	text := mustCLI(t, db, "leads", "show", "in:lena-fischer")
	for _, want := range []string{"Lena Fischer", "Score", "signals:open_profile", "Europe/Berlin"} {
		if !strings.Contains(text, want) {
			t.Errorf("show lacks %q:\n%s", want, text)
		}
	}

	out := filepath.Join(dir, "leads.csv")
	mustCLI(t, db, "leads", "export", "--out", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 3 || recs[0][0] != "id" || recs[0][4] != "profile_url" {
		t.Fatalf("export: %v %q", err, recs)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("export left a temporary file: %s", e.Name())
		}
	}
	var exported []leadView
	if err := unmarshalExport(mustCLI(t, db, "leads", "export", "--format", "json"), &exported); err != nil || len(exported) != 2 {
		t.Fatalf("json export: %v %d", err, len(exported))
	}
	for _, c := range exported[0].Explanation {
		if c.Why == "" {
			t.Errorf("exported explanation line %s has no sentence", c.Rule)
		}
	}

	mustCLI(t, db, "leads", "optout", "lena@acme.de", "--reason", "asked")
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "show", "in:lena-fischer", "--json")), &lena); err != nil || lena.OptedOutAt == nil {
		t.Errorf("opted-out lead shows no opt-out time: %v", err)
	}
	var list []leadView
	json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--json")), &list)
	if len(list) != 1 {
		t.Errorf("list shows %d leads, want the one not opted out", len(list))
	}

	got := mustCLI(t, db, "leads", "erase", "https://www.linkedin.com/in/tom-baker")
	if !strings.Contains(got, "Erased lead #") || !strings.Contains(got, " (in:tom-baker): ") {
		t.Errorf("erase: %s", got)
	}
	if code, _, errOut := cli(t, db, "leads", "show", "in:tom-baker"); code != exitFailed || !strings.Contains(errOut, "no lead") {
		t.Errorf("show after erase: exit %d %s", code, errOut)
	}
	r := importLeadsJSON(t, db, writeFile(t, dir, "again.csv", salesNavCSV))
	if r.Suppressed != 3 || r.Imported != 0 {
		t.Errorf("re-import after opt-out and erase: %+v", r)
	}

	// Someone never imported can be opted out ahead of time.
	mustCLI(t, db, "leads", "optout", "https://www.linkedin.com/in/future-person")
	r = importLeadsJSON(t, db, writeFile(t, dir, "future.csv", "profileUrl\nhttps://linkedin.com/in/Future-Person/\n"))
	if r.Suppressed != 1 {
		t.Errorf("pre-emptive opt-out ignored: %+v", r)
	}

	// A lead named by its id is said once: "#1", not "#1 (#1)".
	id := strconv.FormatInt(lena.ID, 10)
	if got := mustCLI(t, db, "leads", "optout", id); got != "Lead #"+id+" opted out: its keys are on the suppression list.\n" {
		t.Errorf("optout by id: %q", got)
	}
	if got := mustCLI(t, db, "leads", "erase", id); !strings.HasPrefix(got, "Erased lead #"+id+": ") {
		t.Errorf("erase by id: %q", got)
	}
}

// leads erase looks up every lead it names before it erases any: an unknown id further
// along the line erases nothing, and a lead named twice is erased once, without error.
// --out naming a directory, or a file in a missing directory, is the user's mistake,
// said without the temporary file's name, and leaves nothing behind.
func TestLeadsExportBadOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "sn.csv", salesNavCSV))
	outDir := t.TempDir()
	for _, out := range []string{outDir, filepath.Join(outDir, "missing", "leads.csv")} {
		code, _, errOut := cli(t, db, "leads", "export", "--out", out)
		if code != exitFailed || !strings.Contains(errOut, "out: ") || strings.Contains(errOut, ".tmp") || strings.Contains(errOut, "internal") {
			t.Errorf("export --out %s: exit %d, stderr %q", out, code, errOut)
		}
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 0 {
		t.Errorf("failed exports left %d files in %s", len(entries), outDir)
	}
}

func TestLeadsEraseLooksUpEveryLeadFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "sn.csv", salesNavCSV))

	code, out, errOut := cli(t, db, "leads", "erase", "in:tom-baker", "9999")
	if code != exitFailed || !strings.Contains(errOut, "no lead has id 9999") || !strings.Contains(errOut, "nothing was erased") {
		t.Errorf("erase with an unknown id: exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(out, "Erased") {
		t.Errorf("erase with an unknown id printed %q", out)
	}
	mustCLI(t, db, "leads", "show", "in:tom-baker")

	out = mustCLI(t, db, "leads", "erase", "in:lena-fischer", "lena@acme.de")
	if n := strings.Count(out, "Erased lead"); n != 1 {
		t.Errorf("a lead named twice was erased %d times:\n%s", n, out)
	}
	if code, _, _ := cli(t, db, "leads", "show", "in:lena-fischer"); code != exitFailed {
		t.Errorf("lena is still shown after erase: exit %d", code)
	}
}

func TestLeadsListFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	var b strings.Builder
	b.WriteString("profileUrl,title\n")
	for i := range 25 {
		fmt.Fprintf(&b, "https://www.linkedin.com/in/p-%d,%s\n", i, []string{"CEO", "VP Sales", "Engineer"}[i%3])
	}
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", b.String()))
	var page []leadView
	json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--limit", "10", "--seniority", "vp", "--json")), &page)
	if len(page) != 8 {
		t.Errorf("%d VPs, want 8", len(page))
	}
	text := mustCLI(t, db, "leads", "list", "--limit", "5")
	if !strings.Contains(text, "Next page: --after") {
		t.Errorf("no next-page hint:\n%s", text)
	}
	if code, _, _ := cli(t, db, "leads", "list", "--seniority", "boss"); code != exitFailed {
		t.Errorf("unknown seniority accepted")
	}
}

func TestLeadsScoreLearn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	var leads, outcomes strings.Builder
	leads.WriteString("profileUrl,title\n")
	outcomes.WriteString("key,accepted,replied\n")
	for i := range 60 {
		title := []string{"CEO", "Software Engineer"}[i%2]
		fmt.Fprintf(&leads, "https://www.linkedin.com/in/p-%d,%s\n", i, title)
		// CEOs answer, engineers do not.
		fmt.Fprintf(&outcomes, "in:p-%d,%v,%v\n", i, i%2 == 0, i%2 == 0)
	}
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", leads.String()))
	learned := filepath.Join(dir, "learned.yaml")
	out := mustCLI(t, db, "leads", "score", "--learn", "--outcomes", writeFile(t, dir, "o.csv", outcomes.String()), "--out", learned, "--json")
	var res struct {
		Leads       int                `json:"leads"`
		Adjustments []score.Adjustment `json:"adjustments"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var ceo *score.Adjustment
	for i, a := range res.Adjustments {
		if a.Rule == "seniority:c-level" {
			ceo = &res.Adjustments[i]
		}
	}
	if res.Leads != 60 || ceo == nil || ceo.To <= ceo.From {
		t.Errorf("learn: %+v", res)
	}
	data, err := os.ReadFile(learned)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := score.Parse(data); err != nil {
		t.Errorf("learned rules do not parse: %v", err)
	}
	if !bytes.Contains(data, []byte("c-level")) {
		t.Errorf("learned rules lack the seniority section:\n%s", data)
	}

	for _, args := range [][]string{
		{"--learn"},
		{"--outcomes", "x.csv"},
		{"--learn", "--outcomes", writeFile(t, dir, "bad.csv", "key,accepted,replied\nin:nobody-here,yes,no\n")},
	} {
		if code, _, errOut := cli(t, db, append([]string{"leads", "score"}, args...)...); code != exitFailed {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
	}
	if got := mustCLI(t, db, "leads", "score"); !strings.Contains(got, "Rescored 60 leads") {
		t.Errorf("plain rescore: %s", got)
	}
}

// An empty --icp file points at leads score --print-default; that command exists and
// prints rules that --icp reads back, without opening the database.
func TestLeadsScorePrintDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	empty := writeFile(t, dir, "empty.yaml", "")
	code, _, errOut := cli(t, db, "leads", "score", "--icp", empty)
	if code != exitFailed || !strings.Contains(errOut, "paceline leads score --print-default") {
		t.Fatalf("score --icp with an empty file: exit %d, stderr %q", code, errOut)
	}

	yml := mustCLI(t, db, "leads", "score", "--print-default")
	if _, err := score.Parse([]byte(yml)); err != nil {
		t.Fatalf("--print-default printed rules that do not parse: %v\n%s", err, yml)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("--print-default created the database (stat: %v)", err)
	}
	icp := writeFile(t, dir, "icp.yaml", yml)
	importLeadsJSON(t, db, writeFile(t, dir, "sn.csv", salesNavCSV))
	if out := mustCLI(t, db, "leads", "score", "--icp", icp); !strings.Contains(out, "0 scores changed") {
		t.Errorf("the printed rules score differently from the built-in ones: %s", out)
	}

	if code, _, errOut := cli(t, db, "leads", "score", "--print-default", "--learn"); code != exitFailed || !strings.Contains(errOut, "print-default:") {
		t.Errorf("--print-default --learn: exit %d, stderr %q", code, errOut)
	}
}

func TestParseLeadRef(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"42", "#42"},
		{"#7", "#7"},
		{"in:John-Doe", "in:john-doe"},
		{"https://uk.linkedin.com/in/john-doe/?x=1", "in:john-doe"},
		{"JO@Acme.COM", "email:jo@acme.com"},
		{"email:jo@acme.com", "email:jo@acme.com"},
		{"https://www.linkedin.com/sales/lead/ACwAAA1bCdE,NAME_SEARCH,xyz", "sales:ACwAAA1bCdE"},
	}
	for _, tt := range tests {
		got, err := parseLeadRef(tt.in)
		if err != nil || got.String() != tt.want {
			t.Errorf("parseLeadRef(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "https://example.com/in/x", "not@", "0"} {
		if _, err := parseLeadRef(bad); err == nil {
			t.Errorf("parseLeadRef(%q) accepted", bad)
		}
	}
}

// TestLeadsScoreLearnFromLedger learns from what campaigns recorded: invites done to
// 60 leads, where the CEOs accepted and replied and the engineers did not.
func TestLeadsScoreLearnFromLedger(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	var leads strings.Builder
	leads.WriteString("profileUrl,title\n")
	for i := range 60 {
		fmt.Fprintf(&leads, "https://www.linkedin.com/in/p-%d,%s\n", i, []string{"CEO", "Software Engineer"}[i%2])
	}
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", leads.String()))
	mustCLI(t, db, "accounts", "add", "--name", "alice", "--type", "free", "--time-zone", "UTC")
	if code, _, errOut := cli(t, db, "leads", "score", "--learn"); code != exitFailed || !strings.Contains(errOut, "run a campaign first") {
		t.Errorf("--learn on an empty ledger: exit %d, %q", code, errOut)
	}

	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i := range 60 {
		key := fmt.Sprintf("p-%d", i)
		if err := st.RecordAction(ctx, &paceline.Action{At: at, Account: "alice", Kind: paceline.KindInvite, Result: paceline.ResultDone, Lead: key}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			for _, typ := range []paceline.EventKind{paceline.EventAccepted, paceline.EventReplied} {
				if _, err := st.RecordEvent(ctx, &paceline.Event{At: at.Add(time.Hour), Account: "alice", Lead: key, Type: typ}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	st.Close()

	var res struct {
		Leads       int                `json:"leads"`
		Adjustments []score.Adjustment `json:"adjustments"`
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "score", "--learn", "--json")), &res); err != nil {
		t.Fatal(err)
	}
	moved := map[string]score.Adjustment{}
	for _, a := range res.Adjustments {
		moved[a.Rule] = a
	}
	if ceo, ok := moved["seniority:c-level"]; !ok || ceo.To <= ceo.From || ceo.Leads != 30 {
		t.Errorf("c-level not raised from the ledger's 30 CEOs: %+v (all %+v)", ceo, res.Adjustments)
	}
	if eng, ok := moved["department:engineering"]; ok && eng.To >= eng.From {
		t.Errorf("engineering raised though no engineer answered: %+v", eng)
	}
}

// TestLeadsWithoutDatabase runs the reading leads commands against a --db that does
// not exist: each fails, creates no file, and says to import leads, the step that makes
// a database of leads, not to add an account.
func TestLeadsWithoutDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "none.db")
	for _, args := range [][]string{
		{"leads", "list"}, {"leads", "list", "--json"}, {"leads", "show", "in:jo"}, {"leads", "export"}, {"leads", "score"},
	} {
		code, _, errOut := cli(t, db, args...)
		if code != exitFailed || !strings.Contains(errOut, "no database at "+db+": import leads first (paceline leads import FILE --db "+db+")") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created %s", args, db)
		}
	}
}

// TestLeadsListAndShowKeepTheirTables imports a lead whose company spans two lines and
// whose title holds a tab: leads list keeps it on one row with its cells in their
// columns, and leads show keeps a multi-line note in the value column.
func TestLeadsListAndShowKeepTheirTables(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	csv := "URL,Company,Position,Notes\n" +
		"https://www.linkedin.com/in/ann-lee,\"Lee\nHoldings\",\"Head\tof Sales\",\"first line\nsecond line\"\n" +
		"https://www.linkedin.com/in/bo-chan,Chan Ltd,CEO,\n"
	importLeadsJSON(t, db, writeFile(t, dir, "leads.csv", csv))
	lines := strings.Split(strings.TrimSuffix(mustCLI(t, db, "leads", "list"), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("list has %d lines, want a header and 2 rows:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	keyCol := strings.Index(lines[0], "KEY")
	for _, l := range lines[1:] {
		if strings.Index(l, "in:") != keyCol {
			t.Errorf("a row's key is not in the KEY column:\n%s", strings.Join(lines, "\n"))
		}
	}
	if !strings.Contains(mustCLI(t, db, "leads", "list"), "Head of Sales  Lee Holdings") {
		t.Errorf("list, want Ann's title and company on one line:\n%s", strings.Join(lines, "\n"))
	}
	show := mustCLI(t, db, "leads", "show", "in:ann-lee")
	first := strings.Index(show, "first line")
	second := strings.Index(show, "second line")
	if first < 0 || second < 0 {
		t.Fatalf("show lacks the note:\n%s", show)
	}
	col := first - (strings.LastIndex(show[:first], "\n") + 1)
	if got := second - (strings.LastIndex(show[:second], "\n") + 1); got != col {
		t.Errorf("the note's second line starts at column %d, its first at %d:\n%s", got, col, show)
	}
}

func TestCellText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Acme":                              "Acme",
		"Lee\nHoldings":                     "Lee Holdings",
		"Head\tof\r\nSales":                 "Head of  Sales",
		"Acme\x1b]0;pwned\x07\x1b[2J\u009b": "Acme]0;pwned[2J",
	} {
		if got := cellText(in); got != want {
			t.Errorf("cellText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLeadsScoreOutcomesAsSpreadsheetsSaveThem gives leads score --learn the same
// outcomes as Excel saves them (a byte order mark and CRLF, semicolons, tabs, the
// columns in another order): each is read and learns that CEOs answer. A directory and
// an empty file are refused with what the file must hold.
func TestLeadsScoreOutcomesAsSpreadsheetsSaveThem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	var leads strings.Builder
	leads.WriteString("profileUrl,title\n")
	for i := range 60 {
		fmt.Fprintf(&leads, "https://www.linkedin.com/in/p-%d,%s\n", i, []string{"CEO", "Software Engineer"}[i%2])
	}
	importLeadsJSON(t, db, writeFile(t, dir, "l.csv", leads.String()))
	outcomes := func(header, sep, eol string, order func(key, acc, rep string) []string) string {
		var b strings.Builder
		b.WriteString(header + eol)
		for i := range 60 {
			yes := fmt.Sprint(i%2 == 0)
			b.WriteString(strings.Join(order(fmt.Sprintf("in:p-%d", i), yes, yes), sep) + eol)
		}
		return b.String()
	}
	inOrder := func(k, a, r string) []string { return []string{k, a, r} }
	for name, content := range map[string]string{
		"excel utf-8":   "\ufeff" + outcomes("key,accepted,replied", ",", "\r\n", inOrder),
		"semicolons":    outcomes("Key;Accepted;Replied", ";", "\r\n", inOrder),
		"tabs":          outcomes("key\taccepted\treplied", "\t", "\n", inOrder),
		"another order": outcomes("replied,key,accepted", ",", "\n", func(k, a, r string) []string { return []string{r, k, a} }),
	} {
		out := mustCLI(t, db, "leads", "score", "--learn", "--outcomes", writeFile(t, dir, "o.csv", content), "--json")
		if !strings.Contains(out, `"rule": "seniority:c-level"`) {
			t.Errorf("%s: the outcomes learned nothing about CEOs:\n%s", name, out)
		}
	}
	for name, tc := range map[string]struct{ path, want string }{
		"directory": {dir, "is a directory; give the CSV file of outcomes"},
		"empty":     {writeFile(t, dir, "empty.csv", ""), "the file is empty; the first line must be the header key,accepted,replied"},
		"two columns": {writeFile(t, dir, "two.csv", "key,accepted\nin:p-1,yes\n"),
			`the first line must be the header key,accepted,replied, not "key,accepted"`},
	} {
		if code, _, errOut := cli(t, db, "leads", "score", "--learn", "--outcomes", tc.path); code != exitFailed || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q; want exit 1 with %q", name, code, errOut, tc.want)
		}
	}
}

// TestLeadsExportImportsBack exports a database's leads as CSV and imports the file
// into a new one: the leads come back as they were (Sales Navigator key, head count,
// custom fields, score), none of the export's derived columns turns into a custom
// field, and the opted-out lead is skipped as suppressed instead of returning as a
// lead to contact.
func TestLeadsExportImportsBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	csv := "profileUrl,linkedInProfileUrl,fullName,companyName,title,companySize,isOpenLink,sharedConnectionsCount,email,Favourite Tool\n" +
		"https://www.linkedin.com/sales/lead/ACwAAA123,https://www.linkedin.com/in/anna-berg,Anna Berg,Nordic AB,VP Sales,51-200,true,12,,vim\n" +
		"https://www.linkedin.com/in/bo-chan,,Bo Chan,Chan Ltd,CEO,10001+,false,0,bo@chan.io,\n" +
		"https://www.linkedin.com/in/eva-schmidt,,Eva Schmidt,Schmidt KG,Marketing Manager,,false,0,,\n"
	importLeadsJSON(t, db, writeFile(t, dir, "in.csv", csv))
	mustCLI(t, db, "leads", "optout", "in:eva-schmidt")
	out := filepath.Join(dir, "export.csv")
	mustCLI(t, db, "leads", "export", "--out", out)

	same := func(db string) []leadView {
		var leads []leadView
		if err := json.Unmarshal([]byte(mustCLI(t, db, "leads", "list", "--json")), &leads); err != nil {
			t.Fatal(err)
		}
		for i := range leads {
			leads[i].ID, leads[i].CreatedAt, leads[i].UpdatedAt = 0, time.Time{}, time.Time{}
		}
		return leads
	}
	before := same(db)
	// Detected from the header, and chosen by --preset paceline as the help offers it.
	for i, args := range [][]string{{out}, {out, "--preset", "paceline"}} {
		db2 := filepath.Join(dir, fmt.Sprintf("p%d.db", i+2))
		r := importLeadsJSON(t, db2, args...)
		if r.Preset != "paceline" || r.Imported != 2 || r.Suppressed != 1 || r.Rejected != 0 {
			t.Errorf("re-import of the export %v: %+v; want preset paceline, 2 imported, the opted-out lead suppressed", args, r)
		}
		if after := same(db2); !reflect.DeepEqual(before, after) {
			t.Errorf("the leads differ after a round trip %v:\nbefore %+v\nafter  %+v", args, before, after)
		}
	}
}

// TestLeadsOptOutByIDWithoutDatabase names a lead by its id against a --db that does
// not exist: optout and erase fail without creating the file; by email, an opt-out
// still creates the database to hold the suppression entry.
func TestLeadsOptOutByIDWithoutDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "none.db")
	for _, args := range [][]string{{"leads", "optout", "3"}, {"leads", "erase", "jo@acme.com", "3"}} {
		code, _, errOut := cli(t, db, args...)
		if code != exitFailed || !strings.Contains(errOut, "no database at "+db+": import leads first") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created %s", args, db)
		}
	}
	mustCLI(t, db, "leads", "optout", "jo@acme.com")
	if _, err := os.Stat(db); err != nil {
		t.Errorf("an opt-out by email made no database: %v", err)
	}
}

// TestLeadsImportListsWarnings names the line, the column and the value of every
// value an import dropped: the report used to say only "1 row had a value dropped".
// The JSON keeps "warnings" the count of rows and lists the values under
// "warning_lines"; the text shows the first few and how many more.
func TestLeadsImportListsWarnings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	csv := "First Name,Last Name,Email,Person Linkedin Url,Company Name for Emails,# Employees\n" +
		"Ann,A,ann@x.com,https://linkedin.com/in/ann,Acme,abc\n" +
		"Bo,B,bad@,https://linkedin.com/in/bo,Acme,12\n"
	for i := range 6 {
		csv += fmt.Sprintf("P%d,Q,p%d@x.com,,Acme,many\n", i, i) // lines 4 to 9
	}
	path := writeFile(t, dir, "apollo.csv", csv)

	out := mustCLI(t, filepath.Join(dir, "json.db"), "leads", "import", "--json", path)
	var r struct {
		Warnings     int `json:"warnings"`
		WarningLines []struct {
			Line   int    `json:"line"`
			Field  string `json:"field"`
			Value  string `json:"value"`
			Reason string `json:"reason"`
		} `json:"warning_lines"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if r.Warnings != 8 || len(r.WarningLines) != 8 {
		t.Fatalf("warnings %d, listed %d; want 8 rows and 8 values:\n%s", r.Warnings, len(r.WarningLines), out)
	}
	if w := r.WarningLines[0]; w.Line != 2 || w.Field != "# Employees" || w.Value != "abc" || !strings.Contains(w.Reason, "head count") {
		t.Errorf("first warning %+v; want line 2, # Employees = abc, not a head count", w)
	}
	if w := r.WarningLines[1]; w.Line != 3 || w.Field != "Email" || w.Value != "bad@" {
		t.Errorf("second warning %+v; want line 3, Email = bad@", w)
	}

	out = mustCLI(t, filepath.Join(dir, "text.db"), "leads", "import", path)
	for _, want := range []string{"8 rows had a value left out of the lead", "line 2, # Employees: ", `"abc"`,
		"line 3, Email: ", "line 6, # Employees: ", "... and 3 more dropped values (see --json)"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "line 7,") {
		t.Errorf("summary lists more than the first five dropped values:\n%s", out)
	}
}

// TestLeadsOptOutUnknownKey opts out an address no lead has: it is suppressed (an
// import then skips it), and the command says that no lead matched, in its text and
// in --json, where it used to say nothing of the kind.
func TestLeadsOptOutUnknownKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	importLeadsJSON(t, db, writeFile(t, dir, "sn.csv", salesNavCSV))

	out := mustCLI(t, db, "leads", "optout", "email:typo@x.com")
	if want := "No lead has the key email:typo@x.com; it is on the suppression list now, so an import will skip it.\n"; out != want {
		t.Errorf("optout of an unknown address: %q, want %q", out, want)
	}

	type result struct {
		Ref         string `json:"ref"`
		LeadMatched *bool  `json:"lead_matched"`
		LeadID      int64  `json:"lead_id"`
		Suppressed  bool   `json:"suppressed"`
	}
	optOutJSON := func(key string) result {
		t.Helper()
		out := mustCLI(t, db, "leads", "optout", key, "--json")
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.LeadMatched == nil {
			t.Fatalf("optout %s --json: %v, no lead_matched in %s", key, err, out)
		}
		return r
	}
	if r := optOutJSON("other@x.com"); *r.LeadMatched || r.LeadID != 0 || !r.Suppressed || r.Ref != "email:other@x.com" {
		t.Errorf("unknown address as JSON: %+v", r)
	}
	if r := optOutJSON("lena@acme.de"); !*r.LeadMatched || r.LeadID == 0 || !r.Suppressed {
		t.Errorf("known lead as JSON: %+v", r)
	}

	r := importLeadsJSON(t, db, writeFile(t, dir, "typo.csv", "email\ntypo@x.com\nother@x.com\nnew@x.com\n"))
	if r.Suppressed != 2 || r.Imported != 1 {
		t.Errorf("import after opting out two unknown addresses: %+v; want 2 suppressed, 1 imported", r)
	}
}
