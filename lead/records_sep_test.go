package lead

import (
	"io"
	"strings"
	"testing"
)

// Excel's "sep=;" first line says which delimiter the file uses. Read as the header,
// it made the columns "sep=" and "", and the file had no identity column. The hint
// names the delimiter, is skipped, and the lines of rejected rows are still the file's.
func TestReaderSepHint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		delim    rune
		badLine  int // the line of the rejected row
	}{
		{"excel with BOM and CRLF", "\uFEFFsep=;\r\nVorname;Nachname;E-Mail\r\nC;D;c@d.de\r\nE;F;kaputt\r\n", ';', 4},
		{"comma named though semicolons dominate", "sep=,\nE-Mail,Note\nc@d.de,a;b;c\nkaputt,x\n", ',', 4},
		{"tab", "SEP=\t\nE-Mail\tName\nc@d.de\tC D\nkaputt\tE F\n", '\t', 4},
		{"quoted and padded", "\"sep=;\";;\nE-Mail;Name;X\nc@d.de;C D;1\nkaputt;E F;2\n", ';', 4},
		{"pipe, with a preamble after the hint", "sep=|\n\nExported 2026-11-27\nFirst Name|Last Name|Email|Connected On\nC|D|c@d.de|1 Jan 2026\nE|F|kaputt|2 Jan 2026\n", '|', 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rd, err := NewReader(strings.NewReader(tc.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rd.Delimiter() != tc.delim {
				t.Errorf("delimiter %q; want %q", rd.Delimiter(), tc.delim)
			}
			for _, c := range rd.Columns() {
				if strings.HasPrefix(strings.ToLower(c.Header), "sep=") || strings.Contains(c.Header, `"`) {
					t.Errorf("column %q: the hint was read as the header", c.Header)
				}
			}
			var row Row
			var good, bad []int
			for {
				err := rd.Read(&row)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if row.Err != nil {
					bad = append(bad, row.Line)
				} else {
					good = append(good, row.Line)
					if row.Lead.Email != "c@d.de" {
						t.Errorf("line %d: email %q; want c@d.de", row.Line, row.Lead.Email)
					}
				}
			}
			if len(good) != 1 || len(bad) != 1 || bad[0] != tc.badLine || good[0] != tc.badLine-1 {
				t.Errorf("accepted lines %v, rejected %v; want [%d] and [%d]", good, bad, tc.badLine-1, tc.badLine)
			}
		})
	}
}

// A first line that only looks like a hint is the header as before.
func TestReaderSepHintNotAHint(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"sep=;x\nE-Mail;Name\nc@d.de;C\n",    // not one delimiter
		"sep=\"\nE-Mail;Name\nc@d.de;C\n",    // a quote cannot delimit
		"sep=\nE-Mail;Name\nc@d.de;C\n",      // names none
		"separator;email\nx;c@d.de\n",        // a header
		"E-Mail;sep=;\nc@d.de;x;y\n",         // not the first field
		"\n\nsep=;\nE-Mail;Name\nc@d.de;C\n", // not the first line
	} {
		if d, _, ok := sepHint([]byte(in)); ok {
			t.Errorf("%q: read as a hint for %q", in, d)
		}
	}
	if _, err := NewReader(strings.NewReader("sep=;\r\n"), Options{}); err == nil || !strings.Contains(err.Error(), "no header line") {
		t.Errorf("a file with only the hint: %v; want no header line", err)
	}
}
