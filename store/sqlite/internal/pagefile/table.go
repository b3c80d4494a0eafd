package pagefile

import (
	"encoding/binary"
	"fmt"
)

// child is a page of a tree level with the largest rowid under it.
type child struct {
	pgno uint32
	max  int64
}

// TableWriter builds a rowid table's B-tree from rows added in ascending rowid order:
// the leaves as they fill, the interior pages when it is closed.
type TableWriter struct {
	f    *File
	root uint32
	page []byte
	b    pageBuilder
	used int // bytes of the current leaf taken by its header, cells and pointers

	rows    int
	last    int64   // the last rowid added
	leaves  []child // the leaves written
	held    []byte  // the first leaf, kept until a second one shows it is not the root
	heldMax int64
}

// Table starts the B-tree of the table whose root is at page root, which must be an
// empty table leaf.
func (f *File) Table(root uint32) (*TableWriter, error) {
	if err := f.checkEmptyRoot(root, tableLeaf); err != nil {
		return nil, err
	}
	return &TableWriter{f: f, root: root, page: make([]byte, f.pageSize), used: 8}, nil
}

// checkEmptyRoot makes sure page root is an empty leaf of the type.
func (f *File) checkEmptyRoot(root uint32, typ byte) error {
	if root < 2 || root > f.pages {
		return fmt.Errorf("pagefile: root page %d is not in %s", root, f.path)
	}
	if err := f.flush(); err != nil {
		return err
	}
	var h [8]byte
	if _, err := f.f.ReadAt(h[:], int64(root-1)*int64(f.pageSize)); err != nil {
		return fmt.Errorf("pagefile: read page %d of %s: %w", root, f.path, err)
	}
	if h[0] != typ || binary.BigEndian.Uint16(h[3:]) != 0 {
		return fmt.Errorf("pagefile: page %d of %s is not an empty tree", root, f.path)
	}
	return nil
}

// Add appends a row: its rowid, greater than the last one's, and its record.
func (w *TableWriter) Add(rowid int64, record []byte) error {
	if w.rows > 0 && rowid <= w.last {
		return fmt.Errorf("%w: rowid %d after %d", errOrder, rowid, w.last)
	}
	size := varintLen(uint64(rowid)) + w.f.payloadSize(len(record), false)
	if w.used+cellCost(size) > w.f.usable && w.b.count() > 0 {
		if err := w.emit(); err != nil {
			return err
		}
	}
	w.b.cells = appendVarint(w.b.cells, uint64(len(record)))
	w.b.cells = appendVarint(w.b.cells, uint64(rowid))
	cells, err := w.f.appendLocal(w.b.cells, record, false)
	if err != nil {
		return err
	}
	w.b.cells = cells
	w.b.add()
	w.used += cellCost(size)
	w.rows++
	w.last = rowid
	return nil
}

// emit writes the current leaf (or holds it while it is the only one).
func (w *TableWriter) emit() error {
	if err := w.b.render(w.page, tableLeaf, 0); err != nil {
		return err
	}
	w.b.reset()
	w.used = 8
	if w.held == nil && len(w.leaves) == 0 {
		w.held = append([]byte(nil), w.page...)
		w.heldMax = w.last
		return nil
	}
	if w.held != nil {
		pgno := w.f.alloc()
		if err := w.f.write(pgno, w.held); err != nil {
			return err
		}
		w.leaves = append(w.leaves, child{pgno, w.heldMax})
		w.held = nil
	}
	pgno := w.f.alloc()
	if err := w.f.write(pgno, w.page); err != nil {
		return err
	}
	w.leaves = append(w.leaves, child{pgno, w.last})
	return nil
}

// Close writes the last leaf and the interior pages, the top one at the root.
func (w *TableWriter) Close() error {
	if w.b.count() > 0 || (w.held == nil && len(w.leaves) == 0) {
		if err := w.emit(); err != nil {
			return err
		}
	}
	if w.held != nil {
		// One leaf holds every row: it is the root.
		return w.f.write(w.root, w.held)
	}
	return w.f.tableInteriors(w.root, w.leaves)
}

// tableInteriors builds the interior levels above children, the top page at root.
// Every interior page but the last of a level gets as many children as the others,
// so none is left with a right-most child and no cell.
func (f *File) tableInteriors(root uint32, children []child) error {
	page := make([]byte, f.pageSize)
	var b pageBuilder
	// A cell is a child's page number and a varint rowid: at most 13 bytes and a
	// pointer; the right-most child takes no cell.
	most := (f.usable-12)/cellCost(13) + 1
	for {
		pages := (len(children) + most - 1) / most
		var up []child
		for i := range pages {
			lo, hi := i*len(children)/pages, (i+1)*len(children)/pages
			b.reset()
			for _, c := range children[lo : hi-1] {
				b.cells = binary.BigEndian.AppendUint32(b.cells, c.pgno)
				b.cells = appendVarint(b.cells, uint64(c.max))
				b.add()
			}
			if err := b.render(page, tableInterior, children[hi-1].pgno); err != nil {
				return err
			}
			pgno := root
			if pages > 1 {
				pgno = f.alloc()
			}
			if err := f.write(pgno, page); err != nil {
				return err
			}
			up = append(up, child{pgno, children[hi-1].max})
		}
		if pages == 1 {
			return nil
		}
		children = up
	}
}
