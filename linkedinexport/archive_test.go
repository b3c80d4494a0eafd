package linkedinexport

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/hex"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paceline/paceline"
)

const connectionsHeader = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"

// randomCSV returns n bytes of CSV rows that do not compress, as a huge but honest
// member would be.
func randomCSV(n int) string {
	var b strings.Builder
	b.WriteString(connectionsHeader)
	buf := make([]byte, 24)
	for b.Len() < n {
		rand.Read(buf)
		b.WriteString("A,B,https://www.linkedin.com/in/x-" + hex.EncodeToString(buf) + ",,,,15 Jan 2026\n")
	}
	return b.String()
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	entry := func(name, content string) func(zw *zip.Writer) {
		return func(zw *zip.Writer) {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, content)
		}
	}
	huge := randomCSV(2 << 20)
	tests := []struct {
		name string
		zip  func(zw *zip.Writer)
		lim  Limits
		want string
	}{
		{"not an archive", func(zw *zip.Writer) {
			entry("Profile.csv", "First Name,Last Name\nAlex,Martin\n")(zw)
			entry("photos/me.jpg", "\xff\xd8\xff")(zw)
		}, Limits{}, "is not a LinkedIn archive: it holds none of Connections.csv, Invitations.csv or messages.csv"},
		{"empty zip", func(zw *zip.Writer) {}, Limits{}, "is not a LinkedIn archive"},
		{"zip bomb", func(zw *zip.Writer) {
			// The fastest level still packs zeros over a thousand to one, and keeps
			// building 200 MiB of them cheap under the race detector.
			zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
				return flate.NewWriter(w, flate.BestSpeed)
			})
			w, err := zw.Create("Connections.csv")
			if err != nil {
				t.Fatal(err)
			}
			zeros := make([]byte, 1<<20)
			for range 200 { // 200 MiB of zeros, about 200 KiB compressed
				w.Write(zeros)
			}
		}, Limits{}, "is compressed more than 100 to 1"},
		{"huge member", entry("Connections.csv", huge), Limits{MaxMemberSize: 1 << 20}, "unpacks to more than 1 MiB"},
		{"huge total", func(zw *zip.Writer) {
			entry("Connections.csv", huge)(zw)
			entry("Rich_Media.csv", huge)(zw)
		}, Limits{MaxTotalSize: 3 << 20}, "unpacks to more than 3 MiB in all"},
		{"too many members", func(zw *zip.Writer) {
			for i := range 11 {
				entry("f"+string(rune('a'+i))+".csv", "x")(zw)
			}
		}, Limits{MaxMembers: 10}, "holds 11 entries, more than the 10"},
		{"dot-dot", entry("../../etc/Connections.csv", connectionsHeader), Limits{}, `climbs out of the archive with ".."`},
		{"dot-dot inside", entry("export/../../Connections.csv", connectionsHeader), Limits{}, "climbs out"},
		{"absolute", entry("/tmp/Connections.csv", connectionsHeader), Limits{}, "is an absolute path"},
		{"backslash", entry(`..\..\Connections.csv`, connectionsHeader), Limits{}, "uses backslashes"},
		{"drive", entry("C:/Users/Connections.csv", connectionsHeader), Limits{}, "names a drive"},
		{"symlink", func(zw *zip.Writer) {
			h := &zip.FileHeader{Name: "Connections.csv"}
			h.SetMode(fs.ModeSymlink | 0o777)
			w, err := zw.CreateHeader(h)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, "/etc/passwd")
		}, Limits{}, "is a symbolic link"},
		{"twice", func(zw *zip.Writer) {
			entry("a/Connections.csv", connectionsHeader)(zw)
			entry("b/connections.csv", connectionsHeader)(zw)
		}, Limits{}, "holds Connections.csv twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := writeZip(t, tt.zip)
			a, err := Open(p, tt.lim)
			if err == nil {
				a.Close()
				t.Fatalf("Open succeeded, want an error with %q", tt.want)
			}
			if paceline.ErrorCode(err) != paceline.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v (code %s), want an invalid error with %q", err, paceline.ErrorCode(err), tt.want)
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("Open error %q does not name the file %s", err, p)
			}
		})
	}
}

