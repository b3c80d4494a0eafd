package lead

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

// exportJSON is what paceline leads export --format json writes, one lead a line.
const exportJSON = `[
  {"id":1,"name":"Ann Lee","first_name":"Ann","last_name":"Lee","profile_url":"https://www.linkedin.com/in/ann-lee/","profile_key":"ann-lee","email":"ann@x.com","company":"Acme","title":"CEO","location":"Berlin, Germany","employees_min":11,"employees_max":50,"open_profile":true,"premium":false,"mutual_connections":3,"score":70,"custom":{"tool":"vim"},"lists":["A","B"],"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"},
  {"id":2,"name":"Bo","sales_key":"ACwAAA123","open_profile":false,"premium":true,"mutual_connections":0,"score":0,"lists":[],"opted_out_at":"2026-02-03T04:05:06Z","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"},
  {"id":3,"name":"Nobody","lists":[]},
  {"id":4,"email":"cy@x.com","employees_min":"many"},
  42,
  {"id":5,"email":"dee@x.com","title":"\u001b]0;pwned\u0007CEO","custom":{"note":"a\u001b[2Jb"},"lists":["ok","bad\nname"]}
]
`

func readJSONRows(t *testing.T, rd *Reader) []Row {
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
		row.Keys, row.Warnings = slices.Clone(row.Keys), slices.Clone(row.Warnings)
		rows = append(rows, row)
	}
}

func TestReaderJSONExport(t *testing.T) {
	t.Parallel()
	rd, err := NewReader(strings.NewReader("\n  "+exportJSON), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rd.Preset() != PresetPaceline || rd.Delimiter() != 0 {
		t.Errorf("preset %q, delimiter %q", rd.Preset(), rd.Delimiter())
	}
	rows := readJSONRows(t, rd)
	if len(rows) != 6 {
		t.Fatalf("%d rows; want 6", len(rows))
	}
	for i, want := range []int{3, 4, 5, 6, 7, 8} {
		if rows[i].Line != want {
			t.Errorf("row %d on line %d; want %d", i, rows[i].Line, want)
		}
	}
	ann := rows[0].Lead
	if rows[0].Err != nil || ann.ProfileKey != "ann-lee" || ann.Email != "ann@x.com" || ann.FirstName != "Ann" ||
		ann.Title != "CEO" || ann.Seniority == "" || ann.TimeZone != "Europe/Berlin" || ann.EmployeesMin != 11 ||
		ann.EmployeesMax != 50 || !ann.OpenProfile || ann.MutualConnections != 3 || ann.Custom["tool"] != "vim" ||
		!slices.Equal(ann.Lists, []string{"A", "B"}) || rows[0].OptedOut {
		t.Errorf("first lead: %+v %v", ann, rows[0].Err)
	}
	if bo := rows[1]; bo.Err != nil || bo.Lead.SalesKey != "ACwAAA123" || !bo.Lead.Premium || !bo.OptedOut ||
		bo.OptedOutAt.Format("2006-01-02T15:04:05Z07:00") != "2026-02-03T04:05:06Z" {
		t.Errorf("opted-out lead: %+v", bo)
	}
	if rows[2].Err == nil || !strings.Contains(rows[2].Err.Reason, "no LinkedIn profile URL and no email") {
		t.Errorf("a lead with no key: %v", rows[2].Err)
	}
	if rows[3].Err == nil || !strings.Contains(rows[3].Err.Reason, `"employees_min"`) {
		t.Errorf("a number written as text: %v", rows[3].Err)
	}
	if rows[4].Err == nil || !strings.Contains(rows[4].Err.Reason, "not a lead") {
		t.Errorf("an element that is not an object: %v", rows[4].Err)
	}
	dee := rows[5]
	if dee.Err != nil || dee.Lead.Title != "]0;pwnedCEO" || dee.Lead.Custom["note"] != "a[2Jb" ||
		!slices.Equal(dee.Lead.Lists, []string{"ok"}) || len(dee.Warnings) != 1 ||
		dee.Warnings[0].Reason != `list name "bad\nname" has a control character; the list was ignored` {
		t.Errorf("control characters: %+v %v %+v", dee.Lead, dee.Err, dee.Warnings)
	}
}

func TestReaderJSONRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text string
		opt        Options
		want       string // in the error of NewReader or of a Read
	}{
		{"map", exportJSON, Options{Map: map[string]string{"x": "email"}}, "this file is JSON"},
		{"preset", exportJSON, Options{Preset: PresetApollo}, "this file is JSON"},
		{"object", `{"people": []}`, Options{}, `the JSON object has a field "people"`},
		{"object leads", `{"leads": {}}`, Options{}, `the field "leads" of the JSON object is not an array`},
		{"object trailing", "{\"leads\": []}\n[]", Options{}, "line 2: the file goes on after the object ends"},
		{"syntax", "[\n  {\"email\": \"a@x.com\"},\n  {\"email\" \"b@x.com\"}\n]", Options{}, "line 3: not valid JSON"},
		{"cut", "[\n  {\"email\": \"a@x.com\"},\n", Options{}, "cut short"},
		{"trailing", "[{\"email\": \"a@x.com\"}]\n[]", Options{}, "line 2: the file goes on"},
		{"huge", "[{\"email\": \"a@x.com\", \"title\": \"" + strings.Repeat("x", 1<<18) + "\"}]", Options{MaxRecordBytes: 1 << 16}, "longer than 65536 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rd, err := NewReader(strings.NewReader(tc.text), tc.opt)
			for err == nil {
				var row Row
				if err = rd.Read(&row); err == io.EOF {
					t.Fatalf("read to the end; want an error with %q", tc.want)
				}
			}
			var e *paceline.Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want a paceline.Error with %q", err, tc.want)
			}
		})
	}
	// A preset of paceline's own is allowed.
	if _, err := NewReader(strings.NewReader(exportJSON), Options{Preset: PresetPaceline}); err != nil {
		t.Error(err)
	}
}
