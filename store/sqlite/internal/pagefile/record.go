package pagefile

import "encoding/binary"

// Record encodes one row or index entry in SQLite's record format: a header of
// serial types, then the values. Build it with Null, Int and Text in column order and
// take Bytes; Reset starts the next one in the same memory.
type Record struct {
	types []uint64
	body  []byte
	out   []byte
}

// Reset empties the record.
func (r *Record) Reset() {
	r.types, r.body = r.types[:0], r.body[:0]
}

// Null appends a NULL.
func (r *Record) Null() { r.types = append(r.types, 0) }

// Int appends an integer, in as few bytes as it fits (0 and 1 in none, as schema
// format 4 allows).
func (r *Record) Int(v int64) {
	switch {
	case v == 0:
		r.types = append(r.types, 8)
	case v == 1:
		r.types = append(r.types, 9)
	case v >= -128 && v <= 127:
		r.types = append(r.types, 1)
		r.body = append(r.body, byte(v))
	case v >= -32768 && v <= 32767:
		r.types = append(r.types, 2)
		r.body = binary.BigEndian.AppendUint16(r.body, uint16(v))
	case v >= -8388608 && v <= 8388607:
		r.types = append(r.types, 3)
		r.body = append(r.body, byte(v>>16), byte(v>>8), byte(v))
	case v >= -2147483648 && v <= 2147483647:
		r.types = append(r.types, 4)
		r.body = binary.BigEndian.AppendUint32(r.body, uint32(v))
	case v >= -(1<<47) && v < 1<<47:
		r.types = append(r.types, 5)
		r.body = append(r.body, byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	default:
		r.types = append(r.types, 6)
		r.body = binary.BigEndian.AppendUint64(r.body, uint64(v))
	}
}

// Text appends a UTF-8 text.
func (r *Record) Text(s string) {
	r.types = append(r.types, 13+2*uint64(len(s)))
	r.body = append(r.body, s...)
}

// TextBytes appends a UTF-8 text held in a byte slice.
func (r *Record) TextBytes(s []byte) {
	r.types = append(r.types, 13+2*uint64(len(s)))
	r.body = append(r.body, s...)
}

// Bytes returns the encoded record, valid until the next Reset or Bytes.
func (r *Record) Bytes() []byte {
	n := 0
	for _, t := range r.types {
		n += varintLen(t)
	}
	// The header's size counts the size varint itself.
	hdr := n + varintLen(uint64(n+1))
	if varintLen(uint64(hdr)) != varintLen(uint64(n+1)) {
		hdr = n + varintLen(uint64(hdr))
	}
	out := appendVarint(r.out[:0], uint64(hdr))
	for _, t := range r.types {
		out = appendVarint(out, t)
	}
	out = append(out, r.body...)
	r.out = out
	return out
}

// varintLen returns the length of v as a SQLite varint.
func varintLen(v uint64) int {
	n := 1
	for v > 0x7f && n < 9 {
		v >>= 7
		n++
	}
	return n
}

// appendVarint appends v as a SQLite varint: big-endian groups of 7 bits with the
// high bit set on all but the last, the ninth byte (if any) carrying 8 bits.
func appendVarint(dst []byte, v uint64) []byte {
	if v <= 0x7f {
		return append(dst, byte(v))
	}
	if v > 0x00ffffffffffffff {
		// Nine bytes: eight groups of 7 bits, then the low 8 bits whole.
		var b [9]byte
		b[8] = byte(v)
		v >>= 8
		for i := 7; i >= 0; i-- {
			b[i] = byte(v&0x7f) | 0x80
			v >>= 7
		}
		return append(dst, b[:]...)
	}
	var b [9]byte
	i := 8
	b[i] = byte(v & 0x7f)
	v >>= 7
	for v > 0 {
		i--
		b[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	return append(dst, b[i:]...)
}
