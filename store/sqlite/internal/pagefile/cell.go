package pagefile

import (
	"encoding/binary"
	"fmt"
)

// Page types, the first byte of a B-tree page.
const (
	indexInterior = 0x02
	tableInterior = 0x05
	indexLeaf     = 0x0a
	tableLeaf     = 0x0d
)

// local returns how many bytes of a payload of p bytes a cell keeps on its page; the
// rest goes to overflow pages. The thresholds are SQLite's, for table leaves and for
// index pages.
func (f *File) local(p int, index bool) int {
	u := f.usable
	x := u - 35
	if index {
		x = (u-12)*64/255 - 23
	}
	if p <= x {
		return p
	}
	m := (u-12)*32/255 - 23
	k := m + (p-m)%(u-4)
	if k <= x {
		return k
	}
	return m
}

// payloadSize returns the bytes a payload of p bytes takes in a cell: its size
// varint, its local part and the overflow page number when it overflows.
func (f *File) payloadSize(p int, index bool) int {
	n := varintLen(uint64(p))
	l := f.local(p, index)
	if l < p {
		return n + l + 4
	}
	return n + l
}

// appendLocal appends the payload's local part and, when it overflows, the number of
// its first overflow page, writing the overflow pages. (The payload's size, which
// comes first in a cell, is the caller's to write.)
func (f *File) appendLocal(dst, payload []byte, index bool) ([]byte, error) {
	l := f.local(len(payload), index)
	dst = append(dst, payload[:l]...)
	if l == len(payload) {
		return dst, nil
	}
	rest := payload[l:]
	first := f.alloc()
	dst = binary.BigEndian.AppendUint32(dst, first)
	page := make([]byte, f.pageSize)
	for pgno := first; len(rest) > 0; {
		n := min(len(rest), f.usable-4)
		var next uint32
		if n < len(rest) {
			next = f.alloc()
		}
		clear(page)
		binary.BigEndian.PutUint32(page, next)
		copy(page[4:], rest[:n])
		if err := f.write(pgno, page); err != nil {
			return nil, err
		}
		rest, pgno = rest[n:], next
	}
	return dst, nil
}

// pageBuilder lays cells out on one page: the header, the cell pointers in key order
// and the cells from the end of the page down.
type pageBuilder struct {
	cells []byte // the cells, one after another
	ends  []int  // where each cell ends in cells
}

func (b *pageBuilder) reset() { b.cells, b.ends = b.cells[:0], b.ends[:0] }

// add closes the cell appended to b.cells since the last one.
func (b *pageBuilder) add() { b.ends = append(b.ends, len(b.cells)) }

// count returns the number of cells.
func (b *pageBuilder) count() int { return len(b.ends) }

// cellCost returns what a cell of n bytes takes of a page: the cell (at least 4
// bytes, SQLite's least) and its pointer.
func cellCost(n int) int { return max(n, 4) + 2 }

// headerSize returns the size of a page header of the type.
func headerSize(typ byte) int {
	if typ == tableInterior || typ == indexInterior {
		return 12
	}
	return 8
}

// render writes the page into page (zeroed first) with right as the right-most child
// of an interior page.
func (b *pageBuilder) render(page []byte, typ byte, right uint32) error {
	clear(page)
	hdr := headerSize(typ)
	top := len(page)
	ptr := hdr
	start := 0
	for _, end := range b.ends {
		cell := b.cells[start:end]
		start = end
		top -= max(len(cell), 4)
		if top < ptr+2 {
			return fmt.Errorf("pagefile: %d cells overflow a page", len(b.ends))
		}
		copy(page[top:], cell)
		binary.BigEndian.PutUint16(page[ptr:], uint16(top))
		ptr += 2
	}
	page[0] = typ
	binary.BigEndian.PutUint16(page[3:], uint16(len(b.ends)))
	binary.BigEndian.PutUint16(page[5:], uint16(top)) // 65536 wraps to 0, as SQLite writes it
	if hdr == 12 {
		binary.BigEndian.PutUint32(page[8:], right)
	}
	return nil
}
