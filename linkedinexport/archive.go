package linkedinexport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paceline/paceline"
)

// File names one of the archive files paceline reads.
type File int

// The files paceline reads; the rest of the archive (profile, posts, ads ...) says
// nothing about outreach.
const (
	Connections File = iota // Connections.csv: first-degree connections and when they connected
	Invitations             // Invitations.csv: invitations sent and received (pending ones)
	Messages                // messages.csv: every message of every conversation
	numFiles
)

// String returns the file's name as LinkedIn writes it.
func (f File) String() string {
	switch f {
	case Connections:
		return "Connections.csv"
	case Invitations:
		return "Invitations.csv"
	case Messages:
		return "messages.csv"
	}
	return "unknown file"
}

// fileNamed returns the file a base name is, compared without case.
func fileNamed(base string) (File, bool) {
	for f := File(0); f < numFiles; f++ {
		if strings.EqualFold(base, f.String()) {
			return f, true
		}
	}
	return 0, false
}

// expected lists the files paceline looks for, for error messages.
const expected = "Connections.csv, Invitations.csv or messages.csv"

// member is one file found in the input, ready to be opened as often as needed.
type member struct {
	name string // what the user sees: "archive.zip: Basic/Connections.csv" or a path
	open func() (io.ReadCloser, error)
}

// Archive is a LinkedIn data archive, or the part of one a user handed over: the
// files paceline reads, found wherever they sit, each opened on demand through the
// bounds of Limits. MaxTotalSize counts every byte read over the archive's life, so
// open a new Archive to read the files again. Close releases the zip file, if any.
type Archive struct {
	source  string
	members [numFiles]*member
	closer  io.Closer
}

// Has reports whether the archive holds the file.
func (a *Archive) Has(f File) bool { return a.members[f] != nil }

// Name returns where the file was found, as error messages and reports name it ("" when
// the archive does not hold it).
func (a *Archive) Name(f File) string {
	if m := a.members[f]; m != nil {
		return m.name
	}
	return ""
}

// Open returns a reader of the file's bytes, bounded by the archive's limits. It fails
// with ENOTFOUND when the archive does not hold the file.
func (a *Archive) Open(f File) (io.ReadCloser, error) {
	m := a.members[f]
	if m == nil {
		return nil, paceline.Errorf(paceline.ENOTFOUND, "%s holds no %s", a.source, f)
	}
	return m.open()
}

// Close releases the files the archive holds open.
func (a *Archive) Close() error {
	if a.closer == nil {
		return nil
	}
	return a.closer.Close()
}

// Open reads the LinkedIn archive at path: a .zip as LinkedIn sends it, a folder it was
// unpacked into, or one CSV file. Files are found at any depth and by name without
// case; a zip is checked for bombs, huge members and path tricks before anything is
// read. Zero fields of lim take DefaultLimits.
func Open(path string, lim Limits) (*Archive, error) {
	lim = lim.orDefault()
	info, err := os.Stat(path)
	if err != nil {
		return nil, openError(path, err)
	}
	switch {
	case info.IsDir():
		return openDir(path, lim)
	case isZip(path):
		return openZip(path, lim)
	default:
		return OpenFiles([]string{path}, lim)
	}
}

// OpenFiles reads single CSV files, told apart by name (Connections.csv ...) or, for a
// renamed file, by their header. Zero fields of lim take DefaultLimits.
func OpenFiles(paths []string, lim Limits) (*Archive, error) {
	lim = lim.orDefault()
	if len(paths) == 0 {
		return nil, paceline.Errorf(paceline.EINVALID, "no file given; pass the archive .zip, its folder, or its CSV files")
	}
	a := &Archive{source: strings.Join(paths, ", ")}
	total := &counter{max: lim.MaxTotalSize}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, openError(p, err)
		}
		if !info.Mode().IsRegular() {
			return nil, paceline.Errorf(paceline.EINVALID, "%s is not a regular file; pass the archive .zip, its folder, or its CSV files", p)
		}
		f, ok := fileNamed(filepath.Base(p))
		if !ok {
			if f, ok = sniff(p); !ok {
				return nil, paceline.Errorf(paceline.EINVALID, "%s is not a LinkedIn archive file: want %s (or a renamed copy of one with its header)", p, expected)
			}
		}
		if err := a.add(f, diskMember(p, info.Size(), lim, total)); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// add records a found file, refusing a second copy: reading the wrong one would
// silently miss events.
func (a *Archive) add(f File, m *member) error {
	if old := a.members[f]; old != nil {
		return paceline.Errorf(paceline.EINVALID, "%s holds %s twice (%s and %s); pass the one you mean", a.source, f, old.name, m.name)
	}
	a.members[f] = m
	return nil
}

// requireAny refuses an input that holds none of the files paceline reads.
func (a *Archive) requireAny() error {
	for _, m := range a.members {
		if m != nil {
			return nil
		}
	}
	return paceline.Errorf(paceline.EINVALID, "%s is not a LinkedIn archive: it holds none of %s; download the archive from LinkedIn (Settings, Data privacy, Get a copy of your data) and pass the .zip", a.source, expected)
}

// openDir finds the files in a folder and its subfolders. Symbolic links are not
// followed: an archive unpacked by a tool never holds any.
func openDir(root string, lim Limits) (*Archive, error) {
	a := &Archive{source: root}
	total := &counter{max: lim.MaxTotalSize}
	seen := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if seen++; seen > lim.MaxMembers {
			return paceline.Errorf(paceline.EINVALID, "%s holds more than %d files; point at the unpacked archive's own folder", root, lim.MaxMembers)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		f, ok := fileNamed(d.Name())
		if !ok {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return a.add(f, diskMember(p, info.Size(), lim, total))
	})
	if err != nil {
		var pe *paceline.Error
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, openError(root, err)
	}
	return a, a.requireAny()
}

// diskMember opens a file on disk through the member and total size limits.
func diskMember(p string, size int64, lim Limits, total *counter) *member {
	return &member{name: p, open: func() (io.ReadCloser, error) {
		if size > lim.MaxMemberSize {
			return nil, tooBig(p, size, lim.MaxMemberSize)
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, openError(p, err)
		}
		return &bounded{r: f, c: f, name: p, max: lim.MaxMemberSize, total: total}, nil
	}}
}

// sniff tells a renamed CSV file by the header words only its kind has.
func sniff(p string) (File, bool) {
	f, err := os.Open(p)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, buf)
	head := bytes.ToLower(buf[:n])
	switch {
	case bytes.Contains(head, []byte("connected on")) && bytes.Contains(head, []byte("first name")):
		return Connections, true
	case bytes.Contains(head, []byte("inviteeprofileurl")):
		return Invitations, true
	case bytes.Contains(head, []byte("conversation id")):
		return Messages, true
	}
	return 0, false
}

// isZip tells a zip by its name or its first bytes.
func isZip(p string) bool {
	if strings.EqualFold(filepath.Ext(p), ".zip") {
		return true
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	_, err = io.ReadFull(f, magic[:])
	return err == nil && string(magic[:]) == "PK\x03\x04"
}

func openError(p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return paceline.Errorf(paceline.ENOTFOUND, "%s does not exist; pass the archive .zip, its folder, or its CSV files", p)
	}
	return fmt.Errorf("open %s: %w", p, err)
}
