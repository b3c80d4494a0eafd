package lead

import (
	"encoding/binary"
	"hash/maphash"
	"math"

	"github.com/paceline/paceline"
)

// A file often holds the same person twice, field for field: an export run twice, a
// list pasted into another. Such a row changes nothing in the lead its first copy
// became, but proving that costs an exact key lookup and a read of the lead back from
// the store, about 40 µs on the import's critical path. So the import remembers, for
// each lead it inserted, a 64-bit sum of the row (rowSum), and a later row with the
// same sum that the index matches to that lead, while the lead is still as its row
// left it, is counted as a duplicate with no read and no write. Two different rows
// share a sum with probability 2^-64, and only a row the index already matched to the
// lead by the hash of its keys is compared at all.

// rowSum hashes everything of a scored row that an import could write into the lead
// it matches: every field of the lead but the id and the timestamps (which the import
// sets itself), the lists the row names (the import's --list is the same for every
// row), the rules and points of the explanation (not its sentences, which follow from
// them), and the keys in order. It is never 0, which freshSums uses for "no sum".
func rowSum(seed maphash.Seed, l *paceline.Lead, keys []Key) uint64 {
	// One pass of the hash over the row laid out in a buffer is cheaper than a write
	// to the hash per field.
	var arr [512]byte
	b := arr[:0]
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	for _, s := range [...]string{l.FirstName, l.LastName, l.DisplayName, l.ProfileKey,
		l.SalesKey, l.Email, l.Company, l.CompanyKey, l.Title, string(l.Seniority),
		l.Department, l.Location, l.TimeZone, l.Industry} {
		str(s)
	}
	num(uint64(l.EmployeesMin))
	num(uint64(l.EmployeesMax))
	var flags uint64
	if l.OpenProfile {
		flags |= 1
	}
	if l.Premium {
		flags |= 2
	}
	num(flags)
	num(uint64(l.MutualConnections))
	num(uint64(l.Score))
	// A map has no order: add up one hash per entry.
	var custom uint64
	for k, v := range l.Custom {
		custom += maphash.String(seed, k) ^ (maphash.String(seed, v) * 0x9E3779B97F4A7C15)
	}
	num(uint64(len(l.Custom)))
	num(custom)
	num(uint64(len(l.Explanation)))
	for _, c := range l.Explanation {
		str(c.Rule)
		num(math.Float64bits(c.Points))
	}
	num(uint64(len(keys)))
	for _, k := range keys {
		num(uint64(k.Type))
		str(k.Value)
	}
	for _, name := range l.Lists {
		str(name)
	}
	return maphash.Bytes(seed, b) | 1
}

// freshSums holds the rowSum of each lead an import inserted, by id, for as long as
// the lead is as that row left it: 8 bytes a lead, in chunks, so that growing never
// copies (a million leads, 8 MB).
type freshSums struct {
	base   int64 // the highest id stored before the import
	chunks [][]uint64
}

const freshChunk = 1 << 16

// set records the sum of the row that inserted lead id.
func (f *freshSums) set(id int64, sum uint64) {
	i := id - f.base - 1
	if i < 0 {
		return
	}
	for int(i/freshChunk) >= len(f.chunks) {
		f.chunks = append(f.chunks, make([]uint64, freshChunk))
	}
	f.chunks[i/freshChunk][i%freshChunk] = sum
}

// get returns the sum of lead id, 0 when it has none.
func (f *freshSums) get(id int64) uint64 {
	i := id - f.base - 1
	if i < 0 || int(i/freshChunk) >= len(f.chunks) {
		return 0
	}
	return f.chunks[i/freshChunk][i%freshChunk]
}

// forget drops the sum of lead id: the lead is about to change, or be folded.
func (f *freshSums) forget(id int64) {
	if f.get(id) != 0 {
		f.set(id, 0)
	}
}
