// Package pagefile writes whole B-trees into a SQLite database file that no
// connection has open: the pages of a table or an index built from rows already in
// key order, appended after the file's last page and hung under the tree's root page,
// which must be an empty leaf (a table or index just created). It is how an import
// into a new database stores a million leads without SQLite inserting them one at a
// time (docs/leads.md, "Building the tables' pages").
//
// The package knows SQLite's file format (https://www.sqlite.org/fileformat2.html)
// only as far as that needs: UTF-8 databases of schema format 4 without auto-vacuum or
// reserved bytes, records of NULLs, integers and texts, table and index B-trees with
// overflow pages. It never changes a page that holds data: the roots it fills were
// empty, the pages it adds come after the last one.
package pagefile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// File is a SQLite database file opened for appending B-trees. Nothing may have the
// file open through SQLite meanwhile: the file is changed behind SQLite's back.
type File struct {
	f        *os.File
	path     string
	pageSize int
	usable   int    // page size less the reserved bytes (always 0 here)
	pages    uint32 // pages in the file, the ones this File added included
	counter  uint32 // the file change counter read from the header

	// run buffers the pages written at consecutive numbers from runStart on: most
	// pages are written in order, and one write for many pages is cheaper.
	run      []byte
	runStart uint32
}

// maxRun is how many bytes of consecutive pages File holds before writing them.
const maxRun = 1 << 20

// Open opens the database file at path for appending. It refuses a file whose
// format this package does not write (see the package comment) and a file with a
// write-ahead log holding frames not yet in the file.
func Open(path string) (*File, error) {
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("pagefile: %s has a write-ahead log with changes not yet in the file", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("pagefile: %w", err)
	}
	pf, err := readHeader(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return pf, nil
}

func readHeader(f *os.File, path string) (*File, error) {
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return nil, fmt.Errorf("pagefile: read the header of %s: %w", path, err)
	}
	if string(h[:16]) != "SQLite format 3\x00" {
		return nil, fmt.Errorf("pagefile: %s is not a SQLite database", path)
	}
	size := int(binary.BigEndian.Uint16(h[16:]))
	if size == 1 {
		size = 65536
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("pagefile: %w", err)
	}
	switch {
	case h[20] != 0:
		return nil, fmt.Errorf("pagefile: %s reserves bytes at the end of its pages", path)
	case binary.BigEndian.Uint32(h[44:]) != 4:
		return nil, fmt.Errorf("pagefile: %s is not of schema format 4", path)
	case binary.BigEndian.Uint32(h[52:]) != 0:
		return nil, fmt.Errorf("pagefile: %s uses auto-vacuum", path)
	case binary.BigEndian.Uint32(h[56:]) != 1:
		return nil, fmt.Errorf("pagefile: %s is not encoded in UTF-8", path)
	}
	counter := binary.BigEndian.Uint32(h[24:])
	pages := binary.BigEndian.Uint32(h[28:])
	// The size in the header holds only when it was written with the change counter
	// the file has now; else the file's length tells.
	if pages == 0 || binary.BigEndian.Uint32(h[92:]) != counter {
		pages = uint32(fi.Size() / int64(size))
	}
	if int64(pages)*int64(size) != fi.Size() {
		return nil, fmt.Errorf("pagefile: %s is %d bytes, not %d pages of %d", path, fi.Size(), pages, size)
	}
	return &File{f: f, path: path, pageSize: size, usable: size, pages: pages, counter: counter}, nil
}

// pendingByte is where SQLite's file locks lie: the page holding it (in a database of
// more than 1 GiB) is never used, and never written.
const pendingByte = 0x40000000

// alloc returns the number of a new page at the end of the file, passing over the
// page of the lock bytes.
func (f *File) alloc() uint32 {
	f.pages++
	if f.pages == f.lockPage() {
		f.pages++
	}
	return f.pages
}

// lockPage returns the number of the page that holds the lock bytes.
func (f *File) lockPage() uint32 { return uint32(pendingByte/f.pageSize) + 1 }

// write stores a whole page.
func (f *File) write(pgno uint32, page []byte) error {
	if len(page) != f.pageSize {
		return fmt.Errorf("pagefile: page %d is %d bytes, not %d", pgno, len(page), f.pageSize)
	}
	if len(f.run) > 0 && pgno == f.runStart+uint32(len(f.run)/f.pageSize) && len(f.run) < maxRun {
		f.run = append(f.run, page...)
		return nil
	}
	if err := f.flush(); err != nil {
		return err
	}
	f.runStart = pgno
	f.run = append(f.run[:0], page...)
	return nil
}

// flush writes the buffered run of pages.
func (f *File) flush() error {
	if len(f.run) == 0 {
		return nil
	}
	off := int64(f.runStart-1) * int64(f.pageSize)
	if _, err := f.f.WriteAt(f.run, off); err != nil {
		return fmt.Errorf("pagefile: write %s: %w", f.path, err)
	}
	f.run = f.run[:0]
	return nil
}

// Close writes what is buffered and the header's new size and change counter
// (which tells a connection that opens the file later to read every page afresh),
// syncs the file to disk and closes it.
func (f *File) Close() error {
	err := f.finish()
	if cerr := f.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("pagefile: close %s: %w", f.path, cerr)
	}
	return err
}

func (f *File) finish() error {
	if err := f.flush(); err != nil {
		return err
	}
	var h [100]byte
	if _, err := f.f.ReadAt(h[:], 0); err != nil {
		return fmt.Errorf("pagefile: read the header of %s: %w", f.path, err)
	}
	counter := f.counter + 1
	binary.BigEndian.PutUint32(h[24:], counter)
	binary.BigEndian.PutUint32(h[28:], f.pages)
	binary.BigEndian.PutUint32(h[92:], counter)
	if _, err := f.f.WriteAt(h[:], 0); err != nil {
		return fmt.Errorf("pagefile: write the header of %s: %w", f.path, err)
	}
	if err := f.f.Sync(); err != nil {
		return fmt.Errorf("pagefile: sync %s: %w", f.path, err)
	}
	return nil
}

// errOrder is returned when rows do not come in the tree's order.
var errOrder = errors.New("pagefile: rows out of order")
