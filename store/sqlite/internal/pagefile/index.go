package pagefile

import "encoding/binary"

// Index builds an index B-tree (an index, or a WITHOUT ROWID table) whose root is at
// page root, an empty index leaf, from n entries: record(i) returns the i-th entry's
// record, the entries in the index's order. record may be called more than once for
// an entry and must return the same bytes each time; Index does not keep them past
// the next call.
//
// Unlike a table's, an index's interior pages hold entries of their own: the entry
// after a full page goes up a level as the divider between that page and the next.
func (f *File) Index(root uint32, n int, record func(i int) []byte) error {
	if err := f.checkEmptyRoot(root, indexLeaf); err != nil {
		return err
	}
	sizes := make([]int32, n)
	for i := range n {
		sizes[i] = int32(f.payloadSize(len(record(i)), true))
	}
	entries := make([]int32, n)
	for i := range entries {
		entries[i] = int32(i)
	}
	pages, dividers := f.partition(entries, sizes, 8)
	pgnos, err := f.writeIndexLevel(root, indexLeaf, pages, nil, record)
	if err != nil || len(pgnos) == 1 {
		return err
	}
	for {
		// The level above: the dividers, each with the page left of it as its child;
		// the right-most page is the right-most child of the level's last page.
		isizes := make([]int32, len(dividers))
		for j, e := range dividers {
			isizes[j] = 4 + sizes[e]
		}
		ipages, idividers := f.partition(dividers, isizes, 12)
		// The children of each interior page: the page left of each of its dividers,
		// then the one right of the last.
		children := make([][]uint32, len(ipages))
		next := 0 // the index, among the level's dividers, of the page's first one
		for p, run := range ipages {
			kids := make([]uint32, 0, len(run)+1)
			for range run {
				kids = append(kids, pgnos[next])
				next++
			}
			kids = append(kids, pgnos[next])
			next++ // the divider after this page went up, and with it this child
			children[p] = kids
		}
		up, err := f.writeIndexLevel(root, indexInterior, ipages, children, record)
		if err != nil || len(up) == 1 {
			return err
		}
		pgnos, dividers = up, idividers
	}
}

// partition packs entries (costs[j] the cell size of entries[j]) into pages of
// a level whose page header is hdr bytes: each page takes entries while they fit, the
// next entry goes up as the divider. When the last divider would leave an empty last
// page, the page before gives its last entry up instead, and that divider becomes the
// last page (a page keeps at least 4 entries, since no cell takes over a quarter of a
// page).
func (f *File) partition(entries []int32, costs []int32, hdr int) (pages [][]int32, dividers []int32) {
	cost := func(j int) int { return cellCost(int(costs[j])) }
	a := 0
	for {
		used, b := hdr, a
		for b < len(entries) && (used+cost(b) <= f.usable || b == a) {
			used += cost(b)
			b++
		}
		pages = append(pages, entries[a:b])
		if b == len(entries) {
			return pages, dividers
		}
		dividers = append(dividers, entries[b])
		a = b + 1
		if a == len(entries) {
			last := len(pages) - 1
			prev := pages[last]
			dividers[len(dividers)-1] = prev[len(prev)-1]
			pages[last] = prev[:len(prev)-1]
			pages = append(pages, entries[b:])
			return pages, dividers
		}
	}
}

// writeIndexLevel writes a level's pages and returns their numbers; a lone page is
// the root. An interior page's cells are its entries, each after the page left of it
// (children[p][k]); the last of children[p] is its right-most child.
func (f *File) writeIndexLevel(root uint32, typ byte, pages [][]int32, children [][]uint32, record func(int) []byte) ([]uint32, error) {
	page := make([]byte, f.pageSize)
	var b pageBuilder
	pgnos := make([]uint32, 0, len(pages))
	for p, run := range pages {
		b.reset()
		for k, e := range run {
			if typ == indexInterior {
				b.cells = binary.BigEndian.AppendUint32(b.cells, children[p][k])
			}
			rec := record(int(e))
			b.cells = appendVarint(b.cells, uint64(len(rec)))
			cells, err := f.appendLocal(b.cells, rec, true)
			if err != nil {
				return nil, err
			}
			b.cells = cells
			b.add()
		}
		var right uint32
		if typ == indexInterior {
			right = children[p][len(run)]
		}
		if err := b.render(page, typ, right); err != nil {
			return nil, err
		}
		pgno := root
		if len(pages) > 1 {
			pgno = f.alloc()
		}
		if err := f.write(pgno, page); err != nil {
			return nil, err
		}
		pgnos = append(pgnos, pgno)
	}
	return pgnos, nil
}