// A zip whose header lies about its size gets past the checks made before reading;
// reading it fails all the same, naming the member.
func TestOpenBoundsLyingHeader(t *testing.T) {
	t.Parallel()
	data := []byte(randomCSV(3 << 20))
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(data)
	fw.Close()
	p := writeZip(t, func(zw *zip.Writer) {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: "Connections.csv", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1000,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	})
	a, err := Open(p, Limits{MaxMemberSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = Reconcile(a, Options{Account: "alex"})
	if err == nil || !strings.Contains(err.Error(), "Connections.csv is damaged") {
		t.Fatalf("Reconcile error = %v, want the member refused as damaged", err)
	}
}

// bounded enforces the limits on the bytes it reads, whatever a header said.
func TestBounded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		n          int
		max, total int64
		compressed int64
		want       string
	}{
		{"within", 3 << 20, 4 << 20, 8 << 20, 1 << 20, ""},
		{"member", 3 << 20, 2 << 20, 8 << 20, 0, "unpacks to more than 2 MiB"},
		{"total", 3 << 20, 4 << 20, 1 << 20, 0, "more than 1 MiB in all"},
		{"ratio", 3 << 20, 4 << 20, 8 << 20, 1000, "compressed more than 100 to 1"},
		{"small files are not ratio-checked", 1 << 20, 4 << 20, 8 << 20, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := io.NopCloser(bytes.NewReader(make([]byte, tt.n)))
			b := &bounded{r: r, c: r, name: "x.csv", max: tt.max, total: &counter{max: tt.total}, compressed: tt.compressed, maxRatio: 100}
			n, err := io.Copy(io.Discard, b)
			switch {
			case tt.want == "" && (err != nil || n != int64(tt.n)):
				t.Errorf("read %d bytes, error %v; want all %d", n, err, tt.n)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestOpenFinds(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(testArchive, "Basic_LinkedInDataExport_01-30-2026")
	conns, err := os.ReadFile(filepath.Join(dir, "Connections.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	renamed := filepath.Join(tmp, "my-contacts (1).csv")
	os.WriteFile(renamed, conns, 0o600)
	stray := filepath.Join(tmp, "leads.csv")
	os.WriteFile(stray, []byte("name,email\nx,y\n"), 0o600)
	emptyDir := t.TempDir()
	os.WriteFile(filepath.Join(emptyDir, "notes.txt"), []byte("hi"), 0o600)
	garbage := filepath.Join(tmp, "broken.zip")
	os.WriteFile(garbage, []byte("PK\x03\x04 not really a zip"), 0o600)

	tests := []struct {
		name  string
		open  func() (*Archive, error)
		files []File
		err   string
	}{
		{"nested and upper case", func() (*Archive, error) {
			return Open(writeZip(t, func(zw *zip.Writer) {
				w, _ := zw.Create("Export/Deep/CONNECTIONS.CSV")
				w.Write(conns)
				zw.Create("Export/Deep/") // a folder entry
				w, _ = zw.Create("__MACOSX/Export/Deep/._Connections.csv")
				w.Write([]byte("\x00\x05\x16\x07"))
				zw.Create("Export/Invitations.csv") // empty: nothing pending
			}), Limits{})
		}, []File{Connections, Invitations}, ""},
		{"no files", func() (*Archive, error) { return OpenFiles(nil, Limits{}) }, nil, "no file given"},
		{"renamed file told by its header", func() (*Archive, error) { return OpenFiles([]string{renamed}, Limits{}) }, []File{Connections}, ""},
		{"a single file by path", func() (*Archive, error) { return Open(filepath.Join(dir, "messages.csv"), Limits{}) }, []File{Messages}, ""},
		{"stray CSV", func() (*Archive, error) { return Open(stray, Limits{}) }, nil, "is not a LinkedIn archive file"},
		{"folder without the files", func() (*Archive, error) { return Open(emptyDir, Limits{}) }, nil, "is not a LinkedIn archive"},
		{"missing", func() (*Archive, error) { return Open(filepath.Join(tmp, "nope.zip"), Limits{}) }, nil, "does not exist"},
		{"broken zip", func() (*Archive, error) { return Open(garbage, Limits{}) }, nil, "is not a readable zip file"},
		{"folder member over the limit", func() (*Archive, error) {
			a, err := Open(testArchive, Limits{MaxMemberSize: 1000})
			if err != nil {
				return nil, err
			}
			_, err = Read(a, nil)
			return a, err
		}, nil, "unpacks to more than 1000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.open()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			for f := File(0); f < numFiles; f++ {
				want := false
				for _, w := range tt.files {
					want = want || w == f
				}
				if a.Has(f) != want {
					t.Errorf("Has(%s) = %v, want %v", f, a.Has(f), want)
				}
			}
			if _, err := Read(a, nil); err != nil {
				t.Errorf("Read: %v", err)
			}
		})
	}
}
