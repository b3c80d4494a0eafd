package pagefile

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// Find returns the record of the row with the rowid among those added, wherever it is:
// in a leaf written already (read back from the file), in the one held, or in the
// leaf being filled. It returns false for a rowid not added.
func (w *TableWriter) Find(rowid int64) ([]byte, bool, error) {
	if w.rows == 0 || rowid > w.last {
		return nil, false, nil
	}
	var page []byte
	i := sort.Search(len(w.leaves), func(i int) bool { return w.leaves[i].max >= rowid })
	switch {
	case i < len(w.leaves):
		p, err := w.f.read(w.leaves[i].pgno)
		if err != nil {
			return nil, false, err
		}
		page = p
	case w.held != nil && rowid <= w.heldMax:
		page = w.held
	default:
		// The leaf being filled: its cells are not laid out on a page yet.
		start := 0
		for _, end := range w.b.ends {
			cell := w.b.cells[start:end]
			start = end
			if rec, ok, err := w.f.cellRecord(cell, rowid); ok || err != nil {
				return rec, ok, err
			}
		}
		return nil, false, nil
	}
	n := int(binary.BigEndian.Uint16(page[3:]))
	// The cells' pointers are in rowid order: search them.
	at := func(k int) []byte { return page[binary.BigEndian.Uint16(page[8+2*k:]):] }
	k := sort.Search(n, func(k int) bool {
		_, m := uvarint(at(k))
		id, _ := uvarint(at(k)[m:])
		return int64(id) >= rowid
	})
	if k == n {
		return nil, false, nil
	}
	return w.f.cellRecord(at(k), rowid)
}

// cellRecord returns the record of a table leaf cell when its rowid is rowid, reading
// its overflow pages.
func (f *File) cellRecord(cell []byte, rowid int64) ([]byte, bool, error) {
	size, n := uvarint(cell)
	id, m := uvarint(cell[n:])
	if int64(id) != rowid {
		return nil, false, nil
	}
	cell = cell[n+m:]
	p := int(size)
	l := f.local(p, false)
	rec := make([]byte, 0, p)
	rec = append(rec, cell[:l]...)
	if l == p {
		return rec, true, nil
	}
	next := binary.BigEndian.Uint32(cell[l:])
	for len(rec) < p {
		if next == 0 || next > f.pages {
			return nil, false, fmt.Errorf("pagefile: row %d: overflow page %d missing", rowid, next)
		}
		page, err := f.read(next)
		if err != nil {
			return nil, false, err
		}
		take := min(p-len(rec), f.usable-4)
		rec = append(rec, page[4:4+take]...)
		next = binary.BigEndian.Uint32(page)
	}
	return rec, true, nil
}

// read returns page pgno as written so far: from the pages not yet written out, or
// from the file.
func (f *File) read(pgno uint32) ([]byte, error) {
	if len(f.run) > 0 && pgno >= f.runStart && int(pgno-f.runStart) < len(f.run)/f.pageSize {
		off := int(pgno-f.runStart) * f.pageSize
		return f.run[off : off+f.pageSize], nil
	}
	page := make([]byte, f.pageSize)
	if _, err := f.f.ReadAt(page, int64(pgno-1)*int64(f.pageSize)); err != nil {
		return nil, fmt.Errorf("pagefile: read page %d of %s: %w", pgno, f.path, err)
	}
	return page, nil
}

// uvarint reads a SQLite varint and returns it with its length.
func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 8 && i < len(b); i++ {
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	if len(b) < 9 {
		return v, len(b)
	}
	return v<<8 | uint64(b[8]), 9
}

// Values decodes a record into its values: nil, int64 or string (a blob as a string
// too). Reals are not written by this package and are refused.
func Values(rec []byte, dst []any) ([]any, error) {
	hdr, n := uvarint(rec)
	if int(hdr) > len(rec) || n == 0 {
		return nil, fmt.Errorf("pagefile: a record's header is past its end")
	}
	types, body := rec[n:hdr], rec[hdr:]
	for len(types) > 0 {
		t, m := uvarint(types)
		types = types[m:]
		switch {
		case t == 0:
			dst = append(dst, nil)
		case t >= 1 && t <= 6:
			size := [...]int{0, 1, 2, 3, 4, 6, 8}[t]
			if len(body) < size {
				return nil, fmt.Errorf("pagefile: a record's integer is past its end")
			}
			v := int64(int8(body[0]))
			for _, c := range body[1:size] {
				v = v<<8 | int64(c)
			}
			dst, body = append(dst, v), body[size:]
		case t == 8 || t == 9:
			dst = append(dst, int64(t-8))
		case t >= 12:
			size := int(t-12) / 2
			if len(body) < size {
				return nil, fmt.Errorf("pagefile: a record's text is past its end")
			}
			dst, body = append(dst, string(body[:size])), body[size:]
		default:
			return nil, fmt.Errorf("pagefile: serial type %d is not read here", t)
		}
	}
	return dst, nil
}
