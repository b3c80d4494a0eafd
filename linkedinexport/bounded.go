package linkedinexport

import (
	"io"

	"github.com/paceline/paceline"
)

// counter adds up the bytes read from all members of one archive.
type counter struct {
	n, max int64
}

// bounded reads a member and refuses to go on once it passes the member size limit,
// the archive's total, or (for a zip member) the compression ratio limit. A zip
// header's sizes can lie, so the limits are enforced on the bytes actually read.
type bounded struct {
	r          io.Reader
	c          io.Closer
	name       string
	n, max     int64
	total      *counter
	compressed int64 // > 0 for a compressed member: the ratio limit applies
	maxRatio   int64
}

func (b *bounded) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	b.total.n += int64(n)
	switch {
	case b.n > b.max:
		return n, tooBig(b.name, b.n, b.max)
	case b.total.n > b.total.max:
		return n, paceline.Errorf(paceline.EINVALID, "%s: the archive unpacks to more than %s in all; refusing it (a LinkedIn archive is far smaller)", b.name, size(b.total.max))
	case b.compressed > 0 && b.n > ratioFloor && b.n/b.compressed > b.maxRatio:
		return n, bomb(b.name, b.maxRatio)
	}
	return n, err
}

func (b *bounded) Close() error { return b.c.Close() }

func tooBig(name string, n, max int64) error {
	return paceline.Errorf(paceline.EINVALID, "%s unpacks to more than %s (at least %s); refusing it as too big for a LinkedIn archive file", name, size(max), size(n))
}

func bomb(name string, ratio int64) error {
	return paceline.Errorf(paceline.EINVALID, "%s is compressed more than %d to 1, as zip bombs are and real CSV files are not; refusing it", name, ratio)
}

// size formats a byte count for people.
func size(n int64) string {
	const unit = 1024
	switch {
	case n >= unit<<20:
		return fmtFloat(float64(n)/(unit<<20)) + " GiB"
	case n >= unit<<10:
		return fmtFloat(float64(n)/(unit<<10)) + " MiB"
	case n >= unit:
		return fmtFloat(float64(n)/unit) + " KiB"
	}
	return fmtInt(n) + " bytes"
}
