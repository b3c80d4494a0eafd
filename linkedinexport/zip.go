package linkedinexport

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode"

	"github.com/paceline/paceline"
)

// openZip checks every entry of a zip before reading any: too many entries, a path that
// climbs out of the archive, a link, a declared size or ratio over the limits all
// refuse the whole archive, since a file LinkedIn made has none of them.
func openZip(p string, lim Limits) (*Archive, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, paceline.Errorf(paceline.EINVALID, "%s is not a readable zip file (%v); download the archive again", p, err)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, openError(p, err)
		}
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	a, err := zipArchive(p, &zr.Reader, lim)
	if err != nil {
		zr.Close()
		return nil, err
	}
	a.closer = zr
	return a, nil
}

// zipArchive finds the files in an open zip; split from openZip so tests and callers
// holding bytes can use it.
func zipArchive(source string, zr *zip.Reader, lim Limits) (*Archive, error) {
	if len(zr.File) > lim.MaxMembers {
		return nil, paceline.Errorf(paceline.EINVALID, "%s holds %d entries, more than the %d a LinkedIn archive could; refusing it", source, len(zr.File), lim.MaxMembers)
	}
	a := &Archive{source: source}
	total := &counter{max: lim.MaxTotalSize}
	var declared uint64
	for _, zf := range zr.File {
		name := source + ": " + zf.Name
		if why := unsafeName(zf.Name); why != "" {
			return nil, paceline.Errorf(paceline.EINVALID, "%s: entry %q %s, a path trick no LinkedIn archive plays; refusing the archive", source, zf.Name, why)
		}
		if zf.Mode()&fs.ModeSymlink != 0 {
			return nil, paceline.Errorf(paceline.EINVALID, "%s: entry %q is a symbolic link, a path trick no LinkedIn archive plays; refusing the archive", source, zf.Name)
		}
		if zf.FileInfo().IsDir() {
			continue
		}
		u, c := zf.UncompressedSize64, zf.CompressedSize64
		if u > uint64(lim.MaxMemberSize) {
			return nil, tooBig(name, int64(min(u, 1<<62)), lim.MaxMemberSize)
		}
		if declared += u; declared > uint64(lim.MaxTotalSize) {
			return nil, paceline.Errorf(paceline.EINVALID, "%s unpacks to more than %s in all; refusing it (a LinkedIn archive is far smaller)", source, size(lim.MaxTotalSize))
		}
		if u > ratioFloor && (c == 0 || u/c > uint64(lim.MaxRatio)) {
			return nil, bomb(name, lim.MaxRatio)
		}
		f, ok := fileNamed(path.Base(zf.Name))
		if !ok {
			continue
		}
		if err := a.add(f, zipMember(name, zf, lim, total)); err != nil {
			return nil, err
		}
	}
	return a, a.requireAny()
}

func zipMember(name string, zf *zip.File, lim Limits, total *counter) *member {
	return &member{name: name, open: func() (io.ReadCloser, error) {
		rc, err := zf.Open()
		if err != nil {
			return nil, paceline.Errorf(paceline.EINVALID, "%s cannot be unpacked (%v); download the archive again", name, err)
		}
		return &bounded{
			r: rc, c: rc, name: name, max: lim.MaxMemberSize, total: total,
			compressed: int64(max(zf.CompressedSize64, 1)), maxRatio: lim.MaxRatio,
		}, nil
	}}
}

// unsafeName says what is wrong with an entry name that could write or read outside
// the folder it is unpacked into, or "" when it is a plain relative path.
func unsafeName(name string) string {
	switch {
	case name == "":
		return "has no name"
	case strings.ContainsRune(name, '\\'):
		return "uses backslashes"
	case strings.HasPrefix(name, "/"):
		return "is an absolute path"
	case len(name) >= 2 && name[1] == ':':
		return "names a drive"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "holds control characters"
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return "climbs out of the archive with \"..\""
		}
	}
	return ""
}

// OpenReader reads a zip archive from r (n bytes long), as an upload handler holds it. source
// names it in messages. Zero fields of lim take DefaultLimits.
func OpenReader(source string, r io.ReaderAt, n int64, lim Limits) (*Archive, error) {
	lim = lim.orDefault()
	zr, err := zip.NewReader(r, n)
	if err != nil {
		return nil, paceline.Errorf(paceline.EINVALID, "%s is not a readable zip file (%v); download the archive again", source, err)
	}
	return zipArchive(source, zr, lim)
}
